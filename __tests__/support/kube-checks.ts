/**
 * Checks a reviewer would otherwise do by hand on the objects of one environment (rendered charts plus the
 * stack's own kubernetes_* objects): Pod Security Standards `restricted` where a namespace enforces it, selectors
 * that select something, named ports that exist, targets that exist. Each returns problems, one line each.
 */
import type { Json } from './synth';

export interface PodTemplate {
  readonly owner: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly spec: Json;
}

const CLUSTER_SCOPED = new Set(['Namespace', 'StorageClass', 'ClusterSecretStore', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass', 'CustomResourceDefinition']);
export const isClusterScoped = (object: Json) => CLUSTER_SCOPED.has(object.kind);
export const nameOf = (object: Json) => `${object.kind}/${object.metadata?.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata?.name}`;

/** The pod template of one workload object (the Pod itself for a Pod), or undefined. */
export function podTemplateOf(o: Json): PodTemplate | undefined {
  const template = o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template
    : ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job'].includes(o.kind) ? o.spec?.template : o.kind === 'Pod' ? o : undefined;
  return template ? { owner: nameOf(o), namespace: o.metadata?.namespace, labels: template.metadata?.labels ?? {}, spec: template.spec ?? {} } : undefined;
}

/** Every pod template of the workload objects. */
export function podTemplates(objects: readonly Json[]): PodTemplate[] {
  return objects.flatMap((o) => podTemplateOf(o) ?? []);
}

/**
 * Workloads whose pods get a service-account token without being declared to use the Kubernetes API. The token is
 * mounted when the pod's `automountServiceAccountToken` says so, else its ServiceAccount's, else (unset on both)
 * by default. Using the API is declared by granting the service account something: a RoleBinding or
 * ClusterRoleBinding subject among the same objects. A ServiceAccount outside `objects` counts as unset.
 */
export function serviceAccountTokenProblems(objects: readonly Json[]): { object: Json; problem: string }[] {
  const accounts = objects.filter((o) => o.kind === 'ServiceAccount');
  const bound = new Set(objects.filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding')
    .flatMap((b) => (b.subjects ?? []).filter((s: Json) => s.kind === 'ServiceAccount').map((s: Json) => `${s.namespace ?? b.metadata?.namespace}/${s.name}`)));
  return objects.flatMap((object) => {
    const pod = podTemplateOf(object);
    if (!pod) return [];
    const name: string = pod.spec.serviceAccountName ?? pod.spec.serviceAccount ?? 'default';
    const account = accounts.find((a) => a.metadata?.name === name && (a.metadata?.namespace ?? pod.namespace) === pod.namespace);
    const podValue = pod.spec.automountServiceAccountToken;
    const mounted = podValue ?? account?.automountServiceAccountToken ?? true;
    if (mounted === false || bound.has(`${pod.namespace}/${name}`)) return [];
    const why = podValue !== undefined ? 'the pod sets automountServiceAccountToken: true'
      : account?.automountServiceAccountToken !== undefined ? `its service account ${name} sets automountServiceAccountToken: true`
        : `neither the pod nor its service account ${name} sets automountServiceAccountToken: false`;
    return [{ object, problem: `${pod.owner}: mounts a service-account token (${why}), but no RoleBinding or ClusterRoleBinding grants ${pod.namespace}/${name} anything` }];
  });
}

/** Kubernetes label-selector semantics (matchLabels and matchExpressions). */
export function selects(selector: Json | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const matchLabels: Record<string, string> = selector.matchLabels ?? (selector.matchExpressions ? {} : selector);
  if (!Object.entries(matchLabels).every(([k, v]) => labels[k] === v)) return false;
  return (selector.matchExpressions ?? []).every((e: Json) => {
    const has = e.key in labels;
    if (e.operator === 'In') return has && e.values.includes(labels[e.key]);
    if (e.operator === 'NotIn') return !has || !e.values.includes(labels[e.key]);
    if (e.operator === 'Exists') return has;
    return !has;
  });
}

const containersOf = (spec: Json): Json[] => [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
const BASELINE_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/** The `restricted` profile (Pod Security Standards, latest) for every pod template in an enforcing namespace. */
export function podSecurityProblems(objects: readonly Json[]): string[] {
  const restricted = new Set(objects.filter((o) => o.kind === 'Namespace' && o.metadata?.labels?.['pod-security.kubernetes.io/enforce'] === 'restricted').map((o) => o.metadata.name));
  const problems: string[] = [];
  for (const pod of podTemplates(objects).filter((p) => restricted.has(p.namespace))) {
    const fail = (rule: string) => problems.push(`${pod.owner}: ${rule} (namespace ${pod.namespace} enforces restricted)`);
    const spec = pod.spec;
    const podContext = spec.securityContext ?? {};
    for (const host of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[host] === true) fail(`${host} must not be true`);
    for (const volume of spec.volumes ?? []) {
      const type = Object.keys(volume).find((k) => k !== 'name');
      if (type && !BASELINE_VOLUMES.includes(type)) fail(`volume ${volume.name} of type ${type} is not allowed`);
    }
    if (podContext.runAsUser === 0) fail('securityContext.runAsUser must not be 0');
    for (const c of containersOf(spec)) {
      const sc = c.securityContext ?? {};
      const at = `container ${c.name}`;
      if (sc.privileged === true) fail(`${at}: privileged must not be true`);
      if (sc.allowPrivilegeEscalation !== false) fail(`${at}: securityContext.allowPrivilegeEscalation must be false`);
      if ((sc.runAsNonRoot ?? podContext.runAsNonRoot) !== true) fail(`${at}: runAsNonRoot must be true (pod or container)`);
      if (sc.runAsUser === 0) fail(`${at}: runAsUser must not be 0`);
      const seccomp = (sc.seccompProfile ?? podContext.seccompProfile)?.type;
      if (!['RuntimeDefault', 'Localhost'].includes(seccomp)) fail(`${at}: seccompProfile.type must be RuntimeDefault or Localhost (pod or container)`);
      if (!(sc.capabilities?.drop ?? []).includes('ALL')) fail(`${at}: capabilities.drop must include ALL`);
      const added = (sc.capabilities?.add ?? []).filter((cap: string) => cap !== 'NET_BIND_SERVICE');
      if (added.length > 0) fail(`${at}: capabilities.add may only hold NET_BIND_SERVICE, not ${added.join(', ')}`);
      if ((c.ports ?? []).some((p: Json) => p.hostPort)) fail(`${at}: hostPort is not allowed`);
    }
  }
  return problems;
}

/**
 * Objects live in namespaces the stack creates; Services, PDBs, HPAs, Ingresses, ServiceMonitors and StatefulSets
 * point at things that exist, by names that exist.
 */
export function referenceProblems(objects: readonly Json[]): string[] {
  const problems: string[] = [];
  const pods = podTemplates(objects);
  const inNamespace = (ns: string) => objects.filter((o) => o.metadata?.namespace === ns);
  const services = objects.filter((o) => o.kind === 'Service');
  // kube-system is EKS's own (its add-ons run there); the stacks put only Helm records and their read binding in it.
  const namespaces = new Set([...objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name), 'kube-system']);
  for (const object of objects.filter((o) => !isClusterScoped(o) && !namespaces.has(o.metadata?.namespace))) {
    problems.push(`${nameOf(object)}: namespace "${object.metadata?.namespace}" is not created by the stack (its PSS level and policies would be missing)`);
  }
  const portNames = (pod: PodTemplate) => new Set(containersOf(pod.spec).flatMap((c) => (c.ports ?? []).map((p: Json) => p.name)).filter(Boolean));

  for (const service of services.filter((s) => s.spec?.selector)) {
    const selected = pods.filter((p) => p.namespace === service.metadata.namespace && selects(service.spec.selector, p.labels));
    if (selected.length === 0) problems.push(`${nameOf(service)}: selector ${JSON.stringify(service.spec.selector)} matches no pod template`);
    for (const port of service.spec.ports ?? []) {
      if (typeof port.targetPort !== 'string') continue;
      for (const pod of selected.filter((p) => !portNames(p).has(port.targetPort))) {
        problems.push(`${nameOf(service)}: port ${port.name ?? port.port} targets "${port.targetPort}", which no container of ${pod.owner} names`);
      }
    }
  }
  for (const pod of pods) {
    for (const c of containersOf(pod.spec)) {
      const names = new Set((c.ports ?? []).map((p: Json) => p.name));
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        const port = c[probe]?.httpGet?.port ?? c[probe]?.tcpSocket?.port ?? c[probe]?.grpc?.port;
        if (typeof port === 'string' && !names.has(port)) problems.push(`${pod.owner}: container ${c.name} ${probe} uses port "${port}", which the container does not name`);
      }
    }
  }
  for (const pdb of objects.filter((o) => o.kind === 'PodDisruptionBudget')) {
    if (!pods.some((p) => p.namespace === pdb.metadata.namespace && selects(pdb.spec?.selector, p.labels))) problems.push(`${nameOf(pdb)}: selector matches no pod template`);
  }
  for (const hpa of objects.filter((o) => o.kind === 'HorizontalPodAutoscaler')) {
    const ref = hpa.spec?.scaleTargetRef ?? {};
    const target = inNamespace(hpa.metadata.namespace).find((o) => o.kind === ref.kind && o.metadata?.name === ref.name && o.apiVersion === ref.apiVersion);
    if (!target) problems.push(`${nameOf(hpa)}: scaleTargetRef ${ref.apiVersion} ${ref.kind}/${ref.name} does not exist`);
  }
  for (const ingress of objects.filter((o) => o.kind === 'Ingress')) {
    const backends = (ingress.spec?.rules ?? []).flatMap((r: Json) => (r.http?.paths ?? []).map((p: Json) => p.backend?.service)).concat(ingress.spec?.defaultBackend?.service ?? []);
    for (const backend of backends) {
      const service = inNamespace(ingress.metadata.namespace).find((o) => o.kind === 'Service' && o.metadata.name === backend.name);
      const portOk = service && (service.spec.ports ?? []).some((p: Json) => (backend.port?.name ? p.name === backend.port.name : p.port === backend.port?.number));
      if (!portOk) problems.push(`${nameOf(ingress)}: backend ${backend.name}:${backend.port?.name ?? backend.port?.number} is not a port of an existing Service`);
    }
  }
  for (const monitor of objects.filter((o) => o.kind === 'ServiceMonitor')) {
    const namespaces: string[] = monitor.spec?.namespaceSelector?.matchNames ?? [monitor.metadata.namespace];
    const selected = services.filter((s) => namespaces.includes(s.metadata.namespace) && selects(monitor.spec?.selector, s.metadata?.labels ?? {}));
    if (selected.length === 0) problems.push(`${nameOf(monitor)}: selector matches no Service`);
    // Two selected Services in front of the same pods (e.g. a StatefulSet's headless Service) scrape each pod twice.
    const podsBehind = selected.map((svc) => pods.filter((p) => p.namespace === svc.metadata.namespace && selects(svc.spec?.selector, p.labels)).map((p) => p.owner));
    const owners = podsBehind.flat();
    if (new Set(owners).size < owners.length) problems.push(`${nameOf(monitor)}: selects ${selected.map(nameOf).join(' and ')}, which front the same pods (scraped twice)`);
    for (const endpoint of monitor.spec?.endpoints ?? []) {
      for (const s of selected.filter((svc) => endpoint.port && !(svc.spec.ports ?? []).some((p: Json) => p.name === endpoint.port))) {
        problems.push(`${nameOf(monitor)}: endpoint port "${endpoint.port}" is not a port name of ${nameOf(s)}`);
      }
    }
  }
  for (const set of objects.filter((o) => o.kind === 'StatefulSet')) {
    const governing = inNamespace(set.metadata.namespace).find((o) => o.kind === 'Service' && o.metadata.name === set.spec?.serviceName);
    if (!governing) problems.push(`${nameOf(set)}: serviceName "${set.spec?.serviceName}" is not a Service in its namespace`);
    else if (governing.spec?.clusterIP !== 'None') problems.push(`${nameOf(set)}: serviceName "${set.spec.serviceName}" must be a headless Service (clusterIP: None) for stable pod DNS`);
  }
  return problems;
}
