/** DNS and edge (docs/edge.md): the Route53 origin zone, the private zone, ACM, Cloudflare in front of the origin. */
import { z } from 'zod';
import { parseCidr } from '../../lib/cidr';
import { ORIGIN_PULL_CA } from '../origin-pull-ca';
import { dnsName, logRetentionDays } from './primitives';
import { formatPath, type IssueReporter } from './issues';

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

/** One or more PEM certificates, nothing else (a private key pasted by mistake is refused). */
const PEM_BUNDLE = /^(?:-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+?\n-----END CERTIFICATE-----\n?)+$/;

export const originPullSchema = z.object({
  /**
   * PEM bundle of the CA(s) that sign the zone's Authenticated Origin Pulls client certificate: the origin load balancer's
   * trust store (mutual TLS, verify mode) admits only clients they signed. Public certificates; keys never live here.
   * Two during a rotation (old and new). @default environments/origin-pull-ca.ts
   */
  caBundle: z.string().regex(PEM_BUNDLE, 'must be PEM certificates only (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----), never a key').default(ORIGIN_PULL_CA.certificate),
});

export const healthCheckSchema = z.object({
  /** Check name (tags, outputs). */
  name: dnsLabel,
  /** Name Route53 probes over HTTPS: one of `hostnames`, not restricted (the origin admits only this zone's Cloudflare edge). */
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
  /** Route53 HTTPS health checks; each pages the alarm subscribers from us-east-1. @default none */
  healthChecks: z.array(healthCheckSchema).default([]),
  /** Authenticated Origin Pulls: how the origin tells this zone's Cloudflare edge from any other Cloudflare customer. */
  originPull: originPullSchema.default({}),
  cloudflare: cloudflareSchema,
});

export type EdgeConfig = z.output<typeof edgeSchema>;
export type PublicHostname = z.output<typeof publicHostnameSchema>;
export type RateLimitConfig = z.output<typeof rateLimitSchema>;

const within = (name: string, apex: string) => name === apex || name.endsWith(`.${apex}`);
/** Labels of `name` below `zone` (0 for the zone itself). */
const depthBelow = (name: string, zone: string) => (name === zone ? 0 : name.slice(0, -zone.length - 1).split('.').length);

/** Config fields whose Ingress serves operators only: their public names must stay restricted in production. */
export const OPERATOR_INGRESSES = ['workloads.services.admin-dashboard', 'monitoring.grafana'] as const;

/** One DNS record the configuration asks for, with the field that asks. */
interface PlannedRecord {
  readonly zone: 'cloudflare' | 'origin';
  readonly name: string;
  readonly type: 'CNAME' | 'NS' | 'DS' | 'ALIAS';
  readonly path: readonly (string | number)[];
}

/** The records this environment creates: a proxied CNAME per public name, the NS/DS delegation, one origin alias per origin label. */
function plannedRecords(edge: EdgeConfig): PlannedRecord[] {
  return [
    ...edge.hostnames.map((h, i): PlannedRecord => ({ zone: 'cloudflare', name: h.name, type: 'CNAME', path: ['edge', 'hostnames', i, 'name'] })),
    { zone: 'cloudflare', name: edge.originZone, type: 'NS', path: ['edge', 'originZone'] },
    { zone: 'cloudflare', name: edge.originZone, type: 'DS', path: ['edge', 'originZone'] },
    ...edge.hostnames.map((h, i): PlannedRecord => ({ zone: 'origin', name: `${h.origin}.${edge.originZone}`, type: 'ALIAS', path: ['edge', 'hostnames', i, 'origin'] })),
  ];
}

/**
 * One record per name and type in each zone (Cloudflare refuses an identical second record; Route53 has one record set
 * per name and type). Repeats keep the wording of the field that repeats: a name listed twice, an origin label used twice.
 */
function checkRecordsUnique(edge: EdgeConfig, report: IssueReporter): void {
  const seen: PlannedRecord[] = [];
  for (const record of plannedRecords(edge)) {
    const first = seen.find((r) => r.zone === record.zone && r.name === record.name && r.type === record.type);
    seen.push(record);
    if (!first) continue;
    const what = record.type === 'ALIAS' ? `"${record.name.split('.')[0]}" is the origin of another hostname` : `"${record.name}" is listed twice`;
    report(record.path, `${what} (one ${record.type} record per name: ${record.name} is already created by ${formatPath(first.path)})`);
  }
}

/** Cross-field rules: names inside the domain, no duplicates, rate limits on known hosts with valid periods, zone ownership. */
export function checkEdge(edge: EdgeConfig, apex: string, report: IssueReporter, zoneRulesKeptByRecovered = false): void {
  if (!within(edge.originZone, apex) || edge.originZone === apex) {
    report(['edge', 'originZone'], `"${edge.originZone}" must be a subdomain of domain.apex ${apex} (it is delegated from the Cloudflare zone)`);
  }
  const names = new Set(edge.hostnames.map((h) => h.name));
  edge.hostnames.forEach((host, index) => {
    if (!within(host.name, apex)) {
      report(['edge', 'hostnames', index, 'name'], `"${host.name}" is not inside domain.apex ${apex}`);
    }
    if (within(host.name, edge.originZone)) {
      report(['edge', 'hostnames', index, 'name'], `"${host.name}" is inside edge.originZone ${edge.originZone}, which Route53 serves unproxied`);
    }
    // Universal SSL (and an ACM wildcard alike) covers the apex and names exactly one label below it.
    if (within(host.name, apex) && depthBelow(host.name, apex) > 1) {
      report(['edge', 'hostnames', index, 'name'], `"${host.name}" is not covered by the zone's edge certificate: Universal SSL covers ${apex} and *.${apex}, and a wildcard matches exactly one label (use a one-label name such as ${host.name.split('.')[0]}-${host.name.split('.')[1]}.${apex}, or order an Advanced certificate first)`);
    }
  });
  checkRecordsUnique(edge, report);
  // The shipped CA signs the certificate of one zone; another domain is another Cloudflare zone with its own certificate.
  if (edge.originPull.caBundle === ORIGIN_PULL_CA.certificate && apex !== ORIGIN_PULL_CA.zone) {
    report(['edge', 'originPull', 'caBundle'], `is the origin-pull CA of the zone ${ORIGIN_PULL_CA.zone}, not of domain.apex ${apex}: give the CA that signs this zone's client certificate (scripts/origin-pull-cert.sh)`);
  }
  // The VPC resolver answers names inside a private zone from that zone alone (no public fallback by default), so a
  // private zone over a public name would make it unresolvable for every pod.
  const publicNames = [apex, edge.originZone, ...edge.hostnames.map((h) => h.name), ...edge.hostnames.map((h) => `${h.origin}.${edge.originZone}`)];
  const shadowed = publicNames.filter((name) => within(name, edge.privateZone));
  if (shadowed.length > 0) {
    report(['edge', 'privateZone'], `"${edge.privateZone}" would shadow public names pods call (${[...new Set(shadowed)].join(', ')}): inside the VPC, Route53 answers names in a private zone from that zone only`);
  }
  const checkNames = new Set<string>();
  edge.healthChecks.forEach((check, index) => {
    const at = ['edge', 'healthChecks', index];
    if (checkNames.has(check.name)) report([...at, 'name'], `"${check.name}" is listed twice (it names the check and its alarm)`);
    checkNames.add(check.name);
    if (!within(check.fqdn, apex)) {
      report([...at, 'fqdn'], `"${check.fqdn}" is not inside domain.apex ${apex}`);
      return;
    }
    // Route53's checkers are ordinary internet clients: the origin admits only this zone's Cloudflare edge, and a
    // restricted name blocks (allow-list) or redirects to a login (Access) every client it does not know.
    const host = edge.hostnames.find((h) => h.name === check.fqdn);
    if (!host) {
      report([...at, 'fqdn'], `"${check.fqdn}" is not one of edge.hostnames: only a proxied public name admits Route53's checkers (the origin admits only this zone's Cloudflare edge)`);
    } else if (host.restricted) {
      report([...at, 'fqdn'], `"${check.fqdn}" is restricted: Route53's checkers are not in restrictedAccess, so the check would never see the service`);
    }
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
  if (cf.restrictedAccess?.mode === 'ip-allow-list') {
    cf.restrictedAccess.allowList.forEach((cidr, index) => {
      if (/\/0$/.test(cidr)) report(['edge', 'cloudflare', 'restrictedAccess', 'allowList', index], `"${cidr}" admits every client: restricted hostnames would be public`);
    });
  }
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

/**
 * Production keeps operator interfaces (admin dashboard, Grafana) behind restrictedAccess: their public names must be
 * `restricted`. `servedByIngress` maps each public name to the config field whose Ingress serves it.
 */
export function checkOperatorHostsRestricted(edge: EdgeConfig, tier: string, servedByIngress: ReadonlyMap<string, string>, report: IssueReporter): void {
  if (tier !== 'production') return;
  edge.hostnames.forEach((host, index) => {
    const server = servedByIngress.get(host.name);
    if (server && (OPERATOR_INGRESSES as readonly string[]).includes(server) && !host.restricted) {
      report(['edge', 'hostnames', index, 'restricted'], `must be true in production: "${host.name}" serves ${server}, an operator interface that only restrictedAccess (allow-list or Cloudflare Access) may reach`);
    }
  });
}
