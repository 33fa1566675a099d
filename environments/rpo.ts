/**
 * The recovery point objective derived from config: for each kind of data, the most that is lost when the
 * primary region is lost, given the protections switched on. `npm run rpo` prints it; a test holds production
 * to RPO_OBJECTIVE_MINUTES. Each figure names where it comes from.
 */
import type { EnvironmentConfig } from './schema/environment';

export const RPO_OBJECTIVE_MINUTES = 60;

/** Durations the statement is built from, each with its source. */
export const RPO_FACTS = {
  /** RDS uploads transaction logs to S3 every 5 minutes (RDS User Guide, "Restoring a DB instance to a specified time"). */
  rdsLogUploadMinutes: 5,
  /**
   * Budget for a log upload to reach the DR region through automated-backup replication. AWS publishes no bound;
   * the drill in docs/disaster-recovery.md measures the real lag (LatestRestorableTime in both regions).
   */
  rdsCrossRegionCopyMinutes: 15,
  /** S3 Replication Time Control: 99.99 % of objects within 15 minutes (S3 RTC service-level agreement). */
  s3RtcMinutes: 15,
  /** Secrets Manager replicates a changed secret value to its replicas within minutes (Secrets Manager User Guide, "Replicate secrets"). */
  secretReplicaMinutes: 5,
  /** AWS Backup daily plan: one recovery point a day, finished within the plan's completion window, then copied. */
  dailyBackupIntervalMinutes: 24 * 60,
  backupCompletionWindowMinutes: 480,
} as const;

export interface RpoLine {
  readonly data: 'database' | 'buckets' | 'secrets' | 'redis';
  /** Worst-case minutes of loss; Infinity when nothing reaches the DR region; undefined when not counted. */
  readonly minutes: number | undefined;
  readonly basis: string;
}

export interface RpoStatement {
  readonly environment: string;
  readonly drRegion?: string;
  readonly lines: readonly RpoLine[];
  /** Worst counted line. */
  readonly worstMinutes: number;
  /** Backups are restored on a schedule (untested backups do not count towards the objective). */
  readonly restoresTested: boolean;
  readonly meetsObjective: boolean;
}

export function rpoOf(env: EnvironmentConfig): RpoStatement {
  const f = RPO_FACTS;
  const dr = env.dr;
  const dailyCopy = f.dailyBackupIntervalMinutes + f.backupCompletionWindowMinutes;
  // The tier on the environment's own backup schedule (no schedule of its own): the most frequent copy.
  const dailyTier = (env.data.backup.tiers.find((t) => t.schedule === undefined) ?? env.data.backup.tiers[0]).name;
  const lines: RpoLine[] = [
    dr?.database.replicateAutomatedBackups
      ? { data: 'database', minutes: f.rdsLogUploadMinutes + f.rdsCrossRegionCopyMinutes, basis: `replicated automated backups in ${dr.region}: ${f.rdsLogUploadMinutes} min log upload + ${f.rdsCrossRegionCopyMinutes} min cross-region copy budget` }
      : { data: 'database', minutes: dailyCopy, basis: `only the ${dailyTier} AWS Backup copy in ${env.data.backup.copyRegion}: ${f.dailyBackupIntervalMinutes} min apart + ${f.backupCompletionWindowMinutes} min completion window` },
    dr?.buckets.replicate && dr.buckets.replicationTimeControl
      ? { data: 'buckets', minutes: f.s3RtcMinutes, basis: `S3 replication to ${dr.region} with Replication Time Control (${f.s3RtcMinutes} min)` }
      : { data: 'buckets', minutes: Infinity, basis: dr?.buckets.replicate ? 'S3 replication without Replication Time Control: no bound (objects may take hours)' : 'assets and backups buckets are not copied to another region' },
    dr?.secrets.replicate
      ? { data: 'secrets', minutes: f.secretReplicaMinutes, basis: `Secrets Manager replicas in ${dr.region}` }
      : { data: 'secrets', minutes: Infinity, basis: 'no secret replicas: every secret must be re-entered by hand' },
    { data: 'redis', minutes: undefined, basis: 'not counted: cache and sessions only, a recovery starts it empty (users sign in again)' },
  ];
  const worstMinutes = Math.max(...lines.map((l) => l.minutes ?? 0));
  const restoresTested = dr?.restoreTesting.enabled ?? false;
  return { environment: env.name, drRegion: dr?.region, lines, worstMinutes, restoresTested, meetsObjective: restoresTested && worstMinutes <= RPO_OBJECTIVE_MINUTES };
}

const show = (minutes: number | undefined) => (minutes === undefined ? 'n/a' : minutes === Infinity ? 'unbounded' : `${minutes} min`);

/** The statement as printed by `npm run rpo`. */
export function formatRpo(s: RpoStatement): string {
  return [
    `RPO of ${s.environment} (objective ${RPO_OBJECTIVE_MINUTES} min), DR region ${s.drRegion ?? 'none'}:`,
    ...s.lines.map((l) => `  ${l.data.padEnd(9)} ${show(l.minutes).padStart(9)}  ${l.basis}`),
    `  restores  ${s.restoresTested ? 'tested on a schedule (AWS Backup restore testing)' : 'NOT tested: backups that were never restored do not count'}`,
    `  worst case ${show(s.worstMinutes)}: ${s.meetsObjective ? 'meets' : 'MISSES'} the ${RPO_OBJECTIVE_MINUTES} min objective`,
  ].join('\n');
}
