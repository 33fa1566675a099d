/** Backup tiers as data: the AWS Backup plan (constructs/data/backup.ts) and the RPO statement (rpo.ts) both read them. */
/** The platform's retention tiers (docs/platform-facts.md, "Backup tiers"). Cold storage needs >= 90 days there before deletion. */
export const BACKUP_TIERS = [
  { name: 'daily', schedule: undefined, deleteAfterDays: 30, coldAfterDays: undefined },
  { name: 'weekly', schedule: 'cron(0 22 ? * SUN *)', deleteAfterDays: 84, coldAfterDays: undefined },
  { name: 'monthly', schedule: 'cron(0 22 1 * ? *)', deleteAfterDays: 365, coldAfterDays: 90 },
  { name: 'yearly', schedule: 'cron(0 22 1 1 ? *)', deleteAfterDays: 2557, coldAfterDays: 90 },
] as const;
