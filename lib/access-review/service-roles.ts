/**
 * Service and workload roles against what their service does: each role is found by how the stacks use it (the
 * service a resource hands it to, the service account a Pod Identity association binds), and must be allowed the
 * calls that service makes on the actual resources, KMS keys included, with their key and bucket policies. The same
 * calls on another environment's resources (its account, or its names in the same account) must be denied.
 */
import { pinnedManagedPolicies } from './managed-policies';
import type { ModelRole } from './roles';
import { evaluate, type AccessRequest, type Decision, type NamedPolicy } from './simulate';
import { asList as list, type EnvironmentModel, type Json, type ModelResource } from './stack-model';
import type { RoleUsage } from './trust';

export interface ExpectedCall {
  readonly action: string;
  readonly resource: string;
  readonly why: string;
  readonly context?: Readonly<Record<string, string | string[]>>;
  readonly resourcePolicy?: NamedPolicy;
  /** The resource's region (the call's `aws:RequestedRegion`). */
  readonly region: string;
}

export interface ServiceRoleFinding {
  readonly role: string;
  readonly call: ExpectedCall;
  readonly decision: Decision;
  readonly expected: 'allow' | 'deny';
}


/** Lookups over the model that the call builders share. */
class Calls {
  constructor(readonly m: EnvironmentModel) {}
  value = (r: ModelResource, v: unknown) => String(this.m.resolve(v, r.stack));
  byArn = (arn: string, type?: string) => this.m.resources().find((x) => (type === undefined || x.type === type) && (this.m.arn(x) === arn || this.m.identifier(x) === arn));
  ofType = (type: string) => this.m.resources().filter((x) => x.type === type);
  keyPolicy(keyArn: string): NamedPolicy | undefined {
    const key = this.byArn(keyArn);
    return key?.type === 'aws_kms_key' ? { name: `${key.address} key policy`, policy: this.m.policy(key.attrs.policy, key.stack) } : undefined;
  }
  bucketPolicy(bucket: ModelResource): NamedPolicy | undefined {
    const policy = this.m.resources(bucket.stack).find((p) => p.type === 'aws_s3_bucket_policy' && this.value(p, p.attrs.bucket) === this.m.identifier(bucket));
    return policy ? { name: policy.address, policy: this.m.policy(policy.attrs.policy, policy.stack) } : undefined;
  }
  /** A KMS call through a service (`kms:ViaService`), evaluated against the key's policy. */
  kms(action: string, keyArn: string, via: string, region: string, why: string): ExpectedCall {
    return { action, resource: keyArn, why, region, context: { 'kms:ViaService': `${via}.${region}.amazonaws.com`, 'kms:CallerAccount': this.m.facts.accountId }, resourcePolicy: this.keyPolicy(keyArn) };
  }
  /** The SSE-KMS key of a bucket the stacks manage. */
  bucketKey(bucket: ModelResource): string | undefined {
    const sse = this.ofType('aws_s3_bucket_server_side_encryption_configuration').find((c) => this.value(c, c.attrs.bucket) === this.m.identifier(bucket));
    const rule = list<Json>(sse?.attrs.rule)[0];
    const key = rule ? list<Json>(rule.apply_server_side_encryption_by_default)[0]?.kms_master_key_id : undefined;
    return key && sse ? this.value(sse, key) : undefined;
  }
}

type ServiceBuilder = (c: Calls, users: readonly ModelResource[]) => ExpectedCall[];

/** What each AWS service does with the role handed to it, on the resources of the stacks that hand it over. */
const SERVICE_CALLS: Readonly<Record<string, ServiceBuilder>> = {
  'vpc-flow-logs.amazonaws.com': (c, users) => users.filter((u) => u.type === 'aws_flow_log').flatMap((u) => {
    const group = c.value(u, u.attrs.log_destination);
    return [
      // The service authorization reference authorizes CreateLogStream on the stream's ARN.
      { action: 'logs:CreateLogStream', resource: `${group}:log-stream:eni-0123456789abcdef0-all`, why: 'flow logs open a stream per interface', region: u.region },
      { action: 'logs:PutLogEvents', resource: `${group}:log-stream:eni-0123456789abcdef0-all`, why: 'flow logs deliver records', region: u.region },
    ];
  }),
  'rds.amazonaws.com': (c, users) => users.filter((u) => u.type === 'aws_db_proxy').flatMap((u) => list<Json>(u.attrs.auth).flatMap((auth) => {
    const secretArn = c.value(u, auth.secret_arn);
    const secret = c.byArn(secretArn, 'aws_secretsmanager_secret');
    const key = secret ? c.value(secret, secret.attrs.kms_key_id) : undefined;
    return [
      { action: 'secretsmanager:GetSecretValue', resource: secretArn, why: 'the proxy reads the database credentials', region: u.region },
      ...(key ? [c.kms('kms:Decrypt', key, 'secretsmanager', u.region, 'the proxy decrypts the credentials through Secrets Manager')] : []),
    ];
  })),
  's3.amazonaws.com': (c, users) => users.filter((u) => u.type === 'aws_s3_bucket_replication_configuration').flatMap((u) => {
    const source = c.byArn(c.value(u, u.attrs.bucket), 'aws_s3_bucket');
    if (!source) return [];
    const sourceArn = c.m.arn(source);
    const sourceKey = c.bucketKey(source);
    const policy = c.bucketPolicy(source);
    return [
      { action: 's3:GetReplicationConfiguration', resource: sourceArn, why: 'replication reads its configuration', region: source.region, resourcePolicy: policy },
      { action: 's3:ListBucket', resource: sourceArn, why: 'replication lists the source', region: source.region, resourcePolicy: policy },
      { action: 's3:GetObjectVersionForReplication', resource: `${sourceArn}/assets/app.js`, why: 'replication reads each new version', region: source.region, resourcePolicy: policy },
      ...(sourceKey ? [c.kms('kms:Decrypt', sourceKey, 's3', source.region, 'replication decrypts source objects')] : []),
      ...list<Json>(u.attrs.rule).flatMap((rule) => {
        const destination = list<Json>(rule.destination)[0];
        const target = c.byArn(c.value(u, destination.bucket), 'aws_s3_bucket');
        const replicaKey = list<Json>(destination.encryption_configuration)[0]?.replica_kms_key_id;
        if (!target) return [];
        return [
          { action: 's3:ReplicateObject', resource: `${c.m.arn(target)}/assets/app.js`, why: 'replication writes the copy', region: target.region, resourcePolicy: c.bucketPolicy(target) },
          ...(replicaKey ? [c.kms('kms:Encrypt', c.value(u, replicaKey), 's3', target.region, 'replication encrypts the copy with the replica key')] : []),
        ];
      }),
    ];
  }),
  'backup.amazonaws.com': (c, users) => users.filter((u) => u.type === 'aws_backup_selection').flatMap((u) => list<string>(u.attrs.resources).flatMap((raw) => {
    const arn = c.value(u, raw);
    const db = c.byArn(arn, 'aws_db_instance');
    if (db) return [{ action: 'rds:CreateDBSnapshot', resource: arn, why: 'AWS Backup snapshots the database', region: db.region }];
    return arn.includes(':volume/') ? [{ action: 'ec2:CreateSnapshot', resource: arn.replace('volume/*', 'volume/vol-0123456789abcdef0'), why: 'AWS Backup snapshots tagged volumes', region: u.region }] : [];
  })),
  // Control-plane interfaces are EKS's service-linked role's job; the cluster role serves the control plane's own calls.
  'eks.amazonaws.com': (_c, users) => users.filter((u) => u.type === 'aws_eks_cluster').map((u) => ({
    action: 'ec2:DescribeInstances', resource: '*', why: 'the control plane reads the nodes behind the cluster', region: u.region,
  })),
  'ec2.amazonaws.com': (c, users) => users.filter((u) => u.type === 'aws_eks_node_group').flatMap((u) => {
    const cluster = c.ofType('aws_eks_cluster').find((cl) => c.m.identifier(cl) === c.value(u, u.attrs.cluster_name));
    return cluster ? [
      { action: 'eks-auth:AssumeRoleForPodIdentity', resource: c.m.arn(cluster), why: 'the Pod Identity agent on each node fetches pod credentials', region: cluster.region },
      { action: 'ecr:GetAuthorizationToken', resource: '*', why: 'the kubelet pulls add-on images from ECR', region: cluster.region },
    ] : [];
  }),
  'monitoring.rds.amazonaws.com': (c, users) => users.filter((u) => u.type === 'aws_db_instance').map((u) => ({
    action: 'logs:PutLogEvents', resource: `arn:${c.m.partition}:logs:${u.region}:${c.m.facts.accountId}:log-group:RDSOSMetrics:log-stream:db-ABCDEFGHIJ`, why: 'Enhanced Monitoring writes OS metrics', region: u.region,
  })),
};

/** What each workload does with its Pod Identity role, by service account. */
const POD_CALLS: Readonly<Record<string, (c: Calls) => ExpectedCall[]>> = {
  'external-secrets': (c) => c.ofType('aws_secretsmanager_secret').flatMap((s) => [
    { action: 'secretsmanager:GetSecretValue', resource: c.m.arn(s), why: `External Secrets syncs ${c.m.identifier(s)}`, region: s.region },
    ...(s.attrs.kms_key_id ? [c.kms('kms:Decrypt', c.value(s, s.attrs.kms_key_id), 'secretsmanager', s.region, 'decrypts it through Secrets Manager')] : []),
  ]),
  'external-dns': (c) => c.ofType('aws_route53_zone').filter((z) => !z.attrs.vpc).map((z) => ({ action: 'route53:ChangeResourceRecordSets', resource: c.m.arn(z), why: 'external-dns writes origin records', region: 'us-east-1' })),
  'fluent-bit': (c) => c.ofType('aws_cloudwatch_log_group').filter((g) => /containers/.test(c.m.identifier(g))).map((g) => ({
    action: 'logs:PutLogEvents', resource: `${c.m.arn(g)}:log-stream:node-1.app`, why: 'Fluent Bit ships container logs', region: g.region,
  })),
  'cluster-autoscaler': (c) => c.ofType('aws_eks_cluster').map((cl) => ({
    action: 'autoscaling:SetDesiredCapacity', resource: `arn:${c.m.partition}:autoscaling:${cl.region}:${c.m.facts.accountId}:autoScalingGroup:00000000-0000-0000-0000-000000000000:autoScalingGroupName/eks-general-1`,
    why: 'the autoscaler resizes this cluster’s node groups', region: cl.region, context: { 'aws:ResourceTag/eks:cluster-name': c.m.identifier(cl) },
  })),
  'ebs-csi-controller-sa': (c) => c.ofType('aws_eks_cluster').flatMap((cl): ExpectedCall[] => {
    const key = list<Json>(cl.attrs.encryption_config)[0]?.provider?.key_arn ?? list<Json>(list<Json>(cl.attrs.encryption_config)[0]?.provider)[0]?.key_arn;
    return [
      { action: 'ec2:CreateVolume', resource: `arn:${c.m.partition}:ec2:${cl.region}:${c.m.facts.accountId}:volume/*`, why: 'the EBS CSI driver creates volumes', region: cl.region, context: { 'aws:RequestTag/ebs.csi.aws.com/cluster': 'true' } },
      ...(key ? [{ action: 'kms:CreateGrant', resource: c.value(cl, key), why: 'EBS encrypts the volume with the cluster key', region: cl.region, context: { 'kms:GrantIsForAWSResource': 'true' }, resourcePolicy: c.keyPolicy(c.value(cl, key)) }] : []),
    ];
  }),
  'aws-load-balancer-controller': (c) => c.ofType('aws_eks_cluster').flatMap((cl): ExpectedCall[] => {
    const vpc = c.ofType('aws_vpc').find((v) => v.stack === cl.stack);
    const arn = (r: string) => `arn:${c.m.partition}:elasticloadbalancing:${cl.region}:${c.m.facts.accountId}:${r}`;
    return [
      { action: 'elasticloadbalancing:CreateLoadBalancer', resource: arn('loadbalancer/app/k8s-apps-ingress/0123456789abcdef'), why: 'the controller creates the ingress ALB, tagged with its cluster', region: cl.region,
        context: { 'aws:TagKeys': ['elbv2.k8s.aws/cluster', 'ingress.k8s.aws/stack'], 'aws:RequestTag/elbv2.k8s.aws/cluster': c.m.identifier(cl) } },
      { action: 'elasticloadbalancing:RegisterTargets', resource: arn('targetgroup/k8s-apps-api/0123456789abcdef'), why: 'the controller registers pod IPs', region: cl.region },
      ...(vpc ? [{ action: 'ec2:AuthorizeSecurityGroupIngress', resource: `arn:${c.m.partition}:ec2:${cl.region}:${c.m.facts.accountId}:security-group/sg-0123456789abcdef0`, why: 'the controller opens its ALB security group', region: cl.region,
        context: { 'ec2:Vpc': c.m.arn(vpc) } }] : []),
      ...c.ofType('aws_acm_certificate').filter((cert) => cert.region === cl.region).map((cert) => ({ action: 'acm:DescribeCertificate', resource: c.m.arn(cert), why: 'the controller reads the origin certificate', region: cl.region })),
    ];
  }),
  'aws-node': (c) => c.ofType('aws_eks_cluster').map((cl) => ({ action: 'ec2:AssignPrivateIpAddresses', resource: `arn:${c.m.partition}:ec2:${cl.region}:${c.m.facts.accountId}:network-interface/eni-0123456789abcdef0`, why: 'the VPC CNI gives pods addresses', region: cl.region })),
};

/**
 * An application's role has no fixed service behind it: what it may call is what its own statements name. Those calls
 * must be allowed, and each named resource must be in this environment's account (a region of its stacks, or global).
 */
function namedCalls(role: ModelRole, regions: ReadonlySet<string>, accountId: string): ExpectedCall[] {
  return role.identity.identityPolicies.flatMap((p) => [p.policy.Statement ?? []].flat()).filter((st: Json) => st.Effect === 'Allow')
    .flatMap((st: Json) => [st.Action].flat().flatMap((action: string) => [st.Resource].flat().filter((r: string) => !r.includes('*')).map((resource: string) => {
      const [, , , region, account] = resource.split(':');
      const inEnvironment = account === accountId && (region === '' || regions.has(region));
      return { action, resource, region: region || 'us-east-1', why: inEnvironment ? 'named by the role’s own policy' : `named by the role's own policy, OUTSIDE this environment (${account}/${region})` };
    })));
}

/** Every call the role's service or workload makes, or undefined when nothing says what the role is for. */
export function expectedCalls(m: EnvironmentModel, role: ModelRole, usage: RoleUsage, users: readonly ModelResource[]): ExpectedCall[] | undefined {
  const c = new Calls(m);
  const builders = [...usage.services].map((s) => SERVICE_CALLS[s]).filter(Boolean);
  const pods = usage.pods.map((p) => POD_CALLS[p.serviceAccount]);
  if (builders.length === 0 && pods.length === 0) return undefined;
  const regions = new Set(m.resources().map((r) => r.region));
  return [...builders.flatMap((b) => b(c, users)), ...pods.flatMap((b) => (b ? b(c) : namedCalls(role, regions, m.facts.accountId)))];
}

/** Services whose resources can carry a policy that admits another account's principals. */
const RESOURCE_POLICY_SERVICES = new Set(['s3', 'kms', 'secretsmanager', 'sns', 'sqs', 'backup', 'ecr']);

/** The same call on another environment: its account, or this account with the other environment's names. */
export function foreignCalls(call: ExpectedCall, m: EnvironmentModel, here: string, other: { name: string; accountId: string }): ExpectedCall[] {
  const renamed = call.resource.split(here).join(other.name);
  const foreign: ExpectedCall[] = [{ ...call, resource: call.resource.split(`:${m.facts.accountId}:`).join(`:${other.accountId}:`), why: `${call.why}, in ${other.name}'s account` }];
  if (renamed !== call.resource) foreign.push({ ...call, resource: renamed, resourcePolicy: undefined, why: `${call.why}, on ${other.name}'s resource` });
  return foreign.filter((f) => f.resource !== call.resource);
}

export async function serviceRoleFindings(role: ModelRole, calls: readonly ExpectedCall[], foreign: readonly ExpectedCall[], accountId: string): Promise<ServiceRoleFinding[]> {
  const findings: ServiceRoleFinding[] = [];
  const managedNames = new Set([...pinnedManagedPolicies().values()].map((p) => p.name));
  const request = (call: ExpectedCall): AccessRequest => ({
    action: call.action, resource: call.resource, resourceAccount: call.resource.split(':')[4] || accountId,
    context: { 'aws:RequestedRegion': call.region, ...call.context }, resourcePolicy: call.resourcePolicy,
  });
  for (const call of calls) {
    const decision = await evaluate(role.identity, request(call));
    const outside = call.why.includes('OUTSIDE');
    if (!decision.allowed || outside) findings.push({ role: role.name, call, decision: outside ? { ...decision, allowed: false, reason: call.why } : decision, expected: 'allow' });
  }
  // The project's own statements (AWS managed service policies are `*` by design and bounded by the account).
  const own = { ...role.identity, identityPolicies: role.identity.identityPolicies.filter((p) => !managedNames.has(p.name)) };
  for (const call of foreign) {
    const account = call.resource.split(':')[4];
    const elsewhere = Boolean(account) && account !== accountId;
    // Another account's resource that trusted this role outright: only the role's own policy can then refuse it.
    // Resources without resource policies are out of reach across accounts anyway.
    const open: NamedPolicy = { name: 'a resource policy trusting the role', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: role.arn }, Action: call.action, Resource: '*' }] } };
    const trusting = elsewhere && RESOURCE_POLICY_SERVICES.has(call.action.split(':')[0]);
    const decision = await evaluate(elsewhere ? role.identity : own, request(trusting ? { ...call, resourcePolicy: open } : { ...call, resourcePolicy: undefined }));
    if (decision.allowed) findings.push({ role: role.name, call, decision, expected: 'deny' });
  }
  return findings;
}

export const describeServiceRoleFinding = (f: ServiceRoleFinding) =>
  `${f.role}: ${f.call.action} on ${f.call.resource} (${f.call.why}): expected ${f.expected}, ${f.decision.allowed ? `allowed by ${f.decision.statements.join(', ')}` : f.decision.reason}`;
