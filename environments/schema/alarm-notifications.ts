/** Who receives the CloudWatch alarms of an environment (SNS subscriptions on the alarm topics). */
import { z } from 'zod';
import type { IssueReporter } from './issues';

export const alarmSubscriberSchema = z.discriminatedUnion('kind', [
  /** An e-mail address (a team list). AWS mails a confirmation link that someone must click once. */
  z.object({ kind: z.literal('email'), address: z.string().email('must be an e-mail address') }),
  /** An HTTPS endpoint that answers SNS's subscription confirmation (a chat or incident-tool webhook). */
  z.object({ kind: z.literal('https'), url: z.string().url('must be a URL').regex(/^https:\/\//, 'must use https://') }),
  /**
   * A PagerDuty CloudWatch integration. Its URL embeds the integration key, so it never sits in code: the deploy
   * supplies it as the sensitive Terraform variable `variable` (`TF_VAR_<variable>`).
   */
  z.object({ kind: z.literal('pagerduty'), variable: z.string().regex(/^[a-z][a-z0-9_]{2,62}$/, 'must be a lower_snake_case Terraform variable name') }),
]);

export const alarmNotificationsSchema = z.object({
  /** Every subscriber gets every alarm and its recovery. */
  subscribers: z.array(alarmSubscriberSchema).default([]),
});

export type AlarmSubscriber = z.output<typeof alarmSubscriberSchema>;
export type AlarmNotificationsConfig = z.output<typeof alarmNotificationsSchema>;

const identity = (s: AlarmSubscriber) => (s.kind === 'email' ? s.address : s.kind === 'https' ? s.url : s.variable);

/** Production alarms must reach someone; no subscriber twice. */
export function checkAlarmNotifications(config: AlarmNotificationsConfig, tier: string, report: IssueReporter): void {
  if (tier === 'production' && config.subscribers.length === 0) {
    report(['alarmNotifications', 'subscribers'], 'needs at least one subscriber in production: alarms published to a topic nobody subscribes to reach nobody');
  }
  const seen = new Set<string>();
  config.subscribers.forEach((subscriber, index) => {
    const id = `${subscriber.kind}:${identity(subscriber)}`;
    if (seen.has(id)) report(['alarmNotifications', 'subscribers', index], `${subscriber.kind} "${identity(subscriber)}" is listed twice`);
    seen.add(id);
  });
}
