/**
 * Security group of the origin load balancer: HTTPS in only from Cloudflare's edge ranges (one rule per range),
 * out only to the VPC (the nodes behind it). Every Cloudflare customer sends from these ranges, so the listener also
 * requires this zone's origin-pull client certificate (origin-pull.ts): only then has a request passed this zone's WAF.
 */
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';

export interface OriginLoadBalancerSgProps {
  readonly namePrefix: string;
  readonly vpcId: string;
  /** The VPC's IPv4 range: the only egress destination. */
  readonly vpcCidr: string;
  /** Cloudflare IPv4 ranges admitted on 443. */
  readonly ipv4Ranges: readonly string[];
  /** Cloudflare IPv6 ranges admitted on 443. @default [] */
  readonly ipv6Ranges?: readonly string[];
  /** Where the ranges were taken from (goes into each rule's description). */
  readonly source: string;
  /** Listener port. @default 443 */
  readonly port?: number;
}

export class OriginLoadBalancerSg extends Construct {
  public readonly securityGroup: SecurityGroup;
  public readonly securityGroupId: string;

  constructor(scope: Construct, id: string, props: OriginLoadBalancerSgProps) {
    super(scope, id);
    if (props.ipv4Ranges.length + (props.ipv6Ranges?.length ?? 0) === 0) {
      throw new Error('OriginLoadBalancerSg: ipv4Ranges and ipv6Ranges are both empty; the origin would admit nobody');
    }
    const port = props.port ?? 443;
    this.securityGroup = new SecurityGroup(this, 'sg', {
      name: `${props.namePrefix}-origin-lb`,
      description: 'Origin load balancer: HTTPS from Cloudflare only',
      vpcId: props.vpcId,
      tags: { Name: `${props.namePrefix}-origin-lb` },
    });
    this.securityGroupId = this.securityGroup.id;
    const ranges = [
      ...props.ipv4Ranges.map((cidr) => ({ cidr, v6: false })),
      ...(props.ipv6Ranges ?? []).map((cidr) => ({ cidr, v6: true })),
    ];
    ranges.forEach(({ cidr, v6 }) => {
      new VpcSecurityGroupIngressRule(this, `cloudflare-${cidr.replace(/[^0-9a-f]+/gi, '-')}`, {
        securityGroupId: this.securityGroup.id,
        description: `HTTPS from Cloudflare ${cidr} (${props.source})`,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        ...(v6 ? { cidrIpv6: cidr } : { cidrIpv4: cidr }),
      });
    });
    // Targets are node/pod IPs (IP target mode) inside the VPC; health checks use the same path.
    new VpcSecurityGroupEgressRule(this, 'to-vpc', {
      securityGroupId: this.securityGroup.id,
      description: 'To targets (EKS nodes and pods) inside the VPC',
      ipProtocol: 'tcp',
      fromPort: 0,
      toPort: 65535,
      cidrIpv4: props.vpcCidr,
    });
  }
}
