/** Data layer: PostgreSQL, Redis, application secrets, buckets, AWS Backup and alarms (docs/data.md). */
import { z } from 'zod';
import { BACKUP_RESOURCE_TYPES, BACKUP_TIERS, COLD_STORAGE_MINIMUM_DAYS, COLD_STORAGE_SUPPORT } from '../backup-tiers';
import { CACHE_ENGINE_VERSIONS, POSTGRES_MAJOR_VERSIONS } from '../versions';
import { BACKUP_PLAN_SCHEDULE, scheduleExpression } from './aws-cron';
import { awsRegion } from './primitives';
import type { IssuePath, IssueReporter } from './issues';

/** `hh:mm-hh:mm`, UTC, 24 h clock (RDS backup window, ElastiCache snapshot window). */
const DAILY_WINDOW = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;
/** `ddd:hh:mm-ddd:hh:mm`, UTC (maintenance windows). */
const WEEKLY_WINDOW = /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)$/;
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export const dailyWindow = z.string().regex(DAILY_WINDOW, 'must be "hh:mm-hh:mm" in UTC with hours 00-23 and minutes 00-59, e.g. "03:00-04:00"');
export const weeklyWindow = z.string().regex(WEEKLY_WINDOW, 'must be "ddd:hh:mm-ddd:hh:mm" in UTC (ddd = mon..sun, hours 00-23), e.g. "sun:04:00-sun:05:00"');

/** Names of Secrets Manager entries the apps read (values are set outside Terraform). */
const secretName = z.string().regex(/^[A-Z][A-Z0-9_]{1,62}$/, 'must be UPPER_SNAKE_CASE, e.g. JWT_SECRET');

export const postgresSchema = z.object({
  /** Major (`16`) or major.minor (`16.4`); a major only lets auto minor upgrades proceed without Terraform drift. */
  engineVersion: z.string().superRefine((v, ctx) => {
    const major = /^(\d+)(\.\d+)?$/.exec(v)?.[1];
    if (major && major in POSTGRES_MAJOR_VERSIONS) return;
    const supported = Object.keys(POSTGRES_MAJOR_VERSIONS).join(', ');
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${v}" is not a supported PostgreSQL version: must be PostgreSQL 15 or newer in RDS standard support (${supported}), as "16" or "16.4" (environments/versions.ts)` });
  }),
  instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, 'must be an RDS instance class such as db.r6g.xlarge'),
  /** Initial gp3 storage in GiB. */
  allocatedStorageGb: z.number().int().min(20, 'must be at least 20 GiB (gp3 minimum for PostgreSQL)'),
  /** Storage autoscaling ceiling in GiB. */
  maxAllocatedStorageGb: z.number().int().max(65536, 'must be at most 65536 GiB'),
  multiAz: z.boolean(),
  /** Days of automated backups (point-in-time recovery). */
  backupRetentionDays: z.number().int().min(1, 'must be at least 1 (0 disables automated backups and point-in-time recovery)').max(35, 'must be at most 35 (RDS limit)'),
  backupWindow: dailyWindow,
  maintenanceWindow: weeklyWindow,
  /** Performance Insights retention: 7 (free) or a multiple of 31 up to 731. */
  performanceInsightsRetentionDays: z.number().int().refine((d) => d === 7 || (d % 31 === 0 && d >= 31 && d <= 731), 'must be 7 or a multiple of 31 up to 731'),
  caCertIdentifier: z.enum(['rds-ca-rsa2048-g1', 'rds-ca-rsa4096-g1', 'rds-ca-ecc384-g1']).default('rds-ca-rsa2048-g1'),
  databaseName: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be a lower-case PostgreSQL identifier'),
  masterUsername: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be a lower-case PostgreSQL identifier').refine((u) => !['admin', 'postgres', 'rdsadmin'].includes(u), 'is reserved by RDS'),
  /** Read replicas for scale-out reads. */
  readReplicas: z.number().int().min(0).max(5, 'at most 5 read replicas').default(0),
  /** RDS Proxy for connection pooling (replaces the PgBouncer the platform planned). Needs a route to Secrets Manager (interface endpoint). */
  proxy: z.object({
    enabled: z.boolean(),
    maxConnectionsPercent: z.number().int().min(1).max(100).default(90),
    /** Database role the apps use through the proxy (created once by hand; never the master user). */
    appUser: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be a lower-case PostgreSQL identifier').default('aifeedback_app'),
    /** Secret (name in data.secrets) holding {"username","password"} of appUser: the proxy's login to the database. */
    credentialsSecret: z.string().default('POSTGRES_APP_CREDENTIALS'),
  }).default({ enabled: false }),
});

export const redisSchema = z.object({
  engine: z.enum(['redis', 'valkey']),
  engineVersion: z.string().regex(/^\d+\.\d+$/, 'must be major.minor, e.g. "7.1"'),
  nodeType: z.string().regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, 'must be an ElastiCache node type such as cache.r6g.large'),
  /** Replicas behind the primary (cluster mode disabled). */
  replicas: z.number().int().min(0).max(5, 'at most 5 replicas'),
  multiAz: z.boolean(),
  snapshotRetentionDays: z.number().int().min(1, 'must be at least 1 (0 disables snapshots)').max(35),
  snapshotWindow: dailyWindow,
  maintenanceWindow: weeklyWindow,
});

/** When AWS Backup moves a recovery point to cold storage and deletes it (AWS Backup `Lifecycle`). */
const lifecycleSchema = z.object({
  /** Days after creation that the recovery point is deleted. */
  deleteAfterDays: z.number().int().min(1, 'must be at least 1 day'),
  /** Days after creation that it moves to cold storage (only resource types that support it). @default stays warm */
  coldAfterDays: z.number().int().min(1, 'must be at least 1 day').optional(),
});

/** One backup plan rule: a schedule, its lifecycle, and the lifecycle of its copy in `copyRegion`. */
const backupTierSchema = lifecycleSchema.extend({
  /** Rule name (AWS Backup: 1-50 letters, digits, `-`, `_`, `.`); recovery points are tagged `Tier=<name>`. */
  name: z.string().regex(/^[A-Za-z0-9._-]{1,50}$/, 'must be 1-50 letters, digits, "-", "_" or "." (AWS Backup rule name)'),
  /** When the rule runs, `cron(...)` in UTC. @default data.backup.schedule */
  schedule: scheduleExpression(BACKUP_PLAN_SCHEDULE).optional(),
  /** Lifecycle of the copy in the copy vault. @default the tier's own */
  copy: lifecycleSchema.optional(),
});

export const backupSchema = z.object({
  /** Region of the copy vault (a second region for disaster recovery). */
  copyRegion: awsRegion,
  /** Daily backup start, `cron(...)` in UTC; keep it clear of the RDS backup and maintenance windows. */
  schedule: scheduleExpression(BACKUP_PLAN_SCHEDULE).default('cron(0 22 * * ? *)'),
  /** The backup plan's rules. @default the platform's tiers (environments/backup-tiers.ts) */
  tiers: z.array(backupTierSchema).min(1, 'needs at least one tier').default(() => BACKUP_TIERS.map((t) => ({ ...t }))),
  /**
   * Vault lock on the primary vault. `compliance` can never be removed once its grace period ends, so it is
   * off by default and switched on deliberately.
   */
  vaultLock: z.object({
    mode: z.enum(['off', 'governance', 'compliance']),
    /** Grace period (compliance mode) before the lock becomes immutable; at least 3 days. */
    changeableForDays: z.number().int().min(3, 'must be at least 3 days').default(3),
    minRetentionDays: z.number().int().min(1).default(7),
    maxRetentionDays: z.number().int().default(2557),
  }).default({ mode: 'off' }),
});

export const alarmsSchema = z.object({
  dbCpuPercent: z.number().min(1).max(100).default(80),
  /** Alarm when free storage drops below this many GiB. */
  dbFreeStorageGb: z.number().int().min(1).default(20),
  dbConnections: z.number().int().min(1).default(800),
  /** Seconds of replica lag (only with read replicas). */
  replicaLagSeconds: z.number().int().min(1).default(60),
  redisMemoryPercent: z.number().min(1).max(100).default(80),
  redisCpuPercent: z.number().min(1).max(100).default(75),
  /** Evicted keys per 5 minutes. */
  redisEvictions: z.number().int().min(0).default(1000),
});

export const dataSchema = z.object({
  postgres: postgresSchema,
  redis: redisSchema,
  /** One Secrets Manager entry per name. */
  secrets: z.array(secretName).min(1),
  backup: backupSchema,
  alarms: alarmsSchema.default({}),
});

export type DataConfig = z.output<typeof dataSchema>;
export type PostgresConfig = z.output<typeof postgresSchema>;
export type RedisConfig = z.output<typeof redisSchema>;
export type BackupConfig = z.output<typeof backupSchema>;
export type AlarmsConfig = z.output<typeof alarmsSchema>;
export type BackupLifecycle = z.output<typeof lifecycleSchema>;
export type BackupTier = z.output<typeof backupTierSchema>;

/**
 * AWS Backup's lifecycle contract for one rule or copy action: a recovery point stays in cold storage at least 90
 * days, so deletion comes at least 90 days after the move; and a move to cold storage must concern a resource type
 * the plan backs up that supports it (AWS Backup silently ignores it for the others, so the retention would lie).
 */
export function checkBackupLifecycle(lifecycle: BackupLifecycle, resourceTypes: readonly string[], path: IssuePath, report: IssueReporter): void {
  const cold = lifecycle.coldAfterDays;
  if (cold === undefined) return;
  const minimum = cold + COLD_STORAGE_MINIMUM_DAYS;
  if (lifecycle.deleteAfterDays < minimum) {
    report([...path, 'deleteAfterDays'], `must be at least coldAfterDays + ${COLD_STORAGE_MINIMUM_DAYS} = ${minimum}, got ${lifecycle.deleteAfterDays}: AWS Backup keeps a recovery point in cold storage for at least ${COLD_STORAGE_MINIMUM_DAYS} days`);
  }
  if (!resourceTypes.some((type) => COLD_STORAGE_SUPPORT[type])) {
    report([...path, 'coldAfterDays'], `none of the resource types this plan backs up (${resourceTypes.join(', ')}) supports cold storage: AWS Backup would ignore it; remove it`);
  }
}

/** Minutes since the start of the week for a weekly window bound; daily windows repeat each day. */
function minutesOfDaily(window: string): [number, number] | undefined {
  const m = DAILY_WINDOW.exec(window);
  if (!m) return undefined;
  const start = Number(m[1]) * 60 + Number(m[2]);
  let end = Number(m[3]) * 60 + Number(m[4]);
  if (end <= start) end += 24 * 60; // crosses midnight
  return [start, end];
}

function minutesOfWeekly(window: string): [number, number] | undefined {
  const m = WEEKLY_WINDOW.exec(window);
  if (!m) return undefined;
  const start = DAYS.indexOf(m[1]) * 1440 + Number(m[2]) * 60 + Number(m[3]);
  let end = DAYS.indexOf(m[4]) * 1440 + Number(m[5]) * 60 + Number(m[6]);
  if (end <= start) end += 7 * 1440; // wraps past Sunday
  return [start, end];
}

/** Does a daily window (every day) overlap a weekly window? Touching ends do not count. */
export function windowsOverlap(daily: string, weekly: string): boolean {
  const d = minutesOfDaily(daily);
  const w = minutesOfWeekly(weekly);
  if (!d || !w) return false;
  for (let day = -1; day <= 7; day++) {
    const start = d[0] + day * 1440;
    const end = d[1] + day * 1440;
    for (const shift of [0, 7 * 1440]) {
      if (start < w[1] + shift && w[0] + shift < end) return true;
    }
  }
  return false;
}

const lengthOf = (window: string, parse: (w: string) => [number, number] | undefined) => {
  const r = parse(window);
  return r ? r[1] - r[0] : Infinity;
};

/** Cross-field rules of the data layer; `production` gets the HA and retention rules. */
export function checkData(data: DataConfig, tier: 'production' | 'staging' | 'development', region: string, report: IssueReporter): void {
  const production = tier === 'production';
  const pg = data.postgres;
  if (production && !pg.multiAz) report(['data', 'postgres', 'multiAz'], 'must be true in production (a standby in another zone; CKV_AWS_157)');
  if (production && pg.backupRetentionDays < 7) report(['data', 'postgres', 'backupRetentionDays'], `must be at least 7 days in production, got ${pg.backupRetentionDays}`);
  if (pg.maxAllocatedStorageGb < pg.allocatedStorageGb) {
    report(['data', 'postgres', 'maxAllocatedStorageGb'], `must be at least data.postgres.allocatedStorageGb (${pg.allocatedStorageGb}), got ${pg.maxAllocatedStorageGb}`);
  }
  if (lengthOf(pg.backupWindow, minutesOfDaily) < 30) report(['data', 'postgres', 'backupWindow'], 'must be at least 30 minutes long (RDS)');
  if (lengthOf(pg.maintenanceWindow, minutesOfWeekly) < 30) report(['data', 'postgres', 'maintenanceWindow'], 'must be at least 30 minutes long (RDS)');
  if (data.alarms.dbFreeStorageGb >= pg.allocatedStorageGb) {
    report(['data', 'alarms', 'dbFreeStorageGb'], `must be below data.postgres.allocatedStorageGb (${pg.allocatedStorageGb}), or the alarm fires on a fresh database`);
  }
  if (windowsOverlap(pg.backupWindow, pg.maintenanceWindow)) {
    report(['data', 'postgres', 'maintenanceWindow'], `overlaps data.postgres.backupWindow (${pg.backupWindow}): RDS rejects overlapping windows`);
  }

  const redis = data.redis;
  if (production && redis.replicas < 2) report(['data', 'redis', 'replicas'], `must be at least 2 in production (primary + 2 replicas), got ${redis.replicas}`);
  if (production && !redis.multiAz) report(['data', 'redis', 'multiAz'], 'must be true in production (CKV2_AWS_50)');
  if (redis.multiAz && redis.replicas < 1) report(['data', 'redis', 'multiAz'], 'needs data.redis.replicas >= 1 (Multi-AZ fails over to a replica)');
  if (production && redis.snapshotRetentionDays < 7) report(['data', 'redis', 'snapshotRetentionDays'], `must be at least 7 days in production, got ${redis.snapshotRetentionDays}`);
  if (lengthOf(redis.snapshotWindow, minutesOfDaily) < 60) report(['data', 'redis', 'snapshotWindow'], 'must be at least 60 minutes long (ElastiCache)');
  if (lengthOf(redis.maintenanceWindow, minutesOfWeekly) < 60) report(['data', 'redis', 'maintenanceWindow'], 'must be at least 60 minutes long (ElastiCache)');
  if (windowsOverlap(redis.snapshotWindow, redis.maintenanceWindow)) {
    report(['data', 'redis', 'maintenanceWindow'], `overlaps data.redis.snapshotWindow (${redis.snapshotWindow})`);
  }
  const versions: readonly string[] = CACHE_ENGINE_VERSIONS[redis.engine];
  if (!versions.includes(redis.engineVersion)) {
    report(['data', 'redis', 'engineVersion'], `${redis.engineVersion} is not a supported ${redis.engine} version (${versions.join(', ')}; environments/versions.ts)`);
  }

  if (pg.proxy.enabled && !data.secrets.includes(pg.proxy.credentialsSecret)) {
    report(['data', 'postgres', 'proxy', 'credentialsSecret'], `"${pg.proxy.credentialsSecret}" is not in data.secrets (the proxy logs in with it)`);
  }
  if (pg.proxy.enabled && pg.proxy.appUser === pg.masterUsername) {
    report(['data', 'postgres', 'proxy', 'appUser'], 'must not be data.postgres.masterUsername: apps never connect as the master user');
  }

  data.secrets.forEach((name, index) => {
    if (data.secrets.indexOf(name) !== index) report(['data', 'secrets', index], `"${name}" is listed twice`);
  });

  const backup = data.backup;
  if (backup.copyRegion === region) report(['data', 'backup', 'copyRegion'], `must differ from aws.region (${region}): copies protect against losing the region`);
  backup.tiers.forEach((tier, index) => {
    const path = ['data', 'backup', 'tiers', index];
    if (backup.tiers.findIndex((t) => t.name === tier.name) !== index) report([...path, 'name'], `"${tier.name}" is used by an earlier tier: AWS Backup rule names are unique within a plan`);
    checkBackupLifecycle(tier, BACKUP_RESOURCE_TYPES, path, report);
    if (tier.copy) checkBackupLifecycle(tier.copy, BACKUP_RESOURCE_TYPES, [...path, 'copy'], report);
  });
  const lock = backup.vaultLock;
  if (lock.mode !== 'off') {
    const retentions = backup.tiers.map((t) => t.deleteAfterDays);
    const shortest = Math.min(...retentions);
    const longest = Math.max(...retentions);
    if (lock.minRetentionDays > shortest) {
      report(['data', 'backup', 'vaultLock', 'minRetentionDays'], `must be at most ${shortest} (the shortest tier's retention), got ${lock.minRetentionDays}`);
    }
    if (lock.maxRetentionDays < longest) {
      report(['data', 'backup', 'vaultLock', 'maxRetentionDays'], `must be at least ${longest} (the longest tier's retention), got ${lock.maxRetentionDays}`);
    }
  }
}
