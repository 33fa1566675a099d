/** Monitoring (docs/monitoring.md): Prometheus storage, Grafana, Alertmanager receivers and routes, exporter credentials. */
import { z } from 'zod';
import { PLATFORM_ALERTS } from '../alerts';
import { ALERT_SEVERITIES, alertRuleSchema, checkAlerts } from './alerts';
import type { IssueReporter } from './issues';

const secretName = z.string().regex(/^[A-Z][A-Z0-9_]{1,63}$/, 'must be a secret name of data.secrets (upper case, digits, "_")');
const receiverName = z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'receiver names are lower-case labels');

/** One Alertmanager receiver; its URL or key is read from a Secrets Manager entry, never from config. */
export const receiverSchema = z.discriminatedUnion('kind', [
  z.object({
    name: receiverName,
    kind: z.literal('slack'),
    /** Secret (in data.secrets) holding the Slack incoming-webhook URL. */
    secret: secretName,
    /** Channel the webhook posts to, e.g. `#alerts`. */
    channel: z.string().regex(/^[#@][\w.-]{1,80}$/, 'must be a Slack channel such as #alerts'),
  }),
  z.object({
    name: receiverName,
    kind: z.literal('pagerduty'),
    /** Secret (in data.secrets) holding the PagerDuty Events API v2 routing key. */
    secret: secretName,
  }),
]);
export type ReceiverConfig = z.output<typeof receiverSchema>;

export const monitoringSchema = z.object({
  prometheus: z.object({
    /** Days Prometheus keeps samples on its volume. */
    retentionDays: z.number().int().min(1, 'must be at least 1 day'),
    /** Size of the Prometheus volume (gp3, encrypted), in GiB. */
    volumeSizeGi: z.number().int().min(1, 'must be at least 1 GiB'),
  }),
  grafana: z.object({
    /** Public hostname (one of edge.hostnames[].name) served through the ALB. @default internal only */
    hostname: z.string().optional(),
    /** Secret (in data.secrets) holding the Grafana admin password. */
    adminPasswordSecret: secretName,
  }),
  alertmanager: z.object({
    receivers: z.array(receiverSchema).min(1, 'needs at least one receiver'),
    /** Receiver of alerts no route matches. */
    defaultReceiver: receiverName,
    /** Alerts by severity label, to receivers (in order; every receiver listed gets the alert). */
    routes: z.array(z.object({ severity: z.enum(ALERT_SEVERITIES), receivers: z.array(receiverName).min(1) })),
  }),
  /** The alert rules rendered into the PrometheusRule. @default the platform's table in environments/alerts.ts */
  alerts: z.array(alertRuleSchema).default(() => [...PLATFORM_ALERTS]),
  postgresExporter: z.object({
    /** Read-only monitoring role (`pg_monitor`), created out of band. */
    user: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a PostgreSQL role name'),
    /** Secret (in data.secrets) holding that role's password. */
    passwordSecret: secretName,
  }),
});
export type MonitoringConfig = z.output<typeof monitoringSchema>;

export interface MonitoringContext {
  readonly hostnames: readonly string[];
  readonly secrets: readonly string[];
}

export function checkMonitoring(monitoring: MonitoringConfig, context: MonitoringContext, report: IssueReporter): void {
  const am = monitoring.alertmanager;
  const names = am.receivers.map((r) => r.name);
  const known = (name: string) => names.includes(name);
  const secret = (path: (string | number)[], name: string) => {
    if (!context.secrets.includes(name)) report(['monitoring', ...path], `"${name}" is not in data.secrets`);
  };
  am.receivers.forEach((r, i) => {
    if (names.indexOf(r.name) !== i) report(['monitoring', 'alertmanager', 'receivers', i, 'name'], `"${r.name}" is listed twice`);
    secret(['alertmanager', 'receivers', i, 'secret'], r.secret);
  });
  if (!known(am.defaultReceiver)) {
    report(['monitoring', 'alertmanager', 'defaultReceiver'], `"${am.defaultReceiver}" is not one of alertmanager.receivers (${names.join(', ')})`);
  }
  am.routes.forEach((route, i) => route.receivers.forEach((name, j) => {
    if (!known(name)) report(['monitoring', 'alertmanager', 'routes', i, 'receivers', j], `"${name}" is not one of alertmanager.receivers (${names.join(', ')})`);
  }));
  am.routes.forEach((route, i) => {
    const first = am.routes.findIndex((r) => r.severity === route.severity);
    if (first !== i) report(['monitoring', 'alertmanager', 'routes', i, 'severity'], `"${route.severity}" is already routed by routes[${first}]: Alertmanager stops at the first match, so this route never fires; list every receiver in one route`);
  });
  checkAlerts(monitoring.alerts, am.routes.map((r) => r.severity), report);
  secret(['grafana', 'adminPasswordSecret'], monitoring.grafana.adminPasswordSecret);
  secret(['postgresExporter', 'passwordSecret'], monitoring.postgresExporter.passwordSecret);
  const host = monitoring.grafana.hostname;
  if (host && !context.hostnames.includes(host)) {
    report(['monitoring', 'grafana', 'hostname'], `"${host}" is not one of edge.hostnames (${context.hostnames.join(', ')})`);
  }
}
