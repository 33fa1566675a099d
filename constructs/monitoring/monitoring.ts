/**
 * Monitoring of one environment (docs/monitoring.md), in the `monitoring` namespace: the Prometheus operator CRDs as their
 * own release, kube-prometheus-stack (Prometheus, Alertmanager, Grafana, node-exporter, kube-state-metrics) and
 * the exporters. Every chart is a HelmAddon: pinned in environments/versions.ts, values in helm-values/.
 */
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { REDIS_TOKEN_IDENTITY } from '../../environments/schema/workload-identities';
import type { IngressContext } from '../workloads/app-service';
import { HelmAddon } from '../workloads/helm-addon';
import { Exporters, type ExportersProps } from './exporters';
import { kubePrometheusStackValues } from './stack-values';

export const MONITORING_NAMESPACE = REDIS_TOKEN_IDENTITY.namespace;

export interface MonitoringProps extends Omit<ExportersProps, 'namespace' | 'dependsOn'> {
  /** @default 'monitoring' */
  readonly namespace?: string;
  /** StorageClass of the Prometheus and Alertmanager volumes (gp3, encrypted). */
  readonly storageClass: string;
  /** The shared ALB; needed when `config.grafana.hostname` is set. @default none (Grafana internal only) */
  readonly ingress?: IngressContext;
  /** Namespace, storage class, external-secrets and its store, the load balancer controller. @default [] */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * The prometheus-operator-crds release. Created by the caller before anything that ships ServiceMonitors
   * (the app services do), so all of them can depend on it.
   */
  readonly crds: HelmAddon;
}

export class Monitoring extends Construct {
  /** prometheus-operator-crds: installed first, upgraded by Helm (templates, not crds/). */
  public readonly crds: HelmAddon;
  public readonly stack: HelmAddon;
  public readonly exporters: Exporters;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const namespace = props.namespace ?? MONITORING_NAMESPACE;
    const dependsOn = props.dependsOn ?? [];
    this.crds = props.crds;
    const after = [...dependsOn, this.crds.release];
    this.stack = new HelmAddon(this, 'stack', {
      chart: 'kube-prometheus-stack',
      namespace,
      values: kubePrometheusStackValues({
        config: props.config,
        namespace,
        storageClass: props.storageClass,
        secretStore: props.secretStore,
        secretPrefix: props.secretPrefix,
        ingress: props.ingress,
      }),
      dependsOn: after,
    });
    this.exporters = new Exporters(this, 'exporters', {
      config: props.config,
      namespace,
      region: props.region,
      secretStore: props.secretStore,
      secretPrefix: props.secretPrefix,
      postgres: props.postgres,
      redis: props.redis,
      dependsOn: after,
    });
  }
}
