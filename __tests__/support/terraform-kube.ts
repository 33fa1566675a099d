/**
 * `kubernetes_*` resources of a synthesized stack as the API objects the kubernetes provider sends: snake_case
 * attributes in camelCase, single blocks unwrapped, provider-only attributes and Terraform meta-arguments dropped.
 * A resource type without a mapping here is reported, so a new one cannot slip past validation.
 */
import type { Json, SynthResource } from './synth';

interface Mapping {
  readonly apiVersion: string;
  readonly kind: string;
  /** Provider attribute → API field where the name differs. @default {} */
  readonly rename?: Readonly<Record<string, string>>;
  /** Attributes that only steer the provider. @default [] */
  readonly providerOnly?: readonly string[];
}

export const MAPPINGS: Readonly<Record<string, Mapping>> = {
  kubernetes_namespace_v1: { apiVersion: 'v1', kind: 'Namespace', providerOnly: ['wait_for_default_service_account'] },
  kubernetes_network_policy_v1: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  kubernetes_storage_class_v1: { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', rename: { storage_provisioner: 'provisioner' } },
  kubernetes_service_account_v1: { apiVersion: 'v1', kind: 'ServiceAccount', providerOnly: ['wait_for_default_secret'] },
  kubernetes_config_map_v1: { apiVersion: 'v1', kind: 'ConfigMap' },
  kubernetes_secret_v1: { apiVersion: 'v1', kind: 'Secret', providerOnly: ['wait_for_service_account_token'] },
  kubernetes_cluster_role_v1: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', rename: { rule: 'rules', aggregation_rule: 'aggregationRule' } },
  kubernetes_cluster_role_binding_v1: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', rename: { subject: 'subjects' } },
  kubernetes_role_binding_v1: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', rename: { subject: 'subjects' } },
};

const META_ARGUMENTS = new Set(['//', 'depends_on', 'count', 'for_each', 'provider', 'lifecycle', 'timeouts', 'connection', 'provisioner']);
/** Attributes whose value is a string map: keys stay verbatim (label keys are not field names). */
const STRING_MAPS = new Set(['labels', 'annotations', 'match_labels', 'parameters', 'data', 'binary_data', 'string_data', 'node_selector']);
/** Blocks that are lists of at most one in the provider schema and objects in the API. */
const SINGLE_BLOCKS = new Set(['metadata', 'spec', 'ip_block', 'pod_selector', 'namespace_selector', 'role_ref']);

const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function convert(value: unknown, key: string): unknown {
  if (Array.isArray(value)) {
    if (SINGLE_BLOCKS.has(key) && value.length === 1) return convert(value[0], key);
    return value.map((v) => convert(v, key));
  }
  if (value === null || typeof value !== 'object') {
    // IntOrString ports: the provider sends "5432" as the integer 5432.
    return key === 'port' && typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  }
  if (STRING_MAPS.has(key)) return value;
  return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [camel(k), convert(v, k)]));
}

/** The API object of one resource, or an error message when the type has no mapping. */
export function toKubeObject(resource: SynthResource): Json | string {
  if (resource.type === 'kubernetes_manifest') return resource.attrs.manifest as Json;
  const mapping = MAPPINGS[resource.type];
  if (!mapping) return `${resource.address}: no API mapping for ${resource.type} (add one to terraform-kube.ts)`;
  const object: Json = { apiVersion: mapping.apiVersion, kind: mapping.kind };
  for (const [attr, value] of Object.entries(resource.attrs)) {
    if (META_ARGUMENTS.has(attr) || mapping.providerOnly?.includes(attr)) continue;
    object[mapping.rename?.[attr] ?? camel(attr)] = convert(value, attr);
  }
  return object;
}
