/** The edge policy rules catch what they claim to: each runs against a deliberately bad resource, and spares a good one. */
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { DnsRecord } from '@cdktf/provider-cloudflare/lib/dns-record';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { POLICY_RULES } from './policy';
import { edgeRules } from './policy/rules-edge';
import { synthConstruct } from './support/scope';
import { platformStack } from './support/synth';

const bad = synthConstruct((scope) => {
  new CloudflareProvider(scope, 'cloudflare', {});
  new Route53Zone(scope, 'public-zone', { name: 'origin.example.se' });
  new AcmCertificate(scope, 'wildcard-cert', {
    domainName: '*.origin.example.se',
    validationMethod: 'DNS',
    options: { certificateTransparencyLoggingPreference: 'DISABLED' },
  });
  new DnsRecord(scope, 'unproxied', { zoneId: 'z', name: 'api.example.se', type: 'CNAME', content: 'api.origin.example.se', ttl: 300, proxied: false });
  new DnsRecord(scope, 'proxy-unset', { zoneId: 'z', name: 'example.se', type: 'A', content: '192.0.2.1', ttl: 300 });
});

const rule = (id: string) => {
  const found = POLICY_RULES.find((r) => r.id === id);
  expect(found).toBeDefined();
  return found!;
};

test.each([
  ['CKV2_AWS_38', 'aws_route53_zone.public-zone', /no aws_route53_hosted_zone_dnssec/],
  ['CKV2_AWS_39', 'aws_route53_zone.public-zone', /no aws_route53_query_log/],
  ['CKV_AWS_233', 'aws_acm_certificate.wildcard-cert', /create_before_destroy/],
  ['CKV_AWS_234', 'aws_acm_certificate.wildcard-cert', /CT logging is DISABLED/],
  ['CKV2_AWS_71', 'aws_acm_certificate.wildcard-cert', /wildcard name \*\.origin\.example\.se/],
  ['CLOUDFLARE_PROXIED', 'cloudflare_dns_record.unproxied', /CNAME api\.example\.se is not proxied/],
  ['CLOUDFLARE_PROXIED', 'cloudflare_dns_record.proxy-unset', /A example\.se is not proxied/],
])('%s reports %s', (id, address, message) => {
  const violation = rule(id).evaluate(bad).find((v) => v.address === address);
  expect(violation?.message).toMatch(message);
});

test('the zone rules skip private zones, and the proxied rule skips underscore and non-web records', () => {
  const fine = synthConstruct((scope) => {
    new CloudflareProvider(scope, 'cloudflare', {});
    new Route53Zone(scope, 'private', { name: 'x.internal', vpc: [{ vpcId: 'vpc-1' }] });
    new DnsRecord(scope, 'acme', { zoneId: 'z', name: '_acme-challenge.example.se', type: 'CNAME', content: 'x.example.net', ttl: 300 });
    new DnsRecord(scope, 'ns', { zoneId: 'z', name: 'origin.example.se', type: 'NS', content: 'ns-1.awsdns-01.org', ttl: 3600 });
  });
  for (const id of ['CKV2_AWS_38', 'CKV2_AWS_39', 'CLOUDFLARE_PROXIED']) expect(rule(id).evaluate(fine)).toEqual([]);
});

test('the real production stack passes every edge rule and gives them something to check', () => {
  const production = platformStack('production');
  expect(production.resources('aws_route53_zone').filter((z) => !z.attrs.vpc)).toHaveLength(1);
  // The origin load balancer's certificate and the assets CDN's (us-east-1).
  expect(production.resources('aws_acm_certificate')).toHaveLength(2);
  expect(production.resources('cloudflare_dns_record').length).toBeGreaterThan(0);
  for (const edgeRule of edgeRules) expect(edgeRule.evaluate(production)).toEqual([]);
});
