/** DNS and edge, AWS side: origin zone (query logs, DNSSEC), private zone, origin certificate, LB security group, health checks. */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { HealthChecks } from '../constructs/edge/health-checks';
import { OriginCertificate } from '../constructs/edge/origin-certificate';
import { OriginLoadBalancerSg } from '../constructs/edge/origin-load-balancer-sg';
import { OriginZone } from '../constructs/edge/origin-zone';
import { PrivateZone } from '../constructs/edge/private-zone';
import { CLOUDFLARE_IP_RANGES } from '../environments/cloudflare-ip-ranges';
import { synthConstruct } from './support/scope';
import { asList, parsePolicy, platformStack, references } from './support/synth';

const ACCOUNT = '111111111111';

describe('OriginZone', () => {
  const stack = synthConstruct((scope) => {
    const usEast1 = new AwsProvider(scope, 'use1', { region: 'us-east-1', alias: 'us-east-1' });
    new OriginZone(scope, 'origin', { zoneName: 'origin.example.se', namePrefix: 'acme-test', accountId: ACCOUNT, usEast1, queryLogRetentionDays: 365 });
  });
  const zone = stack.one('aws_route53_zone');

  test('a public zone (no VPC association)', () => {
    expect(zone.attrs.name).toBe('origin.example.se');
    expect(asList(zone.attrs.vpc)).toEqual([]);
  });

  test('query logs go to a KMS-encrypted /aws/route53/ group in us-east-1, written under a scoped resource policy', () => {
    const group = stack.one('aws_cloudwatch_log_group');
    expect(group.attrs.name).toBe('/aws/route53/origin.example.se');
    expect(group.attrs.provider).toBe('aws.us-east-1');
    expect(group.attrs.retention_in_days).toBe(365);
    const key = stack.resources('aws_kms_key').find((k) => references(group.attrs.kms_key_id).includes(k.address))!;
    expect(key.attrs.provider).toBe('aws.us-east-1');
    expect(JSON.stringify(parsePolicy(key.attrs.policy))).toContain('logs.us-east-1.amazonaws.com');

    const log = stack.one('aws_route53_query_log');
    expect(references(log.attrs.zone_id)).toContain(zone.address);
    expect(references(log.attrs.cloudwatch_log_group_arn)).toContain(group.address);

    const policy = stack.one('aws_cloudwatch_log_resource_policy');
    expect(policy.attrs.provider).toBe('aws.us-east-1');
    expect(log.attrs.depends_on).toContain(policy.address);
    const [statement] = parsePolicy(policy.attrs.policy_document).Statement;
    expect(statement.Principal).toEqual({ Service: 'route53.amazonaws.com' });
    expect(statement.Action).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(statement.Resource).toBe(`\${${group.address}.arn}:*`);
    expect(statement.Condition.StringEquals['aws:SourceAccount']).toBe(ACCOUNT);
  });

  test('DNSSEC: ECC_NIST_P256 signing key in us-east-1, granted to Route53 under aws:SourceAccount, KSK and signing', () => {
    const key = stack.resources('aws_kms_key').find((k) => k.attrs.key_usage === 'SIGN_VERIFY')!;
    expect(key.attrs.customer_master_key_spec).toBe('ECC_NIST_P256');
    expect(key.attrs.provider).toBe('aws.us-east-1');
    const route53 = parsePolicy(key.attrs.policy).Statement.filter((s: { Principal: unknown }) =>
      JSON.stringify(s.Principal) === JSON.stringify({ Service: 'dnssec-route53.amazonaws.com' }));
    expect(route53.flatMap((s: { Action: string | string[] }) => asList(s.Action)).sort()).toEqual(['kms:CreateGrant', 'kms:DescribeKey', 'kms:GetPublicKey', 'kms:Sign']);
    expect(route53.every((s: { Condition: Record<string, Record<string, string>> }) => s.Condition.StringEquals['aws:SourceAccount'] === ACCOUNT)).toBe(true);

    const ksk = stack.one('aws_route53_key_signing_key');
    expect(references(ksk.attrs.key_management_service_arn)).toContain(key.address);
    expect(references(ksk.attrs.hosted_zone_id)).toContain(zone.address);
    expect(ksk.attrs.status).toBe('ACTIVE');
    const signing = stack.one('aws_route53_hosted_zone_dnssec');
    expect(references(signing.attrs.hosted_zone_id)).toContain(zone.address);
    expect(signing.attrs.signing_status).toBe('SIGNING');
    expect(signing.attrs.depends_on).toContain(ksk.address);
  });
});

test('PrivateZone is associated with the VPC', () => {
  const stack = synthConstruct((scope) => new PrivateZone(scope, 'private', { zoneName: 'test.internal', vpcId: 'vpc-123', vpcRegion: 'eu-north-1', namePrefix: 'acme-test' }));
  expect(asList(stack.one('aws_route53_zone').attrs.vpc)).toEqual([{ vpc_id: 'vpc-123', vpc_region: 'eu-north-1' }]);
});

describe('OriginCertificate', () => {
  const names = ['app.origin.example.se', 'api.origin.example.se'];
  const stack = synthConstruct((scope) => new OriginCertificate(scope, 'cert', { domainNames: names, zoneId: 'Z123', namePrefix: 'acme-test' }));
  const cert = stack.one('aws_acm_certificate');

  test('names each origin host, DNS-validated, CT logging on, replaced before destroyed', () => {
    expect([cert.attrs.domain_name, ...cert.attrs.subject_alternative_names]).toEqual(names);
    expect(cert.attrs.validation_method).toBe('DNS');
    expect(cert.attrs.options.certificate_transparency_logging_preference).toBe('ENABLED');
    expect(cert.attrs.lifecycle.create_before_destroy).toBe(true);
  });

  test('one validation record per name, fed from domain_validation_options, and the validation waits for all of them', () => {
    const records = stack.resources('aws_route53_record');
    expect(records).toHaveLength(names.length);
    for (const record of records) {
      expect(record.attrs.zone_id).toBe('Z123');
      expect(references(record.attrs.name)).toEqual([cert.address]);
      expect(record.attrs.name).toMatch(/domain_validation_options\)\.\d\.resource_record_name/);
      expect(references(record.attrs.records)).toEqual([cert.address]);
    }
    const validation = stack.one('aws_acm_certificate_validation');
    expect(references(validation.attrs.certificate_arn)).toEqual([cert.address]);
    expect(references(validation.attrs.validation_record_fqdns).sort()).toEqual(records.map((r) => r.address).sort());
  });

  test('rejects wildcards', () => {
    expect(() => synthConstruct((scope) => new OriginCertificate(scope, 'c', { domainNames: ['*.origin.example.se'], zoneId: 'Z', namePrefix: 'x' }))).toThrow(/wildcard/);
  });
});

describe('OriginLoadBalancerSg', () => {
  const stack = synthConstruct((scope) => new OriginLoadBalancerSg(scope, 'lb', {
    namePrefix: 'acme-test', vpcId: 'vpc-123', vpcCidr: '10.0.0.0/16',
    ipv4Ranges: CLOUDFLARE_IP_RANGES.ipv4, ipv6Ranges: CLOUDFLARE_IP_RANGES.ipv6, source: 'test',
  }));

  test('443 only, only from Cloudflare ranges, one described rule per range', () => {
    const ingress = stack.resources('aws_vpc_security_group_ingress_rule');
    const sources = ingress.map((r) => r.attrs.cidr_ipv4 ?? r.attrs.cidr_ipv6).sort();
    expect(sources).toEqual([...CLOUDFLARE_IP_RANGES.ipv4, ...CLOUDFLARE_IP_RANGES.ipv6].sort());
    for (const rule of ingress) {
      expect([rule.attrs.ip_protocol, rule.attrs.from_port, rule.attrs.to_port]).toEqual(['tcp', 443, 443]);
      expect(rule.attrs.description).toMatch(/Cloudflare/);
    }
  });

  test('egress only to the VPC, never the internet', () => {
    const egress = stack.resources('aws_vpc_security_group_egress_rule');
    expect(egress.map((r) => r.attrs.cidr_ipv4)).toEqual(['10.0.0.0/16']);
    expect(egress.every((r) => !r.attrs.cidr_ipv6)).toBe(true);
  });

  test('refuses an empty range list', () => {
    expect(() => synthConstruct((scope) => new OriginLoadBalancerSg(scope, 'lb', { namePrefix: 'x', vpcId: 'v', vpcCidr: '10.0.0.0/16', ipv4Ranges: [], source: 's' }))).toThrow(/admit nobody/);
  });
});

test('HealthChecks: HTTPS with SNI on the configured name and path', () => {
  const stack = synthConstruct((scope) => new HealthChecks(scope, 'hc', { namePrefix: 'acme-test', checks: [{ name: 'api', fqdn: 'api.example.se', path: '/health' }] }));
  expect(stack.one('aws_route53_health_check').attrs).toMatchObject({ type: 'HTTPS', fqdn: 'api.example.se', port: 443, resource_path: '/health', enable_sni: true, failure_threshold: 3, request_interval: 30 });
});

describe('the production stack', () => {
  const stack = platformStack('production');

  test('the origin certificate covers every origin name the load balancer serves (not the CDN\'s) and is validated in the origin zone', () => {
    const cert = stack.one('aws_acm_certificate', 'origin-certificate');
    expect([cert.attrs.domain_name, ...cert.attrs.subject_alternative_names].sort()).toEqual(
      ['admin', 'api', 'app', 'business', 'monitoring'].map((l) => `${l}.origin.aifeedback.se`));
    const originZone = stack.resources('aws_route53_zone').find((z) => z.attrs.name === 'origin.aifeedback.se')!;
    const validation = stack.resources('aws_route53_record').filter((r) => r.name.includes('origin-certificate_validation'));
    expect(validation).toHaveLength(5);
    expect(validation.every((r) => references(r.attrs.zone_id).join() === originZone.address)).toBe(true);
  });

  test('a private zone on the VPC, and outputs for the LB security group and the private zone', () => {
    const priv = stack.resources('aws_route53_zone').find((z) => z.attrs.name === 'production.aifeedback.internal')!;
    expect(references(asList(priv.attrs.vpc)[0].vpc_id)).toEqual([stack.one('aws_vpc').address]);
    expect(stack.json.output.private_zone_id.value).toBe(`\${${priv.address}.zone_id}`);
    expect(stack.json.output.origin_lb_security_group_id.value).toBe(`\${${stack.one('aws_security_group', 'origin-lb').address}.id}`);
  });

  test('the LB security group sends traffic only into the VPC', () => {
    const sg = stack.one('aws_security_group', 'origin-lb');
    const egress = stack.referencing(sg.address, 'aws_vpc_security_group_egress_rule');
    expect(egress).toHaveLength(1);
    expect(egress[0].attrs.cidr_ipv4).toBe('10.10.0.0/16');
  });

  test('no AWS resource references a Cloudflare resource (the AWS part plans on its own)', () => {
    const aws = stack.resources().filter((r) => r.type.startsWith('aws_'));
    expect(aws.filter((r) => references(r.attrs).some((a) => a.startsWith('cloudflare_'))).map((r) => r.address)).toEqual([]);
  });
});
