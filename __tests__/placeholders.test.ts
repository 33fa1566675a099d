/** Placeholders: one warning per example value with its field path, and a plan-time refusal in every affected stack. */
import { ENVIRONMENT_INPUTS, placeholderWarnings } from '../environments';
import { ORIGIN_PULL_CA } from '../environments/origin-pull-ca';
import { EXAMPLE_ORIGIN_PULL_CA_SIGNATURE, placeholdersOf } from '../environments/placeholders';
import { production } from '../environments/production';
import { staging } from '../environments/staging';
import { mutated } from './support/config';
import { withoutPlaceholders } from './support/environments';
import { TEST_ORIGIN_PULL_CA } from './support/origin-pull-test-ca';
import { platformStack, platformStacks, testEnvironments } from './support/synth';

type Mutable = Parameters<Parameters<typeof mutated>[1]>[0];

const envs = testEnvironments();

test('synth warns once per placeholder of the shipped examples, naming the field', () => {
  const warnings = placeholderWarnings(envs);
  expect(warnings.filter((w) => w.startsWith('warning: environment "production": ')).map((w) => w.split(': ')[2])).toEqual([
    'aws.accountId', 'edge.originPull.caBundle', 'edge.cloudflare.zone.zoneId', 'edge.cloudflare.restrictedAccess.allowList[0]',
    'state.roleArn', 'state.trustedRoleArns[0]', 'state.trustedRoleArns[1]',
    'eks.access.adminRoleArns[0]', 'eks.access.deployRoleArns[0]', 'eks.access.viewerRoleArns[0]', 'runnerNetwork.transitGatewayId',
  ]);
  // A certificate bundle is quoted by its start, not printed whole.
  expect(warnings.find((w) => w.includes('edge.originPull.caBundle'))).toMatch(/placeholder "-----BEGIN CERTIFICATE-----\\n[A-Za-z0-9+/]{0,20}…" \(the example origin-pull CA/);
  expect(warnings).toContain('warning: environment "staging": eks.endpoint.publicAccessCidrs[1]: placeholder "198.51.100.0/24" (a documentation network (TEST-NET), not a real one); cdktf diff/deploy refuse this environment until it is replaced');
});

test.each([
  ['an example account id (AWS documentation\'s)', (e: Mutable) => {
    e.aws.accountId = '123456789012';
    const role = (name: string) => `arn:aws:iam::123456789012:role/${name}`;
    e.state = { ...e.state, roleArn: role('aifeedback-production-terraform-state'), trustedRoleArns: [role('terraform-deploy')] } as Mutable['state'];
    e.eks.access = { deployRoleArns: [role('terraform-deploy')] };
  }, 'aws.accountId,state.roleArn,state.trustedRoleArns[0],eks.access.deployRoleArns[0]'],
  ['a documentation network in privateAccessCidrs (and the runner network it is routed through)', (e: Mutable) => {
    e.runnerNetwork = { ...e.runnerNetwork!, cidrs: ['192.0.2.0/24'] };
    e.eks.endpoint.privateAccessCidrs = ['192.0.2.0/25'];
  }, 'eks.endpoint.privateAccessCidrs[0],runnerNetwork.cidrs[0]'],
  ['an example transit gateway id', (e: Mutable) => { e.runnerNetwork = { ...e.runnerNetwork!, transitGatewayId: 'tgw-0123456789abcdef0' } as Mutable['runnerNetwork']; }, 'runnerNetwork.transitGatewayId'],
  ['an example.com e-mail domain', (e: Mutable) => { e.edge.cloudflare.restrictedAccess = { mode: 'cloudflare-access', emailDomains: ['example.com'] }; }, 'edge.cloudflare.restrictedAccess.emailDomains[0]'],
])('a planted placeholder is found: %s', (_label, change, path) => {
  const planted = testEnvironments({ production: mutated(withoutPlaceholders(production), change) }).production;
  expect(placeholdersOf(planted).map((p) => p.path)).toEqual(path.split(','));
});

test('the shipped origin-pull CA stays a placeholder whatever its example flag says; another CA is not one', () => {
  expect(ORIGIN_PULL_CA.certificate).toContain(EXAMPLE_ORIGIN_PULL_CA_SIGNATURE);
  const withCa = (caBundle: string) => placeholdersOf(testEnvironments({ ...ENVIRONMENT_INPUTS,
    production: mutated(withoutPlaceholders(production), (e) => { e.edge.originPull = { caBundle }; }) }).production).map((p) => p.path);
  expect(withCa(ORIGIN_PULL_CA.certificate)).toEqual(['edge.originPull.caBundle']);
  // A rotation bundle that still carries the example next to a real CA is refused too.
  expect(withCa(`${TEST_ORIGIN_PULL_CA}${ORIGIN_PULL_CA.certificate}`)).toEqual(['edge.originPull.caBundle']);
  expect(withCa(TEST_ORIGIN_PULL_CA)).toEqual([]);
});

test('flipping the example flag of environments/origin-pull-ca.ts does not make the shipped CA real', () => {
  jest.isolateModules(() => {
    const actual = jest.requireActual('../environments/origin-pull-ca') as typeof import('../environments/origin-pull-ca');
    jest.doMock('../environments/origin-pull-ca', () => ({ ORIGIN_PULL_CA: { ...actual.ORIGIN_PULL_CA, example: false } }));
    const fresh = require('../environments/placeholders') as typeof import('../environments/placeholders');
    expect(fresh.placeholdersOf(envs.production).map((p) => p.path)).toContain('edge.originPull.caBundle');
  });
});

test('realistic values leave no placeholder', () => {
  const real = testEnvironments({ production: withoutPlaceholders(production), staging: withoutPlaceholders(staging) });
  expect(placeholderWarnings(real)).toEqual([]);
});

// Every environment's stacks that carry the guard (bootstrap only with S3 state), from the synth itself.
const guarded = platformStacks().map((s) => s.name).filter((n) => /^(production|staging)(-workloads)?$|^bootstrap-|^pipeline-production$/.test(n));

test('the guarded stacks include every environment\'s infra and workloads stacks', () => {
  expect(guarded).toEqual(expect.arrayContaining(['production', 'production-workloads', 'staging', 'staging-workloads', 'pipeline-production']));
});

describe.each(guarded)('stack %s', (name) => {
  test('refuses plan while its environment has placeholders: a failing precondition listing them', () => {
    const stack = platformStack(name);
    const guard = stack.one('terraform_data', 'placeholder-guard');
    const [precondition] = guard.attrs.lifecycle.precondition;
    const local = /local\.([\w-]+)/.exec(precondition.condition)![1];
    expect(precondition.condition).toBe(`\${length(local.${local}) == 0}`);
    const listed = stack.json.locals[local] as string[];
    const env = name.replace(/^(bootstrap|pipeline)-/, '').replace(/-workloads$/, '');
    const all = placeholdersOf(envs[env]).map((p) => p.path);
    // The state bucket needs only the account and state settings; the GitHub roles those and the pipeline section.
    const only = name.startsWith('bootstrap-') ? /^(aws|state)\./ : name.startsWith('pipeline-') ? /^(aws|state|pipeline)\./ : /./;
    const expected = all.filter((p) => only.test(p));
    expect(listed.map((l) => l.split(': ')[0])).toEqual(expected);
    for (const line of listed) expect(precondition.error_message).toContain(`  - ${line}`);
  });
});
