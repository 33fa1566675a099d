/**
 * ARNs as AWS parses them (service, resource shape, partition) and regional identifiers: an ARN or id names a
 * resource of one region, so an environment uses only its own region's, and the recovery environment may not inherit
 * the ids of the environment it recovers, which live in the region it replaces.
 */
import type { EnvironmentConfig, EnvironmentInput } from '../environments';
import { drProduction } from '../environments/dr-production';
import { production } from '../environments/production';
import { recoveryLinkProblems } from '../environments/recovery';
import { ARN_KINDS, arnShapeProblem, parseArn, type ArnKindName } from '../environments/schema/aws-arn';
import { checkRegionalArns, regionalIdentifiers } from '../environments/schema/regional-ids';
import { validateEnvironments } from '../environments/validate';
import { expectProblem, mutated, problemsOf } from './support/config';

type Env = Parameters<Parameters<typeof mutated>[1]>[0];
const drEnv = (change: (env: Env) => void) => mutated(drProduction, change);
const region = drProduction.aws.region;
const account = drProduction.aws.accountId;
const primaryRegion = production.aws.region;
const backups = (arn: string) => drEnv((e) => { e.recovery = { of: 'production', database: { from: 'replicated-backups', automatedBackupsArn: arn } }; });

describe('ARN shapes, one rule per kind', () => {
  test.each(Object.keys(ARN_KINDS) as ArnKindName[])('the documented example of %s passes its own rule', (kind) => {
    expect(arnShapeProblem(ARN_KINDS[kind].example.split(' ')[0], kind)).toBeUndefined();
  });

  test.each<[string, string, ArnKindName, RegExp]>([
    ['a KMS key ARN where an SNS topic is expected', `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, 'sns-topic', /names service "kms", not "sns"/],
    ['an alias where a key is required', `arn:aws:kms:${region}:${account}:alias/data`, 'kms-key', /"alias\/data" is not its resource part/],
    ['an IAM role ARN with a region', `arn:aws:iam:${region}:${account}:role/admin`, 'iam-role', /iam is global, its ARNs carry no region/],
    ['a user where a role is expected', `arn:aws:iam::${account}:user/admin`, 'iam-role', /"user\/admin" is not its resource part/],
    ['a China partition with an EU region', `arn:aws-cn:sns:${region}:${account}:alarms`, 'sns-topic', /region eu-central-1 is in partition aws, not aws-cn/],
    ['an unknown partition', `arn:amazon:sns:${region}:${account}:alarms`, 'sns-topic', /partition "amazon" is none of/],
    ['an 11-digit account', `arn:aws:sns:${region}:11111111111:alarms`, 'sns-topic', /must be an SNS topic ARN/],
    ['a bare key id', '1234abcd-12ab-34cd-56ef-1234567890ab', 'kms-key', /must be a KMS key ARN such as/],
  ])('refuses %s', (_label, value, kind, rule) => expect(arnShapeProblem(value, kind)).toMatch(rule));

  test('parseArn keeps the colons of the resource part and tells global ARNs apart', () => {
    expect(parseArn(`arn:aws:rds:${region}:${account}:snapshot:awsbackup:job-1`)).toEqual({ partition: 'aws', service: 'rds', region, account, resource: 'snapshot:awsbackup:job-1' });
    expect(parseArn('arn:aws:iam::aws:policy/ReadOnlyAccess')?.region).toBe('');
  });
});

describe('the recovery environment\'s database ARNs', () => {
  const cases: [string, EnvironmentInput, string, RegExp][] = [
    ['a wrong-service ARN (the DR key instead of the backups)', backups(`arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`),
      'recovery.database.automatedBackupsArn', /names service "kms", not "rds"/],
    ['a snapshot ARN given as the replicated backups', backups(`arn:aws:rds:${region}:${account}:snapshot:rds:nightly`), 'recovery.database.automatedBackupsArn', /"snapshot:rds:nightly" is not its resource part/],
    ['backups of the failed region', backups(`arn:aws:rds:${primaryRegion}:${account}:auto-backup:ab-0a1b2c`), 'recovery.database.automatedBackupsArn',
      new RegExp(`is in ${primaryRegion}, but aws\\.region is ${region}: rds resources belong to one region`)],
    ['backups of another account', backups(`arn:aws:rds:${region}:222222222222:auto-backup:ab-0a1b2c`), 'recovery.database.automatedBackupsArn', /belongs to account 222222222222, not aws\.accountId/],
    ['a snapshot ARN in the wrong partition', drEnv((e) => { e.recovery = { of: 'production', database: { from: 'recovery-point', snapshotArn: `arn:aws-us-gov:rds:${region}:${account}:snapshot:awsbackup:job-1` } }; }),
      'recovery.database.snapshotArn', /region eu-central-1 is in partition aws, not aws-us-gov/],
    ['the state key copied from production (its region)', drEnv((e) => { if (e.state.backend === 's3') e.state.kmsKeyId = `arn:aws:kms:${primaryRegion}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`; }),
      'state.kmsKeyId', new RegExp(`is in region ${primaryRegion}, not state\\.region ${region}`)],
  ];
  test.each(cases)('rejects %s, in one line', (_label, input, path, rule) => {
    expectProblem(input, path, rule);
    expect(problemsOf(input.name, input)).toHaveLength(1);
  });

  test.each<[string, EnvironmentInput]>([
    ['an AWS Backup recovery point', drEnv((e) => { e.recovery = { of: 'production', database: { from: 'recovery-point', snapshotArn: `arn:aws:rds:${region}:${account}:snapshot:awsbackup:job-0a1b2c3d-4e5f` } }; })],
    ['a point in time', drEnv((e) => { e.recovery = { of: 'production', database: { from: 'replicated-backups', automatedBackupsArn: `arn:aws:rds:${region}:${account}:auto-backup:ab-7x2k9q`, restoreTime: '2026-11-30T03:15:00Z' } }; })],
  ])('accepts %s', (_label, input) => expect(problemsOf(input.name, input)).toEqual([]));
});

describe('regional ARNs anywhere in the config belong to the environment\'s region', () => {
  const report = (found: string[]) => (path: readonly (string | number)[], message: string) => found.push(`${path.join('.')}: ${message}`);
  const key = (r: string) => `arn:aws:kms:${r}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const certificate = (r: string) => `arn:aws:acm:${r}:${account}:certificate/1234abcd-12ab-34cd-56ef-1234567890ab`;

  test('an ARN of another region is refused wherever a field holds it; IAM (global) and tags are not regional references', () => {
    const found: string[] = [];
    checkRegionalArns({ aws: { region }, edge: { certificateArn: certificate(primaryRegion) }, data: { keys: [key(region), key(primaryRegion)] }, eks: { role: `arn:aws:iam::${account}:role/x` }, tags: { Source: key(primaryRegion) } } as never, report(found));
    expect(found).toEqual([
      `edge.certificateArn: is in ${primaryRegion}, but aws.region is ${region}: acm resources belong to one region, use the one in ${region}`,
      `data.keys.1: is in ${primaryRegion}, but aws.region is ${region}: kms resources belong to one region, use the one in ${region}`,
    ]);
  });

  test('CloudFront certificates are us-east-1\'s wherever the environment runs', () => {
    const found: string[] = [];
    checkRegionalArns({ aws: { region }, assetsCdn: { certificateArn: certificate('us-east-1') } } as never, report(found));
    expect(found).toEqual([]);
    checkRegionalArns({ aws: { region }, assetsCdn: { certificateArn: certificate(region) } } as never, report(found));
    expect(found).toEqual([expect.stringMatching(/^assetsCdn\.certificateArn: is in eu-central-1, but CloudFront's certificate region is us-east-1/)]);
  });

  test('every shipped environment passes', () => {
    for (const input of [production, drProduction]) expect(problemsOf(input.name, input)).toEqual([]);
  });
});

describe('a recovery environment in another region inherits none of the recovered environment\'s regional ids', () => {
  const validated = (inputs: Record<string, EnvironmentInput>) => validateEnvironments(inputs);
  const shipped = validated({ production, 'dr-production': drProduction });
  const inherited = (configs: Record<string, EnvironmentConfig>) => recoveryLinkProblems(configs).filter((p) => p.includes('exists in that region only'));

  test('the shipped recovery environment has its own Transit Gateway', () => {
    expect(inherited(shipped)).toEqual([]);
    const ours = regionalIdentifiers(shipped['dr-production']).map((id) => id.value);
    for (const id of regionalIdentifiers(shipped.production)) expect(ours).not.toContain(id.value);
    expect(shipped['dr-production'].runnerNetwork).toMatchObject({ attachment: 'transit-gateway' });
  });

  test('production\'s Transit Gateway copied into dr-production is refused', () => {
    const tgw = production.runnerNetwork?.attachment === 'transit-gateway' ? production.runnerNetwork.transitGatewayId : 'tgw-0a1b2c3d4e5f60718';
    const configs = validated({
      production: mutated(production, (e) => { e.runnerNetwork = { attachment: 'transit-gateway', transitGatewayId: tgw, cidrs: ['10.100.0.0/16'] }; }),
      'dr-production': drEnv((e) => { e.runnerNetwork = { attachment: 'transit-gateway', transitGatewayId: tgw, cidrs: ['10.100.0.0/16'] }; }),
    });
    expect(inherited(configs)).toEqual([
      `environment "dr-production": runnerNetwork.transitGatewayId: "${tgw}" is production's runnerNetwork.transitGatewayId, a Transit Gateway in ${primaryRegion}: it exists in that region only, so this environment in ${region} needs its own`,
    ]);
  });

  test('a peering connection of the primary region is refused too', () => {
    const peering = { attachment: 'vpc-peering' as const, peeringConnectionId: 'pcx-0a1b2c3d4e5f60718', cidrs: ['10.100.0.0/16'] };
    const configs = validated({ production: mutated(production, (e) => { e.runnerNetwork = peering; }), 'dr-production': drEnv((e) => { e.runnerNetwork = peering; }) });
    expect(inherited(configs)).toEqual([expect.stringMatching(/^environment "dr-production": runnerNetwork\.peeringConnectionId: "pcx-0a1b2c3d4e5f60718" is production's runnerNetwork\.peeringConnectionId, a VPC peering connection in eu-north-1/)]);
  });

  test('in the same region the ids may be shared (only another region makes them foreign)', () => {
    const configs = structuredClone(shipped);
    configs['dr-production'] = { ...configs['dr-production'], aws: { ...configs['dr-production'].aws, region: primaryRegion }, runnerNetwork: configs.production.runnerNetwork };
    expect(inherited(configs)).toEqual([]);
  });
});
