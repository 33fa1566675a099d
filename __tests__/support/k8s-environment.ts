/** One environment's Kubernetes objects for the checks: rendered in-repo charts plus its stacks' kubernetes_* resources. */
import type { EnvironmentConfig } from '../../environments';
import type { RenderedRelease } from './chart-releases';
import type { NetworkFacts } from './network-paths';
import { platformStack, type Json } from './synth';
import { toKubeObject } from './terraform-kube';

export function environmentObjects(env: string, rendered: readonly RenderedRelease[]): Json[] {
  const managed = [`${env}-workloads`, `${env}-gpu`].flatMap((name) => platformStack(name).resources()).filter((r) => r.type.startsWith('kubernetes_')).map(toKubeObject)
    .filter((o): o is Json => typeof o !== 'string');
  return [...rendered.filter((r) => r.release.environment === env).flatMap((r) => r.objects), ...managed];
}

export function networkFacts(config: EnvironmentConfig): NetworkFacts {
  return {
    loadBalancerCidrs: config.network.subnets.public,
    dataCidrs: config.network.subnets.isolated,
    vpcCidr: config.network.vpcCidr,
    endpointCidrs: config.network.subnets.private,
    monitoringNamespace: 'monitoring',
  };
}
