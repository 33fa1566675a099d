/**
 * How a recovery environment's database comes into being: a point-in-time restore from the replicated
 * automated backups, or a restore of an AWS Backup recovery point (an RDS snapshot). Returned as the
 * `aws_db_instance` arguments that replace the "create empty" ones.
 */
import type { DbInstanceConfig } from '@cdktf/provider-aws/lib/db-instance';
import type { RecoveryConfig } from '../../environments/schema/dr';

export type DatabaseRestore = RecoveryConfig['database'];

/** Arguments of a restored instance; `undefined` for a new, empty one. */
export function restoreArguments(restore: DatabaseRestore | undefined): Partial<DbInstanceConfig> | undefined {
  if (!restore) return undefined;
  // The restore arguments only matter at creation (and force a new instance when changed): once the database
  // exists, editing the restore section must never replace it.
  const lifecycle = { preventDestroy: true, ignoreChanges: ['restore_to_point_in_time', 'snapshot_identifier'] };
  if (restore.from === 'recovery-point') return { snapshotIdentifier: restore.snapshotArn, lifecycle };
  return {
    restoreToPointInTime: {
      sourceDbInstanceAutomatedBackupsArn: restore.automatedBackupsArn,
      ...(restore.restoreTime ? { restoreTime: restore.restoreTime } : { useLatestRestorableTime: true }),
    },
    lifecycle,
  };
}
