/**
 * The EKS control plane: KMS envelope encryption of secrets, all five log types to a pre-created encrypted log
 * group, private endpoint (public only with an allow-list), API authentication with access entries.
 */
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksCluster as AwsEksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { policyDocument } from '../../lib/iam';
import { LogGroup } from '../log-group';

export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

/** EKS access policies granted to each kind of principal. */
const ACCESS_POLICIES = {
  admin: 'AmazonEKSClusterAdminPolicy',
  deploy: 'AmazonEKSClusterAdminPolicy',
  viewer: 'AmazonEKSViewPolicy',
} as const;

export interface EksClusterProps {
  readonly clusterName: string;
  readonly kubernetesVersion: string;
  readonly accountId: string;
  /** ARN partition. @default 'aws' */
  readonly partition?: string;
  readonly vpcId: string;
  /** Private subnets for the control-plane network interfaces. */
  readonly subnetIds: readonly string[];
  /** KMS key that envelope-encrypts Kubernetes secrets. */
  readonly secretsKmsKeyArn: string;
  /** KMS key of the control-plane log group. */
  readonly logsKmsKeyArn: string;
  readonly logRetentionDays: number;
  /** Public endpoint on? @default false */
  readonly publicAccess?: boolean;
  /** Allowed networks for the public endpoint (required when it is on). @default [] */
  readonly publicAccessCidrs?: readonly string[];
  /** Security group of the nodes (allowed to the API on 443). */
  readonly nodeSecurityGroupId: string;
  /** Other networks allowed to the private endpoint on 443 (VPN, TFC agents). @default [] */
  readonly privateAccessCidrs?: readonly string[];
  /** Role ARNs per access level. @default none */
  readonly access?: { readonly admin?: readonly string[]; readonly deploy?: readonly string[]; readonly viewer?: readonly string[] };
  /**
   * Roles that plan (refresh) the cluster stacks: an access entry in `planGroup` and no EKS access policy, so what
   * they may read is exactly the RBAC bound to that group (the workloads stack's TerraformPlanAccess). @default none
   */
  readonly planRoleArns?: readonly string[];
  /** Kubernetes group of the plan roles (required with planRoleArns). */
  readonly planGroup?: string;
  /** `STANDARD` or `EXTENDED` support. @default 'STANDARD' */
  readonly supportType?: 'STANDARD' | 'EXTENDED';
}

export class EksCluster extends Construct {
  public readonly cluster: AwsEksCluster;
  public readonly name: string;
  public readonly arn: string;
  public readonly endpoint: string;
  public readonly certificateAuthorityData: string;
  /** The security group EKS creates and attaches to control plane and managed nodes. */
  public readonly clusterSecurityGroupId: string;
  public readonly controlPlaneSecurityGroupId: string;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    const partition = props.partition ?? 'aws';
    const publicAccess = props.publicAccess ?? false;
    const publicCidrs = props.publicAccessCidrs ?? [];
    if (publicAccess && (publicCidrs.length === 0 || publicCidrs.some((c) => c.endsWith('/0')))) {
      throw new Error(`EksCluster ${props.clusterName}: publicAccess needs publicAccessCidrs without a /0 range`);
    }

    // Created before the cluster so EKS writes into an encrypted group with retention (CIS EKS 2.1.2).
    const logGroup = new LogGroup(this, 'control-plane-logs', {
      name: `/aws/eks/${props.clusterName}/cluster`,
      kmsKeyArn: props.logsKmsKeyArn,
      retentionInDays: props.logRetentionDays,
    });

    const role = new IamRole(this, 'role', {
      name: `${props.clusterName}-cluster`,
      assumeRolePolicy: policyDocument([{
        Effect: 'Allow',
        Principal: { Service: 'eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: { StringEquals: { 'aws:SourceAccount': props.accountId } },
      }]),
    });
    const policy = new IamRolePolicyAttachment(this, 'cluster-policy', {
      role: role.name,
      policyArn: `arn:${partition}:iam::aws:policy/AmazonEKSClusterPolicy`,
    });

    // Extra control-plane group: names every source allowed to the private API endpoint.
    const controlPlane = new SecurityGroup(this, 'control-plane-sg', {
      name: `${props.clusterName}-control-plane`,
      description: `EKS API endpoint of ${props.clusterName}: HTTPS from nodes and named admin networks`,
      vpcId: props.vpcId,
      tags: { Name: `${props.clusterName}-control-plane` },
    });
    new VpcSecurityGroupIngressRule(this, 'api-from-nodes', {
      securityGroupId: controlPlane.id,
      description: 'Kubernetes API from worker nodes and pods',
      ipProtocol: 'tcp', fromPort: 443, toPort: 443,
      referencedSecurityGroupId: props.nodeSecurityGroupId,
    });
    (props.privateAccessCidrs ?? []).forEach((cidr, i) => new VpcSecurityGroupIngressRule(this, `api-from-admin-${i}`, {
      securityGroupId: controlPlane.id,
      description: `Kubernetes API from admin network ${cidr}`,
      ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: cidr,
    }));
    this.controlPlaneSecurityGroupId = controlPlane.id;

    this.cluster = new AwsEksCluster(this, 'cluster', {
      name: props.clusterName,
      version: props.kubernetesVersion,
      roleArn: role.arn,
      vpcConfig: {
        subnetIds: [...props.subnetIds],
        securityGroupIds: [controlPlane.id],
        endpointPrivateAccess: true,
        endpointPublicAccess: publicAccess,
        ...(publicAccess ? { publicAccessCidrs: [...publicCidrs] } : {}),
      },
      enabledClusterLogTypes: CONTROL_PLANE_LOG_TYPES,
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: props.secretsKmsKeyArn } },
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
      // Managed add-ons replace the self-managed vpc-cni/coredns/kube-proxy EKS would otherwise install.
      bootstrapSelfManagedAddons: false,
      kubernetesNetworkConfig: { ipFamily: 'ipv4' },
      upgradePolicy: { supportType: props.supportType ?? 'STANDARD' },
      zonalShiftConfig: { enabled: true },
      dependsOn: [logGroup.logGroup, policy],
      // aws 5.100.0 has no deletion_protection (6.x): refuse destroy and replacement here.
      lifecycle: { preventDestroy: true },
    });
    this.name = this.cluster.name;
    this.arn = this.cluster.arn;
    this.endpoint = this.cluster.endpoint;
    this.certificateAuthorityData = this.cluster.certificateAuthority.get(0).data;
    this.clusterSecurityGroupId = this.cluster.vpcConfig.clusterSecurityGroupId;

    const planRoles = props.planRoleArns ?? [];
    if (planRoles.length > 0 && !props.planGroup) throw new Error(`EksCluster ${props.clusterName}: planRoleArns needs planGroup`);
    // EKS allows one access entry per principal per cluster: a role given twice would fail CreateAccessEntry.
    const seen = new Map<string, string>();
    const claim = (arn: string, level: string) => {
      const before = seen.get(arn);
      if (before) throw new Error(`EksCluster ${props.clusterName}: ${arn} is both ${before} and ${level}; EKS allows one access entry per principal`);
      seen.set(arn, level);
    };
    planRoles.forEach((principalArn, i) => {
      claim(principalArn, 'plan');
      new EksAccessEntry(this, `access-plan-${i}`, { clusterName: this.cluster.name, principalArn, type: 'STANDARD', kubernetesGroups: [props.planGroup!] });
    });
    for (const [level, arns] of Object.entries(props.access ?? {}) as [keyof typeof ACCESS_POLICIES, readonly string[]][]) {
      arns.forEach((principalArn, i) => {
        claim(principalArn, level);
        const entry = new EksAccessEntry(this, `access-${level}-${i}`, { clusterName: this.cluster.name, principalArn, type: 'STANDARD' });
        new EksAccessPolicyAssociation(this, `access-${level}-${i}-policy`, {
          clusterName: this.cluster.name,
          principalArn: entry.principalArn,
          policyArn: `arn:${partition}:eks::aws:cluster-access-policy/${ACCESS_POLICIES[level]}`,
          accessScope: { type: 'cluster' },
        });
      });
    }
  }
}
