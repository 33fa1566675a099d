/**
 * Network policies as a set of allowed paths, compared with the paths the catalog declares. A path is one line:
 * `egress <pod> -> <peer> <PROTO>/<port>` or `ingress <pod> <- <peer> <PROTO>/<port>`, where a pod is `pod:<service>`
 * and a peer is a pod, `ns:<namespace>` (optionally with `{labels}`), or `cidr:<cidr>[ except ...]`.
 */
import { CLOUDFLARE_IP_RANGES } from '../../environments/cloudflare-ip-ranges';
import { usesPodIdentity, type ServiceConfig } from '../../environments/schema/workloads';
import { DATA_PORTS, POD_IDENTITY_AGENT } from '../../constructs/workloads/network-policies';
import { podTemplates, selects } from './kube-checks';
import type { Json } from './synth';

const SERVICE_LABEL = 'app.kubernetes.io/name';
export const KUBE_DNS = 'ns:kube-system{k8s-app=kube-dns}';

/** Every path the NetworkPolicies of `namespace` allow (policies are additive; pods not selected are unrestricted). */
export function allowedPaths(objects: readonly Json[], namespace: string): Set<string> {
  const pods = podTemplates(objects).filter((p) => p.namespace === namespace && p.labels[SERVICE_LABEL]);
  const paths = new Set<string>();
  const peersOf = (peer: Json): string[] => {
    if (peer.ipBlock) return [`cidr:${peer.ipBlock.cidr}${peer.ipBlock.except?.length ? ` except ${peer.ipBlock.except.join(',')}` : ''}`];
    if (peer.namespaceSelector) {
      const ns = peer.namespaceSelector.matchLabels?.['kubernetes.io/metadata.name'] ?? JSON.stringify(peer.namespaceSelector);
      const labels = peer.podSelector ? `{${Object.entries(peer.podSelector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',')}}` : '';
      return [`ns:${ns}${labels}`];
    }
    return pods.filter((p) => selects(peer.podSelector, p.labels)).map((p) => `pod:${p.labels[SERVICE_LABEL]}`);
  };
  const portsOf = (rule: Json): string[] => (rule.ports ?? [{ protocol: 'any', port: 'any' }]).map((p: Json) => `${p.protocol ?? 'TCP'}/${p.port}`);
  for (const policy of objects.filter((o) => o.kind === 'NetworkPolicy' && o.metadata?.namespace === namespace)) {
    const selected = pods.filter((p) => selects(policy.spec.podSelector, p.labels) || Object.keys(policy.spec.podSelector ?? {}).length === 0);
    for (const pod of selected) {
      const self = `pod:${pod.labels[SERVICE_LABEL]}`;
      for (const rule of policy.spec.egress ?? []) {
        for (const peer of (rule.to ?? [{ ipBlock: { cidr: '0.0.0.0/0' } }]).flatMap(peersOf)) for (const port of portsOf(rule)) paths.add(`egress ${self} -> ${peer} ${port}`);
      }
      for (const rule of policy.spec.ingress ?? []) {
        for (const peer of (rule.from ?? [{ ipBlock: { cidr: '0.0.0.0/0' } }]).flatMap(peersOf)) for (const port of portsOf(rule)) paths.add(`ingress ${self} <- ${peer} ${port}`);
      }
    }
  }
  return paths;
}

export interface NetworkFacts {
  readonly loadBalancerCidrs: readonly string[];
  readonly dataCidrs: readonly string[];
  readonly vpcCidr: string;
  /** Subnets of the interface VPC endpoints. */
  readonly endpointCidrs: readonly string[];
  readonly monitoringNamespace: string;
}

/** Every path the catalog declares, restated independently of the construct that writes the policies. */
export function declaredPaths(services: Readonly<Record<string, ServiceConfig>>, facts: NetworkFacts): Set<string> {
  const paths = new Set<string>();
  const between = (from: string, to: string) => {
    paths.add(`egress pod:${from} -> pod:${to} TCP/${services[to].port}`);
    paths.add(`ingress pod:${to} <- pod:${from} TCP/${services[to].port}`);
  };
  const out = (from: string, cidrs: readonly string[], port: number) => cidrs.forEach((c) => paths.add(`egress pod:${from} -> cidr:${c} TCP/${port}`));
  for (const [name, svc] of Object.entries(services)) {
    paths.add(`egress pod:${name} -> ${KUBE_DNS} UDP/53`);
    paths.add(`egress pod:${name} -> ${KUBE_DNS} TCP/53`);
    for (const peer of svc.ingressFrom) {
      if (peer === 'alb') facts.loadBalancerCidrs.forEach((c) => paths.add(`ingress pod:${name} <- cidr:${c} TCP/${svc.port}`));
      else if (peer === 'monitoring') paths.add(`ingress pod:${name} <- ns:${facts.monitoringNamespace} TCP/${svc.port}`);
      else between(peer, name);
    }
    for (const peer of svc.egressTo) {
      if (peer === 'postgres' || peer === 'redis') out(name, facts.dataCidrs, DATA_PORTS[peer]);
      else if (peer === 'internet-https') paths.add(`egress pod:${name} -> cidr:0.0.0.0/0 except ${facts.vpcCidr} TCP/443`);
      else if (peer === 'public-api') out(name, CLOUDFLARE_IP_RANGES.ipv4, 443);
      else between(name, peer);
    }
    if (usesPodIdentity(svc)) {
      out(name, [POD_IDENTITY_AGENT.cidr], POD_IDENTITY_AGENT.port);
      out(name, facts.endpointCidrs, 443);
    }
  }
  return paths;
}

/** Pod-to-pod paths allowed on one side only (egress without the matching ingress, or the reverse). */
export function oneSidedPaths(allowed: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const path of allowed) {
    const egress = /^egress (pod:\S+) -> (pod:\S+) (\S+)$/.exec(path);
    if (egress && !allowed.has(`ingress ${egress[2]} <- ${egress[1]} ${egress[3]}`)) problems.push(`${path}: ${egress[2]} admits no such ingress`);
    const ingress = /^ingress (pod:\S+) <- (pod:\S+) (\S+)$/.exec(path);
    if (ingress && !allowed.has(`egress ${ingress[2]} -> ${ingress[1]} ${ingress[3]}`)) problems.push(`${path}: ${ingress[2]} has no such egress`);
  }
  return problems;
}

/** The namespace has a default-deny policy for both directions (otherwise unselected pods are open). */
export function hasDefaultDeny(objects: readonly Json[], namespace: string): boolean {
  return objects.some((o) => o.kind === 'NetworkPolicy' && o.metadata?.namespace === namespace
    && Object.keys(o.spec?.podSelector ?? {}).length === 0 && !o.spec.ingress && !o.spec.egress
    && ['Ingress', 'Egress'].every((t) => (o.spec.policyTypes ?? []).includes(t)));
}

/**
 * URLs in a service's environment must be reachable under the catalog: an in-cluster service host needs that
 * service in egressTo, a public hostname of the platform needs `public-api` (or `internet-https`).
 */
export function envUrlProblems(services: Readonly<Record<string, ServiceConfig>>, publicHostnames: readonly string[]): string[] {
  const problems: string[] = [];
  for (const [name, svc] of Object.entries(services)) {
    for (const [key, value] of Object.entries(svc.env)) {
      const host = /^[a-z]+:\/\/([^/:]+)/.exec(value)?.[1];
      if (!host) continue;
      if (host in services && !svc.egressTo.includes(host)) problems.push(`${name}: env ${key}=${value} calls ${host}, which is not in egressTo`);
      if (publicHostnames.includes(host) && !svc.egressTo.some((p) => p === 'public-api' || p === 'internet-https')) {
        problems.push(`${name}: env ${key}=${value} calls the public hostname ${host} (through the edge) without public-api in egressTo`);
      }
    }
  }
  return problems;
}
