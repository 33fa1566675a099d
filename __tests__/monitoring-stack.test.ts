/**
 * Monitoring in the workloads stacks: pinned releases, the platform's alert rules exactly as docs/platform-facts.md
 * lists them, Prometheus storage, Grafana (secret, timezone, ingress), Alertmanager routes and inhibition,
 * security contexts and resources, and no secret literal anywhere in the values.
 */
import { parse } from 'yaml';
import { unescapeHelmTemplate } from '../constructs/monitoring/manifests';
import { HELM_CHARTS } from '../environments/versions';
import { platformStack, type Json, type SynthResource, type SynthStack } from './support/synth';

/** docs/platform-facts.md "Monitoring", copied by hand on purpose: the test fails if the data drifts from the platform's alert table. */
const PLATFORM_TABLE: [alert: string, expr: string, forDuration: string, severity: string][] = [
  ['APIGatewayDown', 'up{job="api-gateway"} == 0', '5m', 'critical'],
  ['HighErrorRate', 'rate(http_requests_total{status_code=~"5.."}[5m]) > 0.1', '2m', 'warning'],
  ['HighResponseTime', 'histogram_quantile(0.95, rate(http_request_duration_seconds_bucket[5m])) > 2', '5m', 'warning'],
  ['VoiceProcessingFailed', 'rate(voice_processing_errors_total[5m]) > 0.05', '2m', 'critical'],
  ['VoiceProcessingSlowdown', 'histogram_quantile(0.95, rate(voice_processing_duration_seconds_bucket[5m])) > 30', '5m', 'warning'],
  ['FraudRateHigh', 'rate(feedback_sessions_total{status="fraud_detected"}[1h]) > 0.02', '10m', 'warning'],
  ['DatabaseDown', 'up{job="postgres"} == 0', '1m', 'critical'],
  ['RedisDown', 'up{job="redis"} == 0', '1m', 'critical'],
  ['HighMemoryUsage', '(node_memory_MemTotal_bytes - node_memory_MemAvailable_bytes) / node_memory_MemTotal_bytes > 0.9', '10m', 'warning'],
];

const release = (stack: SynthStack, chart: string): SynthResource => {
  const found = stack.resources('helm_release').filter((r) => r.attrs.chart === chart);
  if (found.length !== 1) throw new Error(`${stack.name}: expected one release of ${chart}, found ${found.length}`);
  return found[0];
};
const valuesOf = (r: SynthResource): Json => parse(r.attrs.values[0]);

describe.each(['production', 'staging'])('%s-workloads monitoring', (env) => {
  const stack = platformStack(`${env}-workloads`);
  const stackRelease = release(stack, 'kube-prometheus-stack');
  const values = valuesOf(stackRelease);

  test.each(['prometheus-operator-crds', 'kube-prometheus-stack', 'prometheus-postgres-exporter', 'prometheus-redis-exporter', 'dcgm-exporter'] as const)(
    '%s: pinned chart and version, namespace monitoring, atomic and waited for', (chart) => {
      const r = release(stack, chart).attrs;
      const pinned = HELM_CHARTS[chart];
      expect(r).toMatchObject({ chart: pinned.chart, repository: pinned.repository, version: pinned.version, namespace: 'monitoring', atomic: true, wait: true, create_namespace: false });
    });

  test('CRDs come from their own release (same operator version), installed before the stack, the exporters and every app ServiceMonitor', () => {
    expect(values.crds.enabled).toBe(false);
    const crds = release(stack, 'prometheus-operator-crds').address;
    for (const chart of ['kube-prometheus-stack', 'prometheus-postgres-exporter', 'prometheus-redis-exporter', 'dcgm-exporter']) {
      expect(release(stack, chart).attrs.depends_on).toContain(crds);
    }
    const apps = stack.resources('helm_release').filter((r) => /app-service/.test(String(r.attrs.chart)));
    expect(apps.length).toBeGreaterThan(0);
    for (const app of apps) expect(app.attrs.depends_on).toContain(crds);
  });

  test('every alert of the platform\'s alert table is a rule with the same expression, for and severity, plus summary and description', () => {
    const groups = values.additionalPrometheusRulesMap['aifeedback-platform'].groups as Json[];
    const rules = groups.flatMap((g) => g.rules as Json[]);
    expect(rules.map((r) => [r.alert, r.expr, r.for, r.labels.severity])).toEqual(PLATFORM_TABLE);
    for (const rule of rules) {
      expect(rule.annotations.summary).toEqual(expect.any(String));
      expect(rule.annotations.description.length).toBeGreaterThan(20);
    }
  });

  test('Prometheus scrapes ServiceMonitors/PodMonitors/rules of every namespace', () => {
    const spec = values.prometheus.prometheusSpec;
    for (const key of ['serviceMonitorSelectorNilUsesHelmValues', 'podMonitorSelectorNilUsesHelmValues', 'ruleSelectorNilUsesHelmValues', 'probeSelectorNilUsesHelmValues']) {
      expect(spec[key]).toBe(false);
    }
    expect(spec.serviceMonitorNamespaceSelector).toEqual({});
  });

  test('Prometheus keeps data on an encrypted gp3 volume of the configured size, with the configured retention', () => {
    const expected = env === 'production' ? { days: 30, gi: 100 } : { days: 7, gi: 20 };
    const spec = values.prometheus.prometheusSpec;
    expect(spec.retention).toBe(`${expected.days}d`);
    const claim = spec.storageSpec.volumeClaimTemplate.spec;
    const storageClass = stack.one('kubernetes_storage_class_v1').attrs.metadata.name;
    expect(claim).toEqual({ storageClassName: storageClass, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: `${expected.gi}Gi` } } });
    expect(storageClass).toBe('gp3-encrypted');
  });

  test('Grafana: admin credentials only through the grafana-admin Secret that external-secrets fills from Secrets Manager', () => {
    expect(values.grafana.adminPassword).toBeUndefined();
    expect(values.grafana.admin).toEqual({ existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' });
    const es = (values.extraManifests as Json[]).find((m) => m.kind === 'ExternalSecret' && m.metadata.name === 'grafana-admin')!;
    expect(es.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'aws-secrets-manager' });
    expect(es.spec.data).toEqual([{ secretKey: 'password', remoteRef: { key: `aifeedback/${env}/GRAFANA_ADMIN_PASSWORD` } }]);
    // The chart passes extraManifests through tpl: the external-secrets template must survive it.
    expect(unescapeHelmTemplate(es.spec.target.template.data['admin-password'])).toBe('{{ .password }}');
  });

  test('Grafana: Europe/Stockholm, Prometheus as default datasource, dashboards from labelled ConfigMaps', () => {
    expect(values.grafana.defaultDashboardsTimezone).toBe('Europe/Stockholm');
    expect(values.grafana['grafana.ini'].date_formats.default_timezone).toBe('Europe/Stockholm');
    expect(values.grafana.sidecar.datasources).toMatchObject({ enabled: true, defaultDatasourceEnabled: true, isDefaultDatasource: true });
    expect(values.grafana.sidecar.dashboards).toMatchObject({ enabled: true, label: 'grafana_dashboard', labelValue: '1' });
  });

  test('Alertmanager: critical and warning routes to the configured receivers, credentials read from mounted secret files', () => {
    const config = values.alertmanager.config;
    const routes = (config.route.routes as Json[]).map((r) => [r.matchers[0], r.receiver, r.continue ?? false]);
    const quiet = [['alertname=~"Watchdog|InfoInhibitor"', 'null', false], ['severity=~"info|none"', 'null', false]];
    expect(routes).toEqual(env === 'production'
      ? [...quiet, ['severity="critical"', 'pagerduty', true], ['severity="critical"', 'slack', false], ['severity="warning"', 'slack', false]]
      : [...quiet, ['severity="critical"', 'slack', false], ['severity="warning"', 'slack', false]]);
    expect(config.route.receiver).toBe('slack');
    const byName = Object.fromEntries((config.receivers as Json[]).map((r) => [r.name, r]));
    expect(byName.slack.slack_configs[0].api_url_file).toBe('/etc/alertmanager/secrets/alertmanager-receivers/slack');
    expect(byName.slack.slack_configs[0].api_url).toBeUndefined();
    if (env === 'production') {
      expect(byName.pagerduty.pagerduty_configs[0].routing_key_file).toBe('/etc/alertmanager/secrets/alertmanager-receivers/pagerduty');
      expect(byName.pagerduty.pagerduty_configs[0].routing_key).toBeUndefined();
    }
    expect(values.alertmanager.alertmanagerSpec.secrets).toEqual(['alertmanager-receivers']);
    const es = (values.extraManifests as Json[]).find((m) => m.kind === 'ExternalSecret' && m.metadata.name === 'alertmanager-receivers')!;
    const expected = env === 'production'
      ? { slack: 'ALERTMANAGER_SLACK_WEBHOOK_URL', pagerduty: 'ALERTMANAGER_PAGERDUTY_ROUTING_KEY' }
      : { slack: 'ALERTMANAGER_SLACK_WEBHOOK_URL' };
    expect(Object.fromEntries((es.spec.data as Json[]).map((d) => [d.secretKey, d.remoteRef.key])))
      .toEqual(Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, `aifeedback/${env}/${v}`])));
  });

  test('Alertmanager: a firing critical inhibits the warnings of the same target; InfoInhibitor keeps muting info alerts', () => {
    const rules = values.alertmanager.config.inhibit_rules as Json[];
    const critical = rules.filter((r) => r.source_matchers[0] === 'severity="critical"');
    expect(critical.length).toBe(2);
    for (const rule of critical) {
      expect(rule.target_matchers).toEqual(['severity="warning"']);
      expect(rule.equal).toEqual(expect.arrayContaining(['namespace', 'job']));
    }
    expect(rules).toContainEqual({ source_matchers: ['alertname="InfoInhibitor"'], target_matchers: ['severity="info"'], equal: ['namespace'] });
    expect(rules).toHaveLength(3);
  });

  test('node exporter and kube-state-metrics run; EKS-managed control-plane targets are not scraped', () => {
    expect(values.nodeExporter?.enabled ?? true).toBe(true);
    expect(values.kubeStateMetrics?.enabled ?? true).toBe(true);
    for (const key of ['kubeEtcd', 'kubeScheduler', 'kubeControllerManager', 'kubeProxy']) expect(values[key].enabled).toBe(false);
  });

  test('every component has requests and limits', () => {
    const resources = [
      values.prometheusOperator.resources, values.prometheus.prometheusSpec.resources, values.alertmanager.alertmanagerSpec.resources,
      values.grafana.resources, values.grafana.sidecar.resources, values['kube-state-metrics'].resources, values['prometheus-node-exporter'].resources,
      ...['prometheus-postgres-exporter', 'prometheus-redis-exporter', 'dcgm-exporter'].map((c) => valuesOf(release(stack, c)).resources),
    ];
    for (const r of resources) {
      expect(r.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(r.limits.memory).toEqual(expect.any(String));
    }
  });

  test('restricted-compatible security contexts everywhere but the host-level node-exporter (and DCGM, which needs root)', () => {
    const restrictedPod = (ctx: Json) => {
      expect(ctx.runAsNonRoot).toBe(true);
      expect(ctx.runAsUser).toBeGreaterThan(0);
    };
    const restrictedContainer = (ctx: Json) => {
      expect(ctx.allowPrivilegeEscalation).toBe(false);
      expect(ctx.capabilities.drop).toEqual(['ALL']);
      // Absent, or null to delete a chart default (Helm merges maps: a list left in the chart would survive).
      expect(ctx.capabilities.add ?? null).toBeNull();
    };
    const pods: [Json, Json][] = [
      [values.prometheusOperator.securityContext, values.prometheusOperator.containerSecurityContext],
      // Prometheus and Alertmanager containers are patched by name through `containers` (the chart has no key for it).
      ...['prometheus', 'config-reloader'].map((c) => [values.prometheus.prometheusSpec.securityContext,
        (values.prometheus.prometheusSpec.containers as Json[]).find((x) => x.name === c)!.securityContext] as [Json, Json]),
      ...['alertmanager', 'config-reloader'].map((c) => [values.alertmanager.alertmanagerSpec.securityContext,
        (values.alertmanager.alertmanagerSpec.containers as Json[]).find((x) => x.name === c)!.securityContext] as [Json, Json]),
      [values.grafana.securityContext, values.grafana.containerSecurityContext],
      [values['kube-state-metrics'].securityContext, values['kube-state-metrics'].containerSecurityContext],
      ...['prometheus-postgres-exporter', 'prometheus-redis-exporter'].map((c) => { const v = valuesOf(release(stack, c)); return [v.podSecurityContext, v.securityContext] as [Json, Json]; }),
    ];
    for (const [pod, container] of pods) {
      restrictedPod(pod);
      expect(pod.seccompProfile).toEqual({ type: 'RuntimeDefault' });
      restrictedContainer(container);
    }
    restrictedContainer(values.grafana.sidecar.securityContext);
    expect(values.grafana.initChownData.enabled).toBe(false);
    // node-exporter: host namespaces (chart defaults) but still non-root, no privilege escalation, no capabilities.
    restrictedPod(values['prometheus-node-exporter'].securityContext);
    restrictedContainer(values['prometheus-node-exporter'].containerSecurityContext);
    // DCGM talks to the driver as root but gets no capability (no profiling counters) and no escalation.
    restrictedContainer(valuesOf(release(stack, 'dcgm-exporter')).securityContext);
  });

  test('no secret value in any monitoring release: only references to Secrets and files', () => {
    const releases = ['kube-prometheus-stack', 'prometheus-postgres-exporter', 'prometheus-redis-exporter', 'dcgm-exporter'].map((c) => release(stack, c));
    const secretish = /^(adminPassword|password|redisPassword|api_url|routing_key|service_key|webhook_url|token|auth_token)$/i;
    const walk = (value: unknown, path: string): void => {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
      else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
          if (secretish.test(k) && typeof v === 'string' && v !== '') throw new Error(`${path}.${k} holds a literal`);
          walk(v, `${path}.${k}`);
        }
      }
    };
    for (const r of releases) {
      expect(() => walk(valuesOf(r), r.name)).not.toThrow();
      expect(r.attrs.values[0]).not.toMatch(/hooks\.slack\.com|events\.pagerduty\.com\/|postgres(ql)?:\/\/[^@\s]+:[^@\s]+@/);
      expect(r.attrs.set_sensitive).toBeUndefined();
    }
  });

  test(env === 'production' ? 'Grafana is served at monitoring.<domain> through the shared ALB with the app services\' annotations' : 'Grafana has no ingress (internal only)', () => {
    const ingress = values.grafana.ingress;
    if (env !== 'production') {
      expect(ingress.enabled).toBe(false);
      return;
    }
    expect(ingress).toMatchObject({ enabled: true, ingressClassName: 'alb', hosts: ['monitoring.aifeedback.se'] });
    const api = valuesOf(stack.resources('helm_release').find((r) => r.attrs.name === 'api-gateway')!).ingress.annotations;
    const differing = ['alb.ingress.kubernetes.io/healthcheck-path', 'external-dns.alpha.kubernetes.io/hostname'];
    const same = (a: Json) => Object.fromEntries(Object.entries(a).filter(([k]) => !differing.includes(k)));
    expect(same(ingress.annotations)).toEqual(same(api));
    expect(ingress.annotations['alb.ingress.kubernetes.io/scheme']).toBe('internet-facing');
    expect(ingress.annotations['external-dns.alpha.kubernetes.io/hostname']).toBe('monitoring.origin.aifeedback.se');
    expect(ingress.annotations['alb.ingress.kubernetes.io/healthcheck-path']).toBe('/api/health');
    expect(values.grafana['grafana.ini'].server.root_url).toBe('https://monitoring.aifeedback.se');
  });
});
