/** CloudWatch alarms for the database and the cache, to a KMS-encrypted SNS topic. */
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import type { AlarmsConfig } from '../../environments/schema/data';
import { policyDocument } from '../../lib/iam';
import type { KmsServiceGrant } from '../kms-key';

const GIB = 1024 ** 3;

export interface DataAlarmsProps {
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /** ARN partition. @default 'aws' */
  readonly partition?: string;
  readonly config: AlarmsConfig;
  /** Key of the topic; it must carry `cloudWatchAlarmsGrant` (CloudWatch encrypts what it publishes). */
  readonly kmsKeyArn: string;
  readonly dbInstanceIdentifier: string;
  /** Read replicas' identifiers (replica-lag alarms). @default [] */
  readonly replicaIdentifiers?: readonly string[];
  /** ElastiCache node ids (`<group>-001`...), concrete strings (they name the alarms): metrics are per node. */
  readonly cacheNodeIds: readonly string[];
}

interface AlarmSpec {
  readonly id: string;
  readonly namespace: 'AWS/RDS' | 'AWS/ElastiCache';
  readonly metric: string;
  readonly dimensions: Record<string, string>;
  readonly comparison: 'GreaterThanThreshold' | 'LessThanThreshold';
  readonly threshold: number;
  readonly statistic?: 'Average' | 'Sum' | 'Maximum' | 'Minimum';
  readonly description: string;
}

export class DataAlarms extends Construct {
  public readonly topic: SnsTopic;
  public readonly alarms: CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: DataAlarmsProps) {
    super(scope, id);
    const partition = props.partition ?? 'aws';
    const c = props.config;
    if (props.cacheNodeIds.length === 0) throw new Error(`DataAlarms ${props.namePrefix}: cacheNodeIds must not be empty`);

    this.topic = new SnsTopic(this, 'topic', {
      name: `${props.namePrefix}-data-alarms`,
      kmsMasterKeyId: props.kmsKeyArn,
    });
    alarmTopicPolicy(this, this.topic, props.region, props.accountId, partition);

    const db = { DBInstanceIdentifier: props.dbInstanceIdentifier };
    const specs: AlarmSpec[] = [
      { id: 'db-cpu', namespace: 'AWS/RDS', metric: 'CPUUtilization', dimensions: db, comparison: 'GreaterThanThreshold', threshold: c.dbCpuPercent, description: `database CPU above ${c.dbCpuPercent} %` },
      { id: 'db-free-storage', namespace: 'AWS/RDS', metric: 'FreeStorageSpace', dimensions: db, comparison: 'LessThanThreshold', threshold: c.dbFreeStorageGb * GIB, statistic: 'Minimum', description: `database free storage below ${c.dbFreeStorageGb} GiB (autoscaling may be at its maximum)` },
      { id: 'db-connections', namespace: 'AWS/RDS', metric: 'DatabaseConnections', dimensions: db, comparison: 'GreaterThanThreshold', threshold: c.dbConnections, statistic: 'Maximum', description: `more than ${c.dbConnections} database connections` },
      // Index-based ids: identifiers may be Terraform references, unknown at synth time.
      ...(props.replicaIdentifiers ?? []).map((replica, index): AlarmSpec => ({
        id: `replica-lag-${index + 1}`, namespace: 'AWS/RDS', metric: 'ReplicaLag', dimensions: { DBInstanceIdentifier: replica }, comparison: 'GreaterThanThreshold', threshold: c.replicaLagSeconds, statistic: 'Maximum', description: `read replica ${index + 1} lags more than ${c.replicaLagSeconds} s`,
      })),
      ...props.cacheNodeIds.flatMap((node): AlarmSpec[] => [
        { id: `cache-memory-${node}`, namespace: 'AWS/ElastiCache', metric: 'DatabaseMemoryUsagePercentage', dimensions: { CacheClusterId: node }, comparison: 'GreaterThanThreshold', threshold: c.redisMemoryPercent, statistic: 'Maximum', description: `${node} memory above ${c.redisMemoryPercent} %` },
        { id: `cache-evictions-${node}`, namespace: 'AWS/ElastiCache', metric: 'Evictions', dimensions: { CacheClusterId: node }, comparison: 'GreaterThanThreshold', threshold: c.redisEvictions, statistic: 'Sum', description: `${node} evicts more than ${c.redisEvictions} keys per 5 minutes` },
        { id: `cache-cpu-${node}`, namespace: 'AWS/ElastiCache', metric: 'EngineCPUUtilization', dimensions: { CacheClusterId: node }, comparison: 'GreaterThanThreshold', threshold: c.redisCpuPercent, description: `${node} engine CPU above ${c.redisCpuPercent} %` },
      ]),
    ];

    this.alarms = specs.map((s) => new CloudwatchMetricAlarm(this, s.id, {
      alarmName: `${props.namePrefix}-${s.id}`,
      alarmDescription: s.description,
      namespace: s.namespace,
      metricName: s.metric,
      dimensions: s.dimensions,
      statistic: s.statistic ?? 'Average',
      period: 300,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      comparisonOperator: s.comparison,
      threshold: s.threshold,
      // Missing data means the resource stopped reporting: not "fine".
      treatMissingData: 'breaching',
      alarmActions: [this.topic.arn],
      okActions: [this.topic.arn],
    }));
  }
}

function alarmArnPattern(region: string, accountId: string, partition: string): string {
  return `arn:${partition}:cloudwatch:${region}:${accountId}:alarm:*`;
}

/** The topic's policy: only CloudWatch alarms of this account and region may publish (the alarm's own region). */
export function alarmTopicPolicy(scope: Construct, topic: SnsTopic, region: string, accountId: string, partition = 'aws', provider?: TerraformProvider): SnsTopicPolicy {
  return new SnsTopicPolicy(scope, 'topic-policy', {
    provider,
    arn: topic.arn,
    policy: policyDocument([{
      Sid: 'CloudWatchAlarmsOfThisAccount',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: topic.arn,
      Condition: { StringEquals: { 'aws:SourceAccount': accountId }, ArnLike: { 'aws:SourceArn': alarmArnPattern(region, accountId, partition) } },
    }]),
  });
}

/** What the topic's key policy must allow CloudWatch: encrypt alarm notifications for this account's alarms. */
export function cloudWatchAlarmsGrant(region: string, accountId: string, partition = 'aws'): KmsServiceGrant {
  return {
    service: 'cloudwatch.amazonaws.com',
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    condition: { StringEquals: { 'aws:SourceAccount': accountId }, ArnLike: { 'aws:SourceArn': alarmArnPattern(region, accountId, partition) } },
  };
}
