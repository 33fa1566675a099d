/** Postgres construct: attributes and references (subnets, security groups, keys, parameter group, proxy). */
import { Testing, TerraformStack } from 'cdktf';
import { Postgres } from '../constructs/data/postgres';
import { dataSchema, type PostgresConfig } from '../environments/schema/data';
import { production } from '../environments/production';
import { synthConstruct } from './support/scope';
import { asList, parsePolicy, type SynthStack } from './support/synth';

const KEY = 'arn:aws:kms:eu-north-1:111111111111:key/data';
const LOGS_KEY = 'arn:aws:kms:eu-north-1:111111111111:key/logs';
const productionPostgres = dataSchema.parse(production.data).postgres;

const APP_CREDENTIALS = 'arn:aws:secretsmanager:eu-north-1:111111111111:secret:acme/production/POSTGRES_APP_CREDENTIALS-AbCdEf';

function build(config: Partial<PostgresConfig> = {}): SynthStack {
  return synthConstruct((scope) => new Postgres(scope, 'pg', {
    namePrefix: 'acme-prod', accountId: '111111111111', region: 'eu-north-1',
    config: { ...productionPostgres, ...config },
    vpcId: 'vpc-1', vpcCidr: '10.0.0.0/16', subnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
    clientSecurityGroupId: 'sg-nodes', kmsKeyArn: KEY, logsKmsKeyArn: LOGS_KEY, logRetentionDays: 365,
    proxyCredentialsSecretArn: APP_CREDENTIALS,
  }));
}
const ref = (stack: SynthStack, type: string, fragment: string, attr: string) => `\${${stack.one(type, fragment).address}.${attr}}`;

describe('Postgres (production config)', () => {
  const stack = build();
  const db = stack.one('aws_db_instance', 'instance').attrs;

  test('engine 16 without extended support, gp3 autoscaling to the configured maximum', () => {
    expect(db).toMatchObject({
      engine: 'postgres', engine_version: '16', engine_lifecycle_support: 'open-source-rds-extended-support-disabled',
      instance_class: 'db.r6g.xlarge', storage_type: 'gp3', allocated_storage: 100, max_allocated_storage: 1000, multi_az: true,
    });
  });

  test('encrypted with the data key; master password managed by RDS in Secrets Manager, never a literal', () => {
    expect(db).toMatchObject({ storage_encrypted: true, kms_key_id: KEY, manage_master_user_password: true, master_user_secret_kms_key_id: KEY });
    expect(db.password).toBeUndefined();
    expect(db.password_wo).toBeUndefined();
  });

  test('private, in the isolated subnet group, behind its own security group', () => {
    expect(db.publicly_accessible).toBe(false);
    expect(db.db_subnet_group_name).toBe(ref(stack, 'aws_db_subnet_group', 'subnets', 'name'));
    expect(stack.one('aws_db_subnet_group').attrs.subnet_ids).toEqual(['subnet-a', 'subnet-b', 'subnet-c']);
    expect(db.vpc_security_group_ids).toEqual([ref(stack, 'aws_security_group', 'pg_sg', 'id')]);
  });

  test('the security group admits only the node security group on 5432 (and the proxy)', () => {
    const rules = stack.referencing(stack.one('aws_security_group', 'pg_sg').address, 'aws_vpc_security_group_ingress_rule')
      .filter((r) => r.attrs.security_group_id === ref(stack, 'aws_security_group', 'pg_sg', 'id'));
    expect(rules.map((r) => r.attrs.referenced_security_group_id).sort()).toEqual([ref(stack, 'aws_security_group', 'proxy_sg', 'id'), 'sg-nodes'].sort());
    for (const r of rules) expect(r.attrs).toMatchObject({ ip_protocol: 'tcp', from_port: 5432, to_port: 5432 });
    expect(rules.every((r) => r.attrs.cidr_ipv4 === undefined)).toBe(true);
  });

  test('parameter group: TLS only, logging, pg_stat_statements at reboot', () => {
    const group = stack.one('aws_db_parameter_group').attrs;
    expect(group.family).toBe('postgres16');
    expect(db.parameter_group_name).toBe(ref(stack, 'aws_db_parameter_group', '', 'name'));
    const params = Object.fromEntries(asList<{ name: string; value: string; apply_method: string }>(group.parameter).map((p) => [p.name, p]));
    expect(params['rds.force_ssl'].value).toBe('1');
    expect(params.log_min_duration_statement.value).toBe('1000');
    expect(params.log_statement.value).toBe('mod');
    for (const p of ['log_connections', 'log_disconnections', 'log_checkpoints']) expect(params[p].value).toBe('1');
    expect(params.shared_preload_libraries).toMatchObject({ value: 'pg_stat_statements', apply_method: 'pending-reboot' });
    expect(params.track_functions.value).toBe('all');
  });

  test('IAM auth, log exports into pre-created encrypted log groups, Performance Insights with KMS', () => {
    expect(db).toMatchObject({
      iam_database_authentication_enabled: true, enabled_cloudwatch_logs_exports: ['postgresql', 'upgrade'],
      performance_insights_enabled: true, performance_insights_kms_key_id: KEY, performance_insights_retention_period: 7,
    });
    const groups = stack.resources('aws_cloudwatch_log_group');
    expect(groups.map((g) => g.attrs.name).sort()).toEqual(['/aws/rds/instance/acme-prod-postgres/postgresql', '/aws/rds/instance/acme-prod-postgres/upgrade']);
    for (const g of groups) expect(g.attrs).toMatchObject({ kms_key_id: LOGS_KEY, retention_in_days: 365 });
    expect(db.depends_on).toEqual(expect.arrayContaining(groups.map((g) => g.address)));
  });

  test('enhanced monitoring every 60 s with its own role', () => {
    expect(db.monitoring_interval).toBe(60);
    expect(db.monitoring_role_arn).toBe(ref(stack, 'aws_iam_role', 'monitoring', 'arn'));
    const trust = parsePolicy(stack.one('aws_iam_role', 'monitoring').attrs.assume_role_policy).Statement[0];
    expect(trust).toMatchObject({ Principal: { Service: 'monitoring.rds.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } } });
    expect(stack.one('aws_iam_role_policy_attachment', 'monitoring').attrs.policy_arn).toBe('arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole');
  });

  test('backups, windows, protection against loss', () => {
    expect(db).toMatchObject({
      backup_retention_period: 7, backup_window: '03:00-04:00', maintenance_window: 'sun:04:00-sun:05:00',
      deletion_protection: true, skip_final_snapshot: false, final_snapshot_identifier: 'acme-prod-postgres-final',
      copy_tags_to_snapshot: true, auto_minor_version_upgrade: true, ca_cert_identifier: 'rds-ca-rsa2048-g1',
      lifecycle: { prevent_destroy: true },
    });
  });

  test('RDS Proxy: TLS and IAM required, logs in as the app role (never the master secret), own SG admitting the nodes', () => {
    const proxy = stack.one('aws_db_proxy').attrs;
    const secretArn = APP_CREDENTIALS;
    expect(JSON.stringify(proxy)).not.toContain('master_user_secret');
    expect(proxy).toMatchObject({ engine_family: 'POSTGRESQL', require_tls: true, vpc_subnet_ids: ['subnet-a', 'subnet-b', 'subnet-c'] });
    expect(asList(proxy.auth)[0]).toMatchObject({ auth_scheme: 'SECRETS', iam_auth: 'REQUIRED', secret_arn: secretArn });
    expect(proxy.vpc_security_group_ids).toEqual([ref(stack, 'aws_security_group', 'proxy_sg', 'id')]);
    const fromNodes = stack.one('aws_vpc_security_group_ingress_rule', 'proxy_from-nodes').attrs;
    expect(fromNodes).toMatchObject({ security_group_id: ref(stack, 'aws_security_group', 'proxy_sg', 'id'), referenced_security_group_id: 'sg-nodes', from_port: 5432 });
    const policy = parsePolicy(stack.one('aws_iam_role_policy', 'proxy').attrs.policy).Statement;
    expect(policy[0]).toMatchObject({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: secretArn });
    expect(policy[1]).toMatchObject({ Action: 'kms:Decrypt', Resource: KEY, Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-north-1.amazonaws.com' } } });
    expect(stack.one('aws_db_proxy_target').attrs.db_instance_identifier).toBe(ref(stack, 'aws_db_instance', 'instance', 'identifier'));
    expect(stack.one('aws_db_proxy_default_target_group').attrs.connection_pool_config).toMatchObject({ max_connections_percent: 90 });
  });
});

describe('Postgres options', () => {
  test('read replicas replicate from the primary with the same protections', () => {
    const stack = build({ readReplicas: 2 });
    const replicas = stack.resources('aws_db_instance').filter((r) => r.name.includes('replica'));
    expect(replicas).toHaveLength(2);
    for (const r of replicas) {
      expect(r.attrs).toMatchObject({
        replicate_source_db: ref(stack, 'aws_db_instance', 'instance', 'identifier'), storage_encrypted: true,
        publicly_accessible: false, iam_database_authentication_enabled: true, performance_insights_enabled: true, deletion_protection: true,
      });
      // A same-region replica always takes its source's storage key (RDS refuses another; after a DR restore the source's
      // key is the backups', not this stack's): naming one would plan a replacement on every run.
      expect(r.attrs.kms_key_id).toBeUndefined();
      expect(stack.one('aws_db_instance', 'instance').attrs.kms_key_id).toBe(KEY);
      expect(r.attrs.backup_retention_period).toBeUndefined();
      // Each replica exports into its own pre-created, encrypted log groups.
      const groups = r.attrs.depends_on.map((address: string) => stack.resources('aws_cloudwatch_log_group').find((g) => g.address === address)!.attrs);
      expect(groups.map((g: { name: string }) => g.name).sort()).toEqual([`/aws/rds/instance/${r.attrs.identifier}/postgresql`, `/aws/rds/instance/${r.attrs.identifier}/upgrade`]);
      for (const g of groups) expect(g.kms_key_id).toBe(LOGS_KEY);
    }
  });

  test('no proxy and no replicas when config says so', () => {
    const stack = build({ proxy: { enabled: false, maxConnectionsPercent: 90, appUser: 'aifeedback_app', credentialsSecret: 'POSTGRES_APP_CREDENTIALS' }, multiAz: false });
    expect(stack.resources('aws_db_proxy', 'aws_security_group').map((r) => r.type)).toEqual(['aws_security_group']);
    expect(stack.one('aws_db_instance').attrs.multi_az).toBe(false);
  });

  test('rejects a storage ceiling below the allocated storage', () => {
    expect(() => new Postgres(new TerraformStack(Testing.app(), 's'), 'pg', {
      namePrefix: 'x-y', accountId: '111111111111', region: 'eu-north-1', config: { ...productionPostgres, maxAllocatedStorageGb: 50 },
      vpcId: 'v', vpcCidr: '10.0.0.0/16', subnetIds: ['a', 'b'], clientSecurityGroupId: 's', kmsKeyArn: KEY, logsKmsKeyArn: LOGS_KEY, logRetentionDays: 365,
    })).toThrow(/maxAllocatedStorageGb \(50\) must be at least allocatedStorageGb \(100\)/);
  });
});
