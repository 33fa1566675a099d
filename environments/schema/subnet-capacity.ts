/**
 * Subnet sizes: AWS's VPC limits, the load balancer's minimum, and private subnets large enough for the pods the
 * node groups can run (the VPC CNI gives every pod a VPC address, so a small private subnet stops scheduling).
 */
import { parseCidr } from '../../lib/cidr';
import { addressesPerNode, INSTANCE_TYPES } from '../../lib/instance-types';
import type { NodeGroupConfig } from './eks';
import type { IssueReporter } from './issues';
import type { NetworkConfig } from './network';

/** AWS: a VPC is /16 to /28. */
export const VPC_PREFIX = { largest: 16, smallest: 28 } as const;
/** AWS: the smallest subnet is /28; an Application Load Balancer needs /27 subnets. */
export const SMALLEST_SUBNET_PREFIX = 28;
export const LOAD_BALANCER_SUBNET_PREFIX = 27;
/** Addresses AWS reserves in every subnet (network, router, DNS, future, broadcast). */
const RESERVED_PER_SUBNET = 5;

const usable = (prefix: number) => 2 ** (32 - prefix) - RESERVED_PER_SUBNET;

/** Addresses one zone's private subnet needs: each group's share of maxSize, doubled for rolling updates, plus endpoints. */
export function privateAddressesNeeded(groups: Readonly<Record<string, NodeGroupConfig>>, zoneCount: number, interfaceEndpoints: number): number {
  const nodes = Object.values(groups).reduce((sum, group) => {
    const perNode = Math.max(0, ...group.instanceTypes.map((t) => (INSTANCE_TYPES[t] ? addressesPerNode(INSTANCE_TYPES[t]) : 0)));
    return sum + Math.ceil(group.maxSize / Math.max(1, zoneCount)) * 2 * perNode;
  }, 0);
  return nodes + interfaceEndpoints;
}

const prefixFor = (addresses: number) => {
  let prefix = SMALLEST_SUBNET_PREFIX;
  while (prefix > VPC_PREFIX.largest && usable(prefix) < addresses) prefix--;
  return prefix;
};

export function checkSubnetCapacity(network: NetworkConfig, groups: Readonly<Record<string, NodeGroupConfig>>, zoneCount: number, report: IssueReporter): void {
  const vpc = parseCidr(network.vpcCidr);
  if (vpc && (vpc.prefix < VPC_PREFIX.largest || vpc.prefix > VPC_PREFIX.smallest)) {
    report(['network', 'vpcCidr'], `/${vpc.prefix} is outside AWS's VPC size limits (/${VPC_PREFIX.largest} to /${VPC_PREFIX.smallest})`);
  }
  const needed = privateAddressesNeeded(groups, zoneCount, network.interfaceEndpoints.length);
  for (const tier of ['public', 'private', 'isolated'] as const) {
    network.subnets[tier].forEach((text, index) => {
      const subnet = parseCidr(text);
      if (!subnet) return;
      const at = ['network', 'subnets', tier, index];
      if (subnet.prefix > SMALLEST_SUBNET_PREFIX) {
        report(at, `${text} is smaller than AWS's smallest subnet (/${SMALLEST_SUBNET_PREFIX})`);
      } else if (tier === 'public' && subnet.prefix > LOAD_BALANCER_SUBNET_PREFIX) {
        report(at, `${text} is too small for the public load balancer: an Application Load Balancer needs /${LOAD_BALANCER_SUBNET_PREFIX} or larger subnets`);
      } else if (tier === 'private' && usable(subnet.prefix) < needed) {
        report(at, `${text} has ${usable(subnet.prefix)} usable addresses but the node groups need up to ${needed} per zone (each group's maxSize spread over ${zoneCount} zones, doubled for rolling updates, one VPC address per pod with the VPC CNI, plus the interface endpoints): use /${prefixFor(needed)} or larger`);
      }
    });
  }
}
