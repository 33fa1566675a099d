/**
 * What a first `cdktf deploy` in real accounts needs beyond a valid plan, checked across all synthesized stacks:
 * proxied names point at origins some stack creates, backup selections select something, alarms reach someone,
 * the deploy runner has a route to a private API, and zones/DNSSEC stay put. Each check also sees a planted defect.
 */
import { production } from '../environments/production';
import { expectProblem, mutated } from './support/config';
import { asList, parsePolicy, platformStack, platformStacks, references, SynthStack, type Json } from './support/synth';

const stacks = platformStacks();

// ── proxied Cloudflare records → an origin some stack creates ───────────────────────────────────────────────
const EXTERNAL_DNS_HOSTNAME = /external-dns\.alpha\.kubernetes\.io\/hostname:\s*["']?([a-z0-9.-]+)/g;

/** Names the stacks create: Route53 records (by name) and Ingress hostnames external-dns writes. */
function createdNames(all: readonly SynthStack[]): Set<string> {
  const names = new Set<string>();
  for (const stack of all) {
    for (const record of stack.resources('aws_route53_record')) names.add(String(record.attrs.name).replace(/\.$/, ''));
    for (const release of stack.resources('helm_release')) {
      for (const match of JSON.stringify(release.attrs.values ?? []).matchAll(EXTERNAL_DNS_HOSTNAME)) names.add(match[1]);
    }
  }
  return names;
}

/** Proxied records whose target no stack creates (Cloudflare would answer 1016). */
function danglingProxiedRecords(all: readonly SynthStack[]): string[] {
  const created = createdNames(all);
  return all.flatMap((stack) => stack.resources('cloudflare_dns_record')
    .filter((r) => r.attrs.proxied === true && !created.has(String(r.attrs.content)))
    .map((r) => `${stack.name}: ${r.attrs.name} -> ${r.attrs.content}`));
}

describe('every proxied Cloudflare record targets a name some stack creates', () => {
  test('all of them, in every environment (cdn. and assets. included)', () => {
    const proxied = stacks.flatMap((s) => s.resources('cloudflare_dns_record')).filter((r) => r.attrs.proxied === true).map((r) => r.attrs.name);
    expect(proxied).toEqual(expect.arrayContaining(['cdn.aifeedback.se', 'assets.aifeedback.se', 'cdn-staging.aifeedback.se', 'assets-staging.aifeedback.se']));
    expect(danglingProxiedRecords(stacks)).toEqual([]);
  });

  test('planted defect: without the CDN\'s origin records, cdn. and assets. dangle', () => {
    const withoutCdn = stacks.map((s) => new SynthStack(s.name, {
      ...s.json,
      resource: { ...s.json.resource, aws_route53_record: Object.fromEntries(Object.entries(s.json.resource?.aws_route53_record ?? {}).filter(([name]) => !name.includes('assets-cdn'))) },
    }));
    expect(danglingProxiedRecords(withoutCdn)).toEqual(expect.arrayContaining(['production: cdn.aifeedback.se -> cdn.origin.aifeedback.se', 'production: assets.aifeedback.se -> assets.origin.aifeedback.se']));
  });

  test('planted defect: a hostname nothing serves is refused by validation', () => {
    expectProblem(mutated(production, (e) => { delete e.assetsCdn; }), 'edge.hostnames[5].name', /"cdn\.aifeedback\.se" is served by nothing .*error 1016/);
    expectProblem(mutated(production, (e) => { e.assetsCdn!.hostnames = ['api.aifeedback.se']; }), 'assetsCdn.hostnames[0]', /already served by workloads\.services\.api-gateway/);
  });
});

describe.each(['production', 'staging'])('%s assets CDN', (name) => {
  const stack = platformStack(name);
  const distribution = stack.one('aws_cloudfront_distribution');
  const d = distribution.attrs;
  const bucket = stack.resources('aws_s3_bucket').find((b) => b.attrs.bucket === `aifeedback-${name}-assets`)!;

  test('reads the private bucket through origin access control; only this distribution may GetObject', () => {
    const origin = asList<Json>(d.origin)[0];
    expect(origin.domain_name).toBe(`\${${bucket.address}.bucket_regional_domain_name}`);
    expect(references(origin.origin_access_control_id)).toEqual([stack.one('aws_cloudfront_origin_access_control').address]);
    expect(stack.one('aws_cloudfront_origin_access_control').attrs).toMatchObject({ signing_behavior: 'always', signing_protocol: 'sigv4', origin_access_control_origin_type: 's3' });
    const policy = stack.resources('aws_s3_bucket_policy').find((p) => p.attrs.bucket === `\${${bucket.address}.id}`)!;
    const read = parsePolicy(policy.attrs.policy).Statement.find((s: Json) => s.Principal?.Service === 'cloudfront.amazonaws.com');
    expect(read).toMatchObject({ Effect: 'Allow', Action: 's3:GetObject', Condition: { StringEquals: { 'AWS:SourceArn': `\${${distribution.address}.arn}` } } });
    const block = stack.resources('aws_s3_bucket_public_access_block').find((b) => b.attrs.bucket === `\${${bucket.address}.id}`)!;
    expect(block.attrs).toMatchObject({ block_public_policy: true, restrict_public_buckets: true });
  });

  test('TLS on both legs: HTTPS-only viewers with TLS 1.2+, a us-east-1 certificate for the public names', () => {
    expect(asList<Json>(d.default_cache_behavior)[0].viewer_protocol_policy).toBe('https-only');
    const viewer = asList<Json>(d.viewer_certificate)[0];
    expect(viewer).toMatchObject({ ssl_support_method: 'sni-only', minimum_protocol_version: 'TLSv1.2_2021' });
    const validation = stack.one('aws_acm_certificate_validation', 'assets-cdn');
    expect(viewer.acm_certificate_arn).toBe(`\${${validation.address}.certificate_arn}`);
    const cert = stack.one('aws_acm_certificate', 'assets-cdn');
    expect(cert.attrs.provider).toBe('aws.us-east-1');
    expect(validation.attrs.provider).toBe('aws.us-east-1');
    const hosts = name === 'production' ? ['cdn.aifeedback.se', 'assets.aifeedback.se'] : ['cdn-staging.aifeedback.se', 'assets-staging.aifeedback.se'];
    expect(d.aliases).toEqual(hosts);
    expect([cert.attrs.domain_name, ...(cert.attrs.subject_alternative_names ?? [])]).toEqual(hosts);
    // Its validation records are Cloudflare's (the public names live there), unproxied.
    const validationRecords = stack.resources('cloudflare_dns_record').filter((r) => references(r.attrs.name).includes(cert.address));
    expect(validationRecords).toHaveLength(hosts.length);
    for (const r of validationRecords) expect(r.attrs.proxied).toBe(false);
  });

  test('the origin names are alias records (A and AAAA) to the distribution in the Route53 origin zone', () => {
    const records = stack.resources('aws_route53_record').filter((r) => references(r.attrs.alias ?? '').includes(distribution.address));
    expect(records.map((r) => `${r.attrs.type} ${r.attrs.name}`).sort()).toEqual(
      ['assets', 'cdn'].flatMap((l) => ['A', 'AAAA'].map((t) => `${t} ${l}.origin${name === 'staging' ? '-staging' : ''}.aifeedback.se`)).sort());
  });
});

// ── AWS Backup selections select something ──────────────────────────────────────────────────────────────────
const TAG_CONDITION = /^aws:ResourceTag\/(.+)$/;

/** Does some stack create a resource matching the selection (by reference) or tag volumes it matches? */
function selectionMatches(selection: Json, all: readonly SynthStack[], home: SynthStack): boolean {
  const byReference = asList<string>(selection.resources).filter((arn) => references(arn).length > 0);
  if (byReference.some((arn) => references(arn).every((address) => home.resources().some((r) => r.address === address)))) return true;
  const tags = asList<Json>(selection.condition).flatMap((c) => asList<Json>(c.string_equals)).map((e) => ({ key: TAG_CONDITION.exec(e.key)?.[1], value: e.value }));
  const volumes = asList<string>(selection.resources).some((arn) => /:ec2:.*:volume\/\*$/.test(arn));
  if (!volumes || tags.length === 0) return false;
  // The EBS CSI driver creates the volumes: a StorageClass must put every selected tag on them.
  return all.some((stack) => stack.resources('kubernetes_storage_class_v1').some((sc) => {
    if (sc.attrs.storage_provisioner !== 'ebs.csi.aws.com') return false;
    const specs = Object.entries(sc.attrs.parameters ?? {}).filter(([k]) => k.startsWith('tagSpecification_')).map(([, v]) => v);
    return tags.every((t) => specs.includes(`${t.key}=${t.value}`));
  }));
}

describe('every AWS Backup selection matches at least one resource the stacks create or tag', () => {
  const selections = stacks.flatMap((stack) => stack.resources('aws_backup_selection').map((s) => ({ stack, s })));

  test.each(selections.map(({ stack, s }) => [`${stack.name} ${s.attrs.name}`, stack, s]))('%s', (_label, stack, s) => {
    expect(selectionMatches((s as { attrs: Json }).attrs, stacks, stack as SynthStack)).toBe(true);
  });

  test('the default StorageClass tags every volume it provisions (Backup=true plus the environment tags)', () => {
    const sc = platformStack('production-workloads').one('kubernetes_storage_class_v1');
    expect(Object.values(sc.attrs.parameters)).toEqual(expect.arrayContaining(['Backup=true', 'Environment=production', 'Project=aifeedback']));
  });

  test('planted defect: a StorageClass without the tag leaves the volume selection empty', () => {
    const untagged = stacks.map((s) => new SynthStack(s.name, JSON.parse(JSON.stringify(s.json).replace(/"tagSpecification_\d+":"[^"]*",?/g, '').replace(/,}/g, '}'))));
    const volumes = selections.find(({ s }) => s.attrs.name.endsWith('tagged-volumes'))!;
    expect(selectionMatches(volumes.s.attrs, untagged, volumes.stack)).toBe(false);
  });
});

// ── alarms reach someone ────────────────────────────────────────────────────────────────────────────────────
function topicsWithoutSubscriber(all: readonly SynthStack[]): string[] {
  return all.flatMap((stack) => stack.resources('aws_sns_topic')
    .filter((topic) => !stack.resources('aws_sns_topic_subscription').some((sub) => references(sub.attrs.topic_arn).includes(topic.address)))
    .map((topic) => `${stack.name}: ${topic.attrs.name}`));
}

describe('every alarm topic has a subscriber', () => {
  test('in every stack, and every alarm action names such a topic', () => {
    expect(stacks.flatMap((s) => s.resources('aws_sns_topic')).length).toBeGreaterThan(0);
    expect(topicsWithoutSubscriber(stacks)).toEqual([]);
    for (const stack of stacks) {
      for (const alarm of stack.resources('aws_cloudwatch_metric_alarm')) {
        for (const action of asList<string>(alarm.attrs.alarm_actions)) expect(references(action).every((a) => a.startsWith('aws_sns_topic.'))).toBe(true);
      }
    }
  });

  test('production: e-mail to the team list and PagerDuty from a sensitive variable (no URL in code)', () => {
    const stack = platformStack('production');
    // Every alarm topic (data layer, health checks) delivers to every configured subscriber.
    const expected = (production.alarmNotifications?.subscribers ?? []).map((sub) => (sub.kind === 'email' ? 'email' : 'https')).sort();
    expect(expected).toEqual(['email', 'https']);
    for (const topic of stack.resources('aws_sns_topic')) {
      const subs = stack.resources('aws_sns_topic_subscription').filter((sub) => references(sub.attrs.topic_arn).includes(topic.address));
      expect({ topic: topic.attrs.name, protocols: subs.map((sub) => sub.attrs.protocol).sort() }).toEqual({ topic: topic.attrs.name, protocols: expected });
      const pagerduty = subs.find((sub) => sub.attrs.protocol === 'https')!;
      expect(pagerduty.attrs).toMatchObject({ endpoint: '${var.alarm_pagerduty_url}', endpoint_auto_confirms: true });
    }
    expect(stack.json.variable.alarm_pagerduty_url).toMatchObject({ sensitive: true, type: 'string' });
    expect(stack.json.variable.alarm_pagerduty_url.default).toBeUndefined();
  });

  test('planted defect: a topic without subscriptions is found; production without subscribers is refused', () => {
    const bare = stacks.map((s) => new SynthStack(s.name, { ...s.json, resource: { ...s.json.resource, aws_sns_topic_subscription: {} } }));
    const everyTopic = stacks.flatMap((stack) => stack.resources('aws_sns_topic').map((topic) => `${stack.name}: ${topic.attrs.name}`));
    expect(everyTopic).toEqual(expect.arrayContaining(['production: aifeedback-production-data-alarms', 'staging: aifeedback-staging-data-alarms']));
    expect(topicsWithoutSubscriber(bare)).toEqual(everyTopic);
    expectProblem(mutated(production, (e) => { e.alarmNotifications = { subscribers: [] }; }), 'alarmNotifications.subscribers', /at least one subscriber in production/);
  });
});

// ── the runner reaches the private API ──────────────────────────────────────────────────────────────────────
describe('production: the deploy runner\'s network path to the private-only EKS API', () => {
  const stack = platformStack('production');
  const runner = production.runnerNetwork!;

  test('the VPC is attached to the Transit Gateway in the private subnets, where the API\'s interfaces live', () => {
    const attachment = stack.one('aws_ec2_transit_gateway_vpc_attachment');
    expect(attachment.attrs.transit_gateway_id).toBe('tgw-0123456789abcdef0');
    const privateSubnets = stack.resources('aws_subnet').filter((s) => s.attrs.tags.Tier === 'private').map((s) => `\${${s.address}.id}`);
    expect(attachment.attrs.subnet_ids).toEqual(privateSubnets);
    expect(stack.one('aws_eks_cluster').attrs.vpc_config.subnet_ids).toEqual(privateSubnets);
  });

  test('every private route table routes the runner network to it, and the API admits that network on 443', () => {
    const tables = stack.resources('aws_route_table').filter((t) => String(t.attrs.tags.Name).includes('-private-'));
    expect(tables).toHaveLength(3);
    const attachment = stack.one('aws_ec2_transit_gateway_vpc_attachment');
    for (const table of tables) {
      const route = stack.resources('aws_route').find((r) => r.attrs.route_table_id === `\${${table.address}.id}` && r.attrs.destination_cidr_block === runner.cidrs[0]);
      expect(route?.attrs.transit_gateway_id).toBe(`\${${attachment.address}.transit_gateway_id}`);
    }
    const ingress = stack.resources('aws_vpc_security_group_ingress_rule').filter((r) => r.name.includes('api-from-admin'));
    expect(ingress.map((r) => [r.attrs.cidr_ipv4, r.attrs.from_port, r.attrs.to_port])).toEqual([[runner.cidrs[0], 443, 443]]);
  });

  test('planted defects: a private-only API without a runner network, or admitting an unrouted network, is refused', () => {
    expectProblem(mutated(production, (e) => { delete e.runnerNetwork; }), 'runnerNetwork', /is required when eks\.endpoint\.publicAccess is false/);
    expectProblem(mutated(production, (e) => { e.eks.endpoint.privateAccessCidrs = ['10.200.0.0/16']; }), 'eks.endpoint.privateAccessCidrs[0]', /not inside runnerNetwork\.cidrs .*no route back/);
    expectProblem(mutated(production, (e) => { e.runnerNetwork!.cidrs = ['10.10.0.0/20']; }), 'runnerNetwork.cidrs[0]', /overlaps network\.vpcCidr/);
  });
});

// ── zones and DNSSEC stay put ───────────────────────────────────────────────────────────────────────────────
describe.each(['production', 'staging'])('%s zones', (name) => {
  const stack = platformStack(name);

  test('the Route53 origin and private zones refuse destroy', () => {
    const zones = stack.resources('aws_route53_zone');
    expect(zones).toHaveLength(2);
    for (const zone of zones) expect(zone.attrs.lifecycle?.prevent_destroy).toBe(true);
  });
});

test('Cloudflare zone DNSSEC: activation is asked once; the "pending" read-back until the registrar has the DS record plans clean', () => {
  const dnssec = platformStack('production').one('cloudflare_zone_dnssec');
  expect(dnssec.attrs.status).toBe('active');
  expect(dnssec.attrs.lifecycle?.ignore_changes).toEqual(['status']);
  // The DS record the registrar needs is an output, so that step needs no dashboard.
  expect(platformStack('production').json.output.cloudflare_zone_ds_record.value).toBe(`\${${dnssec.address}.ds}`);
});
