/** DR protections in production's synthesized Terraform, and the constructs' own refusals. */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { BucketReplication, RTC_MINUTES } from '../constructs/dr/bucket-replication';
import { SecureBucket } from '../constructs/secure-bucket';
import { synthConstruct } from './support/scope';
import { asList, parsePolicy, platformStack, type Json, type SynthStack } from './support/synth';

const ref = (address: string, attr: string) => `\${${address}.${attr}}`;

describe('production', () => {
  const stack = platformStack('production');
  const drKey = stack.resources('aws_kms_key').find((k) => k.attrs.provider === 'aws.dr');
  const topic = stack.one('aws_sns_topic', 'data_alarms');
  const postgres = stack.one('aws_db_instance', 'postgres_instance');

  test('one DR key, in eu-central-1, rotated and protected', () => {
    expect(stack.json.provider.aws).toContainEqual(expect.objectContaining({ alias: 'dr', region: 'eu-central-1' }));
    expect(drKey?.attrs).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
  });

  test('RDS automated backups replicate to the DR region under the DR key, protected from destroy', () => {
    expect(stack.one('aws_db_instance_automated_backups_replication').attrs).toMatchObject({
      provider: 'aws.dr', source_db_instance_arn: ref(postgres.address, 'arn'), kms_key_id: ref(drKey!.address, 'arn'), retention_period: 7, lifecycle: { prevent_destroy: true },
    });
    expect(stack.json.output.dr_replicated_backups_arn.value).toMatch(/aws_db_instance_automated_backups_replication\.[^.]+\.id/);
  });

  test('every application secret has a replica in the DR region under the DR key', () => {
    const secrets = stack.resources('aws_secretsmanager_secret');
    expect(secrets.length).toBeGreaterThan(10);
    for (const s of secrets) expect(asList(s.attrs.replica)).toEqual([{ region: 'eu-central-1', kms_key_id: ref(drKey!.address, 'arn') }]);
  });

  test.each(['assets', 'backups'])('the %s bucket replicates with SSE-KMS in the DR region, RTC 15 min and metrics', (short) => {
    const config = stack.one('aws_s3_bucket_replication_configuration', `${short}-replication`).attrs;
    const source = stack.one('aws_s3_bucket', `data_buckets_${short}_bucket`);
    const replica = stack.one('aws_s3_bucket', `${short}-replica_bucket`);
    expect(replica.attrs).toMatchObject({ provider: 'aws.dr', bucket: `aifeedback-production-${short}-eu-central-1`, lifecycle: { prevent_destroy: true } });
    expect(config.bucket).toBe(ref(source.address, 'id'));
    expect(config.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`aws_s3_bucket_versioning\\.data_buckets_${short}_versioning`)), expect.stringMatching(/replica_versioning/)]));
    const [rule] = asList<Json>(config.rule);
    expect(rule).toMatchObject({
      status: 'Enabled',
      delete_marker_replication: { status: 'Enabled' },
      source_selection_criteria: { sse_kms_encrypted_objects: { status: 'Enabled' } },
      destination: {
        bucket: ref(replica.address, 'arn'),
        encryption_configuration: { replica_kms_key_id: ref(drKey!.address, 'arn') },
        replication_time: { status: 'Enabled', time: { minutes: RTC_MINUTES } },
        metrics: { status: 'Enabled', event_threshold: { minutes: RTC_MINUTES } },
      },
    });
    const encryption = stack.resources('aws_s3_bucket_server_side_encryption_configuration').find((e) => e.attrs.bucket === ref(replica.address, 'id'));
    expect(asList<Json>(encryption?.attrs.rule)[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'aws:kms', kms_master_key_id: ref(drKey!.address, 'arn') });
    const versioning = stack.resources('aws_s3_bucket_versioning').find((v) => v.attrs.bucket === ref(replica.address, 'id'));
    expect(versioning?.attrs.versioning_configuration).toEqual({ status: 'Enabled' });
    expect(stack.resources('aws_s3_bucket_logging').some((l) => l.attrs.bucket === ref(replica.address, 'id') && l.attrs.provider === 'aws.dr')).toBe(true);
  });

  test('the replication role reads only the sources and writes only the replicas; keys only through S3', () => {
    const policy = parsePolicy(stack.one('aws_iam_role_policy', 'dr_buckets').attrs.policy);
    for (const statement of policy.Statement) expect(JSON.stringify(statement.Resource)).not.toMatch(/"\*"|^"\*"$/);
    const bySid = Object.fromEntries(policy.Statement.map((s: Json) => [s.Sid, s]));
    expect(bySid.WriteReplicas.Resource.every((r: string) => /replica_bucket_[A-F0-9]+\.arn\}\/\*$/.test(r))).toBe(true);
    expect(bySid.DecryptSources.Condition).toEqual({ StringEquals: { 'kms:ViaService': 's3.eu-north-1.amazonaws.com' } });
    expect(bySid.EncryptReplicas.Condition).toEqual({ StringEquals: { 'kms:ViaService': 's3.eu-central-1.amazonaws.com' } });
  });

  test('alarms on failed replication, replication beyond 15 minutes and failed restores go to the data alarm topic', () => {
    const alarms = stack.resources('aws_cloudwatch_metric_alarm').filter((a) => /replication|restore-test/.test(a.attrs.alarm_name));
    const byName = Object.fromEntries(alarms.map((a) => [a.attrs.alarm_name, a.attrs]));
    expect(Object.keys(byName).sort()).toEqual([
      'aifeedback-production-assets-replication-failed', 'aifeedback-production-assets-replication-latency',
      'aifeedback-production-backups-replication-failed', 'aifeedback-production-backups-replication-latency',
      'aifeedback-production-restore-test-failed',
    ]);
    expect(byName['aifeedback-production-assets-replication-latency']).toMatchObject({ namespace: 'AWS/S3', metric_name: 'ReplicationLatency', threshold: 900 });
    expect(byName['aifeedback-production-restore-test-failed']).toMatchObject({ namespace: 'AWS/Backup', metric_name: 'NumberOfRestoreJobsFailed', threshold: 0, comparison_operator: 'GreaterThanThreshold' });
    for (const alarm of alarms) expect(alarm.attrs.alarm_actions).toEqual([ref(topic.address, 'arn')]);
  });

  test('restore testing restores the latest database recovery point into its own subnets and security group, weekly', () => {
    const plan = stack.one('aws_backup_restore_testing_plan');
    expect(plan.attrs).toMatchObject({ schedule_expression: 'cron(0 5 ? * TUE *)', name: 'aifeedback_production_restore_test' });
    expect(asList<Json>(plan.attrs.recovery_point_selection)[0]).toMatchObject({
      algorithm: 'LATEST_WITHIN_WINDOW', include_vaults: [ref(stack.one('aws_backup_vault', 'backup_vault').address, 'arn')], recovery_point_types: ['SNAPSHOT'],
    });
    expect(stack.one('aws_backup_restore_testing_selection').attrs).toMatchObject({
      restore_testing_plan_name: ref(plan.address, 'name'),
      protected_resource_type: 'RDS',
      protected_resource_arns: [ref(postgres.address, 'arn')],
      iam_role_arn: ref(stack.one('aws_iam_role', 'backup_role').address, 'arn'),
      validation_window_hours: 4,
      restore_metadata_overrides: { dbsubnetgroupname: ref(postgres.address, 'db_subnet_group_name'), vpcsecuritygroupids: expect.stringContaining('aws_security_group.data_postgres_sg') },
    });
  });

  test('the AWS Backup cross-region copies are kept', () => {
    const copyVault = stack.one('aws_backup_vault', 'copy-vault');
    for (const rule of asList<Json>(stack.one('aws_backup_plan').attrs.rule)) expect(asList<Json>(rule.copy_action)[0].destination_vault_arn).toBe(ref(copyVault.address, 'arn'));
  });
});

test('staging has no DR resources (no dr section)', () => {
  const staging = platformStack('staging');
  expect(staging.resources('aws_db_instance_automated_backups_replication', 'aws_s3_bucket_replication_configuration', 'aws_backup_restore_testing_plan')).toEqual([]);
});

function replication(overrides: { rtc?: boolean; drRegion?: string } = {}): SynthStack {
  return synthConstruct((scope) => {
    const drProvider = new AwsProvider(scope, 'dr', { region: 'eu-central-1', alias: 'dr' });
    const bucket = new SecureBucket(scope, 'source', { bucketName: 'acme-prod-assets', kmsKeyArn: 'arn:aws:kms:eu-north-1:111111111111:key/src' });
    new BucketReplication(scope, 'replication', {
      namePrefix: 'acme-prod', accountId: '111111111111', sourceRegion: 'eu-north-1', sources: { assets: { bucket, name: 'acme-prod-assets' } },
      sourceKmsKeyArn: 'arn:aws:kms:eu-north-1:111111111111:key/src', drProvider, drRegion: overrides.drRegion ?? 'eu-central-1',
      drKmsKeyArn: 'arn:aws:kms:eu-central-1:111111111111:key/dr', replicationTimeControl: overrides.rtc, alarmTopicArn: 'arn:aws:sns:eu-north-1:111111111111:alarms',
    });
  });
}

test('planted defect: without Replication Time Control there is neither an RTC block nor a latency alarm', () => {
  const withRtc = replication();
  expect(asList<Json>(withRtc.one('aws_s3_bucket_replication_configuration').attrs.rule)[0].destination.replication_time).toBeDefined();
  const without = replication({ rtc: false });
  expect(asList<Json>(without.one('aws_s3_bucket_replication_configuration').attrs.rule)[0].destination.replication_time).toBeUndefined();
  expect(without.resources('aws_cloudwatch_metric_alarm').map((a) => a.attrs.metric_name)).toEqual(['OperationsFailedReplication']);
});

test('planted defect: replicating into the source region is refused', () => {
  expect(() => replication({ drRegion: 'eu-north-1' })).toThrow(/drRegion must differ from sourceRegion/);
});
