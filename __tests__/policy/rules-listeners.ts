/**
 * Load balancer listeners (docs/policy-checks.md: Load balancer listeners): those Terraform declares (`aws_lb_listener`)
 * and those the AWS Load Balancer Controller creates from Ingress annotations, which face the internet just the same.
 */
import { parse } from 'yaml';
import { asList, type Json, type SynthResource, type SynthStack } from '../support/synth';
import type { PolicyRule, Violation } from './rule';

/**
 * ELB security policies whose oldest protocol is TLS 1.2: AWS names them by their minimum version
 * (`ELBSecurityPolicy-TLS13-1-2-…`, `-TLS13-1-3-…`, `-TLS-1-2-…`, `-FS-1-2-…`). Everything else
 * (`ELBSecurityPolicy-2016-08`, `-TLS-1-1-…`, `-TLS13-1-0-…`, `-FS-2018-06`, …) still accepts TLS 1.0 or 1.1.
 */
export const TLS12_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-[A-Za-z0-9-]+$/;

/**
 * What an HTTPS listener gets without a policy: the ELB API default (create-listener without --ssl-policy), which is
 * also the AWS Load Balancer Controller's `--default-ssl-policy` unless its chart sets `defaultSSLPolicy`.
 */
export const DEFAULT_ELB_POLICY = 'ELBSecurityPolicy-2016-08';

const ANNOTATION = 'alb.ingress.kubernetes.io/';
const LISTENERS = ['aws_lb_listener', 'aws_alb_listener'];

/** Every annotation map in a value tree that configures an ALB, skipping blocks switched off with `enabled: false`. */
function albAnnotationSets(value: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(value)) value.forEach((v) => albAnnotationSets(v, out));
  else if (value && typeof value === 'object') {
    const node = value as Json;
    if (node.enabled === false) return out;
    for (const [key, child] of Object.entries(node)) {
      if (key === 'annotations' && child && typeof child === 'object' && Object.keys(child).some((k) => k.startsWith(ANNOTATION))) out.push(child as Json);
      else albAnnotationSets(child, out);
    }
  }
  return out;
}

/** ALB Ingress annotation sets of a stack: helm_release values (every values document) and kubernetes_ingress* resources. */
export function albIngresses(stack: SynthStack): { address: string; annotations: Json }[] {
  const fromValues = stack.resources('helm_release').flatMap((r) => asList<string>(r.attrs.values)
    .flatMap((doc) => albAnnotationSets(parse(doc))).map((annotations) => ({ address: r.address, annotations })));
  const fromIngresses = stack.resources('kubernetes_ingress_v1', 'kubernetes_ingress')
    .flatMap((r) => albAnnotationSets(r.attrs.metadata).map((annotations) => ({ address: r.address, annotations })));
  return [...fromValues, ...fromIngresses];
}

/** The controller's default policy: its chart's `defaultSSLPolicy` where a release in the platform sets one. */
function controllerDefaultPolicy(platform: readonly SynthStack[]): string {
  const releases = platform.flatMap((s) => s.resources('helm_release')).filter((r) => r.attrs.chart === 'aws-load-balancer-controller');
  const set = releases.flatMap((r: SynthResource) => [
    ...asList<string>(r.attrs.values).map((doc) => (parse(doc) as Json | null)?.defaultSSLPolicy),
    ...asList<Json>(r.attrs.set).filter((s) => s.name === 'defaultSSLPolicy').map((s) => s.value),
  ]).filter((p): p is string => typeof p === 'string');
  return set.at(-1) ?? DEFAULT_ELB_POLICY;
}

/** The `listen-ports` annotation, or the controller's default: HTTPS 443 with a certificate, else HTTP 80. */
function listenPorts(annotations: Json): { protocol: string; port: number }[] {
  const raw = annotations[`${ANNOTATION}listen-ports`];
  if (raw === undefined) return [annotations[`${ANNOTATION}certificate-arn`] ? { protocol: 'HTTPS', port: 443 } : { protocol: 'HTTP', port: 80 }];
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(raw));
  } catch {
    // The controller rejects the Ingress; count it as plain HTTP so the rule names it rather than skipping it.
    return [{ protocol: 'HTTP', port: Number.NaN }];
  }
  return asList<Json>(parsed as Json[]).flatMap((entry) => Object.entries(entry).map(([protocol, port]) => ({ protocol, port: Number(port) })));
}

const policyProblem = (policy: string | undefined, fallback: string, where: string): string | undefined => {
  const effective = policy ?? fallback;
  if (TLS12_POLICY.test(effective)) return undefined;
  return policy ? `${where} uses ${policy}, which accepts TLS below 1.2` : `${where} sets no TLS policy: the default ${fallback} accepts TLS 1.0 and 1.1`;
};

export const listenerRules: PolicyRule[] = [
  {
    id: 'CKV_AWS_103',
    mirrors: 'AVD-AWS-0047',
    title: 'HTTPS/TLS listeners (Terraform and Ingress-made ALB listeners) use a TLS 1.2+ policy',
    evaluate: (stack, platform = [stack]) => {
      const out: Violation[] = [];
      for (const l of stack.resources(...LISTENERS).filter((r) => ['HTTPS', 'TLS'].includes(String(r.attrs.protocol)))) {
        const problem = policyProblem(l.attrs.ssl_policy, DEFAULT_ELB_POLICY, `${l.attrs.protocol} listener`);
        if (problem) out.push({ address: l.address, message: problem });
      }
      const fallback = controllerDefaultPolicy(platform);
      for (const { address, annotations } of albIngresses(stack)) {
        if (!listenPorts(annotations).some((p) => p.protocol === 'HTTPS')) continue;
        const problem = policyProblem(annotations[`${ANNOTATION}ssl-policy`], fallback, 'ALB Ingress');
        if (problem) out.push({ address, message: problem });
      }
      return out;
    },
  },
  {
    id: 'CKV2_AWS_20',
    title: 'load balancers serve HTTPS only: a plain-HTTP listener (Terraform or Ingress listen-ports) only redirects to HTTPS',
    evaluate: (stack) => {
      const out: Violation[] = [];
      for (const l of stack.resources(...LISTENERS).filter((r) => String(r.attrs.protocol ?? 'HTTP') === 'HTTP')) {
        const redirects = asList<Json>(l.attrs.default_action).some((a) => a.type === 'redirect' && asList<Json>(a.redirect)[0]?.protocol === 'HTTPS');
        if (!redirects) out.push({ address: l.address, message: `HTTP listener on ${l.attrs.port} does not redirect to HTTPS` });
      }
      for (const { address, annotations } of albIngresses(stack)) {
        const http = listenPorts(annotations).filter((p) => p.protocol === 'HTTP');
        if (http.length > 0 && annotations[`${ANNOTATION}ssl-redirect`] === undefined) {
          out.push({ address, message: `ALB Ingress listens on plain HTTP ${http.map((p) => p.port).join(', ')} without ssl-redirect` });
        }
      }
      return out;
    },
  },
];
