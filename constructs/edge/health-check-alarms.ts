/**
 * Pages someone when a Route53 health check fails. Route53 publishes HealthCheckStatus only in us-east-1, and an alarm's
 * action must be an SNS topic in the alarm's own region, so the alarms, their topic and the topic's key all live in
 * us-east-1, whatever the environment's region.
 */
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { Construct } from 'constructs';
import type { AlarmSubscriber } from '../../environments/schema/alarm-notifications';
import { AlarmSubscriptions } from '../data/alarm-subscriptions';
import { alarmTopicPolicy, cloudWatchAlarmsGrant } from '../data/alarms';
import { KmsKey } from '../kms-key';

/** The only region where Route53 health-check metrics exist. */
export const HEALTH_CHECK_METRIC_REGION = 'us-east-1';

export interface HealthCheckAlarmsProps {
  readonly namePrefix: string;
  readonly accountId: string;
  /** ARN partition. @default 'aws' */
  readonly partition?: string;
  /** Provider alias in us-east-1: alarms, topic and key are created with it. */
  readonly usEast1: AwsProvider;
  /** Health check ids by check name (one alarm each). */
  readonly healthCheckIds: Readonly<Record<string, string>>;
  /** Who is paged. @default none (the alarms still show in the console) */
  readonly subscribers?: readonly AlarmSubscriber[];
  /** Consecutive failed minutes before the alarm fires. @default 2 */
  readonly evaluationMinutes?: number;
}

export class HealthCheckAlarms extends Construct {
  public readonly topic: SnsTopic;
  public readonly key: KmsKey;
  /** Alarms by health check name. */
  public readonly alarms: Readonly<Record<string, CloudwatchMetricAlarm>>;
  public readonly subscriptions?: AlarmSubscriptions;

  constructor(scope: Construct, id: string, props: HealthCheckAlarmsProps) {
    super(scope, id);
    if (props.usEast1.region !== HEALTH_CHECK_METRIC_REGION) {
      throw new Error(`HealthCheckAlarms: usEast1 must be a provider in ${HEALTH_CHECK_METRIC_REGION} (health-check metrics exist only there), got ${props.usEast1.region}`);
    }
    const partition = props.partition ?? 'aws';
    const region = HEALTH_CHECK_METRIC_REGION;
    const provider = props.usEast1;
    const minutes = props.evaluationMinutes ?? 2;

    this.key = new KmsKey(this, 'key', {
      alias: `${props.namePrefix}-health-check-alarms`,
      description: `${props.namePrefix}: SNS topic of the Route53 health-check alarms (${region})`,
      accountId: props.accountId,
      partition,
      serviceGrants: [cloudWatchAlarmsGrant(region, props.accountId, partition)],
      provider,
    });
    this.topic = new SnsTopic(this, 'topic', { provider, name: `${props.namePrefix}-health-check-alarms`, kmsMasterKeyId: this.key.arn });
    alarmTopicPolicy(this, this.topic, region, props.accountId, partition, provider);

    this.alarms = Object.fromEntries(Object.entries(props.healthCheckIds).map(([name, healthCheckId]) => [name, new CloudwatchMetricAlarm(this, name, {
      provider,
      alarmName: `${props.namePrefix}-health-check-${name}`,
      alarmDescription: `Route53 health check ${name} has failed for ${minutes} minutes (the public name does not answer through Cloudflare)`,
      namespace: 'AWS/Route53',
      metricName: 'HealthCheckStatus',
      dimensions: { HealthCheckId: healthCheckId },
      // 1 healthy, 0 unhealthy; Minimum catches any failing minute.
      statistic: 'Minimum',
      period: 60,
      evaluationPeriods: minutes,
      datapointsToAlarm: minutes,
      comparisonOperator: 'LessThanThreshold',
      threshold: 1,
      // No data means the check stopped reporting: not "fine".
      treatMissingData: 'breaching',
      alarmActions: [this.topic.arn],
      okActions: [this.topic.arn],
    })]));

    if ((props.subscribers ?? []).length > 0) {
      this.subscriptions = new AlarmSubscriptions(this, 'subscriptions', { topicArn: this.topic.arn, subscribers: props.subscribers! });
      // SNS subscribes in the topic's region.
      for (const subscription of this.subscriptions.subscriptions) subscription.provider = provider;
    }
  }
}
