/**
 * Alertmanager configuration from `monitoring.alertmanager`: a route per severity to the configured receivers,
 * Slack/PagerDuty credentials read from files of a mounted Secret (never in values), warnings inhibited while
 * the matching critical alert fires.
 */
import type { MonitoringConfig, ReceiverConfig } from '../../environments/schema/monitoring';
import type { Plain } from '../../lib/deep-merge';

/** Kubernetes Secret holding one key per receiver (its webhook URL or routing key); see alertmanagerSpec.secrets. */
export const RECEIVERS_SECRET = 'alertmanager-receivers';
/** Where the operator mounts `alertmanagerSpec.secrets`. */
export const receiverFile = (receiver: string) => `/etc/alertmanager/secrets/${RECEIVERS_SECRET}/${receiver}`;

function receiver(r: ReceiverConfig): Plain {
  if (r.kind === 'slack') {
    return {
      name: r.name,
      slack_configs: [{
        api_url_file: receiverFile(r.name),
        channel: r.channel,
        send_resolved: true,
        title: '[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }}',
        text: '{{ range .Alerts }}{{ .Annotations.summary }}: {{ .Annotations.description }}\n{{ end }}',
      }],
    };
  }
  return {
    name: r.name,
    pagerduty_configs: [{ routing_key_file: receiverFile(r.name), send_resolved: true, description: '{{ .CommonAnnotations.summary }}' }],
  };
}

/** The `alertmanager.config` value of kube-prometheus-stack. */
export function alertmanagerConfig(config: MonitoringConfig['alertmanager']): Plain {
  const routes: Plain[] = [
    // The stack's always-firing Watchdog proves the pipeline works; it is not a page. InfoInhibitor (severity none)
    // exists only to inhibit info alerts, and info alerts (e.g. CPUThrottlingHigh) are for dashboards, not chat.
    { receiver: 'null', matchers: ['alertname=~"Watchdog|InfoInhibitor"'] },
    { receiver: 'null', matchers: ['severity=~"info|none"'] },
  ];
  for (const route of config.routes) {
    route.receivers.forEach((name, i) => {
      // Every receiver listed for a severity gets the alert: all but the last route continue matching.
      routes.push({ receiver: name, matchers: [`severity="${route.severity}"`], continue: i < route.receivers.length - 1 });
    });
  }
  return {
    global: { resolve_timeout: '5m' },
    route: {
      receiver: config.defaultReceiver,
      group_by: ['alertname', 'job', 'namespace'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
      routes,
    },
    inhibit_rules: [
      // A firing critical silences the warning of the same alert/target (e.g. DatabaseDown vs. its symptoms).
      { source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['alertname', 'namespace', 'job'] },
      { source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['namespace', 'job', 'instance'] },
      // The chart's default, which a list in values replaces: InfoInhibitor mutes info alerts of its namespace.
      { source_matchers: ['alertname="InfoInhibitor"'], target_matchers: ['severity="info"'], equal: ['namespace'] },
    ],
    receivers: [{ name: 'null' }, ...config.receivers.map(receiver)],
  };
}
