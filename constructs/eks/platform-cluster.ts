/**
 * The environment's Kubernetes platform on AWS: secrets key, control plane, node role, managed add-ons,
 * node groups from config, and the Pod Identity roles of the add-ons the workloads stack installs.
 */
import { Construct } from 'constructs';
import type { EksConfig, NodeGroupConfig } from '../../environments/schema/eks';
import { EKS_ADDON_VERSIONS } from '../../environments/versions';
import { autoScalingVolumeGrants, KmsKey } from '../kms-key';
import { LogGroup } from '../log-group';
import { ClusterAddons } from './cluster-addons';
import { EksCluster } from './eks-cluster';
import { ManagedNodeGroup, type ManagedNodeGroupProps } from './managed-node-group';
import { NodeRole } from './node-role';
import { PodIdentityRole, type PodIdentityRoleProps } from './pod-identity-role';
import {
  clusterAutoscalerStatements, ebsCsiKmsStatements, externalDnsStatements, externalSecretsStatements,
  loadBalancerControllerStatements, logShippingStatements, type PolicyContext,
} from './workload-policies';
import { WORKLOAD_IDENTITIES, type WorkloadIdentity } from '../../environments/schema/workload-identities';

/** Namespace and service account of every workload that gets AWS permissions (defined with the config rules). */
export { WORKLOAD_IDENTITIES, type WorkloadIdentity };

export interface PlatformClusterProps {
  readonly clusterName: string;
  readonly config: EksConfig;
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
  readonly vpcId: string;
  readonly privateSubnetIds: readonly string[];
  readonly nodeSecurityGroupId: string;
  readonly logsKmsKeyArn: string;
  readonly logRetentionDays: number;
  /** Pods sharing one GPU (NVIDIA time-slicing in the workloads stack): what a GPU node advertises. @default 1 */
  readonly gpuTimeSlicing?: number;
  /** The pipeline's roles: deploy roles get cluster admin, plan roles only `planGroup`'s RBAC. @default none */
  readonly pipelineRoles?: { readonly plan: readonly string[]; readonly deploy: readonly string[] };
  /** Kubernetes group of the plan roles (required with pipelineRoles). */
  readonly planGroup?: string;
}

export class PlatformCluster extends Construct {
  public readonly key: KmsKey;
  public readonly cluster: EksCluster;
  /** The general-purpose (non-GPU) node groups; GPU groups live in the `<env>-gpu` stack (see nodeGroupProps). */
  public readonly nodeGroups: Record<string, ManagedNodeGroup> = {};
  public readonly nodeRole: NodeRole;
  /** Pod Identity roles by workload. */
  public readonly roles: Partial<Record<WorkloadIdentity, PodIdentityRole>> = {};
  /** Pod Identity roles of app services, by service name. */
  public readonly serviceRoles: Record<string, PodIdentityRole> = {};
  public readonly containerLogGroup: LogGroup;
  public readonly clusterName: string;
  private readonly context: PolicyContext;
  private readonly props: PlatformClusterProps;

  constructor(scope: Construct, id: string, props: PlatformClusterProps) {
    super(scope, id);
    const { config, clusterName } = props;
    this.props = props;
    this.clusterName = clusterName;
    this.context = { partition: props.partition, region: props.region, accountId: props.accountId, clusterName, vpcId: props.vpcId };
    this.key = new KmsKey(this, 'key', {
      alias: `${clusterName}-eks`,
      description: `${clusterName}: Kubernetes secrets envelope encryption and node/volume EBS encryption`,
      accountId: props.accountId,
      partition: props.partition,
      roleGrants: autoScalingVolumeGrants(props.accountId, props.partition),
    });
    this.cluster = new EksCluster(this, 'cluster', {
      clusterName,
      kubernetesVersion: config.kubernetesVersion,
      accountId: props.accountId,
      partition: props.partition,
      vpcId: props.vpcId,
      subnetIds: props.privateSubnetIds,
      secretsKmsKeyArn: this.key.arn,
      logsKmsKeyArn: props.logsKmsKeyArn,
      logRetentionDays: props.logRetentionDays,
      publicAccess: config.endpoint.publicAccess,
      publicAccessCidrs: config.endpoint.publicAccessCidrs,
      privateAccessCidrs: config.endpoint.privateAccessCidrs,
      nodeSecurityGroupId: props.nodeSecurityGroupId,
      access: {
        admin: config.access.adminRoleArns,
        deploy: [...config.access.deployRoleArns, ...(props.pipelineRoles?.deploy ?? [])],
        viewer: config.access.viewerRoleArns,
      },
      planRoleArns: props.pipelineRoles?.plan ?? [],
      planGroup: props.planGroup,
      supportType: config.supportType,
    });

    const identity = (name: WorkloadIdentity, extra: IdentityExtras) => this.identity(name, extra);
    const managed = (name: string) => `arn:${props.partition}:iam::aws:policy/${name}`;
    this.roles.vpcCni = identity('vpcCni', { managedPolicyArns: [managed('AmazonEKS_CNI_Policy')], associate: false });
    this.roles.ebsCsi = identity('ebsCsi', {
      managedPolicyArns: [managed('service-role/AmazonEBSCSIDriverPolicy')],
      statements: ebsCsiKmsStatements(this.key.arn),
      associate: false,
    });

    const addons = new ClusterAddons(this, 'addons', {
      clusterName: this.cluster.name,
      versions: EKS_ADDON_VERSIONS[config.kubernetesVersion],
      roles: { vpcCni: this.roles.vpcCni, ebsCsi: this.roles.ebsCsi },
    });
    this.nodeRole = new NodeRole(this, 'node-role', { roleName: `${clusterName}-node`, accountId: props.accountId, partition: props.partition });
    // GPU groups are created by the `<env>-gpu` stack, applied last: a GPU group that fails on capacity or on the
    // account's G/VT instance quota (after up to an hour) fails only that stack, never DNS, volumes or the
    // non-GPU services. coredns and the EBS CSI driver wait for the general-purpose groups only.
    for (const [name, group] of Object.entries(config.nodeGroups).filter(([, g]) => !g.gpu)) {
      this.nodeGroups[name] = new ManagedNodeGroup(this, `node-group-${name}`, {
        ...this.nodeGroupProps(name, group),
        dependsOn: [...this.nodeRole.attachments, ...addons.beforeNodes],
      });
    }
    addons.addAfterNodes(Object.values(this.nodeGroups).map((g) => g.nodeGroup));

    this.containerLogGroup = new LogGroup(this, 'container-logs', {
      name: `/aws/eks/${clusterName}/containers`,
      kmsKeyArn: props.logsKmsKeyArn,
      retentionInDays: props.logRetentionDays,
    });
    this.roles.awsLoadBalancerController = identity('awsLoadBalancerController', { statements: loadBalancerControllerStatements(this.context) });
    this.roles.clusterAutoscaler = identity('clusterAutoscaler', { statements: clusterAutoscalerStatements(this.context) });
    this.roles.logShipping = identity('logShipping', { statements: logShippingStatements(this.containerLogGroup.arn) });
  }

  /**
   * What a node group of this cluster is made of (role, subnets, security groups, volume key). Used here for the
   * general groups and by the `<env>-gpu` stack for the GPU groups, where stack order replaces `dependsOn`.
   */
  nodeGroupProps(name: string, group: NodeGroupConfig): ManagedNodeGroupProps {
    return {
      clusterName: this.cluster.name,
      kubernetesVersion: this.cluster.cluster.version,
      name,
      nodeRoleArn: this.nodeRole.arn,
      subnetIds: this.props.privateSubnetIds,
      securityGroupIds: [this.cluster.clusterSecurityGroupId, this.props.nodeSecurityGroupId],
      instanceTypes: group.instanceTypes,
      architecture: group.architecture,
      gpu: group.gpu,
      capacityType: group.capacityType,
      minSize: group.minSize,
      maxSize: group.maxSize,
      desiredSize: group.desiredSize,
      diskSizeGiB: group.diskSizeGiB,
      volumeKmsKeyArn: this.key.arn,
      labels: group.labels,
      maxUnavailablePercentage: group.maxUnavailablePercentage,
      // The GPU families in use carry one GPU per instance (*.2xlarge); time-slicing multiplies what is advertised.
      advertisedGpus: this.props.gpuTimeSlicing ?? 1,
    };
  }

  /** external-dns may write only these hosted zones (the origin zone): added once the DNS layer exists. */
  addExternalDns(hostedZoneIds: readonly string[]): PodIdentityRole {
    if (hostedZoneIds.length === 0) throw new Error('PlatformCluster.addExternalDns: give at least one hosted zone id');
    this.roles.externalDns = this.identity('externalDns', { statements: externalDnsStatements(this.context, hostedZoneIds) });
    return this.roles.externalDns;
  }

  /** external-secrets may read only these secrets, decrypting through Secrets Manager with these keys. */
  addExternalSecrets(secretArnPatterns: readonly string[], kmsKeyArns: readonly string[]): PodIdentityRole {
    if (secretArnPatterns.length === 0) throw new Error('PlatformCluster.addExternalSecrets: give at least one secret ARN pattern');
    this.roles.externalSecrets = this.identity('externalSecrets', { statements: externalSecretsStatements(this.context, secretArnPatterns, kmsKeyArns) });
    return this.roles.externalSecrets;
  }

  /** A role for an app service's own service account (e.g. IAM auth to Redis). */
  addServiceIdentity(service: string, namespace: string, statements: PodIdentityRoleProps['statements']): PodIdentityRole {
    const role = new PodIdentityRole(this, `app-role-${service}`, {
      roleName: `${this.clusterName}-app-${service}`,
      accountId: this.context.accountId,
      clusterArn: this.cluster.arn,
      clusterName: this.cluster.name,
      namespace,
      serviceAccount: service,
      statements,
    });
    this.serviceRoles[service] = role;
    return role;
  }

  private identity(name: WorkloadIdentity, extra: IdentityExtras): PodIdentityRole {
    return new PodIdentityRole(this, `role-${name}`, {
      roleName: `${this.clusterName}-${WORKLOAD_IDENTITIES[name].serviceAccount}`,
      accountId: this.context.accountId,
      clusterArn: this.cluster.arn,
      clusterName: this.cluster.name,
      ...WORKLOAD_IDENTITIES[name],
      ...extra,
    });
  }
}

type IdentityExtras = Pick<PodIdentityRoleProps, 'statements' | 'managedPolicyArns' | 'associate'>;
