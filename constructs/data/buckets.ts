/** Application buckets: assets and backups (SSE-KMS), both access-logged into an access-log bucket (SSE-S3). */
import { Construct } from 'constructs';
import { SecureBucket } from '../secure-bucket';

export interface DataBucketsProps {
  /** `<project>-<env>`: buckets are `<prefix>-assets`, `<prefix>-backups`, `<prefix>-access-logs`. */
  readonly namePrefix: string;
  readonly accountId: string;
  /** ARN partition. @default 'aws' */
  readonly partition?: string;
  /** Data key for SSE-KMS. */
  readonly kmsKeyArn: string;
  /** Days to keep access logs. @default 365 */
  readonly accessLogRetentionDays?: number;
}

export class DataBuckets extends Construct {
  public readonly assets: SecureBucket;
  public readonly backups: SecureBucket;
  public readonly accessLogs: SecureBucket;

  constructor(scope: Construct, id: string, props: DataBucketsProps) {
    super(scope, id);
    const partition = props.partition ?? 'aws';
    const retention = props.accessLogRetentionDays ?? 365;
    if (retention < 1) throw new Error(`DataBuckets ${props.namePrefix}: accessLogRetentionDays must be positive, got ${retention}`);
    const names = {
      assets: `${props.namePrefix}-assets`,
      backups: `${props.namePrefix}-backups`,
      accessLogs: `${props.namePrefix}-access-logs`,
    };
    for (const name of Object.values(names)) {
      if (name.length > 63) throw new Error(`DataBuckets: bucket name ${name} exceeds 63 characters`);
    }

    // Source ARNs built from the names: referencing the buckets would make the log bucket depend on them and back.
    this.accessLogs = new SecureBucket(this, 'access-logs', {
      bucketName: names.accessLogs,
      receivesAccessLogsFrom: {
        accountId: props.accountId,
        sourceBucketArns: [names.assets, names.backups].map((n) => `arn:${partition}:s3:::${n}`),
      },
      expireCurrentAfterDays: retention,
      noncurrentVersionExpirationDays: 30,
    });
    const logsTo = (name: string) => ({ targetBucket: this.accessLogs.bucketName, prefix: `${name}/` });
    this.assets = new SecureBucket(this, 'assets', {
      bucketName: names.assets,
      kmsKeyArn: props.kmsKeyArn,
      accessLogs: logsTo(names.assets),
    });
    // Application-level exports and dumps; AWS Backup keeps the database's own recovery points.
    this.backups = new SecureBucket(this, 'backups', {
      bucketName: names.backups,
      kmsKeyArn: props.kmsKeyArn,
      accessLogs: logsTo(names.backups),
      transitionToInfrequentAccessDays: 30,
      noncurrentVersionExpirationDays: 90,
    });
  }
}
