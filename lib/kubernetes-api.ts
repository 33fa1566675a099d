/**
 * The Kubernetes API behind each kubernetes_* Terraform type the stacks use, and where Helm keeps its release
 * records. The plan identity's RBAC is derived from this (constructs/workloads/plan-access.ts) and the access review
 * evaluates the same calls (lib/access-review/rbac.ts); a kubernetes_* type missing here fails both.
 */

export interface KubernetesApi {
  /** API group ('' is the core group). */
  readonly apiGroup: string;
  /** Plural resource name as RBAC rules name it. */
  readonly resource: string;
  readonly namespaced: boolean;
}

export const KUBERNETES_RESOURCE_APIS: Readonly<Record<string, KubernetesApi>> = {
  kubernetes_namespace_v1: { apiGroup: '', resource: 'namespaces', namespaced: false },
  kubernetes_network_policy_v1: { apiGroup: 'networking.k8s.io', resource: 'networkpolicies', namespaced: true },
  kubernetes_storage_class_v1: { apiGroup: 'storage.k8s.io', resource: 'storageclasses', namespaced: false },
  kubernetes_cluster_role_v1: { apiGroup: 'rbac.authorization.k8s.io', resource: 'clusterroles', namespaced: false },
  kubernetes_cluster_role_binding_v1: { apiGroup: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings', namespaced: false },
  kubernetes_role_binding_v1: { apiGroup: 'rbac.authorization.k8s.io', resource: 'rolebindings', namespaced: true },
};

/**
 * Helm's storage driver for every release (the helm provider's `helm_driver`). ConfigMaps, not Secrets: a refresh
 * lists the release's records in its namespace, and with the Secret driver the plan identity would need to read every
 * Secret there, application secrets included (RBAC cannot narrow `list` to Helm's labels). Nothing secret may reach
 * a release's values or rendered manifest (docs/decisions/0022-plan-identity-and-helm-release-records.md).
 */
export const HELM_DRIVER = 'configmap';

/** What a refresh of a helm_release calls in its namespace with the ConfigMap driver (Helm's storage `Query` lists by label, then reads). */
export const HELM_RECORDS_API: KubernetesApi & { readonly verbs: readonly string[] } = { apiGroup: '', resource: 'configmaps', namespaced: true, verbs: ['get', 'list'] };

/** The Kubernetes API of a Terraform type, or an error that names the type (a new kubernetes_* type must be added above). */
export function kubernetesApiOf(type: string): KubernetesApi {
  const api = KUBERNETES_RESOURCE_APIS[type];
  if (!api) throw new Error(`lib/kubernetes-api.ts: ${type} has no entry in KUBERNETES_RESOURCE_APIS: add its API group, resource and scope`);
  return api;
}
