/** Edge validation rules: bad input is rejected with the environment, the field path and the rule. */
import { production } from '../environments/production';
import { staging } from '../environments/staging';
import { expectProblem, mutated, problemsOf, type ValidationCase } from './support/config';

const cases: ValidationCase[] = [
  ['hostname outside the domain', mutated(production, (e) => { e.edge.hostnames[1].name = 'api.example.com'; }),
    'edge.hostnames[1].name', /"api.example.com" is not inside domain.apex aifeedback.se/],
  ['duplicate hostname', mutated(production, (e) => { e.edge.hostnames[2].name = 'api.aifeedback.se'; }),
    'edge.hostnames[2].name', /"api.aifeedback.se" is listed twice/],
  ['two hostnames on one origin name', mutated(production, (e) => { e.edge.hostnames[2].origin = 'api'; }),
    'edge.hostnames[2].origin', /"api" is the origin of another hostname/],
  ['hostname inside the origin zone', mutated(production, (e) => { e.edge.hostnames[2].name = 'business.origin.aifeedback.se'; }),
    'edge.hostnames[2].name', /inside edge.originZone/],
  ['origin zone outside the domain', mutated(production, (e) => { e.edge.originZone = 'origin.example.com'; }),
    'edge.originZone', /must be a subdomain of domain.apex aifeedback.se/],
  ['malformed origin label', mutated(production, (e) => { e.edge.hostnames[0].origin = 'App_1'; }),
    'edge.hostnames[0].origin', /one lower-case DNS label/],
  ['rate limit with zero period', mutated(production, (e) => { e.edge.cloudflare.rateLimits![0].period = 0; }),
    'edge.cloudflare.rateLimits[0].period', /0 is not a Cloudflare rate-limit period \(one of 10, 60, 120, 300, 600, 3600 seconds\)/],
  ['rate limit of 15 minutes', mutated(production, (e) => { e.edge.cloudflare.rateLimits![1].period = 900; }),
    'edge.cloudflare.rateLimits[1].period', /900 is not a Cloudflare rate-limit period/],
  ['rate limit with zero requests', mutated(production, (e) => { e.edge.cloudflare.rateLimits![1].requestsPerPeriod = 0; }),
    'edge.cloudflare.rateLimits[1].requestsPerPeriod', /greater than 0/],
  ['rate limit on an unknown host', mutated(production, (e) => { e.edge.cloudflare.rateLimits![0].hosts = ['www.aifeedback.se']; }),
    'edge.cloudflare.rateLimits[0].hosts[0]', /"www.aifeedback.se" is not one of edge.hostnames/],
  ['invalid allow-list CIDR', mutated(production, (e) => { e.edge.cloudflare.restrictedAccess = { mode: 'ip-allow-list', allowList: ['203.0.113.7/24'] }; }),
    'edge.cloudflare.restrictedAccess.allowList[0]', /IPv4 or IPv6 network CIDR/],
  ['allow-list entry that is no CIDR', mutated(production, (e) => { e.edge.cloudflare.restrictedAccess = { mode: 'ip-allow-list', allowList: ['office'] }; }),
    'edge.cloudflare.restrictedAccess.allowList[0]', /IPv4 or IPv6 network CIDR/],
  ['Cloudflare Access without e-mail domains', mutated(production, (e) => { e.edge.cloudflare.restrictedAccess = { mode: 'cloudflare-access', emailDomains: [] }; }),
    'edge.cloudflare.restrictedAccess.emailDomains', /at least one e-mail domain/],
  ['unknown restricted-access mode', mutated(production, (e) => { (e.edge.cloudflare as { restrictedAccess: unknown }).restrictedAccess = { mode: 'vpn' }; }),
    'edge.cloudflare.restrictedAccess.mode', /Invalid discriminator/],
  ['restricted hostnames without an allow-list', mutated(production, (e) => { delete e.edge.cloudflare.restrictedAccess; }),
    'edge.cloudflare.restrictedAccess', /required when a hostname is restricted/],
  ['bad zone id', mutated(production, (e) => { e.edge.cloudflare.zone = { mode: 'adopt', zoneId: 'not-a-zone' }; }),
    'edge.cloudflare.zone.zoneId', /32-character lower-case hex Cloudflare id/],
  ['creating a zone without an account', mutated(production, (e) => { e.edge.cloudflare.zone = { mode: 'create' }; }),
    'edge.cloudflare.accountId', /required when edge.cloudflare.zone.mode is "create"/],
  ['creating a zone without owning it', mutated(staging, (e) => { e.edge.cloudflare.zone = { mode: 'create' }; e.edge.cloudflare.accountId = 'a'.repeat(32); }),
    'edge.cloudflare.ownsZoneConfiguration', /must be true when this environment creates the zone/],
  ['restricted hostname where the zone is not owned', mutated(staging, (e) => { e.edge.hostnames[1].restricted = true; e.edge.cloudflare.restrictedAccess = { mode: 'ip-allow-list', allowList: ['203.0.113.0/24'] }; }),
    'edge.hostnames[1].restricted', /needs edge.cloudflare.ownsZoneConfiguration/],
  ['rate limits where the zone is not owned', mutated(staging, (e) => {
    e.edge.cloudflare.rateLimits = [{ name: 'api', hosts: ['api-staging.aifeedback.se'], period: 60, requestsPerPeriod: 67 }];
  }), 'edge.cloudflare.rateLimits', /needs edge.cloudflare.ownsZoneConfiguration/],
  ['health check outside the domain', mutated(production, (e) => { e.edge.healthChecks![0].fqdn = 'api.example.com'; }),
    'edge.healthChecks[0].fqdn', /not inside domain.apex/],
];

describe('each edge rule names the environment, the field and the rule', () => {
  test.each(cases)('%s', (_label, input, path, rule) => expectProblem(input, path, rule));
});

test('a sharing environment may put restricted hostnames behind Cloudflare Access', () => {
  const input = mutated(staging, (e) => {
    e.edge.hostnames.push({ name: 'admin-staging.aifeedback.se', origin: 'admin', restricted: true });
    e.edge.cloudflare.restrictedAccess = { mode: 'cloudflare-access', emailDomains: ['aifeedback.se'] };
    // Served by the admin dashboard's Ingress (a public hostname nothing serves is refused).
    Object.assign(e.workloads.services.find((s) => s.name === 'admin-dashboard')!, { hostname: 'admin-staging.aifeedback.se', ingressFrom: ['alb'] });
  });
  expect(problemsOf('staging', input)).toEqual([]);
});

test('IPv6 allow-list entries are accepted', () => {
  const input = mutated(production, (e) => { e.edge.cloudflare.restrictedAccess = { mode: 'ip-allow-list', allowList: ['2001:db8::/32', '198.51.100.0/24'] }; });
  expect(problemsOf('production', input)).toEqual([]);
});
