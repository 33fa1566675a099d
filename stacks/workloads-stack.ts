/**
 * `<env>-workloads`: everything inside the cluster but the GPU services (`<env>-gpu`), through the kubernetes and
 * helm providers (docs/decisions/0001-two-stacks-per-environment.md).
 * Cluster name, endpoint and CA come from the `<env>` stack by cdktf cross-stack reference, so this stack plans
 * against known values; `cdktf deploy '<env>*'` applies `<env>` first.
 */
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AppService } from '../constructs/workloads/app-service';
import { clusterProviders } from '../constructs/workloads/cluster-providers';
import { HelmAddon } from '../constructs/workloads/helm-addon';
import { Namespaces, READINESS_GATE_LABEL, type NamespaceSpec } from '../constructs/workloads/namespaces';
import { NetworkPolicies } from '../constructs/workloads/network-policies';
import { PlatformAddons, SECRET_STORE_NAME } from '../constructs/workloads/platform-addons';
import { EncryptedStorageClass } from '../constructs/workloads/storage-class';
import { Monitoring } from '../constructs/monitoring/monitoring';
import { TerraformPlanAccess } from '../constructs/workloads/plan-access';
import { planKubernetesGroup } from '../environments/schema/pipeline';
import { configureBackend } from '../constructs/state-backend';
import type { EnvironmentConfig } from '../environments/schema/environment';
import { awsProvider, environmentTags } from '../constructs/aws-provider';
import { appServiceProps, ingressContext, secretPrefixOf, STORAGE_CLASS_NAME } from './app-service-context';
import type { InfraStack } from './infra-stack';

export const workloadsStackName = (env: string) => `${env}-workloads`;

/** Namespaces this stack owns. kube-system is EKS's: not relabelled here (it runs the EKS add-ons). */
export function namespaceSpecs(appNamespace: string): NamespaceSpec[] {
  return [
    // ALB targets are pod IPs: readiness gates keep a pod out of rollouts until the ALB sees it healthy.
    { name: appNamespace, level: 'restricted', labels: READINESS_GATE_LABEL },
    { name: 'external-dns', level: 'restricted' },
    { name: 'external-secrets', level: 'restricted' },
    { name: 'amazon-cloudwatch', level: 'privileged', reason: 'Fluent Bit reads container logs from the node through hostPath (/var/log)' },
    { name: 'nvidia-device-plugin', level: 'privileged', reason: 'the NVIDIA device plugin registers GPUs through the kubelet socket (hostPath) and runs privileged' },
    { name: 'monitoring', level: 'privileged', labels: READINESS_GATE_LABEL, reason: 'node-exporter and DCGM exporter need hostNetwork/hostPID/hostPath to read node and GPU metrics' },
  ];
}

export class WorkloadsStack extends TerraformStack {
  private readonly env: EnvironmentConfig;
  public readonly namespaces: Namespaces;
  public readonly addons: PlatformAddons;
  public readonly services: Record<string, AppService> = {};
  public readonly storageClass: EncryptedStorageClass;
  public readonly monitoring: Monitoring;

  constructor(scope: Construct, env: EnvironmentConfig, infra: InfraStack) {
    const name = workloadsStackName(env.name);
    super(scope, name);
    this.env = env;
    this.addDependency(infra);
    configureBackend(this, env.state, name);
    awsProvider(this, env, name);

    const cluster = infra.eks.cluster;
    clusterProviders(this, { cluster, region: env.aws.region, auth: env.workloads.kubernetesAuth });

    const appNamespace = env.workloads.namespace;
    this.namespaces = new Namespaces(this, 'namespaces', { namespaces: namespaceSpecs(appNamespace) });
    const namespaceResources = Object.values(this.namespaces.byName);
    this.storageClass = new EncryptedStorageClass(this, 'storage-class', {
      name: STORAGE_CLASS_NAME, kmsKeyArn: infra.eks.key.arn, reclaimPolicy: env.workloads.storageReclaimPolicy, volumeTags: environmentTags(env, `${env.name}-workloads`),
    });

    new NetworkPolicies(this, 'network-policies', {
      namespace: appNamespace,
      services: env.workloads.services,
      loadBalancerCidrs: env.network.subnets.public,
      dataCidrs: env.network.subnets.isolated,
      vpcCidr: env.network.vpcCidr,
      endpointCidrs: env.network.subnets.private,
    }).node.addDependency(this.namespaces);

    this.addons = new PlatformAddons(this, 'addons', {
      clusterName: cluster.name,
      kubernetesVersion: env.eks.kubernetesVersion,
      region: env.aws.region,
      vpcId: infra.network.vpcId,
      originZoneName: infra.edge.originZone.zoneName,
      originZoneId: infra.edge.originZone.zoneId,
      containerLogGroup: infra.eks.containerLogGroup.name,
      gpuTimeSlicing: env.workloads.gpuTimeSlicing,
      secretNamespaces: [appNamespace, 'monitoring'],
      namespaces: namespaceResources,
    });

    const ingress = ingressContext(env, infra);
    const secretPrefix = secretPrefixOf(env);
    // Monitoring CRDs (ServiceMonitor, PrometheusRule) in their own release, upgraded by Helm: app services ship
    // ServiceMonitors, so they and the monitoring stack install after it.
    const monitoringCrds = new HelmAddon(this, 'monitoring-crds', { chart: 'prometheus-operator-crds', namespace: 'monitoring', dependsOn: namespaceResources });
    // The general services; the GPU services are released by `<env>-gpu`, applied after this stack (gpu-stack.ts).
    const propsFor = appServiceProps(this, env, infra);
    for (const [service, svc] of Object.entries(env.workloads.services).filter(([, s]) => !s.gpu)) {
      this.services[service] = new AppService(this, `service-${service}`, {
        ...propsFor(service, svc),
        dependsOn: [
          ...namespaceResources,
          this.storageClass.storageClass,
          this.addons.secretStore,
          this.addons.addons['aws-load-balancer-controller'].release,
          monitoringCrds.release,
        ],
      });
    }

    // ── Monitoring (docs/monitoring.md) ─────────────────────────────────────────────
    this.monitoring = new Monitoring(this, 'monitoring', {
      config: env.monitoring,
      crds: monitoringCrds,
      storageClass: this.storageClass.name,
      secretStore: SECRET_STORE_NAME,
      secretPrefix,
      region: env.aws.region,
      ingress,
      postgres: { host: infra.data.postgres.instance.address, database: env.data.postgres.databaseName },
      redis: {
        host: infra.data.redis.replicationGroup.primaryEndpointAddress,
        port: 6379,
        replicationGroupId: infra.data.redis.replicationGroupId,
        user: infra.data.redis.monitoringUserId,
      },
      dependsOn: [
        ...namespaceResources,
        this.storageClass.storageClass,
        this.addons.addons['external-secrets'].release,
        this.addons.secretStore,
        this.addons.addons['aws-load-balancer-controller'].release,
      ],
    });
  }

  /**
   * The plan identities' read-only RBAC, derived from this stack and the others that work in the cluster (the GPU
   * stack): call once every stack is built.
   */
  grantPlanAccess(others: readonly TerraformStack[]): TerraformPlanAccess {
    return new TerraformPlanAccess(this, 'plan-access', {
      group: planKubernetesGroup(this.env.project),
      namePrefix: this.env.project,
      stacks: [this, ...others],
      namespaces: this.namespaces.byName,
    });
  }
}
