/**
 * Kubernetes rules over the workloads stacks: Pod Security Standards "restricted" for every app workload
 * (docs/policy-checks.md, KSV ids), PSS labels on namespaces, default-deny network policy, release hygiene.
 * App workloads are the releases of charts/app-service; their values are what the pods get.
 */
import { parse } from 'yaml';
import { asList, type Json, type SynthResource, type SynthStack } from '../support/synth';
import { resourceRule, type PolicyRule } from './rule';

const isAppRelease = (r: SynthResource) => r.type === 'helm_release' && String(r.attrs.chart).includes('chart-app-service');
const appValues = (r: SynthResource): Json | undefined => (isAppRelease(r) ? parse(r.attrs.values[0]) : undefined);

/** A restricted-profile check on the pod/container security contexts of an app release. */
function podRule(id: string, title: string, check: (pod: Json, container: Json, values: Json) => string | undefined): PolicyRule {
  return resourceRule(id, title, ['helm_release'], (r) => {
    const values = appValues(r);
    return values ? check(values.podSecurityContext ?? {}, values.securityContext ?? {}, values) : undefined;
  });
}

const SECCOMP_OK = ['RuntimeDefault', 'Localhost'];

export const kubernetesRules: PolicyRule[] = [
  podRule('KSV-0001', 'containers cannot escalate privileges (PSS restricted)', (_p, c) => (c.allowPrivilegeEscalation === false ? undefined : 'allowPrivilegeEscalation is not false')),
  podRule('KSV-0012', 'pods run as non-root (PSS restricted)', (p, c) => (p.runAsNonRoot === true && c.runAsNonRoot !== false ? undefined : 'runAsNonRoot is not true')),
  podRule('KSV-0105', 'pods do not run as UID 0; UID >= 10000 (CKV_K8S_40)', (p, c) => ((c.runAsUser ?? p.runAsUser) >= 10000 ? undefined : `runAsUser ${c.runAsUser ?? p.runAsUser}`)),
  podRule('KSV-0030', 'seccomp profile RuntimeDefault or Localhost (PSS restricted)', (p, c) =>
    (SECCOMP_OK.includes(c.seccompProfile?.type ?? p.seccompProfile?.type) ? undefined : 'no RuntimeDefault/Localhost seccomp profile')),
  podRule('KSV-0106', 'containers drop ALL capabilities and add at most NET_BIND_SERVICE (PSS restricted)', (_p, c) => {
    if (!asList(c.capabilities?.drop).includes('ALL')) return 'capabilities.drop lacks ALL';
    return asList<string>(c.capabilities?.add).every((a) => a === 'NET_BIND_SERVICE') ? undefined : 'adds capabilities';
  }),
  podRule('KSV-0017', 'containers are not privileged (PSS baseline)', (_p, c) => (c.privileged === true ? 'privileged container' : undefined)),
  podRule('CKV_K8S_22', 'root filesystems are read-only', (_p, c) => (c.readOnlyRootFilesystem === true ? undefined : 'readOnlyRootFilesystem is not true')),
  podRule('CKV_K8S_14', 'images are pinned to a tag (never latest)', (_p, _c, v) => (v.image?.tag && v.image.tag !== 'latest' ? undefined : 'image tag missing or latest')),
  podRule('CKV_K8S_11', 'containers set CPU and memory requests and limits', (_p, _c, v) => {
    const r = v.resources ?? {};
    return r.requests?.cpu && r.requests?.memory && r.limits?.cpu && r.limits?.memory ? undefined : 'resources incomplete';
  }),
  podRule('CKV_K8S_8', 'containers have liveness and readiness probes', (_p, _c, v) => (v.probes?.liveness && v.probes?.readiness ? undefined : 'missing liveness or readiness probe')),
  resourceRule('CKV_K8S_21', 'nothing is deployed into the default namespace', ['helm_release', 'kubernetes_network_policy_v1', 'kubernetes_service_account_v1'], (r) =>
    ((r.attrs.namespace ?? r.attrs.metadata?.namespace ?? 'default') === 'default' ? 'uses the default namespace' : undefined)),
  resourceRule('PSS_NAMESPACE_LABELS', 'every namespace enforces a PSS level; below restricted only with a written reason', ['kubernetes_namespace_v1'], (r) => {
    const level = r.attrs.metadata.labels?.['pod-security.kubernetes.io/enforce'];
    if (!['restricted', 'baseline', 'privileged'].includes(level)) return 'no pod-security.kubernetes.io/enforce label';
    return level === 'restricted' || r.attrs.metadata.annotations?.['aifeedback.se/pss-exception'] ? undefined : `${level} without a reason`;
  }),
  {
    id: 'CIS_EKS_4.3.2',
    title: 'every namespace running app services has a default-deny network policy',
    // The policies may come from another stack on the same cluster (`<env>-gpu` releases into the namespaces and
    // under the policies of `<env>-workloads`, which is applied before it).
    evaluate: (stack, platform = [stack]) => {
      const namespaces = new Set(stack.resources('helm_release').filter(isAppRelease).map((r) => r.attrs.namespace as string));
      const policies = platform.filter((s) => s === stack || sameCluster(s, stack)).flatMap((s) => s.resources('kubernetes_network_policy_v1'));
      return [...namespaces].flatMap((ns) => policies.some((p) =>
        p.attrs.metadata.namespace === ns && JSON.stringify(p.attrs.spec.pod_selector) === '{}' && !p.attrs.spec.ingress && !p.attrs.spec.egress
        && JSON.stringify(p.attrs.spec.policy_types) === '["Ingress","Egress"]')
        ? [] : [{ address: `namespace/${ns}`, message: 'no default-deny NetworkPolicy' }]);
    },
  },
  resourceRule('AVD-KUBE-0001', 'network policies admit no ingress from the whole internet', ['kubernetes_network_policy_v1'], (r) =>
    (asList<Json>(r.attrs.spec.ingress).some((i) => asList<Json>(i.from).some((f) => ['0.0.0.0/0', '::/0'].includes(f.ip_block?.cidr))) ? 'ingress from 0.0.0.0/0' : undefined)),
  resourceRule('HELM_RELEASE_SAFE', 'releases are atomic, wait, and keep a bounded history', ['helm_release'], (r) =>
    (r.attrs.atomic === true && r.attrs.wait !== false && Number(r.attrs.max_history) > 0 && Number(r.attrs.max_history) <= 20 ? undefined : 'not atomic/wait/bounded')),
];

/** Stacks whose kubernetes provider talks to the same API endpoint (the same cross-stack reference). */
function sameCluster(a: SynthStack, b: SynthStack): boolean {
  const host = (s: SynthStack) => asList<Json>(s.json.provider?.kubernetes)[0]?.host as string | undefined;
  return host(a) !== undefined && host(a) === host(b);
}
