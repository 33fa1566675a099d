/**
 * The platform's alert rules (docs/platform-facts.md, "Monitoring"), as data: the only place they are written down.
 * Rendered into a PrometheusRule by kube-prometheus-stack (`additionalPrometheusRulesMap`). Expressions, `for`
 * and severities are the platform's, unchanged; summaries and descriptions are ours.
 */

/** Validated per environment at synth (environments/schema/alerts.ts): duration, severity, non-empty expression. */
export type AlertSeverity = 'critical' | 'warning' | 'info';

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  /** Prometheus duration the condition must hold. */
  readonly for: string;
  readonly severity: AlertSeverity;
  readonly summary: string;
  readonly description: string;
}

export const PLATFORM_ALERTS: readonly AlertRule[] = [
  {
    alert: 'APIGatewayDown', expr: 'up{job="api-gateway"} == 0', for: '5m', severity: 'critical',
    summary: 'API gateway target {{ $labels.instance }} is down',
    description: 'Prometheus could not scrape api-gateway at {{ $labels.instance }} for 5 minutes: the pod is down or /metrics fails.',
  },
  {
    alert: 'HighErrorRate', expr: 'rate(http_requests_total{status_code=~"5.."}[5m]) > 0.1', for: '2m', severity: 'warning',
    summary: 'High 5xx rate on {{ $labels.job }}',
    description: '{{ $labels.job }} answers more than 0.1 5xx responses per second ({{ $value | humanize }}/s) for 2 minutes.',
  },
  {
    alert: 'HighResponseTime', expr: 'histogram_quantile(0.95, rate(http_request_duration_seconds_bucket[5m])) > 2', for: '5m', severity: 'warning',
    summary: 'p95 response time above 2 s on {{ $labels.job }}',
    description: 'The 95th percentile of request duration is {{ $value | humanizeDuration }} (threshold 2 s) for 5 minutes.',
  },
  {
    alert: 'VoiceProcessingFailed', expr: 'rate(voice_processing_errors_total[5m]) > 0.05', for: '2m', severity: 'critical',
    summary: 'Voice processing is failing',
    description: 'voice-processor reports {{ $value | humanize }} errors per second (threshold 0.05) for 2 minutes.',
  },
  {
    alert: 'VoiceProcessingSlowdown', expr: 'histogram_quantile(0.95, rate(voice_processing_duration_seconds_bucket[5m])) > 30', for: '5m', severity: 'warning',
    summary: 'Voice processing p95 above 30 s',
    description: 'The 95th percentile of voice processing time is {{ $value | humanizeDuration }} (threshold 30 s) for 5 minutes; check GPU nodes and the queue.',
  },
  {
    alert: 'FraudRateHigh', expr: 'rate(feedback_sessions_total{status="fraud_detected"}[1h]) > 0.02', for: '10m', severity: 'warning',
    summary: 'Fraud-detected feedback sessions are frequent',
    description: 'Sessions flagged as fraud arrive at {{ $value | humanize }} per second over the last hour (threshold 0.02).',
  },
  {
    alert: 'DatabaseDown', expr: 'up{job="postgres"} == 0', for: '1m', severity: 'critical',
    summary: 'PostgreSQL exporter target is down',
    description: 'Prometheus could not scrape the PostgreSQL exporter for 1 minute; check the exporter and RDS (pg_up shows whether the exporter reaches the database).',
  },
  {
    alert: 'RedisDown', expr: 'up{job="redis"} == 0', for: '1m', severity: 'critical',
    summary: 'Redis exporter target is down',
    description: 'Prometheus could not scrape the Redis exporter for 1 minute; check the exporter and ElastiCache (redis_up shows whether the exporter reaches Redis).',
  },
  {
    alert: 'HighMemoryUsage', expr: '(node_memory_MemTotal_bytes - node_memory_MemAvailable_bytes) / node_memory_MemTotal_bytes > 0.9', for: '10m', severity: 'warning',
    summary: 'Node {{ $labels.instance }} memory above 90 %',
    description: 'Node {{ $labels.instance }} uses {{ $value | humanizePercentage }} of its memory for 10 minutes.',
  },
];

/** The PrometheusRule group kube-prometheus-stack renders (`additionalPrometheusRulesMap.<name>.groups`). */
export function alertRuleGroups(alerts: readonly AlertRule[] = PLATFORM_ALERTS): { name: string; rules: Record<string, unknown>[] }[] {
  return [{
    name: 'aifeedback-platform',
    rules: alerts.map((a) => ({
      alert: a.alert,
      expr: a.expr,
      for: a.for,
      labels: { severity: a.severity },
      annotations: { summary: a.summary, description: a.description },
    })),
  }];
}
