/**
 * How the deploy runner reaches a private-only EKS API: the network it runs in (Terraform Cloud agent pool, CI runners,
 * the ops VPN) and the attachment that connects it to this VPC. The network construct creates the routes.
 */
import { z } from 'zod';
import { cidrContains, cidrsOverlap, parseCidr } from '../../lib/cidr';
import { cidr } from './primitives';
import type { IssueReporter } from './issues';

/** Networks the runner uses: routed from the private subnets (where the EKS API's interfaces live) to the attachment. */
const runnerCidrs = z.array(cidr).min(1, 'needs the network the deploy runner runs in');

export const runnerNetworkSchema = z.discriminatedUnion('attachment', [
  z.object({
    /** A Transit Gateway (usually shared from a network account through RAM): the stack attaches the VPC to it. */
    attachment: z.literal('transit-gateway'),
    transitGatewayId: z.string().regex(/^tgw-[0-9a-f]{8,17}$/, 'must be a Transit Gateway id such as tgw-0123456789abcdef0'),
    cidrs: runnerCidrs,
  }),
  z.object({
    /** An existing, accepted VPC peering connection to the runner's VPC: the stack adds the routes. */
    attachment: z.literal('vpc-peering'),
    peeringConnectionId: z.string().regex(/^pcx-[0-9a-f]{8,17}$/, 'must be a VPC peering connection id such as pcx-0123456789abcdef0'),
    cidrs: runnerCidrs,
  }),
]);

export type RunnerNetworkConfig = z.output<typeof runnerNetworkSchema>;

interface RunnerContext {
  readonly vpcCidr: string;
  readonly endpoint: { readonly publicAccess: boolean; readonly privateAccessCidrs: readonly string[] };
}

/** A private-only API needs a routed runner network, and every network admitted to the API must be routed. */
export function checkRunnerNetwork(runner: RunnerNetworkConfig | undefined, context: RunnerContext, report: IssueReporter): void {
  const { endpoint } = context;
  if (!endpoint.publicAccess && !runner) {
    report(['runnerNetwork'], 'is required when eks.endpoint.publicAccess is false: name the attachment (transit-gateway or vpc-peering) through which the deploy runner reaches the private API, or nothing can deploy the workloads stack');
    return;
  }
  if (!runner) return;
  const vpc = parseCidr(context.vpcCidr);
  runner.cidrs.forEach((text, index) => {
    const range = parseCidr(text);
    // A VPC range larger than AWS allows (/16) is its own mistake (network.vpcCidr); an overlap would only echo it.
    if (range && vpc && vpc.prefix >= 16 && cidrsOverlap(range, vpc)) report(['runnerNetwork', 'cidrs', index], `${text} overlaps network.vpcCidr ${context.vpcCidr}: a route to it would shadow the VPC's own addresses`);
  });
  endpoint.privateAccessCidrs.forEach((text, index) => {
    const admitted = parseCidr(text);
    const routed = runner.cidrs.some((c) => {
      const range = parseCidr(c);
      return range && admitted ? cidrContains(range, admitted) : true;
    });
    if (!routed) report(['eks', 'endpoint', 'privateAccessCidrs', index], `${text} is not inside runnerNetwork.cidrs (${runner.cidrs.join(', ')}): the API would admit it but the VPC has no route back to it`);
  });
}
