/** A failure-count or latency alarm of the DR protections, to the data layer's alarm topic. */
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { Construct } from 'constructs';

export interface DrAlarmProps {
  readonly name: string;
  readonly description: string;
  readonly namespace: 'AWS/S3' | 'AWS/Backup';
  readonly metric: string;
  readonly dimensions: Record<string, string>;
  readonly statistic: 'Sum' | 'Maximum';
  /** Fires above this value. */
  readonly threshold: number;
  readonly topicArn: string;
}

export function drAlarm(scope: Construct, id: string, props: DrAlarmProps): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(scope, id, {
    alarmName: props.name,
    alarmDescription: props.description,
    namespace: props.namespace,
    metricName: props.metric,
    dimensions: props.dimensions,
    statistic: props.statistic,
    period: 300,
    evaluationPeriods: 1,
    comparisonOperator: 'GreaterThanThreshold',
    threshold: props.threshold,
    // These metrics exist only while something happens (a failed job, a replicated object): silence is fine.
    treatMissingData: 'notBreaching',
    alarmActions: [props.topicArn],
    okActions: [props.topicArn],
  });
}
