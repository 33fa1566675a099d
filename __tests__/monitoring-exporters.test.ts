/**
 * Exporters and log search: PostgreSQL (RDS, TLS, secret password), Redis (ElastiCache, TLS, IAM token job with
 * its Pod Identity role), DCGM on GPU nodes; the scrape jobs are exactly the ones the alert expressions name;
 * saved Logs Insights queries over the container log group.
 */
import { parse } from 'yaml';
import { PLATFORM_ALERTS } from '../environments/alerts';
import { asList, parsePolicy, platformStack, type Json, type SynthResource, type SynthStack } from './support/synth';

const release = (stack: SynthStack, chart: string): SynthResource => stack.resources('helm_release').find((r) => r.attrs.chart === chart)!;
const valuesOf = (r: SynthResource): Json => parse(r.attrs.values[0]);
/** `job="x"` selectors of the alert table. */
const alertJobs = [...new Set(PLATFORM_ALERTS.flatMap((a) => [...a.expr.matchAll(/job="([^"]+)"/g)].map((m) => m[1])))].sort();

describe.each(['production', 'staging'])('%s', (env) => {
  const workloads = platformStack(`${env}-workloads`);
  const infra = platformStack(env);
  const postgres = valuesOf(release(workloads, 'prometheus-postgres-exporter'));
  const redis = valuesOf(release(workloads, 'prometheus-redis-exporter'));
  const dcgm = valuesOf(release(workloads, 'dcgm-exporter'));

  test('the alerts\' scrape jobs all exist: api-gateway from its ServiceMonitor, postgres and redis from the exporters\' relabelling', () => {
    expect(alertJobs).toEqual(['api-gateway', 'postgres', 'redis']);
    const relabelledJob = (v: Json) => (v.serviceMonitor.relabelings as Json[]).find((r) => r.targetLabel === 'job')?.replacement;
    expect(postgres.serviceMonitor.enabled).toBe(true);
    expect(relabelledJob(postgres)).toBe('postgres');
    expect(redis.serviceMonitor.enabled).toBe(true);
    expect(relabelledJob(redis)).toBe('redis');
    // app-service ServiceMonitors use jobLabel app.kubernetes.io/name = the release name.
    const api = workloads.resources('helm_release').find((r) => r.attrs.name === 'api-gateway')!;
    expect(valuesOf(api).serviceMonitor).toMatchObject({ enabled: true, path: '/metrics' });
  });

  test('PostgreSQL exporter: the RDS instance from the infra stack, TLS required, read-only user, password from Secrets Manager', () => {
    const ds = postgres.config.datasource;
    expect(ds.host).toMatch(/^\$\{data\.terraform_remote_state\.[^}]*aws_db_instance[^}]*address\}$/);
    expect(ds).toMatchObject({ sslmode: 'require', port: '5432', database: 'aifeedback', user: 'prometheus_exporter', passwordSecret: { name: 'postgres-exporter', key: 'password' } });
    expect(ds.password).toBeUndefined();
    const es = (postgres.extraManifests as Json[]).find((m) => m.kind === 'ExternalSecret')!;
    expect(es.metadata.name).toBe('postgres-exporter');
    expect(es.spec.data).toEqual([{ secretKey: 'password', remoteRef: { key: `aifeedback/${env}/POSTGRES_EXPORTER_PASSWORD` } }]);
  });

  test('Redis exporter: TLS to the primary endpoint as the IAM user, password file from the token job\'s Secret', () => {
    expect(redis.redisAddress).toMatch(/^rediss:\/\/\$\{data\.terraform_remote_state\.[^}]*elasticache_replication_group[^}]*primary_endpoint_address\}:6379$/);
    expect(redis.auth).toEqual({ enabled: true, redisPasswordFile: { mountPath: '/auth', secret: { name: 'redis-exporter-auth', key: 'pwd.json' } } });
    expect(redis.auth.redisPassword).toBeUndefined();
    const user = `aifeedback-${env}-redis-monitoring`;
    expect(redis.env).toEqual([{ name: 'REDIS_USER', value: user }]);
    const manifests = redis.extraManifests as Json[];
    const cron = manifests.find((m) => m.kind === 'CronJob')!;
    const pod = cron.spec.jobTemplate.spec.template.spec;
    expect(pod.serviceAccountName).toBe('redis-iam-token');
    const env_ = Object.fromEntries((pod.containers[0].env as Json[]).map((e) => [e.name, e.value]));
    expect(env_).toMatchObject({
      REPLICATION_GROUP_ID: `aifeedback-${env}-redis`, REDIS_USER: user, SECRET_NAME: 'redis-exporter-auth',
      RELOAD_URL: 'http://prometheus-redis-exporter.monitoring.svc:9121/-/reload',
    });
    // redis_exporter looks the password up by the address with the user in it.
    expect(env_.PASSWORD_KEY).toBe(redis.redisAddress.replace('rediss://', `rediss://${user}@`));
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    const role = manifests.find((m) => m.kind === 'Role')!;
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['secrets'], resourceNames: ['redis-exporter-auth'], verbs: ['get', 'patch'] }]);
    const secret = manifests.find((m) => m.kind === 'Secret')!;
    expect(Buffer.from(secret.data['pwd.json'], 'base64').toString()).toBe('{}');
    expect(manifests.find((m) => m.kind === 'ConfigMap')!.data['token.py']).toMatch(/Action=connect&User=/);
  });

  test('the token job\'s Pod Identity role may only connect to this replication group as that user', () => {
    const association = infra.resources('aws_eks_pod_identity_association').find((a) => a.attrs.service_account === 'redis-iam-token')!;
    expect(association.attrs.namespace).toBe('monitoring');
    const roleAddress = /\$\{(aws_iam_role\.[^.]+)\.arn\}/.exec(association.attrs.role_arn)![1];
    const policy = infra.resources('aws_iam_role_policy').find((p) => p.attrs.role === `\${${roleAddress}.id}`)!;
    const statements = asList(parsePolicy(policy.attrs.policy).Statement);
    expect(statements).toEqual([expect.objectContaining({
      Effect: 'Allow', Action: 'elasticache:Connect',
      Resource: [`arn:aws:elasticache:eu-north-1:${infra.json.provider.aws[0].allowed_account_ids[0]}:replicationgroup:aifeedback-${env}-redis`,
        `arn:aws:elasticache:eu-north-1:${infra.json.provider.aws[0].allowed_account_ids[0]}:user:aifeedback-${env}-redis-monitoring`],
    })]);
  });

  test('DCGM exporter only on GPU nodes, tolerating their taint', () => {
    expect(dcgm.nodeSelector).toEqual({ gpu: 'true' });
    expect(dcgm.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(dcgm.serviceMonitor.enabled).toBe(true);
  });

  test('saved Logs Insights queries search the Fluent Bit container log group; one finds the last errors', () => {
    const queries = infra.resources('aws_cloudwatch_query_definition');
    const group = infra.resources('aws_cloudwatch_log_group').find((g) => g.attrs.name === `/aws/eks/aifeedback-${env}/containers`)!;
    expect(queries.map((q) => q.attrs.name).sort()).toEqual(['api-gateway-5xx', 'errors-by-container', 'errors-last-hour', 'pod-restarts-and-oom'].map((n) => `aifeedback-${env}/${n}`));
    for (const q of queries) expect(q.attrs.log_group_names).toEqual([`\${${group.address}.name}`]);
    const errors = queries.find((q) => q.attrs.name.endsWith('/errors-last-hour'))!.attrs.query_string;
    expect(errors).toMatch(/filter log like \/\(\?i\)\(error/);
    expect(errors).toMatch(/sort @timestamp desc/);
  });
});
