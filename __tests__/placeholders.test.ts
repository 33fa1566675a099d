/** Placeholders: one warning per example value with its field path, and a plan-time refusal in every affected stack. */
import { placeholderWarnings } from '../environments';
import { placeholdersOf } from '../environments/placeholders';
import { production } from '../environments/production';
import { staging } from '../environments/staging';
import { mutated } from './support/config';
import { withoutPlaceholders } from './support/environments';
import { platformStack, testEnvironments } from './support/synth';

type Mutable = Parameters<Parameters<typeof mutated>[1]>[0];

const envs = testEnvironments();

test('synth warns once per placeholder of the shipped examples, naming the field', () => {
  const warnings = placeholderWarnings(envs);
  expect(warnings.filter((w) => w.startsWith('warning: environment "production": ')).map((w) => w.split(': ')[2])).toEqual([
    'aws.accountId', 'edge.cloudflare.zone.zoneId', 'edge.cloudflare.restrictedAccess.allowList[0]',
    'eks.access.adminRoleArns[0]', 'eks.access.deployRoleArns[0]', 'eks.access.viewerRoleArns[0]',
  ]);
  expect(warnings).toContain('warning: environment "staging": eks.endpoint.publicAccessCidrs[1]: placeholder "198.51.100.0/24" (a documentation network (TEST-NET), not a real one); cdktf diff/deploy refuse this environment until it is replaced');
});

test.each([
  ['an example account id (AWS documentation\'s)', (e: Mutable) => {
    e.aws.accountId = '123456789012';
    e.eks.access = { deployRoleArns: ['arn:aws:iam::123456789012:role/terraform-deploy'] };
  }, 'aws.accountId,eks.access.deployRoleArns[0]'],
  ['a documentation network in privateAccessCidrs', (e: Mutable) => { e.eks.endpoint.privateAccessCidrs = ['192.0.2.0/25']; }, 'eks.endpoint.privateAccessCidrs[0]'],
  ['an example.com e-mail domain', (e: Mutable) => { e.edge.cloudflare.restrictedAccess = { mode: 'cloudflare-access', emailDomains: ['example.com'] }; }, 'edge.cloudflare.restrictedAccess.emailDomains[0]'],
])('a planted placeholder is found: %s', (_label, change, path) => {
  const planted = testEnvironments({ production: mutated(withoutPlaceholders(production), change) }).production;
  expect(placeholdersOf(planted).map((p) => p.path)).toEqual(path.split(','));
});

test('realistic values leave no placeholder', () => {
  const real = testEnvironments({ production: withoutPlaceholders(production), staging: withoutPlaceholders(staging) });
  expect(placeholderWarnings(real)).toEqual([]);
});

describe.each(['production', 'production-workloads', 'staging', 'staging-workloads', 'bootstrap'])('stack %s', (name) => {
  test('refuses plan while its environment has placeholders: a failing precondition listing them', () => {
    const stack = platformStack(name);
    const guard = stack.one('terraform_data', 'placeholder-guard');
    const [precondition] = guard.attrs.lifecycle.precondition;
    const local = /local\.([\w-]+)/.exec(precondition.condition)![1];
    expect(precondition.condition).toBe(`\${length(local.${local}) == 0}`);
    const listed = stack.json.locals[local] as string[];
    const env = name === 'bootstrap' ? 'production' : name.replace(/-workloads$/, '');
    const all = placeholdersOf(envs[env]).map((p) => p.path);
    // bootstrap only uses the owner's account and state settings, so only those hold it back.
    const expected = name === 'bootstrap' ? all.filter((p) => /^(aws|state)\./.test(p)) : all;
    expect(listed.map((l) => l.split(': ')[0])).toEqual(expected);
    for (const line of listed) expect(precondition.error_message).toContain(`  - ${line}`);
  });
});
