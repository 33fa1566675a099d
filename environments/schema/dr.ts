/**
 * Disaster recovery: continuous protection of the data in a second region (`dr`) and, for a recovery
 * environment, what it recovers and from where (`recovery`). docs/disaster-recovery.md explains both.
 */
import { z } from 'zod';
import { AWS_REGION_ZONES } from '../../lib/aws-regions';
import { REGION_OFFERINGS } from '../region-offerings';
import { arnOf, checkArnHome } from './aws-arn';
import { RESTORE_TESTING_SCHEDULE, scheduleExpression } from './aws-cron';
import type { IssueReporter } from './issues';
import { resourceName } from './primitives';

const region = z.string().refine((r) => r in AWS_REGION_ZONES, { message: `must be one of the supported regions: ${Object.keys(AWS_REGION_ZONES).join(', ')}` });

export const drSchema = z.object({
  /** Region that receives the continuous copies and where a recovery environment is built. */
  region,
  database: z.object({
    /** Replicate RDS automated backups (snapshots and transaction logs) to `dr.region`: point-in-time restore there. */
    replicateAutomatedBackups: z.boolean().default(true),
    /** Days of replicated backups kept in `dr.region`. */
    retentionDays: z.number().int().min(1, 'must be at least 1').max(35, 'must be at most 35 (RDS limit)').default(7),
  }).default({}),
  buckets: z.object({
    /** Replicate the assets and backups buckets to `dr.region` (SSE-KMS with a key there). */
    replicate: z.boolean().default(true),
    /** S3 Replication Time Control: 99.99 % of objects within 15 minutes, with latency metrics and alarms. */
    replicationTimeControl: z.boolean().default(true),
  }).default({}),
  /** Secrets Manager replicas of the application secrets in `dr.region` (same names, a key there). */
  secrets: z.object({ replicate: z.boolean().default(true) }).default({}),
  /** AWS Backup restore testing: restores the latest database recovery point on a schedule; an alarm fires when one fails. */
  restoreTesting: z.object({
    enabled: z.boolean().default(true),
    /** When a test restore starts, `cron(...)` in UTC. @default weekly, Tuesday 05:00 */
    schedule: scheduleExpression(RESTORE_TESTING_SCHEDULE).default('cron(0 5 ? * TUE *)'),
    /** Hours the restored database is kept for validation before AWS Backup deletes it. */
    validationWindowHours: z.number().int().min(1).max(168, 'must be at most 168 (AWS Backup limit)').default(4),
  }).default({}),
});

const automatedBackupsArn = arnOf('rds-automated-backups');
const snapshotArn = arnOf('rds-snapshot');

export const recoverySchema = z.object({
  /** The environment this one recovers: it takes over that environment's data and public names. */
  of: resourceName,
  /** `standby`: built without the public names (drills, preparation). `serving`: Cloudflare sends the public names here. */
  publicNames: z.enum(['standby', 'serving']).default('standby'),
  /** Where the database comes from; Redis always starts empty (cache and sessions only). */
  database: z.discriminatedUnion('from', [
    z.object({
      from: z.literal('replicated-backups'),
      /** The replicated automated backups in this region (output `dr_replicated_backups_arn` of the recovered environment). */
      automatedBackupsArn,
      /** Point in time (ISO 8601, UTC). @default the latest restorable time */
      restoreTime: z.string().datetime({ message: 'must be an ISO 8601 UTC time such as 2026-11-30T03:15:00Z' }).optional(),
    }),
    z.object({ from: z.literal('recovery-point'), snapshotArn }),
  ]),
});

export type DrConfig = z.output<typeof drSchema>;
export type RecoveryConfig = z.output<typeof recoverySchema>;

/** The parts of an environment the DR rules read. */
export interface DrSubject {
  readonly name: string;
  readonly tier: 'production' | 'staging' | 'development';
  readonly aws: { readonly region: string; readonly accountId: string };
  readonly dr?: DrConfig;
  readonly recovery?: RecoveryConfig;
  readonly data: { readonly postgres: { readonly instanceClass: string }; readonly redis: { readonly nodeType: string }; readonly backup: { readonly copyRegion: string } };
  readonly eks: { readonly nodeGroups: Readonly<Record<string, { readonly instanceTypes: readonly string[] }>> };
}

/** Every type `env` runs, with the config path that names it. */
function typesUsed(env: DrSubject): { path: (string | number)[]; kind: 'ec2' | 'rds' | 'elasticache'; type: string }[] {
  return [
    ...Object.entries(env.eks.nodeGroups).flatMap(([group, g]) => g.instanceTypes.map((type, i) => ({ path: ['eks', 'nodeGroups', group, 'instanceTypes', i], kind: 'ec2' as const, type }))),
    { path: ['data', 'postgres', 'instanceClass'], kind: 'rds', type: env.data.postgres.instanceClass },
    { path: ['data', 'redis', 'nodeType'], kind: 'elasticache', type: env.data.redis.nodeType },
  ];
}

/** Reports each type `env` uses that `region` does not offer (per environments/region-offerings.ts). */
export function checkOfferedIn(env: DrSubject, region: string, field: string, report: IssueReporter): void {
  const offered = REGION_OFFERINGS[region];
  if (!offered) {
    report(field.split('.'), `${region} has no entry in environments/region-offerings.ts, so its instance types cannot be checked: add one`);
    return;
  }
  for (const use of typesUsed(env)) {
    if (!offered[use.kind].includes(use.type)) {
      // A malformed or unknown type is reported by its own rule first.
      report(use.path, `${use.type} is not offered in ${field} ${region} (environments/region-offerings.ts): the recovery environment could not run it there`, { consequence: true });
    }
  }
}

/** Production keeps every protection on; the DR region differs from the primary and offers the types used. */
export function checkDr(env: DrSubject, report: IssueReporter): void {
  const dr = env.dr;
  if (env.recovery) {
    // A recovery environment runs in the DR region itself: its types must be offered where it runs.
    checkOfferedIn(env, env.aws.region, 'aws.region', report);
    if (env.recovery.of === env.name) report(['recovery', 'of'], 'must name another environment (the one this environment recovers)');
    const db = env.recovery.database;
    const arn = db.from === 'replicated-backups' ? db.automatedBackupsArn : db.snapshotArn;
    const field = db.from === 'replicated-backups' ? 'automatedBackupsArn' : 'snapshotArn';
    // Restores read backups of this region and account only.
    checkArnHome(arn, { region: env.aws.region, accountId: env.aws.accountId }, ['recovery', 'database', field], report);
    if (dr) report(['dr'], 'must be absent in a recovery environment: protect it once it is promoted to the primary (docs/disaster-recovery.md, "Failing back")');
    return;
  }
  if (!dr) {
    if (env.tier === 'production' && !env.recovery) report(['dr'], 'is required in production: continuous copies in a second region keep the 1 h recovery point objective (docs/disaster-recovery.md)');
    return;
  }
  if (dr.region === env.aws.region) report(['dr', 'region'], `must differ from aws.region (${env.aws.region}): the copies protect against losing the region`);
  checkOfferedIn(env, dr.region, 'dr.region', report);
  if (env.tier !== 'production' || env.recovery) return;
  const required: [string[], boolean, string][] = [
    [['dr', 'database', 'replicateAutomatedBackups'], dr.database.replicateAutomatedBackups, 'without it the newest database copy in dr.region is the daily AWS Backup copy (up to ~33 h old)'],
    [['dr', 'buckets', 'replicate'], dr.buckets.replicate, 'without it uploaded assets and exports exist only in aws.region between daily backups'],
    [['dr', 'buckets', 'replicationTimeControl'], dr.buckets.replicationTimeControl, 'without it S3 gives no replication-time bound and no latency metric to alarm on'],
    [['dr', 'secrets', 'replicate'], dr.secrets.replicate, 'without replicas the recovered platform has no secrets'],
    [['dr', 'restoreTesting', 'enabled'], dr.restoreTesting.enabled, 'an untested backup is not a recovery plan'],
  ];
  for (const [path, on, why] of required) if (!on) report(path, `must be true in production: ${why}`);
  if (env.data.backup.copyRegion !== dr.region && env.data.backup.copyRegion !== env.aws.region) {
    report(['data', 'backup', 'copyRegion'], `must equal dr.region (${dr.region}) in production: the recovery environment restores from the copies there`);
  }
}
