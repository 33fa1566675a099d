/** Private paths to AWS APIs: the free S3 gateway endpoint, plus interface endpoints chosen in config. */
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';

export interface VpcEndpointsProps {
  readonly namePrefix: string;
  readonly region: string;
  readonly vpcId: string;
  /** Clients of the interface endpoints: HTTPS from anywhere in the VPC. */
  readonly vpcCidr: string;
  /** Subnets that get an interface endpoint network interface (one per zone). */
  readonly subnetIds: readonly string[];
  /** Route tables that get the S3 gateway route. */
  readonly gatewayRouteTableIds: readonly string[];
  /** Service short names, e.g. `ecr.api`. @default [] */
  readonly interfaceServices?: readonly string[];
}

export class VpcEndpoints extends Construct {
  /** Security group of the interface endpoints (undefined when there are none). */
  public readonly securityGroupId?: string;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    new VpcEndpoint(this, 's3', {
      vpcId: props.vpcId,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: [...props.gatewayRouteTableIds],
      tags: { Name: `${props.namePrefix}-s3` },
    });

    const services = props.interfaceServices ?? [];
    if (services.length === 0) return;
    const group = new SecurityGroup(this, 'sg', {
      name: `${props.namePrefix}-vpc-endpoints`,
      description: 'Interface VPC endpoints: HTTPS from inside the VPC only',
      vpcId: props.vpcId,
      tags: { Name: `${props.namePrefix}-vpc-endpoints` },
    });
    new VpcSecurityGroupIngressRule(this, 'https-from-vpc', {
      securityGroupId: group.id,
      description: 'HTTPS to AWS APIs from workloads in this VPC',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.vpcCidr,
    });
    this.securityGroupId = group.id;
    for (const service of services) {
      new VpcEndpoint(this, `if-${service.replace(/\./g, '-')}`, {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: [...props.subnetIds],
        securityGroupIds: [group.id],
        tags: { Name: `${props.namePrefix}-${service}` },
      });
    }
  }
}
