/**
 * Default-deny NetworkPolicies for the app namespace plus one policy per service, derived from the catalog's
 * `ingressFrom` / `egressTo` (enforced by the VPC CNI network policy agent).
 */
import { NetworkPolicyV1, type NetworkPolicyV1SpecEgress, type NetworkPolicyV1SpecIngress } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { Construct } from 'constructs';
import { CLOUDFLARE_IP_RANGES } from '../../environments/cloudflare-ip-ranges';
import { usesPodIdentity, type ServiceConfig } from '../../environments/schema/workloads';

export interface NetworkPoliciesProps {
  readonly namespace: string;
  readonly services: Readonly<Record<string, ServiceConfig>>;
  /** Public subnets: ALB nodes send traffic to pod IPs from here (target type ip). */
  readonly loadBalancerCidrs: readonly string[];
  /** Isolated subnets: where PostgreSQL and Redis live. */
  readonly dataCidrs: readonly string[];
  readonly vpcCidr: string;
  /**
   * Where the interface VPC endpoints (sts, secretsmanager, kms, logs, ...) have their network interfaces: pods with
   * a Pod Identity role call AWS there on 443, which `internet-https` (VPC excluded) does not cover. @default [vpcCidr]
   */
  readonly endpointCidrs?: readonly string[];
  /** Where the public API hostname resolves: the Cloudflare edge (peer `public-api`). @default Cloudflare's IPv4 ranges */
  readonly publicApiCidrs?: readonly string[];
  /** Namespace of Prometheus. @default 'monitoring' */
  readonly monitoringNamespace?: string;
}

export const DATA_PORTS = { postgres: 5432, redis: 6379 } as const;
/** The EKS Pod Identity agent (link-local, on every node) that hands pods their role credentials. */
export const POD_IDENTITY_AGENT = { cidr: '169.254.170.23/32', port: 80 } as const;
const podsOf = (name: string) => ({ podSelector: { matchLabels: { 'app.kubernetes.io/name': name } } });
const tcp = (port: number) => ({ port: String(port), protocol: 'TCP' });

export class NetworkPolicies extends Construct {
  public readonly policies: Record<string, NetworkPolicyV1> = {};

  constructor(scope: Construct, id: string, props: NetworkPoliciesProps) {
    super(scope, id);
    const monitoring = props.monitoringNamespace ?? 'monitoring';
    const namespace = props.namespace;
    const endpointCidrs = props.endpointCidrs ?? [props.vpcCidr];
    const publicApiCidrs = props.publicApiCidrs ?? CLOUDFLARE_IP_RANGES.ipv4;
    this.policies['default-deny'] = new NetworkPolicyV1(this, 'default-deny', {
      metadata: { name: 'default-deny-all', namespace },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    this.policies['allow-dns'] = new NetworkPolicyV1(this, 'allow-dns', {
      metadata: { name: 'allow-dns', namespace },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [{ port: '53', protocol: 'UDP' }, { port: '53', protocol: 'TCP' }],
        }],
      },
    });

    for (const [name, svc] of Object.entries(props.services)) {
      const ingress: NetworkPolicyV1SpecIngress[] = svc.ingressFrom.map((peer) => {
        if (peer === 'alb') return { from: props.loadBalancerCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(svc.port)] };
        if (peer === 'monitoring') return { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': monitoring } } }], ports: [tcp(svc.port)] };
        return { from: [podsOf(peer)], ports: [tcp(svc.port)] };
      });
      const egress: NetworkPolicyV1SpecEgress[] = svc.egressTo.map((peer) => {
        if (peer === 'postgres' || peer === 'redis') return { to: props.dataCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(DATA_PORTS[peer])] };
        if (peer === 'internet-https') return { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [props.vpcCidr] } }], ports: [tcp(443)] };
        if (peer === 'public-api') return { to: publicApiCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(443)] };
        return { to: [podsOf(peer)], ports: [tcp(props.services[peer].port)] };
      });
      if (usesPodIdentity(svc)) {
        egress.push({ to: [{ ipBlock: { cidr: POD_IDENTITY_AGENT.cidr } }], ports: [tcp(POD_IDENTITY_AGENT.port)] });
        egress.push({ to: endpointCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(443)] });
      }
      this.policies[name] = new NetworkPolicyV1(this, `service-${name}`, {
        metadata: { name: `${name}-traffic`, namespace },
        spec: {
          podSelector: { matchLabels: { 'app.kubernetes.io/name': name } },
          policyTypes: ['Ingress', 'Egress'],
          ingress,
          egress,
        },
      });
    }
  }
}
