/** VPC across the configured zones: public, private (nodes/pods) and isolated (data) subnets. */
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Construct } from 'constructs';
import type { RunnerNetworkConfig } from '../environments/schema/runner-network';
import { FlowLogs } from './flow-logs';
import { RunnerRoutes } from './runner-routes';
import { VpcEndpoints } from './vpc-endpoints';

export type SubnetTier = 'public' | 'private' | 'isolated';

export interface NetworkProps {
  /** Prefix of every name, e.g. `aifeedback-production`. */
  readonly namePrefix: string;
  readonly region: string;
  readonly accountId: string;
  readonly vpcCidr: string;
  /** Zones, in the order of the subnet lists. */
  readonly availabilityZones: readonly string[];
  /** One CIDR per zone per tier. */
  readonly subnetCidrs: Readonly<Record<SubnetTier, readonly string[]>>;
  /** NAT gateway per zone (HA) or one shared. @default 'one-per-az' */
  readonly natGateways?: 'one-per-az' | 'single';
  /** Flow-log settings; the log group is encrypted with `logsKmsKeyArn`. */
  readonly flowLogs: { readonly trafficType: 'ALL' | 'ACCEPT' | 'REJECT'; readonly retentionDays: number };
  /** KMS key for the flow-log group (must grant CloudWatch Logs). */
  readonly logsKmsKeyArn: string;
  /** Interface endpoint services (e.g. `ecr.api`) in the private subnets. @default [] */
  readonly interfaceEndpoints?: readonly string[];
  /** The deploy runner's network: attachment and routes from the private subnets. @default none (public API or in-VPC runner) */
  readonly runnerNetwork?: RunnerNetworkConfig;
  /** EKS cluster name, for the shared-cluster subnet tag. @default no cluster tag */
  readonly clusterName?: string;
}

/** Tags the AWS Load Balancer Controller uses to discover subnets. */
const TIER_TAGS: Record<SubnetTier, Record<string, string>> = {
  public: { 'kubernetes.io/role/elb': '1' },
  private: { 'kubernetes.io/role/internal-elb': '1' },
  isolated: {},
};

export class Network extends Construct {
  public readonly vpc: Vpc;
  public readonly vpcId: string;
  public readonly vpcCidr: string;
  /** Subnet ids per tier, in zone order. */
  public readonly subnetIds: Readonly<Record<SubnetTier, string[]>>;
  /** Route tables of the private and isolated tiers (for gateway endpoints). */
  public readonly privateRouteTableIds: string[];
  public readonly natGatewayCount: number;
  /** Routes to the deploy runner's network, when configured. */
  public readonly runnerRoutes?: RunnerRoutes;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const zones = props.availabilityZones;
    for (const tier of ['public', 'private', 'isolated'] as const) {
      if (props.subnetCidrs[tier].length !== zones.length) {
        throw new Error(`Network ${props.namePrefix}: subnetCidrs.${tier} needs one CIDR per zone (${zones.length})`);
      }
    }
    const natMode = props.natGateways ?? 'one-per-az';

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.vpcCidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: props.namePrefix },
    });
    this.vpcId = this.vpc.id;
    this.vpcCidr = props.vpcCidr;

    // The default security group allows all traffic between its members: strip every rule (CKV2_AWS_12).
    new DefaultSecurityGroup(this, 'default-sg', { vpcId: this.vpc.id, ingress: [], egress: [], tags: { Name: `${props.namePrefix}-default-unused` } });

    const subnets = {} as Record<SubnetTier, Subnet[]>;
    for (const tier of ['public', 'private', 'isolated'] as const) {
      subnets[tier] = zones.map((zone, index) => new Subnet(this, `${tier}-${zone}`, {
        vpcId: this.vpc.id,
        cidrBlock: props.subnetCidrs[tier][index],
        availabilityZone: zone,
        // Nothing gets a public IP implicitly: NAT gateways and load balancers bring their own (CKV_AWS_130).
        mapPublicIpOnLaunch: false,
        tags: {
          Name: `${props.namePrefix}-${tier}-${zone}`,
          Tier: tier,
          ...TIER_TAGS[tier],
          ...(props.clusterName && tier !== 'isolated' ? { [`kubernetes.io/cluster/${props.clusterName}`]: 'shared' } : {}),
        },
      }));
    }
    this.subnetIds = {
      public: subnets.public.map((s) => s.id),
      private: subnets.private.map((s) => s.id),
      isolated: subnets.isolated.map((s) => s.id),
    };

    const igw = new InternetGateway(this, 'igw', { vpcId: this.vpc.id, tags: { Name: props.namePrefix } });
    const publicRoutes = new RouteTable(this, 'public-rt', { vpcId: this.vpc.id, tags: { Name: `${props.namePrefix}-public` } });
    new Route(this, 'public-default', { routeTableId: publicRoutes.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });
    subnets.public.forEach((subnet, i) => new RouteTableAssociation(this, `public-rta-${zones[i]}`, { subnetId: subnet.id, routeTableId: publicRoutes.id }));

    // NAT gateways live in the public subnets; each private route table uses the one in its zone (or the single one).
    const natZones = natMode === 'one-per-az' ? zones : zones.slice(0, 1);
    const nats = natZones.map((zone, i) => {
      const eip = new Eip(this, `nat-eip-${zone}`, { domain: 'vpc', tags: { Name: `${props.namePrefix}-nat-${zone}` } });
      return new NatGateway(this, `nat-${zone}`, {
        allocationId: eip.allocationId,
        subnetId: subnets.public[i].id,
        tags: { Name: `${props.namePrefix}-${zone}` },
        dependsOn: [igw],
      });
    });
    this.natGatewayCount = nats.length;

    this.privateRouteTableIds = [];
    zones.forEach((zone, i) => {
      const table = new RouteTable(this, `private-rt-${zone}`, { vpcId: this.vpc.id, tags: { Name: `${props.namePrefix}-private-${zone}` } });
      new Route(this, `private-default-${zone}`, { routeTableId: table.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nats[Math.min(i, nats.length - 1)].id });
      new RouteTableAssociation(this, `private-rta-${zone}`, { subnetId: subnets.private[i].id, routeTableId: table.id });
      this.privateRouteTableIds.push(table.id);
    });

    if (props.runnerNetwork) {
      this.runnerRoutes = new RunnerRoutes(this, 'runner', {
        namePrefix: props.namePrefix, vpcId: this.vpc.id, subnetIds: this.subnetIds.private, routeTableIds: this.privateRouteTableIds, network: props.runnerNetwork,
      });
    }

    // Isolated subnets have no default route at all: data stores cannot reach or be reached from the internet.
    const isolatedRoutes = new RouteTable(this, 'isolated-rt', { vpcId: this.vpc.id, tags: { Name: `${props.namePrefix}-isolated` } });
    subnets.isolated.forEach((subnet, i) => new RouteTableAssociation(this, `isolated-rta-${zones[i]}`, { subnetId: subnet.id, routeTableId: isolatedRoutes.id }));

    new FlowLogs(this, 'flow-logs', {
      namePrefix: props.namePrefix,
      vpcId: this.vpc.id,
      accountId: props.accountId,
      kmsKeyArn: props.logsKmsKeyArn,
      trafficType: props.flowLogs.trafficType,
      retentionInDays: props.flowLogs.retentionDays,
    });

    new VpcEndpoints(this, 'endpoints', {
      namePrefix: props.namePrefix,
      region: props.region,
      vpcId: this.vpc.id,
      vpcCidr: props.vpcCidr,
      subnetIds: this.subnetIds.private,
      gatewayRouteTableIds: [...this.privateRouteTableIds, isolatedRoutes.id],
      interfaceServices: props.interfaceEndpoints ?? [],
    });
  }
}
