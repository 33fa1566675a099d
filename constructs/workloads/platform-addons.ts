/**
 * The cluster add-ons of the workloads stack, each a HelmAddon with the values only this environment knows
 * (cluster, region, VPC, origin zone). Their AWS permissions come from the Pod Identity associations the infra
 * stack created for the same namespace/service-account pairs (WORKLOAD_IDENTITIES).
 */
import { Release } from '@cdktf/provider-helm/lib/release';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { WORKLOAD_IDENTITIES } from '../eks/platform-cluster';
import { CLUSTER_AUTOSCALER_IMAGE, type KubernetesVersion } from '../../environments/versions';
import { stringifyYaml } from '../../lib/yaml-memo';
import { HelmAddon, RELEASE_DEFAULTS } from './helm-addon';
import { localChart } from './local-chart';

export interface PlatformAddonsProps {
  readonly clusterName: string;
  readonly kubernetesVersion: KubernetesVersion;
  readonly region: string;
  readonly vpcId: string;
  /** Origin zone name: external-dns writes only there. */
  readonly originZoneName: string;
  readonly originZoneId: string;
  /** CloudWatch group for container logs (pre-created, encrypted). */
  readonly containerLogGroup: string;
  /** Pods sharing one GPU (NVIDIA time-slicing). */
  readonly gpuTimeSlicing: number;
  /** Namespaces whose ExternalSecrets may use the ClusterSecretStore. */
  readonly secretNamespaces: readonly string[];
  /** Namespaces the add-ons install into must exist first. */
  readonly namespaces: ITerraformDependable[];
}

export const SECRET_STORE_NAME = 'aws-secrets-manager';

export class PlatformAddons extends Construct {
  public readonly addons: Record<string, HelmAddon> = {};
  public readonly secretStore: Release;

  constructor(scope: Construct, id: string, props: PlatformAddonsProps) {
    super(scope, id);
    const ns = props.namespaces;
    const id_ = WORKLOAD_IDENTITIES;
    this.addons['aws-load-balancer-controller'] = new HelmAddon(this, 'aws-load-balancer-controller', {
      chart: 'aws-load-balancer-controller',
      namespace: id_.awsLoadBalancerController.namespace,
      values: { clusterName: props.clusterName, region: props.region, vpcId: props.vpcId, serviceAccount: { name: id_.awsLoadBalancerController.serviceAccount } },
      dependsOn: ns,
    });
    this.addons['metrics-server'] = new HelmAddon(this, 'metrics-server', { chart: 'metrics-server', namespace: 'kube-system', dependsOn: ns });
    this.addons['cluster-autoscaler'] = new HelmAddon(this, 'cluster-autoscaler', {
      chart: 'cluster-autoscaler',
      namespace: id_.clusterAutoscaler.namespace,
      values: {
        autoDiscovery: { clusterName: props.clusterName },
        awsRegion: props.region,
        image: { tag: CLUSTER_AUTOSCALER_IMAGE[props.kubernetesVersion] },
        rbac: { serviceAccount: { name: id_.clusterAutoscaler.serviceAccount } },
      },
      dependsOn: ns,
    });
    this.addons['nvidia-device-plugin'] = new HelmAddon(this, 'nvidia-device-plugin', {
      chart: 'nvidia-device-plugin',
      namespace: 'nvidia-device-plugin',
      values: {
        config: {
          map: {
            default: stringifyYaml({
              version: 'v1',
              sharing: { timeSlicing: { renameByDefault: false, resources: [{ name: 'nvidia.com/gpu', replicas: props.gpuTimeSlicing }] } },
            }),
          },
        },
      },
      dependsOn: ns,
    });
    this.addons['external-dns'] = new HelmAddon(this, 'external-dns', {
      chart: 'external-dns',
      namespace: id_.externalDns.namespace,
      values: {
        domainFilters: [props.originZoneName],
        txtOwnerId: props.clusterName,
        extraArgs: ['--aws-zone-type=public', `--zone-id-filter=${props.originZoneId}`],
        env: [{ name: 'AWS_DEFAULT_REGION', value: props.region }],
        serviceAccount: { name: id_.externalDns.serviceAccount },
      },
      dependsOn: ns,
    });
    this.addons['external-secrets'] = new HelmAddon(this, 'external-secrets', {
      chart: 'external-secrets',
      namespace: id_.externalSecrets.namespace,
      values: { serviceAccount: { name: id_.externalSecrets.serviceAccount } },
      dependsOn: ns,
    });
    this.addons['aws-for-fluent-bit'] = new HelmAddon(this, 'aws-for-fluent-bit', {
      chart: 'aws-for-fluent-bit',
      namespace: id_.logShipping.namespace,
      values: {
        serviceAccount: { name: id_.logShipping.serviceAccount },
        cloudWatchLogs: { region: props.region, logGroupName: props.containerLogGroup },
      },
      dependsOn: ns,
    });

    // The store is a custom resource: it can only be created once the external-secrets CRDs exist.
    const chart = localChart(this, 'secret-store');
    this.secretStore = new Release(this, 'secret-store', {
      ...RELEASE_DEFAULTS,
      name: 'secret-store',
      chart: chart.path,
      version: chart.version,
      namespace: id_.externalSecrets.namespace,
      values: [stringifyYaml({ name: SECRET_STORE_NAME, region: props.region, namespaces: props.secretNamespaces })],
      dependsOn: [this.addons['external-secrets'].release],
    });
  }
}
