/** SNS subscriptions that deliver an alarm topic to the environment's configured receivers. */
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import type { AlarmSubscriber } from '../../environments/schema/alarm-notifications';

export interface AlarmSubscriptionsProps {
  readonly topicArn: string;
  /** Receivers; at least one (a topic without subscribers delivers nothing). */
  readonly subscribers: readonly AlarmSubscriber[];
}

export class AlarmSubscriptions extends Construct {
  public readonly subscriptions: SnsTopicSubscription[];

  constructor(scope: Construct, id: string, props: AlarmSubscriptionsProps) {
    super(scope, id);
    if (props.subscribers.length === 0) throw new Error('AlarmSubscriptions: give at least one subscriber');
    this.subscriptions = props.subscribers.map((subscriber, index) => {
      const common = { topicArn: props.topicArn };
      switch (subscriber.kind) {
        case 'email':
          return new SnsTopicSubscription(this, `email-${index}`, { ...common, protocol: 'email', endpoint: subscriber.address });
        case 'https':
          return new SnsTopicSubscription(this, `https-${index}`, { ...common, protocol: 'https', endpoint: subscriber.url });
        case 'pagerduty': {
          const url = new TerraformVariable(this, subscriber.variable, {
            type: 'string',
            sensitive: true,
            description: `PagerDuty CloudWatch integration URL for alarm delivery (TF_VAR_${subscriber.variable})`,
          });
          url.overrideLogicalId(subscriber.variable); // the exact name the deploy sets as TF_VAR_<name>
          return new SnsTopicSubscription(this, `pagerduty-${index}`, {
            ...common,
            protocol: 'https',
            endpoint: url.stringValue,
            // PagerDuty confirms the subscription itself.
            endpointAutoConfirms: true,
          });
        }
      }
    });
  }
}
