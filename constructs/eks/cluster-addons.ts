/**
 * EKS managed add-ons at pinned versions (environments/versions.ts). Networking add-ons come before the nodes
 * (nodes are not Ready without a CNI, as the cluster skips the self-managed ones); coredns and the EBS CSI
 * driver need running nodes, so they come after.
 */
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { EksAddonName } from '../../environments/versions';
import type { PodIdentityRole } from './pod-identity-role';

/** The add-on names of the version table (environments/versions.ts EKS_ADDON_NAMES). */
export type AddonName = EksAddonName;

export interface ClusterAddonsProps {
  readonly clusterName: string;
  /** Version per add-on. */
  readonly versions: Readonly<Record<AddonName, string>>;
  /** Pod Identity roles of the add-ons that call AWS (created with `associate: false`). */
  readonly roles: { readonly vpcCni: PodIdentityRole; readonly ebsCsi: PodIdentityRole };
}

/** vpc-cni: enforce Kubernetes NetworkPolicy (CIS EKS 5.4.4) with the node agent. */
export const VPC_CNI_CONFIGURATION = { enableNetworkPolicy: 'true', nodeAgent: { enablePolicyEventLogs: 'false' } };

export class ClusterAddons extends Construct {
  /** Add-ons the node groups must wait for. */
  public readonly beforeNodes: EksAddon[];
  private readonly props: ClusterAddonsProps;

  constructor(scope: Construct, id: string, props: ClusterAddonsProps) {
    super(scope, id);
    this.props = props;
    this.beforeNodes = [
      this.addon('vpc-cni', { configurationValues: JSON.stringify(VPC_CNI_CONFIGURATION), role: props.roles.vpcCni }),
      this.addon('kube-proxy'),
      this.addon('eks-pod-identity-agent'),
    ];
  }

  /** coredns and the EBS CSI driver, once the general-purpose (non-GPU) node groups exist. */
  addAfterNodes(nodeGroups: ITerraformDependable[]): void {
    if (nodeGroups.length === 0) throw new Error('ClusterAddons.addAfterNodes: coredns and the EBS CSI driver need at least one non-GPU node group');
    this.addon('coredns', { dependsOn: nodeGroups });
    this.addon('aws-ebs-csi-driver', { dependsOn: nodeGroups, role: this.props.roles.ebsCsi });
  }

  private addon(name: AddonName, options: { configurationValues?: string; role?: PodIdentityRole; dependsOn?: ITerraformDependable[] } = {}): EksAddon {
    // Validation names a missing entry of the version table first; this guards direct use of the construct.
    if (!this.props.versions?.[name]) throw new Error(`ClusterAddons: no version for add-on ${name}: add addons.${name} to the cluster's minor in KUBERNETES_VERSIONS (environments/versions.ts)`);
    return new EksAddon(this, name, {
      clusterName: this.props.clusterName,
      addonName: name,
      addonVersion: this.props.versions[name],
      // Terraform owns add-on configuration: conflicting manual edits are overwritten.
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'OVERWRITE',
      configurationValues: options.configurationValues,
      podIdentityAssociation: options.role ? [{ roleArn: options.role.roleArn, serviceAccount: options.role.serviceAccount }] : undefined,
      dependsOn: options.dependsOn,
    });
  }
}
