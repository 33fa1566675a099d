/**
 * Every AWS and Terraform Cloud name an environment's config produces, with the config field that drives it, so that
 * validation can refuse a config whose names the APIs would reject at apply (name-limits.ts). The templates follow
 * the constructs; __tests__/api-names-synth.test.ts fails when a synthesized name of a listed kind is missing here.
 */
import { githubRoleName, terraformCloudProject, terraformCloudRoleName } from './pipeline';
import { NAME_RULES, nameProblem, type NameKind } from './name-limits';
import { REDIS_TOKEN_IDENTITY, WORKLOAD_IDENTITIES } from './workload-identities';
import { usesPodIdentity } from './workloads';
import type { EnvironmentConfig } from './environment';
import type { IssuePath, IssueReporter } from './issues';

/** One name of one resource, and the field a person shortens to fix it. */
export interface DerivedName {
  readonly kind: NameKind;
  readonly name: string;
  /** The config field the name comes from: `project` for the `<project>-<name>` prefix, else the element's own field. */
  readonly field: IssuePath;
  /** The resource, for the message. */
  readonly what: string;
}

/** The names of the environment's stacks that get a Terraform Cloud workspace (stacks/*.ts). */
const workspaceStacks = (env: EnvironmentConfig) => [env.name, `${env.name}-workloads`, `${env.name}-gpu`, ...(env.pipeline ? [`pipeline-${env.name}`] : [])];

/** Every name the stacks of `env` give resources of the kinds in NAME_RULES that config can change. */
export function derivedNames(env: EnvironmentConfig): DerivedName[] {
  const out: DerivedName[] = [];
  const prefix = `${env.project}-${env.name}`;
  const add = (kind: NameKind, name: string, what: string, field: IssuePath = ['project']) => out.push({ kind, name, what, field });
  const prefixed = (kind: NameKind, suffixes: readonly string[], what: string) => suffixes.forEach((s) => add(kind, `${prefix}-${s}`, what));

  // Cluster and its identities (constructs/eks).
  add('eksCluster', prefix, 'the EKS cluster');
  prefixed('iamRole', ['cluster', 'node', 'vpc-flow-logs', 'backup', 'postgres-monitoring'], 'a platform role');
  for (const { namespace, serviceAccount } of Object.values(WORKLOAD_IDENTITIES)) add('iamRole', `${prefix}-${serviceAccount}`, `the Pod Identity role of ${namespace}/${serviceAccount}`);
  add('iamRole', `${prefix}-app-${REDIS_TOKEN_IDENTITY.serviceAccount}`, 'the Redis token job\'s Pod Identity role');
  for (const [service, svc] of Object.entries(env.workloads.services)) {
    if (usesPodIdentity(svc)) add('iamRole', `${prefix}-app-${service}`, `the Pod Identity role of service "${service}"`, ['workloads', 'services', service]);
  }
  for (const group of Object.keys(env.eks.nodeGroups)) {
    add('eksNodeGroup', group, 'the node group', ['eks', 'nodeGroups', group]);
    add('launchTemplateNamePrefix', `${prefix}-${group}-`, 'the node group\'s launch template', ['eks', 'nodeGroups', group]);
  }
  add('kmsAlias', `alias/${prefix}-eks`, 'the cluster key');
  for (const kind of ['cluster', 'containers']) add('logGroup', `/aws/eks/${prefix}/${kind}`, 'a cluster log group');

  // Network, edge and logs.
  add('logGroup', `/aws/vpc/${prefix}/flow-logs`, 'the flow log group');
  add('logGroup', `/aws/route53/${env.edge.originZone}`, 'the query log group', ['edge', 'originZone']);
  for (const key of ['logs', 'route53-query-logs', 'dnssec-ksk']) add('kmsAlias', `alias/${prefix}-${key}`, 'a platform key');
  add('route53KeySigningKey', `${prefix}_ksk`.replace(/[^A-Za-z0-9_]/g, '_'), 'the DNSSEC key-signing key');
  if (env.assetsCdn) add('cloudfrontOriginAccessControl', `${prefix}-assets`, 'the assets origin access control');
  add('targetGroup', `${prefix}-aop`, 'the origin-pull trust store');
  if (env.edge.healthChecks.length > 0) {
    add('snsTopic', `${prefix}-health-check-alarms`, 'the health check alarm topic');
    add('kmsAlias', `alias/${prefix}-health-check-alarms`, 'the health check alarm key');
  }

  // Data layer (constructs/data).
  const postgres = `${prefix}-postgres`;
  add('rdsIdentifier', postgres, 'the database');
  for (let i = 1; i <= env.data.postgres.readReplicas; i++) add('rdsIdentifier', `${postgres}-replica-${i}`, 'a read replica');
  if (env.data.postgres.proxy.enabled) {
    add('rdsIdentifier', `${postgres}-proxy`, 'the RDS Proxy');
    add('iamRole', `${postgres}-proxy`, 'the RDS Proxy role');
  }
  for (const id of [postgres, ...Array.from({ length: env.data.postgres.readReplicas }, (_, i) => `${postgres}-replica-${i + 1}`)]) {
    for (const type of ['postgresql', 'upgrade']) add('logGroup', `/aws/rds/instance/${id}/${type}`, 'a database log group');
  }
  const redis = `${prefix}-redis`;
  add('elasticacheReplicationGroup', redis, 'the Redis replication group');
  for (const type of ['engine-log', 'slow-log']) add('logGroup', `/aws/elasticache/${redis}/${type}`, 'a Redis log group');
  add('kmsAlias', `alias/${prefix}-data`, 'the data key');
  prefixed('s3Bucket', ['assets', 'backups', 'access-logs'], 'a data bucket');
  env.data.secrets.forEach((secret, i) => add('secret', `${env.project}/${env.name}/${secret}`, `secret ${secret}`, ['data', 'secrets', i]));
  add('backupVault', prefix, 'the backup vault');
  add('backupVault', `${prefix}-copy`, 'the backup copy vault');
  add('kmsAlias', `alias/${prefix}-backup-copy`, 'the backup copy key');
  add('backupPlanOrSelection', prefix, 'the backup plan');
  prefixed('backupPlanOrSelection', ['database', 'tagged-volumes'], 'a backup selection');
  if (env.alarmNotifications.subscribers.length > 0) add('snsTopic', `${prefix}-data-alarms`, 'the alarm topic');

  // Disaster recovery (constructs/dr).
  if (env.dr) {
    add('kmsAlias', `alias/${prefix}-dr`, 'the DR key');
    if (env.dr.buckets.replicate) {
      add('iamRole', `${prefix}-s3-replication`, 'the replication role');
      for (const source of ['assets', 'backups']) add('s3Bucket', `${prefix}-${source}-${env.dr.region}`, `the DR replica of ${source}`);
      add('s3Bucket', `${prefix}-dr-access-logs`, 'the DR access log bucket');
    }
    if (env.dr.restoreTesting.enabled) {
      const underscored = prefix.replace(/-/g, '_');
      add('restoreTesting', `${underscored}_restore_test`, 'the restore testing plan');
      add('restoreTesting', `${underscored}_database`, 'the restore testing selection');
    }
  }

  // State (stacks/bootstrap-stack.ts) and pipeline roles (stacks/pipeline-stack.ts).
  if (env.state.backend === 's3') {
    add('s3Bucket', env.state.bucket, 'the state bucket', ['state', 'bucket']);
    add('s3Bucket', `${env.state.bucket}-access-logs`, 'the state bucket\'s access log bucket', ['state', 'bucket']);
    add('kmsAlias', `alias/${env.state.bucket}`, 'the state key', ['state', 'bucket']);
    add('iamRole', env.state.roleArn.split('/').pop() ?? '', 'the backend role', ['state', 'roleArn']);
  }
  if (env.pipeline) {
    for (const kind of ['plan', 'deploy'] as const) {
      add('iamRole', githubRoleName(prefix, kind), `the GitHub ${kind} role`);
      add('iamPolicy', `${githubRoleName(prefix, kind)}-scoped`, `the GitHub ${kind} role's policy`);
    }
  }
  if (env.state.backend === 'cloud') {
    for (const kind of ['plan', 'apply'] as const) {
      add('iamRole', terraformCloudRoleName(prefix, kind), `the Terraform Cloud ${kind} role`);
      add('iamPolicy', `${terraformCloudRoleName(prefix, kind)}-scoped`, `the Terraform Cloud ${kind} role's policy`);
    }
    // The plan guard run task (stacks/terraform-cloud-stack.ts).
    const runTask = `${prefix}-plan-guard`;
    add('lambdaFunction', runTask, 'the plan guard run task');
    add('iamRole', runTask, 'the plan guard run task\'s role');
    add('secret', `${runTask}-hmac`, 'the run task\'s HMAC key');
    add('logGroup', `/aws/lambda/${runTask}`, 'the run task\'s log group');
    add('kmsAlias', `alias/${runTask}`, 'the run task\'s key');
    if (!env.state.project) add('terraformCloudProject', terraformCloudProject(env), 'the Terraform Cloud project');
    for (const stack of workspaceStacks(env)) add('terraformCloudWorkspace', `${env.state.workspacePrefix}-${stack}`, `the workspace of ${stack}`, ['state', 'workspacePrefix']);
  }
  return out;
}

/**
 * Reports every derived name an API would refuse, once per field and kind of resource (the longest name), with what
 * the field drives: one mistake, one line per limit it breaks.
 */
export function checkDerivedNames(env: EnvironmentConfig, report: IssueReporter): void {
  const worst = new Map<string, { entry: DerivedName; problem: string }>();
  const names = derivedNames(env);
  // A field whose own value is refused is reported by its own rule: its derived names would only repeat it.
  const refusedFields = new Set(names.filter((n) => n.name === valueAt(env, n.field) && nameProblem(n.kind, n.name)).map((n) => n.field.join('.')));
  for (const entry of names) {
    const problem = nameProblem(entry.kind, entry.name);
    if (!problem || refusedFields.has(entry.field.join('.'))) continue;
    // Characters come from the field, whose own format rule names them; only lengths and shapes are new here.
    if (problem.startsWith('has characters') && !/^[a-z0-9-]+$/.test(valueAt(env, entry.field) ?? '')) continue;
    const key = `${entry.field.join('.')} ${entry.kind}`;
    const before = worst.get(key);
    if (!before || entry.name.length > before.entry.name.length) worst.set(key, { entry, problem });
  }
  for (const { entry, problem } of worst.values()) {
    const source = entry.field[0] === 'project' ? ` (from \`<project>-<name>\` = "${env.project}-${env.name}": shorten project or name)` : '';
    report(entry.field, `makes the name of ${entry.what} "${entry.name}", which ${problem}${source} (${NAME_RULES[entry.kind].doc})`);
  }
}

/** The config value at `path` when it is a string (a record key such as a service name counts as its own value). */
function valueAt(env: EnvironmentConfig, path: IssuePath): string | undefined {
  let value: unknown = env;
  for (const part of path) value = (value as Record<string | number, unknown> | undefined)?.[part];
  return typeof value === 'string' ? value : typeof path[path.length - 1] === 'string' && value !== undefined ? String(path[path.length - 1]) : undefined;
}
