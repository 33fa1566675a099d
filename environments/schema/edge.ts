/** DNS and edge (docs/edge.md): the Route53 origin zone, the private zone, ACM, Cloudflare in front of the origin. */
import { z } from 'zod';
import { parseCidr } from '../../lib/cidr';
import { dnsName, logRetentionDays } from './primitives';
import type { IssueReporter } from './issues';

/** Counting periods (seconds) the Cloudflare rulesets API accepts for rate limits; which ones a zone may use depends on its plan. */
export const RATE_LIMIT_PERIODS = [10, 60, 120, 300, 600, 3600] as const;

const dnsLabel = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be one lower-case DNS label such as api');
const cloudflareId = z.string().regex(/^[0-9a-f]{32}$/, 'must be a 32-character lower-case hex Cloudflare id');

/** An IPv4 or IPv6 network in CIDR notation (allow-lists may hold either). */
export function isIpCidr(text: string): boolean {
  if (parseCidr(text)) return true;
  const match = /^([0-9a-f:]+)\/(\d{1,3})$/i.exec(text);
  if (!match || Number(match[2]) > 128) return false;
  const halves = match[1].split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return false;
  return halves.length === 2 ? groups.length < 8 : groups.length === 8;
}

export const ipCidr = z.string().refine(isIpCidr, 'must be an IPv4 or IPv6 network CIDR such as 203.0.113.0/24 or 2001:db8::/32');

export const publicHostnameSchema = z.object({
  /** Public name served through Cloudflare (the apex, or a name under domain.apex). */
  name: dnsName,
  /** Label of its origin name in the Route53 origin zone: `api` → `api.<edge.originZone>`. */
  origin: dnsLabel,
  /** Cloudflare caching: `static` caches eligible responses at the edge, `bypass` never caches (APIs), `default` leaves Cloudflare's defaults. */
  cache: z.enum(['static', 'bypass', 'default']).default('default'),
  /** Only clients in `cloudflare.restrictedAccess` reach it (admin, monitoring). */
  restricted: z.boolean().default(false),
});

export const rateLimitSchema = z.object({
  /** Rule name (used in descriptions and refs). */
  name: dnsLabel,
  /** Public hostnames (from `hostnames[].name`) the rule counts on. */
  hosts: z.array(dnsName).min(1, 'needs at least one hostname'),
  /** Only requests whose path starts with this prefix count. @default every path */
  pathPrefix: z.string().regex(/^\/[\w\-./]*$/, 'must be a URL path starting with "/"').optional(),
  /** Counting period in seconds. */
  period: z.number().int(),
  /** Requests per client (IP per Cloudflare data centre) and period before the action fires. */
  requestsPerPeriod: z.number().int().positive(),
  /** Seconds the action stays in force once triggered. */
  mitigationTimeout: z.number().int().nonnegative().default(600),
  /** `block` (429) or `managed_challenge`. */
  action: z.enum(['block', 'managed_challenge']).default('block'),
});

export const cloudflareSchema = z.object({
  /** Cloudflare account id (not a secret), needed only to create the zone; `TF_VAR_cloudflare_account_id` overrides it at plan time. */
  accountId: cloudflareId.optional(),
  /** `create`: Terraform creates and owns the zone. `adopt`: the zone exists; give its id and no cloudflare_zone is created. */
  zone: z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('create') }),
    z.object({ mode: z.literal('adopt'), zoneId: cloudflareId }),
  ]),
  /**
   * This environment manages the zone-wide configuration: settings, DNSSEC and the phase entry-point rulesets (WAF, rate
   * limits, cache rules). A zone has one entry point per phase, so exactly one environment sharing a zone may do this.
   */
  ownsZoneConfiguration: z.boolean(),
  /** HSTS preload (submit to browsers' preload lists only once every subdomain serves HTTPS). */
  hstsPreload: z.boolean().default(false),
  /**
   * Who may reach `restricted` hostnames: `ip-allow-list` (a zone firewall rule blocks every other client) or
   * `cloudflare-access` (an Access application per hostname; users sign in through the account's identity provider).
   */
  restrictedAccess: z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('ip-allow-list'), allowList: z.array(ipCidr).min(1, 'needs at least one network') }),
    z.object({
      mode: z.literal('cloudflare-access'),
      /** E-mail domains whose signed-in users are allowed. */
      emailDomains: z.array(dnsName).min(1, 'needs at least one e-mail domain'),
      /** Access session length. @default '8h' */
      sessionDuration: z.string().regex(/^\d+(m|h)$/, 'must be a duration such as 30m or 8h').default('8h'),
    }),
  ]).optional(),
  /** Rate-limiting rules (http_ratelimit phase); the zone's plan caps their number and periods. */
  rateLimits: z.array(rateLimitSchema).default([]),
  /** Path prefixes cached as static assets on every cached host, e.g. `/_next/static/`. */
  staticPathPrefixes: z.array(z.string().regex(/^\/[\w\-./]*$/, 'must be a URL path starting with "/"')).default([]),
});

export const healthCheckSchema = z.object({
  /** Check name (tags, outputs). */
  name: dnsLabel,
  /** Name Route53 probes over HTTPS; a public hostname, since the origin admits only Cloudflare's ranges. */
  fqdn: dnsName,
  /** Path that answers 2xx/3xx when healthy. */
  path: z.string().regex(/^\/[\w\-./]*$/, 'must be a URL path starting with "/"'),
  /** Consecutive failures before unhealthy. @default 3 */
  failureThreshold: z.number().int().min(1).max(10).default(3),
  /** Seconds between probes: 10 or 30. @default 30 */
  requestInterval: z.union([z.literal(10), z.literal(30)]).default(30),
});

export const edgeSchema = z.object({
  /** Route53 public zone for origin names, delegated from the Cloudflare zone by NS records (e.g. origin.aifeedback.se). */
  originZone: dnsName,
  /** Route53 private zone (associated with the VPC) for internal names: database, cache. */
  privateZone: dnsName,
  /** Retention of the Route53 query log group (us-east-1). */
  queryLogRetentionDays: logRetentionDays,
  /** Every public hostname: proxied by Cloudflare, CNAME to its origin name. */
  hostnames: z.array(publicHostnameSchema).min(1, 'needs at least one public hostname'),
  /** Route53 HTTPS health checks. @default none */
  healthChecks: z.array(healthCheckSchema).default([]),
  cloudflare: cloudflareSchema,
});

export type EdgeConfig = z.output<typeof edgeSchema>;
export type PublicHostname = z.output<typeof publicHostnameSchema>;
export type RateLimitConfig = z.output<typeof rateLimitSchema>;

const within = (name: string, apex: string) => name === apex || name.endsWith(`.${apex}`);

/** Cross-field rules: names inside the domain, no duplicates, rate limits on known hosts with valid periods, zone ownership. */
export function checkEdge(edge: EdgeConfig, apex: string, report: IssueReporter, zoneRulesKeptByRecovered = false): void {
  if (!within(edge.originZone, apex) || edge.originZone === apex) {
    report(['edge', 'originZone'], `"${edge.originZone}" must be a subdomain of domain.apex ${apex} (it is delegated from the Cloudflare zone)`);
  }
  const names = new Set<string>();
  const origins = new Set<string>();
  edge.hostnames.forEach((host, index) => {
    if (!within(host.name, apex)) {
      report(['edge', 'hostnames', index, 'name'], `"${host.name}" is not inside domain.apex ${apex}`);
    }
    if (within(host.name, edge.originZone)) {
      report(['edge', 'hostnames', index, 'name'], `"${host.name}" is inside edge.originZone ${edge.originZone}, which Route53 serves unproxied`);
    }
    if (names.has(host.name)) report(['edge', 'hostnames', index, 'name'], `"${host.name}" is listed twice`);
    if (origins.has(host.origin)) report(['edge', 'hostnames', index, 'origin'], `"${host.origin}" is the origin of another hostname`);
    names.add(host.name);
    origins.add(host.origin);
  });
  edge.healthChecks.forEach((check, index) => {
    if (!within(check.fqdn, apex)) report(['edge', 'healthChecks', index, 'fqdn'], `"${check.fqdn}" is not inside domain.apex ${apex}`);
  });
  const cf = edge.cloudflare;
  cf.rateLimits.forEach((limit, index) => {
    if (!(RATE_LIMIT_PERIODS as readonly number[]).includes(limit.period)) {
      report(['edge', 'cloudflare', 'rateLimits', index, 'period'], `${limit.period} is not a Cloudflare rate-limit period (one of ${RATE_LIMIT_PERIODS.join(', ')} seconds)`);
    }
    limit.hosts.forEach((host, h) => {
      if (!names.has(host)) report(['edge', 'cloudflare', 'rateLimits', index, 'hosts', h], `"${host}" is not one of edge.hostnames`);
    });
  });
  if (edge.hostnames.some((h) => h.restricted) && !cf.restrictedAccess) {
    report(['edge', 'cloudflare', 'restrictedAccess'], 'is required when a hostname is restricted (otherwise nobody could reach it)');
  }
  if (!cf.ownsZoneConfiguration) {
    // Zone-wide rulesets belong to the zone owner; in a sharing environment these would silently not apply. A recovery
    // environment's restricted names stay covered by the allow-list rule the recovered environment left in the zone.
    if (cf.restrictedAccess?.mode !== 'cloudflare-access' && !zoneRulesKeptByRecovered) {
      edge.hostnames.forEach((host, index) => {
        if (host.restricted) report(['edge', 'hostnames', index, 'restricted'], 'needs edge.cloudflare.ownsZoneConfiguration (the IP allow-list is a zone-wide firewall rule) or restrictedAccess.mode "cloudflare-access"');
      });
    }
    if (cf.rateLimits.length > 0) report(['edge', 'cloudflare', 'rateLimits'], 'needs edge.cloudflare.ownsZoneConfiguration (rate limits are a zone-wide ruleset)');
  }
  if (cf.zone.mode === 'create' && !cf.accountId) {
    report(['edge', 'cloudflare', 'accountId'], 'is required when edge.cloudflare.zone.mode is "create"');
  }
  if (cf.zone.mode === 'create' && !cf.ownsZoneConfiguration) {
    report(['edge', 'cloudflare', 'ownsZoneConfiguration'], 'must be true when this environment creates the zone');
  }
}
