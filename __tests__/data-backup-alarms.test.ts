/** AWS Backup (tiers, copy region, selections, vault lock), alarms to an encrypted topic, app secrets and buckets. */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DataAlarms } from '../constructs/data/alarms';
import { AppSecrets } from '../constructs/data/app-secrets';
import { DataBackup } from '../constructs/data/backup';
import { DataBuckets } from '../constructs/data/buckets';
import { alarmsSchema, backupSchema, type BackupConfig } from '../environments/schema/data';
import { synthConstruct } from './support/scope';
import { asList, parsePolicy, type Json, type SynthStack } from './support/synth';

const KEY = 'arn:aws:kms:eu-north-1:111111111111:key/data';
const DB_ARN = 'arn:aws:rds:eu-north-1:111111111111:db:acme-prod-postgres';

function backup(config: Partial<BackupConfig> = {}): SynthStack {
  return synthConstruct((scope) => {
    const copyProvider = new AwsProvider(scope, 'copy', { region: 'eu-central-1', alias: 'backup-copy' });
    new DataBackup(scope, 'backup', {
      namePrefix: 'acme-prod', accountId: '111111111111', region: 'eu-north-1', kmsKeyArn: KEY, copyProvider, resourceArns: [DB_ARN],
      config: { ...backupSchema.parse({ copyRegion: 'eu-central-1' }), ...config },
    });
  });
}

describe('DataBackup', () => {
  const stack = backup();
  const rules = asList<Json>(stack.one('aws_backup_plan').attrs.rule);
  const byName = Object.fromEntries(rules.map((r) => [r.rule_name, r]));

  test('vaults: KMS-encrypted, protected; the copy vault and its key live in the second region', () => {
    const vault = stack.one('aws_backup_vault', 'backup_vault').attrs;
    expect(vault).toMatchObject({ kms_key_arn: KEY, force_destroy: false, lifecycle: { prevent_destroy: true } });
    const copy = stack.one('aws_backup_vault', 'copy-vault').attrs;
    const copyKey = stack.one('aws_kms_key');
    expect(copy).toMatchObject({ provider: 'aws.backup-copy', kms_key_arn: `\${${copyKey.address}.arn}`, lifecycle: { prevent_destroy: true } });
    expect(copyKey.attrs).toMatchObject({ provider: 'aws.backup-copy', enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
  });

  test("the platform's backup tiers (docs/platform-facts.md): daily 30 d, weekly 12 w, monthly 12 m, yearly 7 y (cold after 90 d where supported)", () => {
    expect(Object.keys(byName)).toEqual(['daily', 'weekly', 'monthly', 'yearly']);
    expect(byName.daily.lifecycle).toEqual({ delete_after: 30 });
    expect(byName.weekly.lifecycle).toEqual({ delete_after: 84 });
    expect(byName.monthly.lifecycle).toEqual({ delete_after: 365, cold_storage_after: 90, opt_in_to_archive_for_supported_resources: true });
    expect(byName.yearly.lifecycle).toMatchObject({ delete_after: 2557, cold_storage_after: 90 });
    expect(byName.daily.schedule).toBe('cron(0 22 * * ? *)');
    for (const rule of rules) expect(rule.target_vault_name).toBe(`\${${stack.one('aws_backup_vault', 'backup_vault').address}.name}`);
  });

  test('every tier is copied to the second-region vault with the same retention', () => {
    const copyVaultArn = `\${${stack.one('aws_backup_vault', 'copy-vault').address}.arn}`;
    for (const rule of rules) expect(asList(rule.copy_action)).toEqual([{ destination_vault_arn: copyVaultArn, lifecycle: rule.lifecycle }]);
  });

  test('selections: the database by ARN and volumes tagged Backup=true, with the backup role', () => {
    const role = stack.one('aws_iam_role');
    const db = stack.one('aws_backup_selection', 'database').attrs;
    expect(db).toMatchObject({ resources: [DB_ARN], iam_role_arn: `\${${role.address}.arn}`, plan_id: `\${${stack.one('aws_backup_plan').address}.id}` });
    const volumes = stack.one('aws_backup_selection', 'tagged-volumes').attrs;
    expect(volumes.resources).toEqual(['arn:aws:ec2:eu-north-1:111111111111:volume/*']);
    expect(asList<Json>(volumes.condition)[0].string_equals).toEqual([{ key: 'aws:ResourceTag/Backup', value: 'true' }]);
    expect(parsePolicy(role.attrs.assume_role_policy).Statement[0].Principal).toEqual({ Service: 'backup.amazonaws.com' });
    expect(stack.resources('aws_iam_role_policy_attachment').map((a) => a.attrs.policy_arn).sort()).toEqual([
      'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup',
      'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores',
    ]);
  });

  test('no vault lock by default; compliance mode has a grace period, governance none', () => {
    expect(stack.resources('aws_backup_vault_lock_configuration')).toHaveLength(0);
    const compliance = backup({ vaultLock: { mode: 'compliance', changeableForDays: 3, minRetentionDays: 7, maxRetentionDays: 2557 } });
    expect(compliance.one('aws_backup_vault_lock_configuration').attrs).toMatchObject({ changeable_for_days: 3, min_retention_days: 7, max_retention_days: 2557 });
    const governance = backup({ vaultLock: { mode: 'governance', changeableForDays: 3, minRetentionDays: 7, maxRetentionDays: 2557 } });
    expect(governance.one('aws_backup_vault_lock_configuration').attrs.changeable_for_days).toBeUndefined();
  });
});

describe('DataAlarms', () => {
  const stack = synthConstruct((scope) => new DataAlarms(scope, 'alarms', {
    namePrefix: 'acme-prod', accountId: '111111111111', region: 'eu-north-1', config: alarmsSchema.parse({}), kmsKeyArn: KEY,
    dbInstanceIdentifier: 'acme-prod-postgres', replicaIdentifiers: ['acme-prod-postgres-replica-1'], cacheNodeIds: ['c-001', 'c-002'],
  }));
  const alarms = stack.resources('aws_cloudwatch_metric_alarm').map((a) => a.attrs);
  const topicArn = `\${${stack.one('aws_sns_topic').address}.arn}`;

  test('database CPU, free storage, connections, replica lag; cache memory, evictions, CPU per node', () => {
    const pairs = alarms.map((a) => `${a.metric_name}:${Object.values(a.dimensions)[0]}`).sort();
    expect(pairs).toEqual([
      'CPUUtilization:acme-prod-postgres', 'DatabaseConnections:acme-prod-postgres',
      'DatabaseMemoryUsagePercentage:c-001', 'DatabaseMemoryUsagePercentage:c-002',
      'EngineCPUUtilization:c-001', 'EngineCPUUtilization:c-002', 'Evictions:c-001', 'Evictions:c-002',
      'FreeStorageSpace:acme-prod-postgres', 'ReplicaLag:acme-prod-postgres-replica-1',
    ]);
    expect(alarms.find((a) => a.metric_name === 'FreeStorageSpace')).toMatchObject({ comparison_operator: 'LessThanThreshold', threshold: 20 * 1024 ** 3 });
  });

  test('every alarm notifies the KMS-encrypted topic, which admits only this account\'s CloudWatch alarms', () => {
    for (const a of alarms) expect(a).toMatchObject({ alarm_actions: [topicArn], ok_actions: [topicArn] });
    expect(stack.one('aws_sns_topic').attrs.kms_master_key_id).toBe(KEY);
    const statement = parsePolicy(stack.one('aws_sns_topic_policy').attrs.policy).Statement[0];
    expect(statement).toMatchObject({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } } });
  });

  test('no replica-lag alarm without replicas', () => {
    const plain = synthConstruct((scope) => new DataAlarms(scope, 'alarms', {
      namePrefix: 'x-y', accountId: '111111111111', region: 'eu-north-1', config: alarmsSchema.parse({}), kmsKeyArn: KEY, dbInstanceIdentifier: 'db', cacheNodeIds: ['c-001'],
    }));
    expect(plain.resources('aws_cloudwatch_metric_alarm').some((a) => a.attrs.metric_name === 'ReplicaLag')).toBe(false);
  });
});

describe('AppSecrets and DataBuckets', () => {
  const stack = synthConstruct((scope) => {
    new AppSecrets(scope, 'secrets', { pathPrefix: 'acme/prod', names: ['JWT_SECRET', 'OPENAI_API_KEY'], kmsKeyArn: KEY });
    new DataBuckets(scope, 'buckets', { namePrefix: 'acme-prod', accountId: '111111111111', kmsKeyArn: KEY });
  });

  test('one holder per secret: data key, 30-day recovery, no value', () => {
    const secrets = stack.resources('aws_secretsmanager_secret').map((s) => s.attrs);
    expect(secrets.map((s) => s.name)).toEqual(['acme/prod/JWT_SECRET', 'acme/prod/OPENAI_API_KEY']);
    for (const s of secrets) expect(s).toMatchObject({ kms_key_id: KEY, recovery_window_in_days: 30 });
    expect(stack.resources('aws_secretsmanager_secret_version')).toHaveLength(0);
  });

  test('assets and backups: SSE-KMS with the data key, access-logged into the access-log bucket', () => {
    const logs = stack.one('aws_s3_bucket', 'access-logs');
    for (const name of ['assets', 'backups']) {
      const bucket = stack.one('aws_s3_bucket', `buckets_${name}`);
      expect(bucket.attrs).toMatchObject({ bucket: `acme-prod-${name}`, lifecycle: { prevent_destroy: true } });
      const sse = stack.referencing(bucket.address, 'aws_s3_bucket_server_side_encryption_configuration')[0].attrs;
      expect(asList<Json>(sse.rule)[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'aws:kms', kms_master_key_id: KEY });
      expect(stack.referencing(bucket.address, 'aws_s3_bucket_logging')[0].attrs.target_bucket).toBe(`\${${logs.address}.bucket}`);
    }
    const delivery = parsePolicy(stack.referencing(logs.address, 'aws_s3_bucket_policy')[0].attrs.policy).Statement.find((s: Json) => s.Sid === 'S3ServerAccessLogDelivery');
    expect(delivery.Condition.ArnLike['aws:SourceArn']).toEqual(['arn:aws:s3:::acme-prod-assets', 'arn:aws:s3:::acme-prod-backups']);
    expect(logs.attrs.bucket).toBe('acme-prod-access-logs');
  });
});
