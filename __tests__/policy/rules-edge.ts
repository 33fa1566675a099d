/** Route53, ACM and Cloudflare DNS rules (docs/policy-checks.md: ACM / Route53; cloudflare_* has no checkov checks, so one custom rule). */
import { asList, references, type Json, type SynthResource, type SynthStack } from '../support/synth';
import { resourceRule, type PolicyRule } from './rule';

const isPublicZone = (zone: SynthResource) => asList(zone.attrs.vpc).length === 0;

/** Resources of `types` that reference `zone` through `attribute` (as checkov's graph connections do). */
const linkedTo = (stack: SynthStack, zone: SynthResource, types: string[], attribute: string) =>
  stack.resources(...types).filter((r) => references(r.attrs[attribute]).includes(zone.address));

function publicZoneRule(id: string, title: string, missing: (stack: SynthStack, zone: SynthResource) => string | undefined): PolicyRule {
  return {
    id,
    title,
    evaluate: (stack) => stack.resources('aws_route53_zone').filter(isPublicZone).flatMap((zone) => {
      const message = missing(stack, zone);
      return message ? [{ address: zone.address, message }] : [];
    }),
  };
}

const names = (r: SynthResource): string[] => [r.attrs.domain_name, ...asList<string>(r.attrs.subject_alternative_names)].filter((n): n is string => typeof n === 'string');

/** Record types that carry web traffic: left unproxied they expose the origin and skip the WAF. */
const WEB_RECORD_TYPES = ['A', 'AAAA', 'CNAME'];

export const edgeRules: PolicyRule[] = [
  publicZoneRule('CKV2_AWS_38', 'public hosted zones are DNSSEC-signed', (stack, zone) => {
    const signing = linkedTo(stack, zone, ['aws_route53_hosted_zone_dnssec'], 'hosted_zone_id');
    const ksk = linkedTo(stack, zone, ['aws_route53_key_signing_key'], 'hosted_zone_id');
    if (signing.length === 0) return 'no aws_route53_hosted_zone_dnssec';
    if (ksk.length === 0) return 'no aws_route53_key_signing_key';
    return signing.some((s) => s.attrs.signing_status === 'NOT_SIGNING') ? 'signing_status is NOT_SIGNING' : undefined;
  }),
  publicZoneRule('CKV2_AWS_39', 'public hosted zones log DNS queries', (stack, zone) =>
    linkedTo(stack, zone, ['aws_route53_query_log'], 'zone_id').length > 0 ? undefined : 'no aws_route53_query_log'),
  resourceRule('CKV_AWS_233', 'ACM certificates are created before the old one is destroyed', ['aws_acm_certificate'],
    (r) => ((r.attrs.lifecycle as Json | undefined)?.create_before_destroy === true ? undefined : 'lifecycle.create_before_destroy is not true')),
  resourceRule('CKV_AWS_234', 'ACM certificates keep Certificate Transparency logging', ['aws_acm_certificate'],
    (r) => (asList<Json>(r.attrs.options).some((o) => o.certificate_transparency_logging_preference === 'DISABLED') ? 'CT logging is DISABLED' : undefined)),
  resourceRule('CKV2_AWS_71', 'ACM certificates name each host (no wildcard)', ['aws_acm_certificate'], (r) => {
    const wildcards = names(r).filter((n) => n.includes('*'));
    return wildcards.length > 0 ? `wildcard name ${wildcards.join(', ')}` : undefined;
  }),
  resourceRule('CLOUDFLARE_PROXIED', 'public web records in Cloudflare are proxied (origin hidden, WAF applies)', ['cloudflare_dns_record'], (r) => {
    if (!WEB_RECORD_TYPES.includes(String(r.attrs.type))) return undefined;
    // Underscore labels (_acme-challenge, _domainkey, validation tokens) are never web hostnames.
    if (String(r.attrs.name).startsWith('_')) return undefined;
    // ACM validation records take their (underscore) name from the certificate, known only at apply.
    if (/\$\{.*aws_acm_certificate\.[\w-]+\.domain_validation_options/.test(String(r.attrs.name))) return undefined;
    return r.attrs.proxied === true ? undefined : `${r.attrs.type} ${r.attrs.name} is not proxied`;
  }),
];
