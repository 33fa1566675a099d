/** Redis construct: TLS required, KMS at rest, RBAC with an IAM user and a disabled default user, HA, logs. */
import { Redis } from '../constructs/data/redis';
import { dataSchema, type RedisConfig } from '../environments/schema/data';
import { production } from '../environments/production';
import { synthConstruct } from './support/scope';
import { asList, type SynthStack } from './support/synth';

const KEY = 'arn:aws:kms:eu-north-1:111111111111:key/data';
const LOGS_KEY = 'arn:aws:kms:eu-north-1:111111111111:key/logs';
const productionRedis = dataSchema.parse(production.data).redis;

function build(config: Partial<RedisConfig> = {}): SynthStack {
  return synthConstruct((scope) => new Redis(scope, 'cache', {
    namePrefix: 'acme-prod', config: { ...productionRedis, ...config }, vpcId: 'vpc-1', subnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
    clientSecurityGroupId: 'sg-nodes', kmsKeyArn: KEY, logsKmsKeyArn: LOGS_KEY, logRetentionDays: 365,
  }));
}
const ref = (stack: SynthStack, type: string, fragment: string, attr: string) => `\${${stack.one(type, fragment).address}.${attr}}`;

describe('Redis (production config)', () => {
  const stack = build();
  const group = stack.one('aws_elasticache_replication_group').attrs;

  test('primary + 2 replicas across zones with automatic failover', () => {
    expect(group).toMatchObject({ engine: 'redis', engine_version: '7.1', node_type: 'cache.r6g.large', num_cache_clusters: 3, automatic_failover_enabled: true, multi_az_enabled: true });
  });

  test('encrypted at rest with the data key and in transit with TLS required', () => {
    expect(group).toMatchObject({ at_rest_encryption_enabled: 'true', kms_key_id: KEY, transit_encryption_enabled: true, transit_encryption_mode: 'required' });
  });

  test('authentication through an RBAC user group: IAM app user, default user switched off, no password anywhere', () => {
    expect(group.auth_token).toBeUndefined();
    expect(group.user_group_ids).toEqual([ref(stack, 'aws_elasticache_user_group', '', 'user_group_id')]);
    const users = stack.one('aws_elasticache_user_group').attrs.user_ids;
    expect(users).toEqual(['default-user', 'app-user', 'monitoring-user'].map((u) => ref(stack, 'aws_elasticache_user', u, 'user_id')));
    const app = stack.one('aws_elasticache_user', 'app-user').attrs;
    expect(app).toMatchObject({ user_id: 'acme-prod-redis-app', user_name: 'acme-prod-redis-app', engine: 'redis', authentication_mode: { type: 'iam' } });
    expect(app.access_string).toMatch(/^on /);
    const dflt = stack.one('aws_elasticache_user', 'default-user').attrs;
    expect(dflt).toMatchObject({ user_name: 'default', access_string: 'off -@all', authentication_mode: { type: 'no-password-required' } });
    for (const user of stack.resources('aws_elasticache_user')) expect(user.attrs.passwords).toBeUndefined();
    const monitoring = stack.one('aws_elasticache_user', 'monitoring-user').attrs;
    expect(monitoring).toMatchObject({ user_id: 'acme-prod-redis-monitoring', user_name: 'acme-prod-redis-monitoring', authentication_mode: { type: 'iam' } });
    expect(monitoring.access_string).toMatch(/^on -@all /);
    expect(monitoring.access_string).not.toMatch(/~|@write|@all\b(?! )/);
  });

  test('isolated subnets; only the node security group on 6379', () => {
    expect(group.subnet_group_name).toBe(ref(stack, 'aws_elasticache_subnet_group', '', 'name'));
    expect(stack.one('aws_elasticache_subnet_group').attrs.subnet_ids).toEqual(['subnet-a', 'subnet-b', 'subnet-c']);
    expect(group.security_group_ids).toEqual([ref(stack, 'aws_security_group', '', 'id')]);
    const ingress = stack.resources('aws_vpc_security_group_ingress_rule');
    expect(ingress).toHaveLength(1);
    expect(ingress[0].attrs).toMatchObject({ security_group_id: ref(stack, 'aws_security_group', '', 'id'), referenced_security_group_id: 'sg-nodes', from_port: 6379, to_port: 6379, ip_protocol: 'tcp' });
  });

  test('allkeys-lru, snapshots and windows from config, protected from destroy', () => {
    const params = stack.one('aws_elasticache_parameter_group').attrs;
    expect(params).toMatchObject({ family: 'redis7', parameter: [{ name: 'maxmemory-policy', value: 'allkeys-lru' }] });
    expect(group.parameter_group_name).toBe(ref(stack, 'aws_elasticache_parameter_group', '', 'name'));
    expect(group).toMatchObject({ snapshot_retention_limit: 7, snapshot_window: '03:00-05:00', maintenance_window: 'sun:05:00-sun:06:00', lifecycle: { prevent_destroy: true } });
  });

  test('slow log and engine log go to KMS-encrypted log groups', () => {
    const delivery = asList<Record<string, string>>(group.log_delivery_configuration);
    expect(delivery.map((d) => d.log_type).sort()).toEqual(['engine-log', 'slow-log']);
    for (const d of delivery) {
      const logGroup = stack.one('aws_cloudwatch_log_group', d.log_type);
      expect(d).toMatchObject({ destination_type: 'cloudwatch-logs', log_format: 'json', destination: `\${${logGroup.address}.name}` });
      expect(logGroup.attrs).toMatchObject({ kms_key_id: LOGS_KEY, retention_in_days: 365 });
    }
  });
});

test('Valkey by config: engine, parameter family and users follow', () => {
  const stack = build({ engine: 'valkey', engineVersion: '8.0' });
  expect(stack.one('aws_elasticache_replication_group').attrs.engine).toBe('valkey');
  expect(stack.one('aws_elasticache_parameter_group').attrs.family).toBe('valkey8');
  for (const u of [...stack.resources('aws_elasticache_user'), ...stack.resources('aws_elasticache_user_group')]) expect(u.attrs.engine).toBe('valkey');
});

test('a group without replicas has no failover', () => {
  const stack = build({ replicas: 0, multiAz: false });
  expect(stack.one('aws_elasticache_replication_group').attrs).toMatchObject({ num_cache_clusters: 1, automatic_failover_enabled: false, multi_az_enabled: false });
});
