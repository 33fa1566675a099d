/**
 * Our security group on every EKS node (and so every pod: VPC CNI without security groups for pods).
 * Data stores admit exactly this group. Node-to-node and control-plane traffic uses the cluster security group
 * EKS manages; this group adds no ingress and names its egress.
 */
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { Construct } from 'constructs';

export interface NodeSecurityGroupProps {
  readonly namePrefix: string;
  readonly vpcId: string;
  /** Destinations inside the VPC (data stores, endpoints, other nodes). */
  readonly vpcCidr: string;
}

export class NodeSecurityGroup extends Construct {
  public readonly securityGroup: SecurityGroup;
  public readonly id: string;

  constructor(scope: Construct, id: string, props: NodeSecurityGroupProps) {
    super(scope, id);
    this.securityGroup = new SecurityGroup(this, 'sg', {
      name: `${props.namePrefix}-eks-nodes`,
      description: 'EKS worker nodes and their pods',
      vpcId: props.vpcId,
      tags: { Name: `${props.namePrefix}-eks-nodes` },
    });
    this.id = this.securityGroup.id;
    new VpcSecurityGroupEgressRule(this, 'https-out', {
      securityGroupId: this.id,
      description: 'HTTPS to container registries, model downloads and AWS APIs (through the NAT gateways)',
      ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: '0.0.0.0/0',
    });
    new VpcSecurityGroupEgressRule(this, 'inside-vpc', {
      securityGroupId: this.id,
      description: 'Anything inside the VPC: databases, caches, VPC endpoints, DNS resolver, other nodes',
      ipProtocol: '-1', cidrIpv4: props.vpcCidr,
    });
  }
}
