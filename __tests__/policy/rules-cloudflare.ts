/**
 * Cloudflare zone configuration every proxied hostname depends on (docs/policy-checks.md: DNS, certificates,
 * Cloudflare). One environment owns a zone's settings and rulesets while others only add records to it, so the
 * rules look for the configuration across the whole platform, keyed by zone id.
 */
import { asList, type Json, type SynthResource, type SynthStack } from '../support/synth';
import type { PolicyRule, Violation } from './rule';

/** Record types that carry web traffic through the proxy. */
const WEB_RECORD_TYPES = ['A', 'AAAA', 'CNAME'];

/**
 * Ids of Cloudflare's managed WAF rulesets, the same in every zone (Cloudflare WAF docs, "Managed Rulesets";
 * docs/api-rules.md): kept here rather than imported from the construct, so a wrong id there is caught.
 */
export const CLOUDFLARE_MANAGED_RULESETS: Readonly<Record<string, string>> = {
  'Cloudflare Managed Ruleset': 'efb7b8c949ac4650a09736fc376e9aee',
  'Cloudflare OWASP Core Ruleset': '4814384a9e5d4991b9815dcfc25d2f1f',
};

/** Zones into which `stack` publishes proxied web records, with the first such record (for the report). */
function proxiedZones(stack: SynthStack): Map<string, SynthResource> {
  const zones = new Map<string, SynthResource>();
  for (const r of stack.resources('cloudflare_dns_record', 'cloudflare_record')) {
    if (r.attrs.proxied === true && WEB_RECORD_TYPES.includes(String(r.attrs.type)) && !zones.has(String(r.attrs.zone_id))) zones.set(String(r.attrs.zone_id), r);
  }
  return zones;
}

/** The `ssl` mode each stack of the platform sets on `zoneId` (cloudflare_zone_setting, or v4's settings override). */
const sslSettings = (stack: SynthStack): { zoneId: string; value: unknown; address: string }[] => [
  ...stack.resources('cloudflare_zone_setting').filter((s) => s.attrs.setting_id === 'ssl')
    .map((s) => ({ zoneId: String(s.attrs.zone_id), value: s.attrs.value, address: s.address })),
  ...stack.resources('cloudflare_zone_settings_override').flatMap((s) => asList<Json>(s.attrs.settings)
    .filter((settings) => settings.ssl !== undefined).map((settings) => ({ zoneId: String(s.attrs.zone_id), value: settings.ssl, address: s.address }))),
];

/** Managed rulesets `zoneId` executes on every request in the managed WAF phase, across the platform. */
function executedManagedRulesets(platform: readonly SynthStack[], zoneId: string): Set<string> {
  const rulesets = platform.flatMap((s) => s.resources('cloudflare_ruleset'))
    .filter((r) => r.attrs.phase === 'http_request_firewall_managed' && r.attrs.kind === 'zone' && String(r.attrs.zone_id) === zoneId);
  return new Set(rulesets.flatMap((r) => asList<Json>(r.attrs.rules))
    .filter((rule) => rule.action === 'execute' && rule.enabled !== false && rule.expression === 'true')
    .map((rule) => rule.action_parameters?.id as string));
}

export const cloudflareRules: PolicyRule[] = [
  {
    id: 'CLOUDFLARE_SSL_STRICT',
    title: 'Cloudflare reaches the origin only over TLS with a validated certificate: SSL mode strict (Full (strict)) on every zone with proxied records',
    evaluate: (stack, platform = [stack]) => {
      const out: Violation[] = sslSettings(stack).filter((s) => s.value !== 'strict')
        .map((s) => ({ address: s.address, message: `ssl is "${typeof s.value === 'string' ? s.value : JSON.stringify(s.value)}", not "strict"` }));
      for (const [zoneId, record] of proxiedZones(stack)) {
        const set = platform.flatMap(sslSettings).filter((s) => s.zoneId === zoneId);
        if (set.length === 0) out.push({ address: record.address, message: `zone ${zoneId} has proxied records but no stack sets its ssl mode (the Cloudflare default is not strict)` });
      }
      return out;
    },
  },
  {
    id: 'CLOUDFLARE_WAF_MANAGED',
    title: "every zone with proxied records runs Cloudflare's Managed and OWASP Core rulesets on every request (http_request_firewall_managed)",
    evaluate: (stack, platform = [stack]) => [...proxiedZones(stack)].flatMap(([zoneId, record]) => {
      const executed = executedManagedRulesets(platform, zoneId);
      const missing = Object.entries(CLOUDFLARE_MANAGED_RULESETS).filter(([, id]) => !executed.has(id)).map(([name]) => name);
      return missing.length > 0 ? [{ address: record.address, message: `zone ${zoneId} does not execute ${missing.join(' and ')} on every request` }] : [];
    }),
  },
];
