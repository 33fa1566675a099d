/**
 * What the AWS and Terraform Cloud APIs accept as the name of each kind of resource this project creates: length,
 * characters and the few extra rules. Validation checks every name an environment's config produces against this
 * table (environments/schema/derived-names.ts); a test checks every name of these Terraform types in the synthesized
 * stacks against it too. Sources and dates: docs/api-rules.md ("Names, identities and uniqueness").
 */

/** One API's naming contract. */
export interface NameRule {
  /** What the names are, plural, for messages ("IAM role names"). */
  readonly resource: string;
  /** `<terraform type>.<attribute>` that carry such names in the synthesized JSON. */
  readonly terraform: readonly string[];
  readonly min: number;
  readonly max: number;
  /** The whole name must match (characters, first and last character). */
  readonly pattern: RegExp;
  /** `pattern` in words, for the message. */
  readonly charset: string;
  /** Further rules: the message of the first one broken, or undefined. */
  readonly extra?: (name: string) => string | undefined;
  /** The API reference page stating the rule. */
  readonly doc: string;
}

/** RDS, ElastiCache: a letter first, no hyphen last, no two hyphens in a row. */
const identifierShape = (name: string) =>
  name.includes('--') ? 'must not contain two consecutive hyphens' : name.endsWith('-') ? 'must not end with a hyphen' : undefined;

const iamChars = { pattern: /^[\w+=,.@-]+$/, charset: 'letters, digits and + = , . @ _ -' };
/** RDS and ElastiCache identifiers and group names: lower case, a letter first, no double or trailing hyphen. */
const lowerIdentifier = { pattern: /^[a-z][a-z0-9-]*$/, charset: 'lower-case letters, digits and "-", a letter first', extra: identifierShape };
/** Elastic Load Balancing names (load balancers, target groups, trust stores): 1-32 characters. */
const elbName = { min: 1, max: 32, pattern: /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, charset: 'letters, digits and "-", not first or last' };

export const NAME_RULES = {
  iamRole: {
    resource: 'IAM role names', terraform: ['aws_iam_role.name'], min: 1, max: 64, ...iamChars,
    doc: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html',
  },
  /** Terraform appends a 26-character unique suffix to a name_prefix, within the role's 64. */
  iamRoleNamePrefix: {
    resource: 'IAM role name_prefixes', terraform: ['aws_iam_role.name_prefix'], min: 1, max: 38, ...iamChars,
    doc: 'https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/iam_role#name_prefix-1',
  },
  iamPolicy: {
    resource: 'IAM policy names', terraform: ['aws_iam_policy.name', 'aws_iam_role_policy.name'], min: 1, max: 128, ...iamChars,
    doc: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html',
  },
  lambdaFunction: {
    resource: 'Lambda function names', terraform: ['aws_lambda_function.function_name'], min: 1, max: 64,
    pattern: /^[A-Za-z0-9_-]+$/, charset: 'letters, digits, "-" and "_"',
    doc: 'https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html',
  },
  loadBalancer: {
    resource: 'load balancer names', terraform: ['aws_lb.name', 'aws_alb.name'], ...elbName,
    extra: (n) => (n.startsWith('internal-') ? 'must not start with "internal-"' : undefined),
    doc: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html',
  },
  // The same length and characters; the "internal-" prefix is reserved for load balancer names only.
  targetGroup: {
    resource: 'target group and trust store names',
    terraform: ['aws_lb_target_group.name', 'aws_alb_target_group.name', 'aws_lb_trust_store.name'], ...elbName,
    doc: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html',
  },
  s3Bucket: {
    resource: 'S3 bucket names', terraform: ['aws_s3_bucket.bucket'], min: 3, max: 63,
    // Dots are legal for S3 but break virtual-host TLS (trivy AVD-AWS-0320): the project allows none.
    pattern: /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, charset: 'lower-case letters, digits and "-" (no dots), a letter or digit first and last',
    extra: (n) => (n.startsWith('xn--') || n.startsWith('sthree-') ? 'must not start with "xn--" or "sthree-"'
      : /-s3alias$|--ol-s3$|--x-s3$/.test(n) ? 'must not end with "-s3alias", "--ol-s3" or "--x-s3"' : undefined),
    doc: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html',
  },
  kmsAlias: {
    resource: 'KMS aliases', terraform: ['aws_kms_alias.name'], min: 7, max: 256,
    pattern: /^alias\/[A-Za-z0-9/_-]+$/, charset: '"alias/" then letters, digits, "/", "_" and "-"',
    extra: (n) => (n.startsWith('alias/aws/') ? 'must not start with "alias/aws/" (reserved for AWS managed keys)' : undefined),
    doc: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html',
  },
  secret: {
    resource: 'Secrets Manager secret names', terraform: ['aws_secretsmanager_secret.name'], min: 1, max: 512,
    pattern: /^[A-Za-z0-9/_+=.@-]+$/, charset: 'letters, digits and / _ + = . @ -',
    // Not an API limit but AWS's advice, kept as a project rule: Secrets Manager matches partial ARNs by a trailing
    // "-" and six characters, so such a name resolves ambiguously for IAM policies and lookups by partial ARN.
    extra: (n) => (/-[A-Za-z0-9]{6}$/.test(n) ? 'must not end with a hyphen and six characters (a project rule after AWS\'s advice: read as the random ARN suffix by partial-ARN lookups)' : undefined),
    doc: 'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html',
  },
  logGroup: {
    resource: 'CloudWatch log group names', terraform: ['aws_cloudwatch_log_group.name'], min: 1, max: 512,
    pattern: /^[A-Za-z0-9._\-/#]+$/, charset: 'letters, digits and . _ - / #',
    doc: 'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html',
  },
  eksCluster: {
    resource: 'EKS cluster names', terraform: ['aws_eks_cluster.name'], min: 1, max: 100,
    pattern: /^[A-Za-z0-9][A-Za-z0-9_-]*$/, charset: 'letters, digits, "-" and "_", a letter or digit first',
    doc: 'https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html',
  },
  eksNodeGroup: {
    resource: 'EKS node group names', terraform: ['aws_eks_node_group.node_group_name'], min: 1, max: 63,
    pattern: /^[A-Za-z0-9][A-Za-z0-9_-]*$/, charset: 'letters, digits, "-" and "_", a letter or digit first',
    doc: 'https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html',
  },
  /** Terraform appends a 26-character unique suffix to a name_prefix, within the template's 128. */
  launchTemplateNamePrefix: {
    resource: 'launch template name_prefixes', terraform: ['aws_launch_template.name_prefix'], min: 1, max: 102,
    pattern: /^[A-Za-z0-9().\-/_]+$/, charset: 'letters, digits and ( ) . - / _',
    doc: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateLaunchTemplate.html',
  },
  rdsIdentifier: {
    resource: 'RDS DB instance and proxy identifiers', terraform: ['aws_db_instance.identifier', 'aws_db_proxy.name'], min: 1, max: 63,
    ...lowerIdentifier,
    doc: 'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html',
  },
  rdsGroup: {
    resource: 'RDS parameter and subnet group names', terraform: ['aws_db_parameter_group.name', 'aws_db_subnet_group.name'], min: 1, max: 255,
    ...lowerIdentifier,
    doc: 'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBParameterGroup.html',
  },
  elasticacheReplicationGroup: {
    resource: 'ElastiCache replication group ids', terraform: ['aws_elasticache_replication_group.replication_group_id'], min: 1, max: 40,
    ...lowerIdentifier,
    doc: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html',
  },
  elasticacheGroup: {
    resource: 'ElastiCache parameter and subnet group names', terraform: ['aws_elasticache_parameter_group.name', 'aws_elasticache_subnet_group.name'], min: 1, max: 255,
    ...lowerIdentifier,
    doc: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateCacheParameterGroup.html',
  },
  snsTopic: {
    resource: 'SNS topic names', terraform: ['aws_sns_topic.name'], min: 1, max: 256,
    pattern: /^[A-Za-z0-9_-]+$/, charset: 'letters, digits, "-" and "_"',
    doc: 'https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html',
  },
  backupVault: {
    resource: 'AWS Backup vault names', terraform: ['aws_backup_vault.name'], min: 2, max: 50,
    pattern: /^[A-Za-z0-9_-]+$/, charset: 'letters, digits, "-" and "_"',
    doc: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupVault.html',
  },
  backupPlanOrSelection: {
    resource: 'AWS Backup plan and selection names', terraform: ['aws_backup_plan.name', 'aws_backup_selection.name'], min: 1, max: 50,
    pattern: /^[A-Za-z0-9_.-]+$/, charset: 'letters, digits and - _ .',
    doc: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html',
  },
  restoreTesting: {
    resource: 'AWS Backup restore testing plan and selection names',
    terraform: ['aws_backup_restore_testing_plan.name', 'aws_backup_restore_testing_selection.name'], min: 1, max: 50,
    pattern: /^[A-Za-z][A-Za-z0-9_]*$/, charset: 'letters, digits and "_", a letter first',
    doc: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateRestoreTestingPlan.html',
  },
  route53KeySigningKey: {
    resource: 'Route 53 key-signing key names', terraform: ['aws_route53_key_signing_key.name'], min: 3, max: 128,
    pattern: /^[A-Za-z0-9_]+$/, charset: 'letters, digits and "_"',
    doc: 'https://docs.aws.amazon.com/Route53/latest/APIReference/API_CreateKeySigningKey.html',
  },
  cloudfrontOriginAccessControl: {
    resource: 'CloudFront origin access control names', terraform: ['aws_cloudfront_origin_access_control.name'], min: 1, max: 64,
    pattern: /^[\x21-\x7e]+$/, charset: 'printable ASCII without spaces',
    doc: 'https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_OriginAccessControlConfig.html',
  },
  securityGroup: {
    resource: 'security group names', terraform: ['aws_security_group.name'], min: 1, max: 255,
    pattern: /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/, charset: 'letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*',
    extra: (n) => (n.toLowerCase().startsWith('sg-') ? 'must not start with "sg-"' : undefined),
    doc: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html',
  },
  metricAlarm: {
    resource: 'CloudWatch alarm names', terraform: ['aws_cloudwatch_metric_alarm.alarm_name'], min: 1, max: 255,
    pattern: /^[\x20-\x7e]+$/, charset: 'printable ASCII',
    doc: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html',
  },
  queryDefinition: {
    resource: 'Logs Insights query definition names', terraform: ['aws_cloudwatch_query_definition.name'], min: 1, max: 255,
    pattern: /^[^*]+$/, charset: 'any characters but "*"',
    doc: 'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutQueryDefinition.html',
  },
  terraformCloudWorkspace: {
    resource: 'Terraform Cloud workspace names', terraform: ['tfe_workspace.name'], min: 1, max: 90,
    pattern: /^[A-Za-z0-9_-]+$/, charset: 'letters, digits, "-" and "_"',
    doc: 'https://developer.hashicorp.com/terraform/cloud-docs/api-docs/workspaces',
  },
  terraformCloudProject: {
    resource: 'Terraform Cloud project names', terraform: ['tfe_project.name'], min: 3, max: 40,
    pattern: /^[A-Za-z0-9 _-]+$/, charset: 'letters, digits, spaces, "-" and "_"',
    doc: 'https://developer.hashicorp.com/terraform/cloud-docs/api-docs/projects',
  },
} as const satisfies Record<string, NameRule>;

export type NameKind = keyof typeof NAME_RULES;

/** The first rule of `kind` that `name` breaks, as a message fragment, or undefined when the API accepts it. */
export function nameProblem(kind: NameKind, name: string): string | undefined {
  const rule: NameRule = NAME_RULES[kind];
  if (name.length > rule.max) return `is ${name.length} characters: ${rule.resource} allow at most ${rule.max}`;
  if (name.length < rule.min) return `is ${name.length} characters: ${rule.resource} need at least ${rule.min}`;
  if (!rule.pattern.test(name)) return `has characters ${rule.resource} do not allow: ${rule.charset} only`;
  const extra = rule.extra?.(name);
  return extra ? `breaks a rule of ${rule.resource}: ${extra}` : undefined;
}

/** The rule of a synthesized `<type>.<attribute>`, if the table has one. */
export function nameKindOf(typeAndAttribute: string): NameKind | undefined {
  return (Object.keys(NAME_RULES) as NameKind[]).find((kind) => (NAME_RULES[kind].terraform as readonly string[]).includes(typeAndAttribute));
}
