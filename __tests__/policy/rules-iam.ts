/** IAM rules (docs/policy-checks.md: IAM). Policies are JSON strings, possibly holding `${...}` references. */
import { asList, parsePolicy, type Json, type SynthResource } from '../support/synth';
import { resourceRule, type PolicyRule } from './rule';

const POLICY_TYPES = ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy'];

/** Actions AWS cannot scope to a resource, so `Resource: "*"` is the only form (checked against the service authorization reference). */
export const UNSCOPABLE_ACTIONS = new Set([
  'ecr:GetAuthorizationToken', 'sts:GetCallerIdentity',
  'ec2:DescribeInstances', 'ec2:DescribeInstanceTypes', 'ec2:DescribeLaunchTemplateVersions', 'ec2:DescribeImages',
  'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups', 'ec2:DescribeVpcs', 'ec2:DescribeAvailabilityZones',
  'ec2:DescribeNetworkInterfaces', 'ec2:DescribeTags', 'ec2:GetInstanceTypesFromInstanceRequirements',
  'autoscaling:DescribeAutoScalingGroups', 'autoscaling:DescribeAutoScalingInstances', 'autoscaling:DescribeLaunchConfigurations',
  'autoscaling:DescribeScalingActivities', 'autoscaling:DescribeTags',
  'route53:ListHostedZones', 'route53:ListHostedZonesByName', 'logs:DescribeLogGroups',
  'secretsmanager:ListSecrets', 'elasticloadbalancing:Describe*', 'ec2:Describe*', 'acm:ListCertificates',
  'ec2:DescribeAccountAttributes', 'ec2:DescribeAddresses', 'ec2:DescribeInternetGateways', 'ec2:DescribeCoipPools',
  'ec2:GetCoipPoolUsage', 'ec2:DescribeVpcPeeringConnections', 'ec2:DescribeRouteTables', 'ec2:GetSecurityGroupsForVpc',
]);

/** Statements of every identity policy in a resource (inline role policies included). */
function statementsOf(r: SynthResource): Json[] {
  const docs = POLICY_TYPES.includes(r.type) ? [r.attrs.policy] : asList<Json>(r.attrs.inline_policy).map((p) => p.policy);
  return docs.filter(Boolean).flatMap((doc) => asList<Json>(parsePolicy(doc).Statement));
}

const allows = (s: Json) => s.Effect === 'Allow';
const actionsOf = (s: Json) => asList<string>(s.Action);
const IDENTITY_TYPES = [...POLICY_TYPES, 'aws_iam_role'];

const trustStatements = (r: SynthResource) => asList<Json>(parsePolicy(r.attrs.assume_role_policy).Statement);

export const iamRules: PolicyRule[] = [
  resourceRule('CKV_AWS_62', 'no Allow of "*" actions on "*" resources', IDENTITY_TYPES, (r) =>
    statementsOf(r).some((s) => allows(s) && actionsOf(s).includes('*') && asList(s.Resource).includes('*')) ? 'full admin statement' : undefined, 'AVD-AWS-0057'),
  resourceRule('CKV_AWS_63', 'no "*" action', IDENTITY_TYPES, (r) =>
    statementsOf(r).some((s) => allows(s) && actionsOf(s).includes('*')) ? 'Action "*"' : undefined, 'AVD-AWS-0057'),
  resourceRule('CKV2_AWS_40', 'no "iam:*"', IDENTITY_TYPES, (r) =>
    statementsOf(r).some((s) => allows(s) && actionsOf(s).includes('iam:*')) ? 'Action "iam:*"' : undefined),
  resourceRule('CKV_AWS_355', 'Resource "*" only for actions that cannot be scoped', IDENTITY_TYPES, (r) => {
    const bad = statementsOf(r).filter((s) => allows(s) && asList(s.Resource).includes('*'))
      .flatMap(actionsOf).filter((a) => !UNSCOPABLE_ACTIONS.has(a));
    return bad.length > 0 ? `Resource "*" for scopable actions: ${bad.join(', ')}` : undefined;
  }),
  resourceRule('CKV_AWS_60', 'trust policies do not trust every AWS principal', ['aws_iam_role'], (r) =>
    trustStatements(r).some((s) => allows(s) && (s.Principal === '*' || asList((s.Principal ?? {}).AWS).includes('*'))) ? 'trusts AWS "*"' : undefined),
  resourceRule('CKV_AWS_61', 'trust policies do not trust a whole account', ['aws_iam_role'], (r) =>
    trustStatements(r).some((s) => allows(s) && asList<string>((s.Principal ?? {}).AWS).some((p) => /^\d{12}$/.test(p) || p.endsWith(':root'))) ? 'trusts an account root' : undefined),
  resourceRule('CKV_AWS_274', 'AdministratorAccess is never attached', ['aws_iam_role_policy_attachment', 'aws_iam_policy_attachment', 'aws_iam_role'], (r) =>
    JSON.stringify(r.attrs).includes('policy/AdministratorAccess') ? 'AdministratorAccess attached' : undefined),
  resourceRule('CKV2_AWS_56', 'IAMFullAccess is never attached', ['aws_iam_role_policy_attachment', 'aws_iam_policy_attachment', 'aws_iam_role'], (r) =>
    JSON.stringify(r.attrs).includes('policy/IAMFullAccess') ? 'IAMFullAccess attached' : undefined),
  resourceRule('CKV_AWS_40', 'no policies on IAM users', ['aws_iam_user_policy', 'aws_iam_user_policy_attachment'], () => 'policy attached to a user', 'AVD-AWS-0143'),
  resourceRule('IAM_SERVICE_TRUST_SCOPED', 'service-principal trust is pinned to our account (confused deputy)', ['aws_iam_role'], (r) => {
    const unscoped = trustStatements(r).filter((s) => allows(s) && (s.Principal ?? {}).Service && !s.Condition);
    return unscoped.length > 0 ? `trusts ${asList(unscoped[0].Principal.Service).join(', ')} without an aws:SourceAccount/SourceArn condition` : undefined;
  }),
];
