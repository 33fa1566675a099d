/**
 * Kubernetes RBAC of the cluster identities, evaluated from the synthesized stacks: EKS access entries (Kubernetes
 * groups and EKS access policies) in `<env>`, and the ClusterRoles, Roles and their bindings in `<env>-workloads`.
 * The calls evaluated are the ones the kubernetes and helm providers make (lib/kubernetes-api.ts): `get` of each
 * managed object at refresh, create/update/delete at apply, and Helm's release records per release namespace.
 *
 * Semantics follow the Kubernetes RBAC reference (kubernetes.io/docs/reference/access-authn-authz/rbac, read
 * 2026-12-06): permissions are purely additive; a ClusterRoleBinding grants its role's rules in every namespace and on
 * cluster-scoped objects; a RoleBinding grants them only inside its own namespace; `*` matches any verb, group or
 * resource; `resourceNames` narrows a rule to named objects and never matches `list`.
 */
import { HELM_RECORDS_API, kubernetesApiOf } from '../kubernetes-api';
import { asList as list, type EnvironmentModel, type Json } from './stack-model';

export interface KubernetesRequest {
  readonly verb: string;
  readonly apiGroup: string;
  readonly resource: string;
  /** Undefined for cluster-scoped objects. */
  readonly namespace?: string;
  readonly name?: string;
  /** What makes the call (`production-workloads: kubernetes_namespace_v1.x`). */
  readonly source: string;
}

interface Rule { readonly apiGroups: string[]; readonly resources: string[]; readonly verbs: string[]; readonly resourceNames?: string[] }
interface Grant { readonly role: string; readonly namespace?: string; readonly rules: readonly Rule[]; readonly via: string }

/**
 * EKS access policies as RBAC rules (EKS user guide, "Review access policy permissions", read 2026-12-06).
 * AmazonEKSClusterAdminPolicy is cluster-admin. Others are not modelled: an entry using one fails the review.
 */
const ACCESS_POLICY_RULES: Readonly<Record<string, readonly Rule[]>> = {
  AmazonEKSClusterAdminPolicy: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
};

export interface ClusterIdentity {
  readonly principalArn: string;
  readonly groups: readonly string[];
  readonly accessPolicies: readonly string[];
}

const first = (v: Json) => (Array.isArray(v) ? v[0] : v);

/** The cluster identities of the access entries in `infraStack`. */
export function clusterIdentities(model: EnvironmentModel, infraStack: string): ClusterIdentity[] {
  const resources = model.resources(infraStack);
  return resources.filter((r) => r.type === 'aws_eks_access_entry').map((entry) => {
    const principalArn = String(model.resolve(entry.attrs.principal_arn, infraStack));
    const accessPolicies = resources.filter((a) => a.type === 'aws_eks_access_policy_association' && String(model.resolve(a.attrs.principal_arn, infraStack)) === principalArn)
      .map((a) => String(a.attrs.policy_arn).split('/').pop()!);
    return { principalArn, groups: list<string>(entry.attrs.kubernetes_groups), accessPolicies };
  });
}

/** Everything the identity is granted, with where each grant comes from. */
export function grantsOf(model: EnvironmentModel, identity: ClusterIdentity, workloadsStack: string): Grant[] {
  const grants: Grant[] = identity.accessPolicies.map((p) => {
    const rules = ACCESS_POLICY_RULES[p];
    if (!rules) throw new Error(`rbac review: EKS access policy ${p} of ${identity.principalArn} is not modelled in ACCESS_POLICY_RULES`);
    return { role: p, rules, via: `EKS access policy ${p}` };
  });
  const resources = model.resources(workloadsStack);
  const resolve = (v: unknown) => String(model.resolve(v, workloadsStack));
  const rulesOf = (kind: string, name: string, namespace?: string): Rule[] => {
    const type = kind === 'ClusterRole' ? 'kubernetes_cluster_role_v1' : 'kubernetes_role_v1';
    const role = resources.find((r) => r.type === type && resolve(first(r.attrs.metadata).name) === name && (kind === 'ClusterRole' || resolve(first(r.attrs.metadata).namespace) === namespace));
    if (!role) return [];
    return list<Json>(role.attrs.rule).map((x) => ({ apiGroups: list(x.api_groups), resources: list(x.resources), verbs: list(x.verbs), resourceNames: x.resource_names }));
  };
  for (const binding of resources.filter((r) => r.type === 'kubernetes_cluster_role_binding_v1' || r.type === 'kubernetes_role_binding_v1')) {
    const subjects = list<Json>(binding.attrs.subject);
    const bound = subjects.some((s) => (s.kind === 'Group' && identity.groups.includes(s.name)) || (s.kind === 'User' && s.name === identity.principalArn));
    if (!bound) continue;
    const ref = first(binding.attrs.role_ref);
    const namespace = binding.type === 'kubernetes_role_binding_v1' ? resolve(first(binding.attrs.metadata).namespace) : undefined;
    grants.push({ role: `${ref.kind}/${resolve(ref.name)}`, namespace, rules: rulesOf(ref.kind, resolve(ref.name), namespace), via: `${binding.address}` });
  }
  return grants;
}

const matches = (values: readonly string[], value: string) => values.includes('*') || values.includes(value);

/** The grant that allows the request, or undefined. */
export function allowingGrant(grants: readonly Grant[], request: KubernetesRequest): Grant | undefined {
  return grants.find((g) => (g.namespace === undefined || g.namespace === request.namespace) && g.rules.some((rule) =>
    matches(rule.verbs, request.verb) && matches(rule.apiGroups, request.apiGroup) && matches(rule.resources, request.resource)
    && (!rule.resourceNames?.length || (request.verb !== 'list' && request.name !== undefined && rule.resourceNames.includes(request.name)))));
}

export interface StackCalls {
  /** Calls a refresh makes (plan). */
  readonly read: KubernetesRequest[];
  /** Calls an apply makes. */
  readonly write: KubernetesRequest[];
  /** Namespaces the stacks work in (Secrets there must stay unreadable to plans). */
  readonly namespaces: string[];
}

/** The Kubernetes calls refreshing and applying the given stacks make. */
export function kubernetesCalls(model: EnvironmentModel, stacks: readonly string[]): StackCalls {
  const read: KubernetesRequest[] = [];
  const write: KubernetesRequest[] = [];
  const namespaces = new Set<string>(['kube-system']);
  for (const r of stacks.flatMap((s) => model.resources(s))) {
    const source = `${r.stack}: ${r.address}`;
    if (r.type === 'helm_release') {
      const namespace = String(model.resolve(r.attrs.namespace, r.stack));
      namespaces.add(namespace);
      const records = { apiGroup: HELM_RECORDS_API.apiGroup, resource: HELM_RECORDS_API.resource, namespace, source };
      read.push(...HELM_RECORDS_API.verbs.map((verb) => ({ ...records, verb })));
      // A release creates whatever its chart renders: only a cluster-wide writer can apply it.
      write.push(...['create', 'update', 'delete'].map((verb) => ({ verb, apiGroup: '*', resource: '*', namespace, source })));
      continue;
    }
    if (!r.type.startsWith('kubernetes_')) continue;
    const api = kubernetesApiOf(r.type);
    const metadata = first(r.attrs.metadata) ?? {};
    const name = String(model.resolve(metadata.name, r.stack));
    const namespace = api.namespaced ? String(model.resolve(metadata.namespace ?? 'default', r.stack)) : undefined;
    if (namespace) namespaces.add(namespace);
    if (r.type === 'kubernetes_namespace_v1') namespaces.add(name);
    const base = { apiGroup: api.apiGroup, resource: api.resource, namespace, name, source };
    read.push({ ...base, verb: 'get' });
    write.push(...['create', 'update', 'patch', 'delete'].map((verb) => ({ ...base, verb })));
  }
  return { read, write, namespaces: [...namespaces].sort() };
}

export const describeRequest = (q: KubernetesRequest) =>
  `${q.verb} ${q.apiGroup || 'core'}/${q.resource}${q.name ? `/${q.name}` : ''}${q.namespace ? ` in ${q.namespace}` : ' (cluster)'}`;
