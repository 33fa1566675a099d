/**
 * How a recovery environment's database comes into being: a point-in-time restore from the replicated
 * automated backups, or a restore of an AWS Backup recovery point (an RDS snapshot). Returned as the
 * `aws_db_instance` arguments that replace the "create empty" ones.
 */
import type { DbInstanceConfig } from '@cdktf/provider-aws/lib/db-instance';
import type { RecoveryConfig } from '../../environments/schema/dr';

export type DatabaseRestore = RecoveryConfig['database'];

/**
 * Attributes a restore decides and the instance keeps for life. `kms_key_id`: neither
 * RestoreDBInstanceToPointInTime nor RestoreDBInstanceFromDBSnapshot takes a key, so the restored storage stays
 * encrypted with the key of what it was restored from (the replicated backups are encrypted with the key given
 * to the `aws_db_instance_automated_backups_replication` of the recovered environment, its DR key). A key in the
 * config would differ from that and, being ForceNew, make every later plan replace the database.
 */
export const RESTORE_DECIDED_ATTRIBUTES = ['restore_to_point_in_time', 'snapshot_identifier', 'kms_key_id'] as const;

/** Arguments of a restored instance; `undefined` for a new, empty one. */
export function restoreArguments(restore: DatabaseRestore | undefined): Partial<DbInstanceConfig> | undefined {
  if (!restore) return undefined;
  // The restore arguments only matter at creation (and force a new instance when changed): once the database
  // exists, editing the restore section must never replace it. The key is left out (computed from the backups)
  // and ignored, so no later change to the environment's data key can replace the restored database either.
  const lifecycle = { preventDestroy: true, ignoreChanges: [...RESTORE_DECIDED_ATTRIBUTES] };
  const fromBackups = { kmsKeyId: undefined, lifecycle };
  if (restore.from === 'recovery-point') return { snapshotIdentifier: restore.snapshotArn, ...fromBackups };
  return {
    restoreToPointInTime: {
      sourceDbInstanceAutomatedBackupsArn: restore.automatedBackupsArn,
      ...(restore.restoreTime ? { restoreTime: restore.restoreTime } : { useLatestRestorableTime: true }),
    },
    ...fromBackups,
  };
}
