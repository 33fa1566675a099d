/** Disaster-recovery validation: production keeps every protection on, in a different region that runs its types. */
import type { EnvironmentInput } from '../environments';
import { production } from '../environments/production';
import { checkOfferedIn } from '../environments/schema/dr';
import { formatPath } from '../environments/schema/issues';
import { staging } from '../environments/staging';
import { expectProblem, mutated, problemsOf } from './support/config';

type Env = Parameters<Parameters<typeof mutated>[1]>[0];
const prod = (change: (env: Env) => void) => mutated(production, change);
const offProtection = (change: (dr: NonNullable<Env['dr']>) => void) => prod((env) => {
  env.dr = { region: 'eu-central-1', database: {}, buckets: {}, secrets: {}, restoreTesting: {} };
  change(env.dr as NonNullable<Env['dr']>);
});

test('the shipped production config has DR protection in eu-central-1 and validates', () => {
  expect(production.dr?.region).toBe('eu-central-1');
  expect(problemsOf('production', production)).toEqual([]);
});

test('staging may run without a DR section', () => {
  expect(staging.dr).toBeUndefined();
  expect(problemsOf('staging', staging)).toEqual([]);
});

const cases: [string, EnvironmentInput, string, RegExp][] = [
  ['production without a dr section', prod((env) => { delete env.dr; }), 'dr', /is required in production/],
  ['DR region equal to the primary', prod((env) => { env.dr = { region: 'eu-north-1' }; env.data.backup.copyRegion = 'eu-north-1'; }), 'dr.region', /must differ from aws.region \(eu-north-1\)/],
  ['DR region that is not supported', prod((env) => { env.dr = { region: 'mars-1' }; }), 'dr.region', /must be one of the supported regions/],
  ['automated-backup replication off', offProtection((dr) => { dr.database = { replicateAutomatedBackups: false }; }), 'dr.database.replicateAutomatedBackups', /must be true in production/],
  ['bucket replication off', offProtection((dr) => { dr.buckets = { replicate: false }; }), 'dr.buckets.replicate', /must be true in production/],
  ['replication time control off', offProtection((dr) => { dr.buckets = { replicationTimeControl: false }; }), 'dr.buckets.replicationTimeControl', /must be true in production/],
  ['secret replicas off', offProtection((dr) => { dr.secrets = { replicate: false }; }), 'dr.secrets.replicate', /must be true in production/],
  ['restore testing off', offProtection((dr) => { dr.restoreTesting = { enabled: false }; }), 'dr.restoreTesting.enabled', /must be true in production/],
  ['backup copies in another region than the DR region', prod((env) => { env.data.backup.copyRegion = 'eu-west-1'; }), 'data.backup.copyRegion', /must equal dr.region \(eu-central-1\)/],
  ['replicated backups kept longer than RDS allows', offProtection((dr) => { dr.database = { retentionDays: 36 }; }), 'dr.database.retentionDays', /at most 35/],
  // An allowed type (lib/instance-types.ts) that the DR region's table lacks.
  ['a GPU node type the DR region does not offer', prod((env) => { env.eks.nodeGroups.gpu.instanceTypes = ['g6.4xlarge']; }),
    'eks.nodeGroups.gpu.instanceTypes[0]', /g6\.4xlarge is not offered in dr\.region eu-central-1 \(environments\/region-offerings\.ts\)/],
  ['a database class the DR region does not offer', prod((env) => { env.data.postgres.instanceClass = 'db.x2iedn.xlarge'; }),
    'data.postgres.instanceClass', /db\.x2iedn\.xlarge is not offered in dr\.region eu-central-1/],
  ['a cache node type the DR region does not offer', prod((env) => { env.data.redis.nodeType = 'cache.r7gd.xlarge'; }),
    'data.redis.nodeType', /cache\.r7gd\.xlarge is not offered in dr\.region eu-central-1/],
];

test.each(cases)('rejects %s', (_label, input, path, rule) => expectProblem(input, path, rule));

test('a problem is one line naming the environment and the field', () => {
  const problems = problemsOf('production', prod((env) => { delete env.dr; }));
  expect(problems).toEqual([expect.stringMatching(/^environment "production": dr: is required in production: [^\n]+$/)]);
});

test('planted defect: a DR region without offering data cannot be checked and says so', () => {
  const lines: string[] = [];
  const subject = { ...testSubject(), dr: undefined };
  checkOfferedIn(subject, 'ap-south-2', 'dr.region', (path, message) => lines.push(`${formatPath(path)}: ${message}`));
  expect(lines).toEqual(['dr.region: ap-south-2 has no entry in environments/region-offerings.ts, so its instance types cannot be checked: add one']);
});

/** The parts of production the offering check reads. */
function testSubject() {
  return {
    name: 'production', tier: 'production' as const, aws: production.aws,
    data: { postgres: { instanceClass: 'db.r6g.xlarge' }, redis: { nodeType: 'cache.r6g.large' }, backup: { copyRegion: 'eu-central-1' } },
    eks: { nodeGroups: { general: { instanceTypes: ['m7i.large'] } } },
  };
}
