/**
 * One managed node group with its launch template: AL2023 (standard or NVIDIA), IMDSv2 with hop limit 1,
 * encrypted gp3 root volume, private subnets only, auto-repair, autoscaler discovery and scale-from-zero tags.
 *
 * Rotation: EKS cannot change a group's instance types, AMI type or capacity type in place (the provider replaces
 * the group). The EKS name therefore carries a short hash of exactly those attributes and the group is created
 * before the old one is destroyed: a change to them brings up a new group under a new name, then EKS drains and
 * deletes the old one. Everything else changes in place; a new launch template version (disk, metadata options) or
 * Kubernetes version rolls the nodes `maxUnavailablePercentage` at a time. docs/operating.md#resizing-a-node-group.
 */
import { createHash } from 'crypto';
import { AutoscalingGroupTagA } from '@cdktf/provider-aws/lib/autoscaling-group-tag';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Fn, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';

export const GPU_TAINT = { key: 'nvidia.com/gpu', value: 'true', effect: 'NO_SCHEDULE' } as const;

export interface ManagedNodeGroupProps {
  readonly clusterName: string;
  /**
   * Kubernetes version of the nodes: the cluster's `version` attribute, so a cluster upgrade rolls the group after
   * the control plane (without it the group stays on the version it was created with). @default the cluster's at creation
   */
  readonly kubernetesVersion?: string;
  /** Node group name: the `NodeGroup` label; the EKS name adds the shape hash (nodeGroupName). */
  readonly name: string;
  readonly nodeRoleArn: string;
  /** Private subnets only (CIS EKS 5.4.3). */
  readonly subnetIds: readonly string[];
  /** The EKS cluster security group plus our node group. */
  readonly securityGroupIds: readonly string[];
  readonly instanceTypes: readonly string[];
  /** @default 'x86_64' */
  readonly architecture?: 'x86_64' | 'arm64';
  /** NVIDIA AMI, `gpu=true` label and the `nvidia.com/gpu` NoSchedule taint. @default false */
  readonly gpu?: boolean;
  /** @default 'ON_DEMAND' */
  readonly capacityType?: 'ON_DEMAND' | 'SPOT';
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredSize: number;
  /** Root volume size. @default 50 */
  readonly diskSizeGiB?: number;
  /** KMS key of the root volume (its policy must admit the Auto Scaling service-linked role). */
  readonly volumeKmsKeyArn: string;
  /** Extra labels. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default 33 */
  readonly maxUnavailablePercentage?: number;
  /**
   * `nvidia.com/gpu` a node advertises (GPUs per instance × time-slicing replicas), for the autoscaler's
   * scale-from-zero template. @default 1
   */
  readonly advertisedGpus?: number;
  /** Resources the group must wait for (node role policies, CNI add-on). @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/** What the provider cannot change in place on a managed node group (replacement-forcing), from config. */
export interface NodeGroupShape {
  readonly instanceTypes: readonly string[];
  readonly amiType: string;
  readonly capacityType: string;
}

/**
 * The EKS name of a group: `<name>-<8 hex>`, the hash of its shape. The same shape always gives the same name, so
 * nothing else renames a group; a new shape gives a new name, which create-before-destroy needs (names are unique
 * within a cluster). Order of instance types counts: it is the on-demand priority, and the provider replaces on it.
 */
export function nodeGroupName(name: string, shape: NodeGroupShape): string {
  const fingerprint = JSON.stringify([[...shape.instanceTypes], shape.amiType, shape.capacityType]);
  return `${name}-${createHash('sha256').update(fingerprint).digest('hex').slice(0, 8)}`;
}

/** AL2023 AMI type for the architecture and GPU choice. */
export function amiTypeFor(architecture: 'x86_64' | 'arm64', gpu: boolean): string {
  if (gpu) return 'AL2023_x86_64_NVIDIA';
  return architecture === 'arm64' ? 'AL2023_ARM_64_STANDARD' : 'AL2023_x86_64_STANDARD';
}

export class ManagedNodeGroup extends Construct {
  public readonly nodeGroup: EksNodeGroup;
  public readonly launchTemplate: LaunchTemplate;
  public readonly labels: Record<string, string>;
  /** The group's name in EKS (`<name>-<shape hash>`); the `NodeGroup` label keeps the plain name. */
  public readonly eksName: string;

  constructor(scope: Construct, id: string, props: ManagedNodeGroupProps) {
    super(scope, id);
    const gpu = props.gpu ?? false;
    const architecture = props.architecture ?? 'x86_64';
    if (props.minSize > props.maxSize || props.desiredSize < props.minSize || props.desiredSize > props.maxSize) {
      throw new Error(`ManagedNodeGroup ${props.name}: need minSize <= desiredSize <= maxSize, got ${props.minSize}/${props.desiredSize}/${props.maxSize}`);
    }
    if (gpu && architecture !== 'x86_64') throw new Error(`ManagedNodeGroup ${props.name}: gpu requires architecture x86_64`);
    this.labels = { ...props.labels, NodeGroup: props.name, ...(gpu ? { gpu: 'true' } : {}) };
    const taints = gpu ? [GPU_TAINT] : [];
    const nameTag = `${props.clusterName}-${props.name}`;
    const amiType = amiTypeFor(architecture, gpu);
    const capacityType = props.capacityType ?? 'ON_DEMAND';
    this.eksName = nodeGroupName(props.name, { instanceTypes: props.instanceTypes, amiType, capacityType });

    this.launchTemplate = new LaunchTemplate(this, 'launch-template', {
      namePrefix: `${nameTag}-`,
      description: `${nameTag} managed nodes`,
      updateDefaultVersion: true,
      vpcSecurityGroupIds: [...props.securityGroupIds],
      // IMDSv2 only, and one hop: pods cannot reach the node's credentials (CKV_AWS_79, CKV_AWS_341).
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1, instanceMetadataTags: 'disabled' },
      blockDeviceMappings: [{
        deviceName: '/dev/xvda',
        ebs: { volumeSize: props.diskSizeGiB ?? 50, volumeType: 'gp3', encrypted: 'true', kmsKeyId: props.volumeKmsKeyArn, deleteOnTermination: 'true' },
      }],
      monitoring: { enabled: true },
      tagSpecifications: ['instance', 'volume', 'network-interface'].map((resourceType) => ({ resourceType, tags: { Name: nameTag } })),
    });

    this.nodeGroup = new EksNodeGroup(this, 'node-group', {
      clusterName: props.clusterName,
      nodeGroupName: this.eksName,
      version: props.kubernetesVersion,
      nodeRoleArn: props.nodeRoleArn,
      subnetIds: [...props.subnetIds],
      amiType,
      capacityType,
      instanceTypes: [...props.instanceTypes],
      scalingConfig: { minSize: props.minSize, maxSize: props.maxSize, desiredSize: props.desiredSize },
      updateConfig: { maxUnavailablePercentage: props.maxUnavailablePercentage ?? 33 },
      nodeRepairConfig: { enabled: true },
      labels: this.labels,
      taint: taints.map((t) => ({ ...t })),
      launchTemplate: { id: this.launchTemplate.id, version: Fn.tostring(this.launchTemplate.latestVersion) },
      tags: {
        'k8s.io/cluster-autoscaler/enabled': 'true',
        [`k8s.io/cluster-autoscaler/${props.clusterName}`]: 'owned',
      },
      dependsOn: props.dependsOn,
      // The cluster autoscaler owns the desired size once the group exists. A replacement (new shape, new name)
      // creates the new group first; EKS then drains the old one's nodes as it deletes it.
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'], createBeforeDestroy: true },
    });

    // Managed node groups do not copy tags to their Auto Scaling group; the autoscaler reads these node-template
    // tags from the ASG to know what a node would look like when the group is at zero.
    const templateTags: Record<string, string> = {
      ...Object.fromEntries(Object.entries(this.labels).map(([k, v]) => [`k8s.io/cluster-autoscaler/node-template/label/${k}`, v])),
      ...Object.fromEntries(taints.map((t) => [`k8s.io/cluster-autoscaler/node-template/taint/${t.key}`, `${t.value}:NoSchedule`])),
      ...(gpu ? { 'k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu': String(props.advertisedGpus ?? 1) } : {}),
    };
    const asgName = this.nodeGroup.resources.get(0).autoscalingGroups.get(0).name;
    Object.entries(templateTags).forEach(([key, value], i) => new AutoscalingGroupTagA(this, `asg-tag-${i}`, {
      autoscalingGroupName: asgName,
      tag: { key, value, propagateAtLaunch: false },
    }));
  }
}
