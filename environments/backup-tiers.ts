/**
 * Backup tiers as data: the default of `data.backup.tiers` (environments/schema/data.ts), which the AWS Backup plan
 * (constructs/data/backup.ts) builds one rule from each; the RPO statement (rpo.ts) names the daily one.
 */
/** The platform's retention tiers (docs/platform-facts.md, "Backup tiers"). Cold storage needs >= 90 days there before deletion. */
export const BACKUP_TIERS = [
  { name: 'daily', schedule: undefined, deleteAfterDays: 30, coldAfterDays: undefined },
  { name: 'weekly', schedule: 'cron(0 22 ? * SUN *)', deleteAfterDays: 84, coldAfterDays: undefined },
  { name: 'monthly', schedule: 'cron(0 22 1 * ? *)', deleteAfterDays: 365, coldAfterDays: 90 },
  { name: 'yearly', schedule: 'cron(0 22 1 1 ? *)', deleteAfterDays: 2557, coldAfterDays: 90 },
] as const;

/** AWS Backup resource types the plan selects (constructs/data/backup.ts: the database by ARN, tagged EBS volumes). */
export const BACKUP_RESOURCE_TYPES = ['RDS', 'EBS'] as const;

/**
 * Whether AWS Backup moves recovery points of a resource type to cold storage ("Feature availability by resource",
 * docs/api-rules.md). For the other types AWS Backup ignores the cold-storage setting.
 */
export const COLD_STORAGE_SUPPORT: Readonly<Record<string, boolean>> = {
  RDS: false,
  Aurora: false,
  EBS: true,
  EFS: true,
  DynamoDB: true,
  ElastiCache: false,
};

/** AWS Backup keeps a recovery point in cold storage at least this long before it may be deleted. */
export const COLD_STORAGE_MINIMUM_DAYS = 90;
