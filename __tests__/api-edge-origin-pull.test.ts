/**
 * Authenticated Origin Pulls (docs/decisions/0024-authenticated-origin-pulls.md): every internet-facing Ingress asks the
 * ALB for mutual TLS in verify mode against the environment's trust store, the trust store holds exactly the configured
 * origin-pull CA, and the zone owner turns zone-level pulls on for its zone. Each check is also run against a planted
 * defect it must catch.
 */
import { parse } from 'yaml';
import { ORIGIN_PULL_CA } from '../environments/origin-pull-ca';
import { verifyClientCertificates } from '../constructs/edge/origin-pull';
import { followReferences, platformStack, platformStacks, testEnvironments, type Json, type SynthStack } from './support/synth';

const MTLS = 'alb.ingress.kubernetes.io/mutual-authentication';
const envs = testEnvironments();

/** Every annotation map of an internet-facing ALB Ingress in the Helm values of `stacks`, with where it was found. */
function albIngresses(stacks: readonly SynthStack[]): { where: string; stack: SynthStack; annotations: Json }[] {
  const found: { where: string; stack: SynthStack; annotations: Json }[] = [];
  const walk = (value: unknown, where: string, stack: SynthStack) => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${where}[${i}]`, stack));
    else if (value && typeof value === 'object') {
      const obj = value as Json;
      if (obj['alb.ingress.kubernetes.io/scheme'] === 'internet-facing') found.push({ where, stack, annotations: obj });
      else for (const [k, v] of Object.entries(obj)) walk(v, `${where}.${k}`, stack);
    }
  };
  for (const stack of stacks) {
    for (const release of stack.resources('helm_release')) {
      for (const values of release.attrs.values ?? []) walk(parse(values), `${stack.name}/${release.attrs.name}`, stack);
    }
  }
  return found;
}

/** What is wrong with the origin lock-down of one environment (empty when sound). */
function originPullProblems(envName: string, platform: readonly SynthStack[]): string[] {
  const env = envs[envName];
  const infra = platform.find((s) => s.name === envName)!;
  const problems: string[] = [];
  const trustStores = infra.resources('aws_lb_trust_store');
  if (trustStores.length !== 1) problems.push(`${envName}: expected one aws_lb_trust_store, found ${trustStores.length}`);
  for (const store of trustStores) {
    const bundle = followReferences(infra, store.attrs.ca_certificates_bundle_s3_key, platform).find((r) => r.address.startsWith('aws_s3_object.'));
    const object = bundle && infra.resources('aws_s3_object').find((o) => o.address === bundle.address);
    if (!object) problems.push(`${store.address}: its CA bundle is no aws_s3_object of the stack`);
    else if (object.attrs.content !== env.edge.originPull.caBundle) problems.push(`${object.address}: holds something other than edge.originPull.caBundle`);
    if (!followReferences(infra, store.attrs.ca_certificates_bundle_s3_object_version, platform).some((r) => r.address === bundle?.address)) {
      problems.push(`${store.address}: does not pin the bundle's object version (a new CA would not reach the trust store)`);
    }
  }
  const ingresses = albIngresses(platform.filter((s) => s.name.startsWith(`${envName}-`)));
  if (ingresses.length === 0) problems.push(`${envName}: no internet-facing Ingress found`);
  for (const { where, stack, annotations } of ingresses) {
    const raw = annotations[MTLS];
    if (raw === undefined) { problems.push(`${where}: no ${MTLS} annotation (the ALB would admit any Cloudflare customer)`); continue; }
    const listeners = JSON.parse(raw) as Json[];
    const https = listeners.find((l) => l.port === 443);
    if (!https || https.mode !== 'verify') problems.push(`${where}: port 443 is not in mode "verify"`);
    if (https?.ignoreClientCertificateExpiry === true) problems.push(`${where}: expired client certificates are accepted`);
    const store = followReferences(stack, https?.trustStore ?? '', platform);
    if (!store.some((r) => r.stack.name === envName && r.address.startsWith('aws_lb_trust_store.') && trustStores.some((t) => t.address === r.address))) {
      problems.push(`${where}: trustStore is not this environment's aws_lb_trust_store`);
    }
  }
  const settings = infra.resources('cloudflare_authenticated_origin_pulls_settings');
  const zoneId = env.edge.cloudflare.zone.mode === 'adopt' ? env.edge.cloudflare.zone.zoneId : undefined;
  if (env.edge.cloudflare.ownsZoneConfiguration) {
    if (settings.length !== 1 || settings[0].attrs.enabled !== true) problems.push(`${envName}: zone-level authenticated origin pulls are not enabled`);
    else if (zoneId && settings[0].attrs.zone_id !== zoneId) problems.push(`${envName}: authenticated origin pulls enabled on another zone (${settings[0].attrs.zone_id})`);
  } else if (settings.length > 0) {
    problems.push(`${envName}: manages zone-level pulls without owning the zone configuration (two stacks would fight over it)`);
  }
  return problems;
}

/** A copy of the platform with `change` applied to one stack's JSON. */
function planted(stackName: string, change: (json: Json) => void): SynthStack[] {
  return platformStacks().map((s) => {
    if (s.name !== stackName) return s;
    const json = structuredClone(s.json);
    change(json);
    return new (s.constructor as typeof SynthStack)(s.name, json);
  });
}

/** Rewrites the mutual-authentication annotation of every Helm release of a stack. */
function rewriteAnnotation(json: Json, rewrite: (listeners: Json[]) => Json[] | undefined): void {
  for (const release of Object.values(json.resource.helm_release ?? {}) as Json[]) {
    release.values = release.values.map((text: string) => {
      const values = parse(text);
      const visit = (v: unknown): void => {
        if (Array.isArray(v)) v.forEach(visit);
        else if (v && typeof v === 'object') {
          const obj = v as Json;
          if (typeof obj[MTLS] === 'string') {
            const next = rewrite(JSON.parse(obj[MTLS]));
            if (next) obj[MTLS] = JSON.stringify(next); else delete obj[MTLS];
          }
          Object.values(obj).forEach(visit);
        }
      };
      visit(values);
      return JSON.stringify(values);
    });
  }
}

describe.each(Object.keys(envs).filter((name) => platformStacks().some((s) => s.name === name)))('%s: the origin admits only this zone\'s Cloudflare edge', (envName) => {
  test('every internet-facing Ingress verifies client certificates against the trust store of the origin-pull CA', () => {
    expect(originPullProblems(envName, platformStacks())).toEqual([]);
  });
});

test('the annotation is the controller\'s JSON list: port 443, verify, the trust store ARN, expiry enforced', () => {
  expect(verifyClientCertificates('arn:aws:elasticloadbalancing:eu-north-1:111111111111:truststore/x/1')).toEqual([
    { port: 443, mode: 'verify', trustStore: 'arn:aws:elasticloadbalancing:eu-north-1:111111111111:truststore/x/1', ignoreClientCertificateExpiry: false },
  ]);
});

test('the shipped CA is marked as an example and is one public certificate, no key', () => {
  expect(ORIGIN_PULL_CA.example).toBe(true);
  expect(ORIGIN_PULL_CA.certificate.match(/BEGIN CERTIFICATE/g)).toHaveLength(1);
  expect(ORIGIN_PULL_CA.certificate).not.toMatch(/PRIVATE KEY/);
  expect(envs.production.edge.originPull.caBundle).toBe(ORIGIN_PULL_CA.certificate);
});

test('no private key anywhere in the synthesized stacks', () => {
  for (const stack of platformStacks()) expect(JSON.stringify(stack.json)).not.toMatch(/PRIVATE KEY|cloudflare_authenticated_origin_pulls_certificate/);
});

describe('planted defects are caught', () => {
  const workloads = 'production-workloads';
  test.each([
    ['mTLS switched off', () => planted(workloads, (j) => rewriteAnnotation(j, (ls) => ls.map((l) => ({ ...l, mode: 'off' })))), /not in mode "verify"/],
    ['mTLS in passthrough', () => planted(workloads, (j) => rewriteAnnotation(j, (ls) => ls.map((l) => ({ ...l, mode: 'passthrough' })))), /not in mode "verify"/],
    ['annotation dropped', () => planted(workloads, (j) => rewriteAnnotation(j, () => undefined)), /no alb\.ingress\.kubernetes\.io\/mutual-authentication/],
    ['expired certificates accepted', () => planted(workloads, (j) => rewriteAnnotation(j, (ls) => ls.map((l) => ({ ...l, ignoreClientCertificateExpiry: true })))), /expired client certificates/],
    ['trust store of another stack', () => planted(workloads, (j) => rewriteAnnotation(j, (ls) => ls.map((l) => ({ ...l, trustStore: 'arn:aws:elasticloadbalancing:eu-north-1:111111111111:truststore/other/1' })))), /not this environment's aws_lb_trust_store/],
    ['trust store missing', () => planted('production', (j) => { delete j.resource.aws_lb_trust_store; }), /expected one aws_lb_trust_store, found 0/],
    ['bundle with another CA', () => planted('production', (j) => {
      for (const o of Object.values(j.resource.aws_s3_object) as Json[]) if (String(o.content).includes('BEGIN CERTIFICATE')) o.content = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
    }), /holds something other than edge\.originPull\.caBundle/],
    ['zone-level pulls off', () => planted('production', (j) => {
      for (const s of Object.values(j.resource.cloudflare_authenticated_origin_pulls_settings) as Json[]) s.enabled = false;
    }), /not enabled/],
    ['zone-level pulls not managed', () => planted('production', (j) => { delete j.resource.cloudflare_authenticated_origin_pulls_settings; }), /not enabled/],
  ])('%s', (_label, platform, rule) => {
    const problems = originPullProblems('production', platform());
    expect(problems.join('\n')).toMatch(rule);
  });

  test('a stack sharing the zone that also manages zone-level pulls', () => {
    const settings = platformStack('production').json.resource.cloudflare_authenticated_origin_pulls_settings;
    const platform = planted('staging', (j) => { j.resource.cloudflare_authenticated_origin_pulls_settings = structuredClone(settings); });
    expect(originPullProblems('staging', platform).join('\n')).toMatch(/without owning the zone configuration/);
  });
});
