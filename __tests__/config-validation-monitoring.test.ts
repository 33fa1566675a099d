/** Monitoring validation rules: bad input is rejected with the environment, the field path and the rule. */
import { production } from '../environments/production';
import { staging } from '../environments/staging';
import { expectProblem, mutated, problemsOf, type ValidationCase } from './support/config';

test.each([['production', production], ['staging', staging]] as const)('the shipped %s monitoring config is valid', (_name, input) => {
  expect(problemsOf(input.name, input)).toEqual([]);
});

const cases: ValidationCase[] = [
  ['retention below 1 day', mutated(production, (e) => { e.monitoring.prometheus.retentionDays = 0; }),
    'monitoring.prometheus.retentionDays', /at least 1 day/],
  ['volume size 0', mutated(staging, (e) => { e.monitoring.prometheus.volumeSizeGi = 0; }),
    'monitoring.prometheus.volumeSizeGi', /at least 1 GiB/],
  ['route to an unknown receiver', mutated(production, (e) => { e.monitoring.alertmanager.routes[0].receivers = ['pagerduty', 'opsgenie']; }),
    'monitoring.alertmanager.routes[0].receivers[1]', /"opsgenie" is not one of alertmanager.receivers \(slack, pagerduty\)/],
  ['unknown default receiver', mutated(staging, (e) => { e.monitoring.alertmanager.defaultReceiver = 'email'; }),
    'monitoring.alertmanager.defaultReceiver', /"email" is not one of alertmanager.receivers \(slack\)/],
  ['receiver secret not in data.secrets', mutated(production, (e) => { e.monitoring.alertmanager.receivers[1].secret = 'PAGERDUTY_KEY'; }),
    'monitoring.alertmanager.receivers[1].secret', /"PAGERDUTY_KEY" is not in data.secrets/],
  ['Grafana admin secret not in data.secrets', mutated(staging, (e) => { e.data.secrets = e.data.secrets.filter((s) => s !== 'GRAFANA_ADMIN_PASSWORD'); }),
    'monitoring.grafana.adminPasswordSecret', /"GRAFANA_ADMIN_PASSWORD" is not in data.secrets/],
  ['exporter password secret not in data.secrets', mutated(production, (e) => { e.monitoring.postgresExporter.passwordSecret = 'PG_MONITOR'; }),
    'monitoring.postgresExporter.passwordSecret', /"PG_MONITOR" is not in data.secrets/],
  ['receiver listed twice', mutated(production, (e) => { e.monitoring.alertmanager.receivers.push({ ...e.monitoring.alertmanager.receivers[0] }); }),
    'monitoring.alertmanager.receivers[2].name', /"slack" is listed twice/],
  ['Grafana hostname not among edge.hostnames', mutated(staging, (e) => { e.monitoring.grafana.hostname = 'monitoring-staging.aifeedback.se'; }),
    'monitoring.grafana.hostname', /"monitoring-staging.aifeedback.se" is not one of edge.hostnames/],
  ['Slack receiver without a channel name', mutated(production, (e) => {
    const slack = e.monitoring.alertmanager.receivers[0];
    if (slack.kind === 'slack') slack.channel = 'alerts';
  }), 'monitoring.alertmanager.receivers[0].channel', /must be a Slack channel such as #alerts/],
];

test.each(cases)('%s', (_label, input, path, rule) => {
  expectProblem(input, path, rule);
});
