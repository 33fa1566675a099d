/**
 * RestoreDBInstanceToPointInTime and RestoreDBInstanceFromDBSnapshot take no KMS key: a restored instance stays
 * encrypted with the key of what it was restored from. For the replicated automated backups that is the key the
 * recovered environment gave `aws_db_instance_automated_backups_replication` (its DR key). `kms_key_id` is ForceNew in
 * the aws provider, so a restored instance whose config names any other key is replaced by the plan after the
 * restore. These tests model that next plan from the synthesized stacks.
 */
import { Testing } from 'cdktf';
import { loadEnvironments, type EnvironmentConfig } from '../environments';
import { InfraStack } from '../stacks/infra-stack';
import { RECOVERY, recoveryStacks } from './support/recovery';
import { platformStack, SynthStack, toJson, type Json } from './support/synth';

const envs = loadEnvironments(RECOVERY);
const dr = envs['dr-production'];

/**
 * Would the plan after the restore replace the instance over its key? The state then holds `backupsKey` (the restore
 * cannot choose another); a configured, not ignored `kms_key_id` that is not that same key forces a new instance.
 */
function nextPlanReplacesForKey(db: Json, backupsKey: string): boolean {
  const ignored: string[] = db.lifecycle?.ignore_changes ?? [];
  if (ignored.includes('kms_key_id') || ignored.includes('all')) return false;
  return db.kms_key_id !== undefined && db.kms_key_id !== backupsKey;
}

const recovered = envs[dr.recovery!.of];
const replication = platformStack(recovered.name).one('aws_db_instance_automated_backups_replication').attrs;
// The key the replicated backups are encrypted with, as the recovered environment's stack names it.
const backupsKey: string = replication.kms_key_id;

const infraOf = (env: EnvironmentConfig) => new SynthStack(env.name, toJson(new InfraStack(Testing.app(), env)));

test('the replicated backups are encrypted with a key of the recovered environment, in the recovery region', () => {
  expect(backupsKey).toMatch(/^\$\{aws_kms_key\.[^.]+\.arn\}$/);
  expect(replication.provider).toBe('aws.dr');
  expect(recovered.dr?.region).toBe(dr.aws.region);
});

test('the shipped recovery environment: the plan after the point-in-time restore does not replace the database', () => {
  const db = recoveryStacks().standby.one('aws_db_instance', 'postgres_instance').attrs;
  expect(db.restore_to_point_in_time).toBeDefined();
  expect(nextPlanReplacesForKey(db, backupsKey)).toBe(false);
  // Left to the restore: the config names no key (the dr-production stack cannot reference production's DR key).
  expect(db).not.toHaveProperty('kms_key_id');
  expect(db.lifecycle.ignore_changes).toEqual(expect.arrayContaining(['kms_key_id', 'restore_to_point_in_time']));
  // What the restore cannot choose stays configured: storage encryption on, the secret and Performance Insights keyed.
  expect(db).toMatchObject({ storage_encrypted: true, master_user_secret_kms_key_id: expect.any(String), performance_insights_kms_key_id: expect.any(String) });
});

test('a restore of an AWS Backup recovery point keeps the snapshot\'s key too', () => {
  const snapshotArn = `arn:aws:rds:${dr.aws.region}:${dr.aws.accountId}:snapshot:awsbackup:job-0a1b2c3d`;
  const db = infraOf({ ...dr, recovery: { ...dr.recovery!, database: { from: 'recovery-point', snapshotArn } } }).one('aws_db_instance', 'postgres_instance').attrs;
  expect(db.snapshot_identifier).toBe(snapshotArn);
  expect(db).not.toHaveProperty('kms_key_id');
  expect(db.lifecycle.ignore_changes).toContain('kms_key_id');
});

test('a new, empty database is still created with the environment\'s data key', () => {
  const stack = platformStack(recovered.name);
  const db = stack.one('aws_db_instance', 'postgres_instance').attrs;
  expect(db.kms_key_id).toBe(stack.json.output.data_kms_key_arn.value);
  expect(db.lifecycle.ignore_changes ?? []).not.toContain('kms_key_id');
});

test('the model catches the defect: a restored instance configured with its own new key is replaced', () => {
  const planted = { kms_key_id: '${aws_kms_key.data_key.arn}', lifecycle: { prevent_destroy: true, ignore_changes: ['restore_to_point_in_time'] } };
  expect(nextPlanReplacesForKey(planted, backupsKey)).toBe(true);
  expect(nextPlanReplacesForKey({ ...planted, kms_key_id: backupsKey }, backupsKey)).toBe(false);
});
