/**
 * The environment's values for kube-prometheus-stack, merged over helm-values/kube-prometheus-stack.yaml:
 * Prometheus storage and retention, Grafana ingress and admin secret, Alertmanager routes and receivers,
 * the platform's alert rules, and the manifests the release ships (ExternalSecrets, dashboards).
 */
import { alertRuleGroups } from '../../environments/alerts';
import type { MonitoringConfig } from '../../environments/schema/monitoring';
import type { Plain } from '../../lib/deep-merge';
import { albIngressAnnotations, type IngressContext } from '../workloads/app-service';
import { alertmanagerConfig, RECEIVERS_SECRET } from './alertmanager-config';
import { dashboardConfigMaps } from './dashboards';
import { externalSecret } from './manifests';

/** Kubernetes Secret with Grafana's admin user and password (grafana `admin.existingSecret`). */
export const GRAFANA_ADMIN_SECRET = 'grafana-admin';
/** Name of the PrometheusRule (suffix) that carries the environment's alerts (`monitoring.alerts`). */
export const PLATFORM_RULES = 'aifeedback-platform';

export interface StackValuesProps {
  readonly config: MonitoringConfig;
  readonly namespace: string;
  readonly storageClass: string;
  /** ClusterSecretStore name. */
  readonly secretStore: string;
  /** Secrets Manager prefix `<project>/<env>`. */
  readonly secretPrefix: string;
  /** Required when `config.grafana.hostname` is set. */
  readonly ingress?: IngressContext;
}

const volumeClaim = (storageClass: string, sizeGi: number) => ({
  volumeClaimTemplate: {
    spec: { storageClassName: storageClass, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: `${sizeGi}Gi` } } },
  },
});

export function kubePrometheusStackValues(props: StackValuesProps): Plain {
  const { config, namespace, secretPrefix } = props;
  const host = config.grafana.hostname;
  if (host && !props.ingress) throw new Error(`monitoring.grafana.hostname "${host}" needs the ingress context (certificate, security group, origin names)`);
  const secretRef = (name: string) => `${secretPrefix}/${name}`;
  const prometheus = config.prometheus;
  return {
    prometheus: {
      prometheusSpec: {
        retention: `${prometheus.retentionDays}d`,
        // Size-based retention below the volume size, so a full disk never stops ingestion.
        retentionSize: `${Math.floor(prometheus.volumeSizeGi * 0.85)}GB`,
        storageSpec: volumeClaim(props.storageClass, prometheus.volumeSizeGi),
      },
    },
    alertmanager: {
      config: alertmanagerConfig(config.alertmanager),
      alertmanagerSpec: { secrets: [RECEIVERS_SECRET], storage: volumeClaim(props.storageClass, 2) },
    },
    additionalPrometheusRulesMap: { [PLATFORM_RULES]: { groups: alertRuleGroups(config.alerts) } },
    grafana: {
      'grafana.ini': host ? { server: { domain: host, root_url: `https://${host}` } } : {},
      ingress: host && props.ingress
        ? {
          enabled: true,
          ingressClassName: 'alb',
          annotations: albIngressAnnotations(props.ingress, host, '/api/health'),
          hosts: [host],
          path: '/',
          pathType: 'Prefix',
        }
        : { enabled: false },
    },
    extraManifests: [
      externalSecret({
        name: GRAFANA_ADMIN_SECRET,
        namespace,
        storeName: props.secretStore,
        keys: { password: secretRef(config.grafana.adminPasswordSecret) },
        template: { 'admin-user': 'admin', 'admin-password': '{{ .password }}' },
      }),
      externalSecret({
        name: RECEIVERS_SECRET,
        namespace,
        storeName: props.secretStore,
        keys: Object.fromEntries(config.alertmanager.receivers.map((r) => [r.name, secretRef(r.secret)])),
      }),
      ...dashboardConfigMaps(namespace),
    ],
  };
}
