/**
 * The path from the deploy runner's network to the private subnets, where the EKS API's network interfaces live:
 * a Transit Gateway attachment (or an existing peering connection) and a route per runner CIDR in each private route
 * table, so the API's answers find their way back. The runner side routes to the VPC CIDR in its own network.
 */
import { Ec2TransitGatewayVpcAttachment } from '@cdktf/provider-aws/lib/ec2-transit-gateway-vpc-attachment';
import { Route } from '@cdktf/provider-aws/lib/route';
import { Construct } from 'constructs';
import type { RunnerNetworkConfig } from '../environments/schema/runner-network';

export interface RunnerRoutesProps {
  readonly namePrefix: string;
  readonly vpcId: string;
  /** Subnets of the attachment (one per zone): the private ones. */
  readonly subnetIds: readonly string[];
  /** Route tables that get a route to every runner CIDR. */
  readonly routeTableIds: readonly string[];
  readonly network: RunnerNetworkConfig;
}

export class RunnerRoutes extends Construct {
  public readonly attachment?: Ec2TransitGatewayVpcAttachment;
  public readonly routes: Route[];

  constructor(scope: Construct, id: string, props: RunnerRoutesProps) {
    super(scope, id);
    const { network } = props;
    if (props.routeTableIds.length === 0) throw new Error(`RunnerRoutes ${props.namePrefix}: no route tables to route from`);
    let target: { transitGatewayId: string } | { vpcPeeringConnectionId: string };
    if (network.attachment === 'transit-gateway') {
      this.attachment = new Ec2TransitGatewayVpcAttachment(this, 'attachment', {
        transitGatewayId: network.transitGatewayId,
        vpcId: props.vpcId,
        subnetIds: [...props.subnetIds],
        dnsSupport: 'enable',
        tags: { Name: `${props.namePrefix}-runner` },
      });
      target = { transitGatewayId: this.attachment.transitGatewayId };
    } else {
      target = { vpcPeeringConnectionId: network.peeringConnectionId };
    }
    this.routes = props.routeTableIds.flatMap((routeTableId, table) => network.cidrs.map((cidr, index) => new Route(this, `route-${table}-${index}`, {
      routeTableId,
      destinationCidrBlock: cidr,
      ...target,
    })));
  }
}
