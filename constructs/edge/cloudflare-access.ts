/**
 * Cloudflare Access in front of restricted hostnames: one self-hosted application per hostname, allowing signed-in
 * users of the configured e-mail domains. The identity provider is set up once per account (README "DNS and edge").
 */
import type { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { ZeroTrustAccessApplication } from '@cdktf/provider-cloudflare/lib/zero-trust-access-application';
import { Construct } from 'constructs';

export interface CloudflareAccessProps {
  readonly zoneId: string;
  readonly namePrefix: string;
  /** Hostnames to put behind Access. */
  readonly hosts: readonly string[];
  /** E-mail domains whose users may sign in. */
  readonly emailDomains: readonly string[];
  /** Session length. @default '8h' */
  readonly sessionDuration?: string;
  readonly provider?: CloudflareProvider;
}

export class CloudflareAccess extends Construct {
  /** Access applications by hostname. */
  public readonly applications: Readonly<Record<string, ZeroTrustAccessApplication>>;

  constructor(scope: Construct, id: string, props: CloudflareAccessProps) {
    super(scope, id);
    if (props.hosts.length === 0) throw new Error('CloudflareAccess: hosts is empty');
    if (props.emailDomains.length === 0) throw new Error('CloudflareAccess: emailDomains is empty (nobody could sign in)');
    const applications: Record<string, ZeroTrustAccessApplication> = {};
    for (const host of props.hosts) {
      applications[host] = new ZeroTrustAccessApplication(this, host.replace(/\./g, '-'), {
        provider: props.provider,
        zoneId: props.zoneId,
        name: `${props.namePrefix} ${host}`,
        type: 'self_hosted',
        domain: host,
        sessionDuration: props.sessionDuration ?? '8h',
        policies: [{
          name: `${props.namePrefix} ${host} staff`,
          decision: 'allow',
          precedence: 1,
          include: props.emailDomains.map((domain) => ({ emailDomain: { domain } })),
        }],
      });
    }
    this.applications = applications;
  }
}
