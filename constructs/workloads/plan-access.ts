/**
 * What the identities that plan the cluster stacks may read (their Kubernetes group; EKS maps the pipeline's plan role
 * to it with no access policy). Derived from the stacks themselves: `get` on every kind a kubernetes_* resource of the
 * stacks manages, and Helm's release records (ConfigMaps, `get`/`list`) in each namespace a release lives in.
 * Secrets are never granted: plans run pull-request code (docs/decisions/0022-plan-identity-and-helm-release-records.md).
 */
import { ClusterRoleBindingV1 } from '@cdktf/provider-kubernetes/lib/cluster-role-binding-v1';
import { ClusterRoleV1 } from '@cdktf/provider-kubernetes/lib/cluster-role-v1';
import { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { Release } from '@cdktf/provider-helm/lib/release';
import { TerraformResource, Token } from 'cdktf';
import { Construct } from 'constructs';
import { HELM_RECORDS_API, kubernetesApiOf } from '../../lib/kubernetes-api';
import type { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';

/** The RBAC kinds this construct itself creates: the plan identity refreshes them too. */
const OWN_TYPES = ['kubernetes_cluster_role_v1', 'kubernetes_cluster_role_binding_v1', 'kubernetes_role_binding_v1'];

export interface TerraformPlanAccessProps {
  /** Kubernetes group of the plan identities. */
  readonly group: string;
  /** Prefix of the ClusterRole names. */
  readonly namePrefix: string;
  /** Every stack the plan identities refresh through this cluster (workloads and GPU). */
  readonly stacks: readonly Construct[];
  /** Namespaces created in these stacks, so each RoleBinding waits for its namespace. @default {} */
  readonly namespaces?: Readonly<Record<string, NamespaceV1>>;
}

export class TerraformPlanAccess extends Construct {
  /** `apiGroup/resource` pairs the plan group may `get`, sorted. */
  public readonly readableKinds: readonly string[];
  /** Namespaces whose Helm release records the plan group may read, sorted. */
  public readonly releaseNamespaces: readonly string[];

  constructor(scope: Construct, id: string, props: TerraformPlanAccessProps) {
    super(scope, id);
    const constructs = props.stacks.flatMap((s) => s.node.findAll());
    const types = new Set([...OWN_TYPES, ...constructs.filter((c): c is TerraformResource => c instanceof TerraformResource)
      .map((r) => r.terraformResourceType).filter((t) => t.startsWith('kubernetes_'))]);
    const apis = [...types].sort().map(kubernetesApiOf);
    this.readableKinds = [...new Set(apis.map((a) => `${a.apiGroup}/${a.resource}`))].sort();
    const namespaces = constructs.filter((c): c is Release => c instanceof Release).map((r) => r.namespaceInput);
    if (namespaces.some((n) => n === undefined || Token.isUnresolved(n))) {
      throw new Error('TerraformPlanAccess: every helm_release needs a literal namespace (its records are read there)');
    }
    this.releaseNamespaces = [...new Set(namespaces as string[])].sort();

    const subjects = [{ kind: 'Group', name: props.group, apiGroup: 'rbac.authorization.k8s.io' }];
    const byGroup = new Map<string, string[]>();
    for (const a of apis) byGroup.set(a.apiGroup, [...new Set([...(byGroup.get(a.apiGroup) ?? []), a.resource])].sort());
    const reader = new ClusterRoleV1(this, 'reader', {
      metadata: { name: `${props.namePrefix}-terraform-plan` },
      rule: [...byGroup].map(([apiGroup, resources]) => ({ apiGroups: [apiGroup], resources, verbs: ['get'] })),
    });
    new ClusterRoleBindingV1(this, 'reader-binding', {
      metadata: { name: `${props.namePrefix}-terraform-plan` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: reader.metadata.name },
      subject: subjects,
    });

    const records = new ClusterRoleV1(this, 'helm-records', {
      metadata: { name: `${props.namePrefix}-helm-release-records` },
      rule: [{ apiGroups: [HELM_RECORDS_API.apiGroup], resources: [HELM_RECORDS_API.resource], verbs: [...HELM_RECORDS_API.verbs] }],
    });
    for (const namespace of this.releaseNamespaces) {
      const created = props.namespaces?.[namespace];
      new RoleBindingV1(this, `helm-records-${namespace}`, {
        metadata: { name: `${props.namePrefix}-terraform-plan-helm-records`, namespace },
        dependsOn: created ? [created] : undefined,
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: records.metadata.name },
        subject: subjects,
      });
    }
  }
}
