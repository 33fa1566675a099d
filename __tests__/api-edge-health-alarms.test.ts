/**
 * Route53 health checks page someone: one CloudWatch alarm per check on HealthCheckStatus, in us-east-1 (the only
 * region with those metrics), whose actions are an SNS topic in the same region (an alarm may only notify a topic of its
 * own region), KMS-encrypted with a key CloudWatch may use, subscribed by the environment's alarm receivers. Every check
 * is also run against planted defects it must catch.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { HealthCheckAlarms, HEALTH_CHECK_METRIC_REGION } from '../constructs/edge/health-check-alarms';
import { awsProviderRegions } from '../constructs/aws-provider';
import { synthConstruct } from './support/scope';
import { asList, parsePolicy, platformStack, platformStacks, references, testEnvironments, type Json, type SynthResource, type SynthStack } from './support/synth';

const envs = testEnvironments();

/** Region of a resource: its provider alias's region, else the default aws provider's. */
function regionOf(stack: SynthStack, resource: SynthResource): string {
  const providers = asList<Json>(stack.json.provider?.aws);
  const alias = typeof resource.attrs.provider === 'string' ? resource.attrs.provider.replace(/^aws\./, '') : undefined;
  const provider = providers.find((p) => (alias ? p.alias === alias : p.alias === undefined));
  if (!provider) throw new Error(`${resource.address}: no aws provider ${alias ?? '(default)'}`);
  return provider.region;
}

/** What keeps a failing health check of `envName` from paging anyone (empty when sound). */
function healthAlarmProblems(stack: SynthStack, envName: string): string[] {
  const env = envs[envName];
  const problems: string[] = [];
  const checks = stack.resources('aws_route53_health_check');
  if (checks.length !== env.edge.healthChecks.length) problems.push(`${checks.length} health checks for ${env.edge.healthChecks.length} in edge.healthChecks`);
  const alarms = stack.resources('aws_cloudwatch_metric_alarm').filter((a) => a.attrs.namespace === 'AWS/Route53');
  for (const check of checks) {
    const mine = alarms.filter((a) => references(a.attrs.dimensions?.HealthCheckId).includes(check.address));
    if (mine.length !== 1) { problems.push(`${check.address}: ${mine.length} alarms on its HealthCheckStatus`); continue; }
    const alarm = mine[0];
    const region = regionOf(stack, alarm);
    if (alarm.attrs.metric_name !== 'HealthCheckStatus') problems.push(`${alarm.address}: watches ${alarm.attrs.metric_name}`);
    if (region !== HEALTH_CHECK_METRIC_REGION) problems.push(`${alarm.address}: in ${region}, where Route53 publishes no health-check metrics`);
    if (alarm.attrs.comparison_operator !== 'LessThanThreshold' || alarm.attrs.threshold !== 1) problems.push(`${alarm.address}: does not fire below 1 (healthy)`);
    const actions = asList<string>(alarm.attrs.alarm_actions);
    if (actions.length === 0) problems.push(`${alarm.address}: has no alarm action`);
    for (const action of actions) {
      const topic = stack.resources('aws_sns_topic').find((t) => references(action).includes(t.address));
      if (!topic) { problems.push(`${alarm.address}: action ${action} is no SNS topic of the stack`); continue; }
      const topicRegion = regionOf(stack, topic);
      if (topicRegion !== region) problems.push(`${alarm.address}: notifies ${topic.address} in ${topicRegion}, not in the alarm's region ${region}`);
      const key = stack.resources('aws_kms_key').find((k) => references(topic.attrs.kms_master_key_id ?? '').includes(k.address));
      if (!key) problems.push(`${topic.address}: not encrypted with a KMS key of the stack`);
      else {
        if (regionOf(stack, key) !== topicRegion) problems.push(`${topic.address}: its key is in ${regionOf(stack, key)}`);
        if (!JSON.stringify(parsePolicy(key.attrs.policy)).includes('cloudwatch.amazonaws.com')) problems.push(`${key.address}: CloudWatch may not use it (alarms could not publish)`);
      }
      const subscriptions = stack.resources('aws_sns_topic_subscription').filter((s) => references(s.attrs.topic_arn).includes(topic.address));
      if (subscriptions.length !== env.alarmNotifications.subscribers.length) problems.push(`${topic.address}: ${subscriptions.length} subscriptions for ${env.alarmNotifications.subscribers.length} alarm subscribers`);
      for (const s of subscriptions) if (regionOf(stack, s) !== topicRegion) problems.push(`${s.address}: subscribes in ${regionOf(stack, s)}, not in the topic's region`);
    }
  }
  return problems;
}

const withHealthChecks = Object.keys(envs).filter((name) => envs[name].edge.healthChecks.length > 0 && platformStacks().some((s) => s.name === name));

test('at least one shipped environment has health checks (the checks below are not vacuous)', () => {
  expect(withHealthChecks.length).toBeGreaterThan(0);
});

describe.each(withHealthChecks)('%s', (envName) => {
  test('every health check has a us-east-1 alarm whose topic, key and subscriptions are in us-east-1 too', () => {
    expect(healthAlarmProblems(platformStack(envName), envName)).toEqual([]);
  });

  test('the deploy role may act in us-east-1 (its regions come from the stack providers)', () => {
    const stack = platformStack(envName);
    const regions = asList<Json>(stack.json.provider.aws).map((p) => p.region);
    expect(regions).toContain(HEALTH_CHECK_METRIC_REGION);
  });
});

describe('planted defects are caught', () => {
  const envName = withHealthChecks[0];
  const plant = (change: (json: Json) => void): SynthStack => {
    const stack = platformStack(envName);
    const json = structuredClone(stack.json);
    change(json);
    return new (stack.constructor as typeof SynthStack)(stack.name, json);
  };
  const route53Alarms = (json: Json) => (Object.values(json.resource.aws_cloudwatch_metric_alarm) as Json[]).filter((a) => a.namespace === 'AWS/Route53');
  const healthTopics = (json: Json) => Object.entries(json.resource.aws_sns_topic as Json).filter(([name]) => name.includes('health-check')).map(([, t]) => t as Json);

  test.each([
    ['alarm in the primary region', (j: Json) => { for (const a of route53Alarms(j)) delete a.provider; }, /where Route53 publishes no health-check metrics/],
    ['topic in another region', (j: Json) => { for (const t of healthTopics(j)) delete t.provider; }, /not in the alarm's region/],
    ['alarm without action', (j: Json) => { for (const a of route53Alarms(j)) a.alarm_actions = []; }, /has no alarm action/],
    ['alarm removed', (j: Json) => { for (const [name, a] of Object.entries(j.resource.aws_cloudwatch_metric_alarm as Json)) if ((a as Json).namespace === 'AWS/Route53') delete j.resource.aws_cloudwatch_metric_alarm[name]; }, /0 alarms on its HealthCheckStatus/],
    ['subscription in the primary region', (j: Json) => {
      for (const [name, s] of Object.entries(j.resource.aws_sns_topic_subscription as Json)) if (name.includes('health-check')) delete (s as Json).provider;
    }, /not in the topic's region/],
    ['topic unencrypted', (j: Json) => { for (const t of healthTopics(j)) delete t.kms_master_key_id; }, /not encrypted with a KMS key/],
  ])('%s', (_label, change, rule) => {
    expect(healthAlarmProblems(plant(change), envName).join('\n')).toMatch(rule);
  });
});

describe('HealthCheckAlarms', () => {
  test('refuses a provider outside us-east-1', () => {
    expect(() => synthConstruct((scope) => {
      const eu = new AwsProvider(scope, 'eu', { region: 'eu-north-1', alias: 'eu' });
      new HealthCheckAlarms(scope, 'alarms', { namePrefix: 'acme-test', accountId: '111111111111', usEast1: eu, healthCheckIds: { api: 'hc-1' } });
    })).toThrow(/must be a provider in us-east-1/);
  });

  test('its provider puts us-east-1 among the regions the deploy role is derived from', () => {
    let regions: string[] = [];
    synthConstruct((scope) => {
      const usEast1 = new AwsProvider(scope, 'use1', { region: HEALTH_CHECK_METRIC_REGION, alias: 'us-east-1' });
      new HealthCheckAlarms(scope, 'alarms', { namePrefix: 'acme-test', accountId: '111111111111', usEast1, healthCheckIds: { api: 'hc-1' }, subscribers: [{ kind: 'email', address: 'ops@acme.se' }] });
      regions = awsProviderRegions([scope]);
    });
    expect(regions).toEqual(['eu-north-1', HEALTH_CHECK_METRIC_REGION]);
  });
});
