/**
 * Edge validation classes (docs/api-rules.md#edge): certificate coverage, private-zone shadowing, health-check
 * targets, restricted operator hostnames in production, one DNS record per name and type. Each rejects realistic
 * mistakes with `environment "<env>": <field path>: <rule>`, and valid variations still pass.
 */
import { ENVIRONMENT_INPUTS } from '../environments';
import { production } from '../environments/production';
import { staging } from '../environments/staging';
import { expectProblem, mutated, problemsOf, type ValidationCase } from './support/config';
import { testEnvironments } from './support/synth';

const envs = testEnvironments();
const apex = envs.production.domain.apex;
const hostIndex = (env: 'production' | 'staging', name: string | undefined) => {
  const index = envs[env].edge.hostnames.findIndex((h) => h.name === name);
  if (index < 0) throw new Error(`${env}: no edge hostname ${name}`);
  return index;
};
const adminHost = envs.production.workloads.services['admin-dashboard'].hostname;
const grafanaHost = envs.production.monitoring.grafana.hostname;
const apiCheck = envs.production.edge.healthChecks[0];

/** A production copy serving one more public name from the assets CDN (so nothing else changes). */
const withCdnName = (name: string) => mutated(production, (e) => {
  e.edge.hostnames.push({ name, origin: 'extra', cache: 'static' });
  e.assetsCdn!.hostnames.push(name);
});

const rejected: ValidationCase[] = [
  ['two labels under the apex (not covered by *.apex)', withCdnName(`static.eu.${apex}`),
    `edge.hostnames[${envs.production.edge.hostnames.length}].name`, /is not covered by the zone's edge certificate: Universal SSL covers .* a wildcard matches exactly one label/],
  ['private zone equal to the public apex', mutated(production, (e) => { e.edge.privateZone = apex; }),
    'edge.privateZone', /would shadow public names pods call \(.*api\./],
  ['private zone equal to the origin zone', mutated(production, (e) => { e.edge.privateZone = e.edge.originZone; }),
    'edge.privateZone', /would shadow public names pods call \(.*origin/],
  ['private zone on one public name', mutated(production, (e) => { e.edge.privateZone = `api.${apex}`; }),
    'edge.privateZone', new RegExp(`would shadow public names pods call \\(api\\.${apex.replace('.', '\\.')}`)],
  ['health check on an origin name', mutated(production, (e) => { e.edge.healthChecks![0].fqdn = `${apiCheck.fqdn.split('.')[0]}.${e.edge.originZone}`; }),
    'edge.healthChecks[0].fqdn', /is not one of edge.hostnames: only a proxied public name admits Route53's checkers/],
  ['health check on a restricted name', mutated(production, (e) => { e.edge.healthChecks![0].fqdn = adminHost!; }),
    'edge.healthChecks[0].fqdn', /is restricted: Route53's checkers are not in restrictedAccess/],
  ['two health checks with one name', mutated(production, (e) => { e.edge.healthChecks!.push({ ...e.edge.healthChecks![0], fqdn: apex }); }),
    `edge.healthChecks[${envs.production.edge.healthChecks.length}].name`, /is listed twice/],
  ['admin dashboard not restricted in production', mutated(production, (e) => { e.edge.hostnames[hostIndex('production', adminHost)].restricted = false; }),
    `edge.hostnames[${hostIndex('production', adminHost)}].restricted`, /must be true in production: .* serves workloads\.services\.admin-dashboard/],
  ['Grafana not restricted in production', mutated(production, (e) => { e.edge.hostnames[hostIndex('production', grafanaHost)].restricted = false; }),
    `edge.hostnames[${hostIndex('production', grafanaHost)}].restricted`, /must be true in production: .* serves monitoring\.grafana/],
  ['allow-list that admits everyone', mutated(production, (e) => { e.edge.cloudflare.restrictedAccess = { mode: 'ip-allow-list', allowList: ['0.0.0.0/0'] }; }),
    'edge.cloudflare.restrictedAccess.allowList[0]', /admits every client/],
  ['one public name twice (two CNAMEs)', mutated(production, (e) => { e.edge.hostnames[2].name = e.edge.hostnames[1].name; }),
    'edge.hostnames[2].name', /is listed twice \(one CNAME record per name: .* is already created by edge\.hostnames\[1\]\.name\)/],
  ['one origin name twice (two aliases in the origin zone)', mutated(staging, (e) => { e.edge.hostnames[2].origin = e.edge.hostnames[1].origin; }),
    'edge.hostnames[2].origin', /is the origin of another hostname \(one ALIAS record per name: .* edge\.hostnames\[1\]\.origin\)/],
  ['another domain with the shipped origin-pull CA', mutated(staging, (e) => { e.domain.apex = 'aifeedback.com'; }),
    'edge.originPull.caBundle', /is the origin-pull CA of the zone aifeedback\.se, not of domain\.apex aifeedback\.com/],
  ['origin-pull CA replaced by a private key', mutated(production, (e) => { e.edge.originPull = { caBundle: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' }; }),
    'edge.originPull.caBundle', /must be PEM certificates only/],
];

describe('realistic edge mistakes are rejected with the environment, the field and the rule', () => {
  test.each(rejected)('%s', (_label, input, path, rule) => expectProblem(input, path, rule));
});

const accepted: [string, ReturnType<typeof mutated>][] = [
  ['one more one-label public name', withCdnName(`static.${apex}`)],
  ['a private zone next to the public names', mutated(production, (e) => { e.edge.privateZone = `internal.${apex}`; })],
  ['a private zone under another internal domain', mutated(staging, (e) => { e.edge.privateZone = 'staging.corp.internal'; })],
  ['a health check of the apex name', mutated(production, (e) => { e.edge.healthChecks!.push({ name: 'app', fqdn: apex, path: '/' }); })],
  ['operator names behind Cloudflare Access instead of the allow-list', mutated(production, (e) => { e.edge.cloudflare.restrictedAccess = { mode: 'cloudflare-access', emailDomains: [apex] }; })],
  ['an origin-pull bundle of two CAs (rotation)', mutated(production, (e) => {
    const ca = envs.production.edge.originPull.caBundle;
    e.edge.originPull = { caBundle: `${ca}${ca}` };
  })],
];

describe('valid variations still pass', () => {
  test.each(accepted)('%s', (_label, input) => expect(problemsOf(input.name, input)).toEqual([]));

  test('the shipped environments pass', () => {
    for (const [key, input] of Object.entries(ENVIRONMENT_INPUTS)) expect(problemsOf(key, input)).toEqual([]);
  });
});
