/**
 * S3 replication of buckets into the DR region: a versioned, SSE-KMS replica per source bucket (encrypted with
 * the DR key), Replication Time Control (99.99 % within 15 minutes) with its metrics, and alarms on failed
 * replication and on latency beyond the 15-minute bound.
 */
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3BucketReplicationConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import { Construct } from 'constructs';
import { policyDocument, serviceTrustPolicy } from '../../lib/iam';
import { SecureBucket } from '../secure-bucket';
import { drAlarm } from './dr-alarm';

/** The Replication Time Control bound (fixed by S3). */
export const RTC_MINUTES = 15;

/** Name of the replica of `source` in `drRegion`: a recovery environment serves from it. */
export const replicaBucketName = (source: string, drRegion: string) => `${source}-${drRegion}`;

export interface BucketReplicationProps {
  /** `<project>-<env>`: replicas are `<source>-<suffix>`, their access logs `<prefix>-dr-access-logs`. */
  readonly namePrefix: string;
  readonly accountId: string;
  /** ARN partition. @default 'aws' */
  readonly partition?: string;
  readonly sourceRegion: string;
  /** Buckets to replicate, by short name (`assets`, `backups`); their names must be concrete strings. */
  readonly sources: Readonly<Record<string, { readonly bucket: SecureBucket; readonly name: string }>>;
  /** Key of the source objects (replication decrypts with it). */
  readonly sourceKmsKeyArn: string;
  readonly drProvider: AwsProvider;
  readonly drRegion: string;
  /** Key in the DR region that encrypts the replicas. */
  readonly drKmsKeyArn: string;
  /** Replication Time Control and its metrics. @default true */
  readonly replicationTimeControl?: boolean;
  /** Alarm topic (in the source region, where S3 publishes replication metrics). */
  readonly alarmTopicArn: string;
}

export class BucketReplication extends Construct {
  public readonly role: IamRole;
  /** Replica bucket by short name. */
  public readonly replicas: Readonly<Record<string, SecureBucket>>;
  public readonly configurations: readonly S3BucketReplicationConfigurationA[];

  constructor(scope: Construct, id: string, props: BucketReplicationProps) {
    super(scope, id);
    const partition = props.partition ?? 'aws';
    const rtc = props.replicationTimeControl ?? true;
    if (props.drRegion === props.sourceRegion) throw new Error(`BucketReplication ${props.namePrefix}: drRegion must differ from sourceRegion`);
    const entries = Object.entries(props.sources);
    if (entries.length === 0) throw new Error(`BucketReplication ${props.namePrefix}: sources must name at least one bucket`);
    const replicaName = (source: string) => replicaBucketName(source, props.drRegion);
    for (const [, s] of entries) if (replicaName(s.name).length > 63) throw new Error(`BucketReplication: replica name ${replicaName(s.name)} exceeds 63 characters`);

    // Replicas are access-logged like their sources, into a log bucket in the same region (S3 logs stay in-region).
    const logsName = `${props.namePrefix}-dr-access-logs`;
    const accessLogs = new SecureBucket(this, 'access-logs', {
      provider: props.drProvider,
      bucketName: logsName,
      receivesAccessLogsFrom: { accountId: props.accountId, sourceBucketArns: entries.map(([, s]) => `arn:${partition}:s3:::${replicaName(s.name)}`) },
      expireCurrentAfterDays: 365,
      noncurrentVersionExpirationDays: 30,
    });
    const replicas: Record<string, SecureBucket> = {};
    for (const [short, source] of entries) {
      replicas[short] = new SecureBucket(this, `${short}-replica`, {
        provider: props.drProvider,
        bucketName: replicaName(source.name),
        kmsKeyArn: props.drKmsKeyArn,
        accessLogs: { targetBucket: accessLogs.bucketName, prefix: `${replicaName(source.name)}/` },
      });
    }
    this.replicas = replicas;

    const sourceArns = entries.map(([, s]) => s.bucket.arn);
    const replicaArns = Object.values(replicas).map((r) => r.arn);
    this.role = new IamRole(this, 'role', {
      name: `${props.namePrefix}-s3-replication`,
      description: `S3 replicates ${entries.map(([short]) => short).join(', ')} to ${props.drRegion}`,
      assumeRolePolicy: serviceTrustPolicy('s3.amazonaws.com', props.accountId),
    });
    new IamRolePolicy(this, 'role-policy', {
      role: this.role.id,
      name: 'replicate-to-dr-region',
      policy: policyDocument([
        { Sid: 'ReadSourceConfiguration', Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: sourceArns },
        { Sid: 'ReadSourceVersions', Effect: 'Allow', Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'], Resource: sourceArns.map((a) => `${a}/*`) },
        { Sid: 'WriteReplicas', Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], Resource: replicaArns.map((a) => `${a}/*`) },
        { Sid: 'DecryptSources', Effect: 'Allow', Action: 'kms:Decrypt', Resource: props.sourceKmsKeyArn, Condition: { StringEquals: { 'kms:ViaService': `s3.${props.sourceRegion}.amazonaws.com` } } },
        { Sid: 'EncryptReplicas', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Resource: props.drKmsKeyArn, Condition: { StringEquals: { 'kms:ViaService': `s3.${props.drRegion}.amazonaws.com` } } },
      ]),
    });

    this.configurations = entries.map(([short, source]) => {
      const ruleId = `${short}-to-${props.drRegion}`;
      const configuration = new S3BucketReplicationConfigurationA(this, `${short}-replication`, {
        bucket: source.bucket.bucket.id,
        role: this.role.arn,
        // Both buckets must be versioned before S3 accepts the configuration.
        dependsOn: [source.bucket.versioning, replicas[short].versioning],
        rule: [{
          id: ruleId,
          status: 'Enabled',
          priority: 1,
          filter: { prefix: '' },
          // Deletes replicate as delete markers; versioning keeps every earlier version on both sides.
          deleteMarkerReplication: { status: 'Enabled' },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
          destination: {
            bucket: replicas[short].arn,
            storageClass: 'STANDARD',
            encryptionConfiguration: { replicaKmsKeyId: props.drKmsKeyArn },
            ...(rtc ? {
              replicationTime: { status: 'Enabled', time: { minutes: RTC_MINUTES } },
              metrics: { status: 'Enabled', eventThreshold: { minutes: RTC_MINUTES } },
            } : {}),
          },
        }],
      });
      const dimensions = { SourceBucket: source.name, DestinationBucket: replicaName(source.name), RuleId: ruleId };
      drAlarm(this, `${short}-failed-alarm`, {
        name: `${props.namePrefix}-${short}-replication-failed`, description: `objects of ${source.name} failed to replicate to ${props.drRegion}`,
        namespace: 'AWS/S3', metric: 'OperationsFailedReplication', dimensions, statistic: 'Sum', threshold: 0, topicArn: props.alarmTopicArn,
      });
      if (rtc) {
        drAlarm(this, `${short}-latency-alarm`, {
          name: `${props.namePrefix}-${short}-replication-latency`, description: `${source.name} replication to ${props.drRegion} slower than ${RTC_MINUTES} minutes`,
          namespace: 'AWS/S3', metric: 'ReplicationLatency', dimensions, statistic: 'Maximum', threshold: RTC_MINUTES * 60, topicArn: props.alarmTopicArn,
        });
      }
      return configuration;
    });
  }
}
