/** VPC layout: three subnet tiers across the configured availability zones. */
import { z } from 'zod';
import { cidrContains, cidrsOverlap, parseCidr } from '../../lib/cidr';
import { cidr, logRetentionDays } from './primitives';
import type { IssueReporter } from './issues';

/** Interface endpoints worth their hourly cost for private EKS nodes (image pulls, STS, logs, secrets). */
export const INTERFACE_ENDPOINT_SERVICES = [
  'ecr.api', 'ecr.dkr', 'sts', 'logs', 'ec2', 'elasticloadbalancing', 'autoscaling',
  'secretsmanager', 'kms', 'eks', 'eks-auth', 'ssm', 'monitoring',
] as const;

export const networkSchema = z.object({
  /** The VPC's IPv4 range. */
  vpcCidr: cidr,
  /** One subnet per availability zone per tier, in the order of `aws.availabilityZones`. */
  subnets: z.object({
    /** Load balancers and NAT gateways. */
    public: z.array(cidr),
    /** EKS nodes and pods (VPC CNI gives pods VPC addresses: size these generously). */
    private: z.array(cidr),
    /** Databases and caches: no route to the internet. */
    isolated: z.array(cidr),
  }),
  /** `one-per-az` survives the loss of a zone; `single` is cheaper (staging, dev). */
  natGateways: z.enum(['one-per-az', 'single']),
  /** VPC flow logs to a KMS-encrypted CloudWatch log group. */
  flowLogs: z.object({
    trafficType: z.enum(['ALL', 'ACCEPT', 'REJECT']).default('ALL'),
    retentionDays: logRetentionDays,
  }),
  /** Interface endpoints (PrivateLink) to create in the private subnets. The S3 gateway endpoint is always created. */
  interfaceEndpoints: z.array(z.enum(INTERFACE_ENDPOINT_SERVICES)).default([]),
});

export type NetworkConfig = z.output<typeof networkSchema>;

const TIERS = ['public', 'private', 'isolated'] as const;

/** Cross-field rules: subnet count per zone, containment in the VPC, no overlaps, HA NAT in production. */
export function checkNetwork(network: NetworkConfig, zoneCount: number, isProduction: boolean, report: IssueReporter): void {
  const vpc = parseCidr(network.vpcCidr);
  const seen: { path: string; text: string }[] = [];
  for (const tier of TIERS) {
    const list = network.subnets[tier];
    if (list.length !== zoneCount) {
      report(['network', 'subnets', tier], `has ${list.length} subnets but aws.availabilityZones has ${zoneCount}: give exactly one subnet per availability zone`);
    }
    list.forEach((text, index) => {
      const path = `network.subnets.${tier}[${index}]`;
      const subnet = parseCidr(text);
      if (!subnet || !vpc) return;
      if (!cidrContains(vpc, subnet)) {
        report(['network', 'subnets', tier, index], `${text} is not inside network.vpcCidr ${network.vpcCidr}`);
      }
      for (const other of seen) {
        const otherCidr = parseCidr(other.text);
        if (otherCidr && cidrsOverlap(subnet, otherCidr)) {
          report(['network', 'subnets', tier, index], `${text} overlaps ${other.path} (${other.text}): subnets must not overlap`);
        }
      }
      seen.push({ path, text });
    });
  }
  if (isProduction && network.natGateways !== 'one-per-az') {
    report(['network', 'natGateways'], 'must be "one-per-az" in production so losing one zone does not cut egress for the others');
  }
  if (isProduction && network.flowLogs.retentionDays < 365) {
    report(['network', 'flowLogs', 'retentionDays'], 'must be at least 365 days in production (CKV_AWS_338)');
  }
}
