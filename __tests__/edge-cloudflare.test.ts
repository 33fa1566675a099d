/** DNS and edge, Cloudflare side: proxied names, zone settings, rulesets, NS/DS delegation, zone create vs adopt, sharing staging. */
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { CloudflareCacheRules } from '../constructs/edge/cloudflare-cache-rules';
import { CloudflareRateLimits } from '../constructs/edge/cloudflare-rate-limits';
import { CloudflareZone } from '../constructs/edge/cloudflare-zone';
import { production } from '../environments/production';
import { validateEnvironment } from '../environments/validate';
import { InfraStack } from '../stacks/infra-stack';
import { Testing } from 'cdktf';
import { synthConstruct } from './support/scope';
import { asList, platformStack, references, SynthStack, toJson, type Json } from './support/synth';

const ZONE_ID = '0123456789abcdef0123456789abcdef';
/** ACM validation CNAMEs of the assets CDN certificate (names known only after the certificate exists). */
const isAcmValidation = (r: { attrs: Json }) => String(r.attrs.name).includes('domain_validation_options');
const webRecords = (stack: SynthStack) => stack.resources('cloudflare_dns_record').filter((r) => !isAcmValidation(r));
const prod = platformStack('production');
const rulesetOf = (stack: SynthStack, phase: string) => {
  const found = stack.resources('cloudflare_ruleset').filter((r) => r.attrs.phase === phase);
  expect(found).toHaveLength(1);
  return found[0];
};
const rulesOf = (stack: SynthStack, phase: string) => asList<Json>(rulesetOf(stack, phase).attrs.rules);

describe('production: DNS records', () => {
  const records = webRecords(prod);

  test('every configured public hostname is a proxied CNAME to its origin name', () => {
    const hostnames = production.edge.hostnames;
    for (const host of hostnames) {
      const record = records.find((r) => r.attrs.name === host.name && r.attrs.type === 'CNAME');
      expect(record?.attrs).toMatchObject({ proxied: true, ttl: 1, content: `${host.origin}.origin.aifeedback.se`, zone_id: ZONE_ID });
    }
    expect(records.filter((r) => r.attrs.type === 'CNAME')).toHaveLength(hostnames.length);
    expect(hostnames.map((h) => h.name).sort()).toEqual(
      ['admin', 'api', 'assets', 'business', 'cdn', 'monitoring'].map((l) => `${l}.aifeedback.se`).concat('aifeedback.se').sort());
  });

  test('the origin subzone is delegated to the Route53 zone by reference to its name servers (never literals)', () => {
    const zone = prod.resources('aws_route53_zone').find((z) => z.attrs.name === 'origin.aifeedback.se')!;
    const ns = records.filter((r) => r.attrs.type === 'NS');
    expect(ns).toHaveLength(4);
    expect(ns.map((r) => r.attrs.content).sort()).toEqual([0, 1, 2, 3].map((i) => `\${element(${zone.address}.name_servers, ${i})}`));
    expect(ns.every((r) => r.attrs.name === 'origin.aifeedback.se' && r.attrs.zone_id === ZONE_ID)).toBe(true);
  });

  test('the DS record carries the key-signing key\'s attributes (DNSSEC chain of trust)', () => {
    const ksk = prod.one('aws_route53_key_signing_key');
    const ds = records.find((r) => r.attrs.type === 'DS')!;
    expect(ds.attrs.name).toBe('origin.aifeedback.se');
    expect(ds.attrs.data).toEqual({
      key_tag: `\${${ksk.address}.key_tag}`,
      algorithm: `\${${ksk.address}.signing_algorithm_type}`,
      digest_type: `\${${ksk.address}.digest_algorithm_type}`,
      digest: `\${${ksk.address}.digest_value}`,
    });
  });
});

describe('production: zone configuration', () => {
  test('the adopted zone: no cloudflare_zone, settings and DNSSEC on the configured id', () => {
    expect(prod.resources('cloudflare_zone')).toEqual([]);
    const settings = Object.fromEntries(prod.resources('cloudflare_zone_setting').map((s) => [s.attrs.setting_id, s.attrs.value]));
    expect(settings).toEqual({
      ssl: 'strict', min_tls_version: '1.2', tls_1_3: 'on', always_use_https: 'on', automatic_https_rewrites: 'on', brotli: 'on', http3: 'on',
      security_header: { strict_transport_security: { enabled: true, max_age: 31536000, include_subdomains: true, preload: false, nosniff: true } },
    });
    expect(prod.resources('cloudflare_zone_setting').every((s) => s.attrs.zone_id === ZONE_ID)).toBe(true);
    expect(prod.one('cloudflare_zone_dnssec').attrs).toMatchObject({ zone_id: ZONE_ID, status: 'active' });
  });

  test('the provider has no credentials in code (CLOUDFLARE_API_TOKEN from the environment)', () => {
    expect(prod.json.provider.cloudflare).toEqual([{}]);
    expect(JSON.stringify(prod.json)).not.toMatch(/api_token|api_key/);
  });

  test('managed WAF: Cloudflare Managed and OWASP core executed on every request', () => {
    const rules = rulesOf(prod, 'http_request_firewall_managed');
    expect(rules.map((r) => [r.action, r.action_parameters.id, r.expression])).toEqual([
      ['execute', 'efb7b8c949ac4650a09736fc376e9aee', 'true'],
      ['execute', '4814384a9e5d4991b9815dcfc25d2f1f', 'true'],
    ]);
  });

  test('admin and monitoring are blocked outside the allow-list', () => {
    const [rule] = rulesOf(prod, 'http_request_firewall_custom');
    expect(rule.action).toBe('block');
    expect(rule.expression).toBe('(http.host in {"admin.aifeedback.se" "monitoring.aifeedback.se"}) and not (ip.src in {203.0.113.0/24})');
  });

  test('rate limits: the stricter auth rule first, per client (colo + IP), API 67/60 s', () => {
    const rules = rulesOf(prod, 'http_ratelimit');
    expect(rules.map((r) => r.expression)).toEqual([
      '(http.host in {"api.aifeedback.se"}) and starts_with(http.request.uri.path, "/api/auth/")',
      '(http.host in {"api.aifeedback.se"})',
    ]);
    expect(rules.map((r) => [r.ratelimit.period, r.ratelimit.requests_per_period])).toEqual([[60, 10], [60, 67]]);
    expect(rules.every((r) => r.action === 'block' && JSON.stringify(r.ratelimit.characteristics) === '["cf.colo.id","ip.src"]')).toBe(true);
  });

  test('cache rules: static hosts and /_next/static/ cached, API and admin hosts bypassed last', () => {
    const rules = rulesOf(prod, 'http_request_cache_settings');
    expect(rules.map((r) => [r.expression, r.action_parameters.cache])).toEqual([
      ['(http.host in {"cdn.aifeedback.se" "assets.aifeedback.se"})', true],
      ['starts_with(http.request.uri.path, "/_next/static/")', true],
      ['(http.host in {"api.aifeedback.se" "admin.aifeedback.se" "monitoring.aifeedback.se"})', false],
    ]);
    expect(rules.every((r) => r.action === 'set_cache_settings')).toBe(true);
  });
});

describe('staging shares the zone without its zone-wide configuration', () => {
  const staging = platformStack('staging');

  test('only its own proxied records, NS and DS for its own origin subzone', () => {
    const records = webRecords(staging);
    expect(records.filter((r) => r.attrs.type === 'CNAME').every((r) => r.attrs.proxied === true && /(^|-)staging\.aifeedback\.se$/.test(r.attrs.name))).toBe(true);
    expect(records.filter((r) => r.attrs.type !== 'CNAME').every((r) => r.attrs.name === 'origin-staging.aifeedback.se')).toBe(true);
    const prodNames = new Set(prod.resources('cloudflare_dns_record').map((r) => `${r.attrs.type} ${r.attrs.name}`));
    expect(records.filter((r) => prodNames.has(`${r.attrs.type} ${r.attrs.name}`))).toEqual([]);
  });

  test('no settings, zone DNSSEC or rulesets (production owns them)', () => {
    for (const type of ['cloudflare_zone_setting', 'cloudflare_zone_dnssec', 'cloudflare_ruleset', 'cloudflare_zone']) expect(staging.resources(type)).toEqual([]);
  });
});

describe('CloudflareZone', () => {
  test('create mode makes the zone (protected) and points settings at it', () => {
    const stack = synthConstruct((scope) => {
      new CloudflareProvider(scope, 'cloudflare', {});
      new CloudflareZone(scope, 'zone', { domain: 'example.se', mode: 'create', accountId: 'a'.repeat(32) });
    });
    const zone = stack.one('cloudflare_zone');
    expect(zone.attrs).toMatchObject({ name: 'example.se', type: 'full', account: { id: 'a'.repeat(32) }, lifecycle: { prevent_destroy: true } });
    expect(stack.resources('cloudflare_zone_setting').every((s) => references(s.attrs.zone_id).join() === zone.address)).toBe(true);
  });

  test('needs an account to create and an id to adopt', () => {
    expect(() => synthConstruct((scope) => new CloudflareZone(scope, 'z', { domain: 'example.se', mode: 'create' }))).toThrow(/accountId/);
    expect(() => synthConstruct((scope) => new CloudflareZone(scope, 'z', { domain: 'example.se', mode: 'adopt' }))).toThrow(/zoneId/);
  });
});

test('an environment that creates its zone gets cloudflare_zone with the account from a variable (TF_VAR_ override)', () => {
  const input = structuredClone(production) as typeof production & { edge: { cloudflare: Record<string, unknown> } };
  input.edge.cloudflare.zone = { mode: 'create' };
  input.edge.cloudflare.accountId = 'b'.repeat(32);
  const infra = new InfraStack(Testing.app(), validateEnvironment('production', input));
  const stack = new SynthStack('production', toJson(infra));
  const zone = stack.one('cloudflare_zone');
  const [variable] = Object.entries(stack.json.variable ?? {}).find(([name]) => name.includes('cloudflare_account_id')) ?? [];
  expect(variable).toBeDefined();
  expect(stack.json.variable[variable!].default).toBe('b'.repeat(32));
  expect(zone.attrs.account.id).toBe(`\${var.${variable}}`);
  expect(stack.resources('cloudflare_dns_record').every((r) => references(r.attrs.zone_id).join() === zone.address)).toBe(true);
});

test('restricted hostnames behind Cloudflare Access: one application each, e-mail domains allowed, no IP firewall rule', () => {
  const input = structuredClone(production) as typeof production & { edge: { cloudflare: Record<string, unknown> } };
  input.edge.cloudflare.restrictedAccess = { mode: 'cloudflare-access', emailDomains: ['aifeedback.se'] };
  const stack = new SynthStack('production', toJson(new InfraStack(Testing.app(), validateEnvironment('production', input))));
  const apps = stack.resources('cloudflare_zero_trust_access_application');
  expect(apps.map((a) => a.attrs.domain).sort()).toEqual(['admin.aifeedback.se', 'monitoring.aifeedback.se']);
  for (const app of apps) {
    expect(app.attrs).toMatchObject({ type: 'self_hosted', zone_id: ZONE_ID, session_duration: '8h' });
    expect(app.attrs.policies).toEqual([expect.objectContaining({ decision: 'allow', include: [{ email_domain: { domain: 'aifeedback.se' } }] })]);
  }
  expect(stack.resources('cloudflare_ruleset').filter((r) => r.attrs.phase === 'http_request_firewall_custom')).toEqual([]);
  expect(rulesetOf(stack, 'http_request_firewall_managed')).toBeDefined();
});

test('rulesets refuse periods Cloudflare rejects and an empty cache rule set', () => {
  expect(() => synthConstruct((scope) => new CloudflareRateLimits(scope, 'rl', { zoneId: ZONE_ID, namePrefix: 'x', rules: [{ name: 'a', hosts: ['a.se'], period: 900, requestsPerPeriod: 1000 }] }))).toThrow(/period 900/);
  expect(() => synthConstruct((scope) => new CloudflareCacheRules(scope, 'c', { zoneId: ZONE_ID, namePrefix: 'x' }))).toThrow(/no static hosts/);
});
