/** The data layer inside the real environment stacks: keys, references, protections, outputs, and no secret literals. */
import { platformStack, platformStacks, parsePolicy, type Json, type SynthStack } from './support/synth';

const production = platformStack('production');
const staging = platformStack('staging');
const ref = (stack: SynthStack, type: string, fragment: string, attr: string) => `\${${stack.one(type, fragment).address}.${attr}}`;

describe('data key', () => {
  const keyArn = ref(production, 'aws_kms_key', 'data_key', 'arn');

  test('encrypts the database, Performance Insights, master secret, cache, app secrets, buckets, vault and topic', () => {
    expect(production.one('aws_db_instance').attrs).toMatchObject({ kms_key_id: keyArn, performance_insights_kms_key_id: keyArn, master_user_secret_kms_key_id: keyArn });
    expect(production.one('aws_elasticache_replication_group').attrs.kms_key_id).toBe(keyArn);
    for (const s of production.resources('aws_secretsmanager_secret')) expect(s.attrs.kms_key_id).toBe(keyArn);
    expect(production.one('aws_backup_vault', 'backup_vault').attrs.kms_key_arn).toBe(keyArn);
    expect(production.one('aws_sns_topic', 'data_alarms').attrs.kms_master_key_id).toBe(keyArn);
    for (const name of ['assets', 'backups']) {
      const bucket = production.one('aws_s3_bucket', `data_buckets_${name}_`);
      const sse = production.referencing(bucket.address, 'aws_s3_bucket_server_side_encryption_configuration')[0];
      expect(JSON.stringify(sse.attrs.rule)).toContain(keyArn);
    }
  });

  test('its policy lets CloudWatch alarms encrypt notifications and CloudFront (assets CDN) decrypt, of this account, and nothing else outside IAM', () => {
    const statements = parsePolicy(production.one('aws_kms_key', 'data_key').attrs.policy).Statement;
    expect(statements.map((s: Json) => s.Principal)).toEqual([{ AWS: 'arn:aws:iam::111111111111:root' }, { Service: 'cloudwatch.amazonaws.com' }, { Service: 'cloudfront.amazonaws.com' }]);
    expect(statements[2]).toEqual(expect.objectContaining({
      Action: ['kms:Decrypt'],
      Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' }, ArnLike: { 'aws:SourceArn': 'arn:aws:cloudfront::111111111111:distribution/*' } },
    }));
    expect(statements[1]).toMatchObject({
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' }, ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-north-1:111111111111:alarm:*' } },
    });
  });
});

test('database, proxy and cache sit in the isolated subnets and admit only the EKS node security group', () => {
  const nodeSg = production.resources('aws_security_group').find((sg) => sg.attrs.name === 'aifeedback-production-eks-nodes')!;
  const isolated = production.resources('aws_subnet').filter((s) => s.name.includes('isolated')).map((s) => `\${${s.address}.id}`);
  expect(isolated).toHaveLength(3);
  expect(production.one('aws_db_subnet_group').attrs.subnet_ids).toEqual(isolated);
  expect(production.one('aws_elasticache_subnet_group').attrs.subnet_ids).toEqual(isolated);
  expect(production.one('aws_db_proxy').attrs.vpc_subnet_ids).toEqual(isolated);
  const dataIngress = production.resources('aws_vpc_security_group_ingress_rule').filter((r) => r.name.startsWith('data_'));
  for (const rule of dataIngress) {
    expect(rule.attrs.cidr_ipv4).toBeUndefined();
    expect([`\${${nodeSg.address}.id}`, ref(production, 'aws_security_group', 'data_postgres_proxy_sg', 'id')]).toContain(rule.attrs.referenced_security_group_id);
  }
  expect(dataIngress.filter((r) => r.attrs.referenced_security_group_id === `\${${nodeSg.address}.id}`).map((r) => r.attrs.from_port).sort()).toEqual([5432, 5432, 6379]);
});

test('AWS Backup selects the database by ARN and copies to the eu-central-1 provider', () => {
  expect(production.one('aws_backup_selection', 'database').attrs.resources).toEqual([ref(production, 'aws_db_instance', '', 'arn')]);
  const providers = [].concat(production.json.provider.aws) as Json[];
  expect(providers.find((p) => p.alias === 'backup-copy')).toMatchObject({ region: 'eu-central-1', allowed_account_ids: ['111111111111'] });
  expect(production.one('aws_backup_vault', 'copy-vault').attrs.provider).toBe('aws.backup-copy');
});

test('prevent_destroy on the database, cache, buckets, vaults and keys', () => {
  const protectedTypes = ['aws_db_instance', 'aws_elasticache_replication_group', 'aws_s3_bucket', 'aws_backup_vault', 'aws_kms_key'];
  for (const stack of [production, staging]) {
    const data = stack.resources(...protectedTypes).filter((r) => r.name.startsWith('data_'));
    expect(data.length).toBeGreaterThanOrEqual(9);
    for (const r of data) expect([r.address, r.attrs.lifecycle?.prevent_destroy]).toEqual([r.address, true]);
  }
});

test('staging is the same shape, smaller: single-AZ database, primary + 1 replica cache, no proxy', () => {
  expect(staging.one('aws_db_instance').attrs).toMatchObject({ multi_az: false, instance_class: 'db.t4g.medium', deletion_protection: true });
  expect(staging.one('aws_elasticache_replication_group').attrs).toMatchObject({ num_cache_clusters: 2, automatic_failover_enabled: true, multi_az_enabled: true });
  expect(staging.resources('aws_db_proxy')).toHaveLength(0);
});

describe('outputs for the workloads stack', () => {
  const outputs = production.json.output as Json;

  test('endpoints, ports and ARNs reference resources; the master secret only by ARN', () => {
    expect(outputs.postgres_endpoint.value).toBe(ref(production, 'aws_db_instance', '', 'address'));
    expect(outputs.postgres_port.value).toBe(5432);
    expect(outputs.postgres_master_secret_arn.value).toBe(`\${${production.one('aws_db_instance').address}.master_user_secret[0].secret_arn}`);
    expect(outputs.postgres_proxy_endpoint.value).toBe(ref(production, 'aws_db_proxy', '', 'endpoint'));
    expect(outputs.redis_primary_endpoint.value).toBe(ref(production, 'aws_elasticache_replication_group', '', 'primary_endpoint_address'));
    expect(outputs.redis_port.value).toBe(6379);
    expect(outputs.redis_user_id.value).toBe('aifeedback-production-redis-app');
  });

  test('one secret name per configured app secret; REDIS_PASSWORD is not created (IAM auth)', () => {
    const names = outputs.app_secret_names.value as Record<string, string>;
    expect(Object.keys(names).sort()).toEqual(['ALERTMANAGER_PAGERDUTY_ROUTING_KEY', 'ALERTMANAGER_SLACK_WEBHOOK_URL', 'DATABASE_URL', 'ENCRYPTION_KEY',
      'GRAFANA_ADMIN_PASSWORD', 'JWT_SECRET', 'OPENAI_API_KEY', 'POSTGRES_APP_CREDENTIALS', 'POSTGRES_EXPORTER_PASSWORD', 'QR_ENCRYPTION_KEY', 'SENDGRID_API_KEY',
      'SENTRY_DSN', 'SESSION_SECRET', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET']);
    expect(names.JWT_SECRET).toBe(`\${${production.one('aws_secretsmanager_secret', 'JWT_SECRET').address}.name}`);
    expect(production.one('aws_secretsmanager_secret', 'JWT_SECRET').attrs).toMatchObject({ name: 'aifeedback/production/JWT_SECRET', recovery_window_in_days: 30 });
  });
});

/** Attribute names that hold secret values when set. */
const SECRET_KEY = /(^|_)(password|passwords|password_wo|auth_token|secret_string|secret_string_wo|secret_binary|token|private_key|api_key|client_secret)$/;

/** Every literal secret-looking value in a stack's JSON (a `${...}` reference is fine: it resolves in Terraform). */
function secretLiterals(json: Json): string[] {
  const found: string[] = [];
  const isLiteral = (v: unknown) => typeof v === 'string' && !v.startsWith('${');
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${path}[${i}]`));
    if (value === null || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value as Json)) {
      const here = `${path}.${key}`;
      if (SECRET_KEY.test(key) && [v].flat().some(isLiteral)) found.push(here);
      else walk(v, here);
    }
  };
  walk(json.resource, 'resource');
  walk(json.output, 'output');
  walk(json.provider, 'provider');
  for (const [type, byName] of Object.entries((json.resource ?? {}) as Json)) {
    // A version puts its value in state, unless it is write-only (secret_string_wo, from an input: checked above).
    const stateBound = Object.values(byName as Json).some((v) => (v as Json).secret_string !== undefined || (v as Json).secret_binary !== undefined);
    if (type === 'aws_secretsmanager_secret_version' && stateBound) found.push(`resource.${type}`);
    if (type === 'kubernetes_secret' || type === 'kubernetes_secret_v1') {
      for (const [name, attrs] of Object.entries(byName as Json)) {
        for (const field of ['data', 'binary_data']) {
          for (const [k, v] of Object.entries(((attrs as Json)[field] ?? {}) as Json)) if (isLiteral(v)) found.push(`resource.${type}.${name}.${field}.${k}`);
        }
      }
    }
    if (type === 'aws_ssm_parameter') {
      for (const [name, attrs] of Object.entries(byName as Json)) if ((attrs as Json).type === 'SecureString' && isLiteral((attrs as Json).value)) found.push(`resource.${type}.${name}.value`);
    }
  }
  return found;
}

describe('no secret value is a literal in any synthesized stack', () => {
  test.each(platformStacks().map((s) => [s.name, s] as const))('%s', (_name, stack) => {
    expect(secretLiterals(stack.json)).toEqual([]);
  });

  test('the scan catches literals (it is not vacuous)', () => {
    const bad = {
      resource: {
        aws_db_instance: { a: { password: 'hunter2', manage_master_user_password: true } },
        aws_elasticache_user: { u: { passwords: ['${var.x}', 'literal-password-123456'] } },
        aws_elasticache_replication_group: { r: { auth_token: 'abcdefghijklmnop' } },
        aws_secretsmanager_secret_version: { v: { secret_string: '${random_password.p.result}' } },
        kubernetes_secret_v1: { k: { data: { KEY: 'value' } } },
      },
      output: { o: { value: { token: 'abc' } } },
    };
    expect(secretLiterals(bad).sort()).toEqual([
      'output.o.value.token', 'resource.aws_db_instance.a.password', 'resource.aws_elasticache_replication_group.r.auth_token',
      'resource.aws_elasticache_user.u.passwords', 'resource.aws_secretsmanager_secret_version', 'resource.kubernetes_secret_v1.k.data.KEY',
    ]);
    expect(secretLiterals({ resource: { aws_launch_template: { l: { metadata_options: { http_tokens: 'required' } } } } })).toEqual([]);
  });
});

describe('app access to the data stores (Pod Identity, no passwords)', () => {
  const roleStatements = (stackName: string, service: string) => {
    const stack = platformStack(stackName);
    const role = stack.resources('aws_iam_role').find((r) => r.attrs.name === `aifeedback-${stackName}-app-${service}`)!;
    return stack.resources('aws_iam_role_policy').filter((p) => p.attrs.role === `\${${role.address}.id}`).flatMap((p) => parsePolicy(p.attrs.policy).Statement);
  };

  test('api-gateway may connect to the database only as the app role, through the proxy in production', () => {
    const connect = roleStatements('production', 'api-gateway').find((s: { Sid: string }) => s.Sid === 'ConnectToDatabaseAsAppRole');
    expect(connect.Action).toBe('rds-db:connect');
    expect(connect.Resource).toMatch(/^arn:aws:rds-db:eu-north-1:111111111111:dbuser:\$\{local\.([\w-]+)\}\/aifeedback_app$/);
    const local = /\$\{local\.([\w-]+)\}/.exec(connect.Resource)![1];
    expect(platformStack('production').json.locals[local]).toMatch(/^\$\{element\(split\(":", aws_db_proxy\.[\w-]+\.arn\), 6\)\}$/);
  });

  test('without a proxy (staging) it connects to the instance by its resource id', () => {
    const connect = roleStatements('staging', 'api-gateway').find((s: { Sid: string }) => s.Sid === 'ConnectToDatabaseAsAppRole');
    expect(connect.Resource).toMatch(/^arn:aws:rds-db:eu-north-1:222222222222:dbuser:\$\{aws_db_instance\.[\w-]+\.resource_id\}\/aifeedback_app$/);
  });

  test('services that touch neither store get no role', () => {
    expect(platformStack('production').resources('aws_iam_role').some((r) => r.attrs.name === 'aifeedback-production-app-customer-pwa')).toBe(false);
  });
});
