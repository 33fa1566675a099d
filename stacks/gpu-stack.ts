/**
 * `<env>-gpu`: the GPU node groups and the services that run on them, applied after `<env>-workloads`
 * (docs/decisions/0021-gpu-stack.md). GPU capacity is the part of a deploy most likely to fail (the account's
 * "Running On-Demand G and VT instances" quota, or no g6/g5 capacity in a zone): with its own state, such a
 * failure stops this stack only, after DNS, volumes, the add-ons and the general services are in place.
 */
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { ManagedNodeGroup } from '../constructs/eks/managed-node-group';
import { configureBackend } from '../constructs/state-backend';
import { AppService } from '../constructs/workloads/app-service';
import { clusterProviders } from '../constructs/workloads/cluster-providers';
import type { EnvironmentConfig } from '../environments/schema/environment';
import { awsProvider } from '../constructs/aws-provider';
import { appServiceProps } from './app-service-context';
import type { InfraStack } from './infra-stack';
import type { WorkloadsStack } from './workloads-stack';

export const gpuStackName = (env: string) => `${env}-gpu`;

export class GpuStack extends TerraformStack {
  public readonly nodeGroups: Record<string, ManagedNodeGroup> = {};
  public readonly services: Record<string, AppService> = {};

  constructor(scope: Construct, env: EnvironmentConfig, infra: InfraStack, workloads: WorkloadsStack) {
    const name = gpuStackName(env.name);
    super(scope, name);
    // After the workloads stack: the GPU services need its namespaces, StorageClass, secret store, load balancer
    // controller, monitoring CRDs and the NVIDIA device plugin; and a GPU failure must come after all of those.
    this.addDependency(workloads);
    configureBackend(this, env.state, name);
    awsProvider(this, env, name);
    const cluster = infra.eks.cluster;
    clusterProviders(this, { cluster, region: env.aws.region, auth: env.workloads.kubernetesAuth });

    for (const [group, config] of Object.entries(env.eks.nodeGroups).filter(([, g]) => g.gpu)) {
      this.nodeGroups[group] = new ManagedNodeGroup(this, `node-group-${group}`, infra.eks.nodeGroupProps(group, config));
    }
    const propsFor = appServiceProps(this, env, infra);
    const nodeGroups = Object.values(this.nodeGroups).map((g) => g.nodeGroup);
    for (const [service, svc] of Object.entries(env.workloads.services).filter(([, s]) => s.gpu)) {
      this.services[service] = new AppService(this, `service-${service}`, { ...propsFor(service, svc), dependsOn: nodeGroups });
    }
  }
}
