/**
 * Service-account tokens only where the Kubernetes API is used (docs/policy-checks.md: Kubernetes objects). A token
 * in a pod that never calls the API is a credential for an attacker who gets into the container; the ServiceAccount's
 * `automountServiceAccountToken: false` does not help when the pod spec says `true`, so the rule looks at the
 * objects as the cluster gets them: in-repo charts rendered with their release values, manifests carried in
 * release values (`extraManifests`), and the stack's own kubernetes_* resources.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { isAbsolute, join } from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { EKS_KUBERNETES_VERSIONS } from '../../environments/versions';
import { PROJECT_ROOT } from '../../lib/project-root';
import { substituteInterpolations } from '../support/chart-releases';
import { helm } from '../support/helm';
import { isClusterScoped, serviceAccountTokenProblems } from '../support/kube-checks';
import { asList, type Json, type SynthResource, type SynthStack } from '../support/synth';
import type { PolicyRule } from './rule';

/** In-repo chart assets are copied into the stack as `./assets/<id containing chart-NAME>/<hash>`: a copy of charts/NAME. */
const LOCAL_CHART_ASSET = /^\.\/assets\/[^/]*chart-([a-z0-9-]+)(?:_[0-9A-F]+)?\/[0-9A-F]+$/;

/** The chart directory a release installs from disk, or undefined for a repository chart. */
function localChartDir(release: SynthResource): string | undefined {
  const chart = String(release.attrs.chart);
  const asset = LOCAL_CHART_ASSET.exec(chart);
  if (asset) return join(PROJECT_ROOT, 'charts', asset[1]);
  return isAbsolute(chart) && existsSync(join(chart, 'Chart.yaml')) ? chart : undefined;
}

/** The newest Kubernetes version the platform supports: what the charts render against. */
const KUBE_VERSION = Object.keys(EKS_KUBERNETES_VERSIONS).sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1])).at(-1)!;

const rendered = new Map<string, Json[]>();

/**
 * Apply-time values as the chart tests' realistic placeholders; one without a placeholder there becomes a plain
 * string (token mounting never depends on an ARN or endpoint, and the chart tests insist on a placeholder anyway).
 */
const placeholders = (text: string) => text.replace(/\$\{[^}]*\}/g, (whole) => {
  try {
    return substituteInterpolations(whole);
  } catch {
    return 'apply-time-value';
  }
});

/** `helm template` of a local-chart release with its values and sets (cached by chart, values and namespace). */
function render(release: SynthResource, chartDir: string): Json[] {
  const namespace = release.attrs.namespace ?? 'default';
  const values = asList<string>(release.attrs.values).map(placeholders);
  const sets = [...asList<Json>(release.attrs.set), ...asList<Json>(release.attrs.set_sensitive)]
    .map((s) => [s.type === 'string' ? '--set-string' : '--set', `${s.name}=${placeholders(String(s.value))}`]);
  const key = JSON.stringify([chartDir, release.attrs.name, namespace, values, sets]);
  if (!rendered.has(key)) {
    const dir = mkdtempSync(join(tmpdir(), 'sa-token-values-'));
    let result;
    try {
      const valueArgs = values.flatMap((v, i) => {
        writeFileSync(join(dir, `${i}.yaml`), v);
        return ['--values', join(dir, `${i}.yaml`)];
      });
      result = helm(['template', String(release.attrs.name), chartDir, '--namespace', namespace, '--kube-version', KUBE_VERSION, ...valueArgs, ...sets.flat()]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    if (!result.ok) throw new Error(`${release.address}: helm template failed: ${result.stderr.trim()}`);
    rendered.set(key, parseAllDocuments(result.stdout).map((d) => d.toJS() as Json).filter((o) => o && typeof o === 'object'));
  }
  return rendered.get(key)!.map((o) => (isClusterScoped(o) || o.metadata?.namespace ? o : { ...o, metadata: { ...o.metadata, namespace } }));
}

/** Kubernetes objects embedded in a values tree (`extraManifests`, `extraObjects`, …). */
function embeddedObjects(value: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(value)) value.forEach((v) => embeddedObjects(v, out));
  else if (value && typeof value === 'object') {
    const node = value as Json;
    if (typeof node.apiVersion === 'string' && typeof node.kind === 'string' && node.metadata && typeof node.metadata === 'object') out.push(node);
    else Object.values(node).forEach((v) => embeddedObjects(v, out));
  }
  return out;
}

/** Where each Terraform workload type keeps its pod spec, and the API kind it creates. */
const TERRAFORM_WORKLOADS: Readonly<Record<string, { kind: string; podSpecPath: readonly string[] }>> = Object.fromEntries([
  ...[['deployment', 'Deployment'], ['stateful_set', 'StatefulSet'], ['daemon_set', 'DaemonSet'], ['daemonset', 'DaemonSet'], ['job', 'Job'], ['replication_controller', 'ReplicationController']]
    .flatMap(([type, kind]) => [`kubernetes_${type}`, `kubernetes_${type}_v1`].map((t) => [t, { kind, podSpecPath: ['spec', 'template', 'spec'] }])),
  ...['kubernetes_cron_job', 'kubernetes_cron_job_v1'].map((t) => [t, { kind: 'CronJob', podSpecPath: ['spec', 'job_template', 'spec', 'template', 'spec'] }]),
  ...['kubernetes_pod', 'kubernetes_pod_v1'].map((t) => [t, { kind: 'Pod', podSpecPath: ['spec'] }]),
]);

/** The API nesting of a pod spec in a workload of `kind`. */
const nestPodSpec = (kind: string, spec: Json): Json => (kind === 'Pod' ? spec
  : kind === 'CronJob' ? { jobTemplate: { spec: { template: { spec } } } } : { template: { spec } });

/**
 * The token-relevant part of the stack's kubernetes_* resources as API objects. The kubernetes provider sends
 * `automount_service_account_token = true` for pods and service accounts that leave it unset (its schema default):
 * an unset pod value therefore overrides the ServiceAccount, unlike in a plain manifest.
 */
function terraformObjects(stack: SynthStack): { object: Json; address: string }[] {
  const meta = (r: SynthResource): Json => asList<Json>(r.attrs.metadata)[0] ?? {};
  const out: { object: Json; address: string }[] = [];
  for (const r of stack.resources()) {
    const workload = TERRAFORM_WORKLOADS[r.type];
    if (workload) {
      const podSpec = workload.podSpecPath.reduce<Json>((node, key) => asList<Json>(node?.[key])[0] ?? {}, r.attrs);
      const spec = { serviceAccountName: podSpec.service_account_name, automountServiceAccountToken: podSpec.automount_service_account_token ?? true };
      out.push({ address: r.address, object: { kind: workload.kind, metadata: { name: meta(r).name, namespace: meta(r).namespace ?? 'default' }, spec: nestPodSpec(workload.kind, spec) } });
    } else if (/^kubernetes_(default_)?service_account(_v1)?$/.test(r.type)) {
      out.push({ address: r.address, object: { kind: 'ServiceAccount', metadata: { name: meta(r).name ?? 'default', namespace: meta(r).namespace ?? 'default' }, automountServiceAccountToken: r.attrs.automount_service_account_token ?? true } });
    } else if (/^kubernetes_(cluster_)?role_binding(_v1)?$/.test(r.type)) {
      const kind = r.type.includes('cluster') ? 'ClusterRoleBinding' : 'RoleBinding';
      out.push({ address: r.address, object: { kind, metadata: { name: meta(r).name, namespace: meta(r).namespace }, subjects: asList<Json>(r.attrs.subject).map((s) => ({ kind: s.kind, name: s.name, namespace: s.namespace })) } });
    }
  }
  return out;
}

/** Every object of a stack that decides whether a pod gets a token, with the Terraform address that ships it. */
export function tokenRelevantObjects(stack: SynthStack): { object: Json; address: string }[] {
  const fromReleases = stack.resources('helm_release').flatMap((r) => {
    const namespace = r.attrs.namespace ?? 'default';
    const embedded = asList<string>(r.attrs.values).flatMap((doc) => embeddedObjects(parse(doc)))
      .map((o) => (isClusterScoped(o) || o.metadata?.namespace ? o : { ...o, metadata: { ...o.metadata, namespace } }));
    const chartDir = localChartDir(r);
    return [...embedded, ...(chartDir ? render(r, chartDir) : [])].map((object) => ({ object, address: r.address }));
  });
  return [...fromReleases, ...terraformObjects(stack)];
}

export const serviceAccountTokenRules: PolicyRule[] = [
  {
    id: 'CKV_K8S_38',
    mirrors: 'AVD-KSV-0036',
    title: 'pods mount a service-account token only when their service account is bound to a Role/ClusterRole (pod value, else service account value, else true)',
    evaluate: (stack) => {
      const objects = tokenRelevantObjects(stack);
      const addressOf = new Map(objects.map(({ object, address }) => [object, address]));
      return serviceAccountTokenProblems(objects.map((o) => o.object)).map(({ object, problem }) => ({ address: addressOf.get(object)!, message: problem }));
    },
  },
];
