/**
 * Zone WAF: Cloudflare's managed rulesets (Cloudflare Managed and OWASP core) in the managed phase, and a custom rule
 * that blocks restricted hostnames (admin, monitoring) for every client outside the allow-list.
 */
import type { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { Ruleset } from '@cdktf/provider-cloudflare/lib/ruleset';
import { Construct } from 'constructs';
import { hostIn, ipSrcIn } from './ruleset-expressions';

/** Ids of Cloudflare's managed rulesets (the same in every zone). */
export const MANAGED_RULESETS = {
  cloudflareManaged: 'efb7b8c949ac4650a09736fc376e9aee',
  owaspCore: '4814384a9e5d4991b9815dcfc25d2f1f',
} as const;

export interface CloudflareWafProps {
  readonly zoneId: string;
  readonly namePrefix: string;
  /** Hostnames only the allow-list may reach. @default [] (no custom rule) */
  readonly restrictedHosts?: readonly string[];
  /** Client networks (IPv4/IPv6 CIDRs) allowed to reach restricted hosts. Required when restrictedHosts is not empty. */
  readonly allowList?: readonly string[];
  readonly provider?: CloudflareProvider;
}

export class CloudflareWaf extends Construct {
  public readonly managed: Ruleset;
  public readonly custom?: Ruleset;

  constructor(scope: Construct, id: string, props: CloudflareWafProps) {
    super(scope, id);
    const restricted = props.restrictedHosts ?? [];
    const allowList = props.allowList ?? [];
    if (restricted.length > 0 && allowList.length === 0) {
      throw new Error('CloudflareWaf: restrictedHosts needs a non-empty allowList (otherwise nobody reaches them)');
    }
    this.managed = new Ruleset(this, 'managed', {
      provider: props.provider,
      zoneId: props.zoneId,
      kind: 'zone',
      phase: 'http_request_firewall_managed',
      name: `${props.namePrefix} managed WAF`,
      description: 'Cloudflare Managed Ruleset and OWASP core ruleset on every request',
      rules: [
        {
          ref: 'cloudflare_managed',
          description: 'Cloudflare Managed Ruleset',
          expression: 'true',
          action: 'execute',
          actionParameters: { id: MANAGED_RULESETS.cloudflareManaged },
        },
        {
          ref: 'owasp_core',
          description: 'Cloudflare OWASP Core Ruleset',
          expression: 'true',
          action: 'execute',
          actionParameters: { id: MANAGED_RULESETS.owaspCore },
        },
      ],
    });
    if (restricted.length > 0) {
      this.custom = new Ruleset(this, 'custom', {
        provider: props.provider,
        zoneId: props.zoneId,
        kind: 'zone',
        phase: 'http_request_firewall_custom',
        name: `${props.namePrefix} custom firewall`,
        description: 'Restricted hostnames only from the allow-list',
        rules: [{
          ref: 'restricted_hosts_allow_list',
          description: `Block ${restricted.join(', ')} outside the allow-list`,
          expression: `${hostIn(restricted)} and not ${ipSrcIn(allowList)}`,
          action: 'block',
        }],
      });
    }
  }
}
