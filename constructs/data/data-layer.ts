/** The data layer of one environment: data key, PostgreSQL, Redis, app secrets, buckets, AWS Backup, alarms. */
import { TerraformOutput, type TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../environments/schema/environment';
import { awsProvider } from '../aws-provider';
import { replicaBucketName } from '../dr/bucket-replication';
import { DrProtection } from '../dr/dr-protection';
import { DrRegion } from '../dr/dr-region';
import { KmsKey } from '../kms-key';
import { cloudFrontReadGrant } from '../edge/assets-cdn';
import { AlarmSubscriptions } from './alarm-subscriptions';
import { cloudWatchAlarmsGrant, DataAlarms } from './alarms';
import { AppSecrets } from './app-secrets';
import { DataBackup } from './backup';
import { DataBuckets } from './buckets';
import { Postgres, POSTGRES_PORT } from './postgres';
import { Redis, REDIS_PORT } from './redis';

export interface DataLayerProps {
  readonly env: EnvironmentConfig;
  /** `<project>-<env>`. */
  readonly namePrefix: string;
  /** ARN partition. @default 'aws' */
  readonly partition?: string;
  readonly vpcId: string;
  readonly vpcCidr: string;
  /** Isolated subnets, one per zone. */
  readonly isolatedSubnetIds: readonly string[];
  /** EKS node/pod security group: the only client of the database, proxy and cache. */
  readonly clientSecurityGroupId: string;
  /** KMS key of the CloudWatch log groups. */
  readonly logsKmsKeyArn: string;
}

export class DataLayer extends Construct {
  /** Encrypts RDS, ElastiCache, Secrets Manager, S3, AWS Backup and SNS. */
  public readonly dataKey: KmsKey;
  public readonly postgres: Postgres;
  public readonly redis: Redis;
  public readonly secrets: AppSecrets;
  /** Absent in a recovery environment: it serves from the recovered environment's replicas (`bucketNames`). */
  public readonly buckets?: DataBuckets;
  /** Assets and backups bucket names the apps use. */
  public readonly bucketNames: { readonly assets: string; readonly backups: string };
  public readonly backup: DataBackup;
  public readonly alarms: DataAlarms;
  /** Continuous copies in the DR region (environments with a `dr` section). */
  public readonly dr?: DrProtection;

  constructor(scope: Construct, id: string, props: DataLayerProps) {
    super(scope, id);
    const { env } = props;
    const partition = props.partition ?? 'aws';
    const { accountId, region } = env.aws;
    const data = env.data;

    // RDS, ElastiCache, Secrets Manager, S3 and AWS Backup use the key through grants made for the calling
    // IAM principal (the account statement delegates to IAM); CloudWatch alarms publish to the encrypted
    // topic as a service principal, so only CloudWatch needs a statement of its own.
    this.dataKey = new KmsKey(this, 'key', {
      alias: `${props.namePrefix}-data`,
      description: `${props.namePrefix}: RDS, ElastiCache, Secrets Manager, S3, AWS Backup and SNS`,
      accountId,
      partition,
      // CloudFront reads the assets bucket through origin access control and decrypts through S3.
      serviceGrants: [cloudWatchAlarmsGrant(region, accountId, partition), ...(env.assetsCdn ? [cloudFrontReadGrant(accountId, partition)] : [])],
    });

    const drRegion = env.dr ? new DrRegion(this, 'dr-region', { env, namePrefix: props.namePrefix, partition }) : undefined;
    this.secrets = new AppSecrets(this, 'secrets', {
      pathPrefix: `${env.project}/${env.name}`,
      names: data.secrets,
      kmsKeyArn: this.dataKey.arn,
      replica: drRegion && env.dr?.secrets.replicate ? { region: drRegion.region, kmsKeyArn: drRegion.key.arn } : undefined,
    });

    this.postgres = new Postgres(this, 'postgres', {
      namePrefix: props.namePrefix,
      accountId,
      region,
      partition,
      config: data.postgres,
      vpcId: props.vpcId,
      vpcCidr: props.vpcCidr,
      subnetIds: props.isolatedSubnetIds,
      clientSecurityGroupId: props.clientSecurityGroupId,
      kmsKeyArn: this.dataKey.arn,
      logsKmsKeyArn: props.logsKmsKeyArn,
      logRetentionDays: env.logRetentionDays,
      proxyCredentialsSecretArn: data.postgres.proxy.enabled ? this.secrets.secretArns[data.postgres.proxy.credentialsSecret] : undefined,
      restore: env.recovery?.database,
    });

    this.redis = new Redis(this, 'redis', {
      namePrefix: props.namePrefix,
      config: data.redis,
      vpcId: props.vpcId,
      subnetIds: props.isolatedSubnetIds,
      clientSecurityGroupId: props.clientSecurityGroupId,
      kmsKeyArn: this.dataKey.arn,
      logsKmsKeyArn: props.logsKmsKeyArn,
      logRetentionDays: env.logRetentionDays,
    });

    if (env.recovery) {
      // The replicas already hold the data (S3 replication); they are writable and stay in the recovered environment's state.
      const source = (kind: string) => replicaBucketName(`${env.project}-${env.recovery?.of}-${kind}`, region);
      this.bucketNames = { assets: source('assets'), backups: source('backups') };
    } else {
      this.buckets = new DataBuckets(this, 'buckets', { namePrefix: props.namePrefix, accountId, partition, kmsKeyArn: this.dataKey.arn });
      this.bucketNames = { assets: this.buckets.assets.bucketName, backups: this.buckets.backups.bucketName };
    }

    const copyProvider = awsProvider(this, env, env.name, { alias: 'backup-copy', region: data.backup.copyRegion });
    this.backup = new DataBackup(this, 'backup', {
      namePrefix: props.namePrefix,
      accountId,
      region,
      partition,
      config: data.backup,
      kmsKeyArn: this.dataKey.arn,
      copyProvider,
      resourceArns: [this.postgres.instance.arn],
    });

    this.alarms = new DataAlarms(this, 'alarms', {
      namePrefix: props.namePrefix,
      accountId,
      region,
      partition,
      config: data.alarms,
      kmsKeyArn: this.dataKey.arn,
      dbInstanceIdentifier: this.postgres.instance.identifier,
      replicaIdentifiers: this.postgres.replicas.map((r) => r.identifier),
      cacheNodeIds: this.redis.nodeIds,
    });

    if (drRegion && env.dr && this.buckets) {
      this.dr = new DrProtection(this, 'dr', {
        namePrefix: props.namePrefix, accountId, partition, region, config: env.dr, drRegion,
        postgres: this.postgres, buckets: this.buckets, backup: this.backup, dataKmsKeyArn: this.dataKey.arn, alarmTopicArn: this.alarms.topic.arn,
      });
    }
    // Validation requires subscribers in production; a development environment may leave its alarms unrouted.
    if (env.alarmNotifications.subscribers.length > 0) {
      new AlarmSubscriptions(this, 'alarm-subscriptions', { topicArn: this.alarms.topic.arn, subscribers: env.alarmNotifications.subscribers });
    }
  }

  /** Connection details for the workloads stack: endpoints, ports, names and ARNs. Never a secret value. */
  addOutputs(stack: TerraformStack): void {
    const out = (id: string, value: unknown, description: string) => new TerraformOutput(stack, id, { value, description });
    out('postgres_endpoint', this.postgres.instance.address, 'PostgreSQL primary host name');
    out('postgres_port', POSTGRES_PORT, 'PostgreSQL port');
    out('postgres_reader_endpoints', this.postgres.replicas.map((r) => r.address), 'Read replica host names');
    out('postgres_proxy_endpoint', this.postgres.proxy?.endpoint ?? '', 'RDS Proxy host name (empty when there is no proxy)');
    out('postgres_database', this.postgres.instance.dbName, 'Database name');
    out('postgres_master_secret_arn', this.postgres.masterSecretArn, 'ARN of the RDS-managed master-user secret (break-glass only)');
    out('redis_primary_endpoint', this.redis.replicationGroup.primaryEndpointAddress, 'Redis primary endpoint (TLS)');
    out('redis_reader_endpoint', this.redis.replicationGroup.readerEndpointAddress, 'Redis reader endpoint (TLS)');
    out('redis_port', REDIS_PORT, 'Redis port');
    out('redis_user_id', this.redis.appUserId, 'IAM-authenticated Redis user (elasticache:Connect)');
    out('redis_replication_group_arn', this.redis.replicationGroup.arn, 'Redis replication group ARN (elasticache:Connect resource)');
    out('app_secret_names', this.secrets.secretNames, 'Secrets Manager name per application secret');
    out('app_secret_arns', this.secrets.secretArns, 'Secrets Manager ARN per application secret');
    out('data_kms_key_arn', this.dataKey.arn, 'KMS key that encrypts the data layer (readers of the secrets need kms:Decrypt)');
    out('assets_bucket', this.bucketNames.assets, 'Application assets bucket');
    out('backups_bucket', this.bucketNames.backups, 'Application backups bucket');
    out('data_alarm_topic_arn', this.alarms.topic.arn, 'SNS topic of the data-layer alarms');
    this.dr?.addOutputs(stack);
  }
}
