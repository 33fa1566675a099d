/**
 * Cloudflare DNS records of one environment: every public hostname proxied (CNAME to its origin name), the NS delegation
 * of the Route53 origin zone (content taken from the zone's name servers by reference) and its DS record (DNSSEC chain).
 */
import type { Route53KeySigningKey } from '@cdktf/provider-aws/lib/route53-key-signing-key';
import { DnsRecord } from '@cdktf/provider-cloudflare/lib/dns-record';
import type { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { Fn, Token, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';

/** Route53 gives every public zone a delegation set of four name servers. */
export const ROUTE53_NAME_SERVER_COUNT = 4;

export interface ProxiedHostname {
  /** Public name, e.g. `api.aifeedback.se`. */
  readonly name: string;
  /** Origin name it points at, e.g. `api.origin.aifeedback.se`. */
  readonly target: string;
}

export interface CloudflareDnsProps {
  readonly zoneId: string;
  /** Public hostnames; each becomes a proxied CNAME. */
  readonly hostnames: readonly ProxiedHostname[];
  /** The delegated Route53 zone's name, e.g. `origin.aifeedback.se`. */
  readonly originZoneName: string;
  /** The Route53 zone's `name_servers` (a token list). */
  readonly originNameServers: string[];
  /** The origin zone's key-signing key: its DS record goes into this zone. @default no DS record (unsigned delegation) */
  readonly originKeySigningKey?: Route53KeySigningKey;
  /** Zone signing: the DS record is published only after Route53 signs the zone (else the delegation is bogus). @default none */
  readonly originZoneSigning?: ITerraformDependable;
  /** TTL of the NS and DS records. @default 3600 */
  readonly delegationTtl?: number;
  readonly provider?: CloudflareProvider;
}

export class CloudflareDns extends Construct {
  /** Proxied records by public name. */
  public readonly records: Readonly<Record<string, DnsRecord>>;
  public readonly delegation: readonly DnsRecord[];
  public readonly ds?: DnsRecord;

  constructor(scope: Construct, id: string, props: CloudflareDnsProps) {
    super(scope, id);
    const ttl = props.delegationTtl ?? 3600;
    const records: Record<string, DnsRecord> = {};
    for (const host of props.hostnames) {
      records[host.name] = new DnsRecord(this, `proxied-${host.name.replace(/\./g, '-')}`, {
        provider: props.provider,
        zoneId: props.zoneId,
        name: host.name,
        type: 'CNAME',
        content: host.target,
        // Proxied: clients see Cloudflare's addresses, WAF and rate limits apply, the origin stays hidden.
        proxied: true,
        ttl: 1,
        comment: `cdktf: public name -> origin ${host.target}`,
      });
    }
    this.records = records;

    this.delegation = Array.from({ length: ROUTE53_NAME_SERVER_COUNT }, (_, index) => new DnsRecord(this, `origin-ns-${index}`, {
      provider: props.provider,
      zoneId: props.zoneId,
      name: props.originZoneName,
      type: 'NS',
      content: Token.asString(Fn.element(props.originNameServers, index)),
      ttl,
      comment: `cdktf: delegation of ${props.originZoneName} to Route53`,
    }));

    if (props.originKeySigningKey) {
      const ksk = props.originKeySigningKey;
      this.ds = new DnsRecord(this, 'origin-ds', {
        provider: props.provider,
        zoneId: props.zoneId,
        name: props.originZoneName,
        type: 'DS',
        data: {
          keyTag: ksk.keyTag,
          algorithm: ksk.signingAlgorithmType,
          digestType: ksk.digestAlgorithmType,
          digest: ksk.digestValue,
        },
        ttl,
        comment: `cdktf: DNSSEC chain of trust into ${props.originZoneName}`,
        dependsOn: props.originZoneSigning ? [props.originZoneSigning] : undefined,
      });
    }
  }
}
