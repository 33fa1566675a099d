/** Every validation rule: bad input is rejected with the environment, the field path and the rule. */
import { spawnSync } from 'child_process';
import { existsSync } from 'fs';

import { join } from 'path';
import { loadEnvironments } from '../environments';
import { production } from '../environments/production';
import { staging } from '../environments/staging';
import { expectProblem, mutated, problemsOf, withS3State, type ValidationCase } from './support/config';
import { tempDir } from './support/temp-dir';

describe('the shipped environments', () => {
  test.each([['production', production], ['staging', staging]] as const)('%s is valid', (key, input) => {
    expect(problemsOf(key, input)).toEqual([]);
  });
});

const cases: ValidationCase[] = [
  ['malformed VPC CIDR', mutated(production, (e) => { e.network.vpcCidr = '10.10.0.1/16'; }), 'network.vpcCidr', /IPv4 network CIDR/],
  ['subnet count differs from zone count', mutated(production, (e) => { e.network.subnets.private = e.network.subnets.private.slice(0, 2); }),
    'network.subnets.private', /has 2 subnets but aws.availabilityZones has 3/],
  ['subnet outside the VPC', mutated(production, (e) => { e.network.subnets.public[0] = '10.99.0.0/24'; }),
    'network.subnets.public[0]', /not inside network.vpcCidr 10.10.0.0\/16/],
  ['overlapping subnets', mutated(production, (e) => { e.network.subnets.isolated[1] = '10.10.64.0/24'; }),
    'network.subnets.isolated[1]', /overlaps network.subnets.private\[1\] \(10.10.64.0\/19\)/],
  ['single NAT in production', mutated(production, (e) => { e.network.natGateways = 'single'; }), 'network.natGateways', /one-per-az/],
  ['short flow-log retention in production', mutated(production, (e) => { e.network.flowLogs.retentionDays = 90; }),
    'network.flowLogs.retentionDays', /at least 365 days in production/],
  ['retention CloudWatch does not accept', mutated(staging, (e) => { e.logRetentionDays = 100; }), 'logRetentionDays', /one of CloudWatch's retention values/],
  ['short log retention in production', mutated(production, (e) => { e.logRetentionDays = 90; }), 'logRetentionDays', /at least 365 days in production/],
  ['unknown region', mutated(production, (e) => { e.aws.region = 'mars-north-1'; }), 'aws.region', /supported regions/],
  ['zone of another region', mutated(production, (e) => { e.aws.availabilityZones[1] = 'eu-west-1b'; }),
    'aws.availabilityZones[1]', /not an availability zone of aws.region eu-north-1/],
  ['zone letter the region lacks', mutated(production, (e) => { e.aws.availabilityZones[2] = 'eu-north-1d'; }),
    'aws.availabilityZones[2]', /not an availability zone/],
  ['zone listed twice', mutated(staging, (e) => { e.aws.availabilityZones[2] = 'eu-north-1a'; }), 'aws.availabilityZones[2]', /listed twice/],
  ['production with two zones', mutated(production, (e) => {
    e.aws.availabilityZones = e.aws.availabilityZones.slice(0, 2);
    for (const tier of ['public', 'private', 'isolated'] as const) e.network.subnets[tier] = e.network.subnets[tier].slice(0, 2);
  }), 'aws.availabilityZones', /production needs 3 availability zones/],
  ['one zone', mutated(staging, (e) => { e.aws.availabilityZones = ['eu-north-1a']; }), 'aws.availabilityZones', /at least 2 availability zones/],
  ['local state in production', mutated(production, (e) => { e.state = { backend: 'local' }; }), 'state.backend', /only for development; a production environment/],
  ['local state in staging', mutated(staging, (e) => { e.state = { backend: 'local' }; }), 'state.backend', /a staging environment needs "s3" or "cloud"/],
  ['malformed domain', mutated(production, (e) => { e.domain.apex = 'AIFeedback..se'; }), 'domain.apex', /lower-case DNS name/],
  ['bad account id', mutated(production, (e) => { e.aws.accountId = '12345'; }), 'aws.accountId', /12-digit AWS account id/],
  ['state bucket with dots', mutated(production, (e) => { if (e.state.backend === 's3') e.state.bucket = 'tf.state'; }), 'state.bucket', /no dots/],
  ['unknown backend', mutated(production, (e) => { (e.state as { backend: string }).backend = 'gcs'; }), 'state.backend', /Invalid discriminator/],
  ['bad Terraform Cloud organization', mutated(production, (e) => { e.state = { backend: 'cloud', organization: 'x', workspacePrefix: 'aifeedback', agentPool: 'aifeedback-production' }; }),
    'state.organization', /Terraform Cloud organization/],
  ['unknown interface endpoint', mutated(production, (e) => { (e.network.interfaceEndpoints as string[]).push('s3-express'); }),
    'network.interfaceEndpoints[10]', /Invalid enum value/],
  ['bad tier', mutated(production, (e) => { (e as { tier: string }).tier = 'prod'; }), 'tier', /Invalid enum value/],
];

describe('each rule names the environment, the field and the rule', () => {
  test.each(cases)('%s', (_label, input, path, rule) => expectProblem(input, path, rule));
});

test('a registry key that differs from the name is rejected', () => {
  expect(problemsOf('prod', production)).toEqual(['environment "prod": name: is "production" but the environment is registered as "prod"']);
});

test('problems of every environment are reported together', () => {
  const broken = {
    production: mutated(production, (e) => { e.network.natGateways = 'single'; }),
    staging: mutated(staging, (e) => { e.domain.apex = 'not a domain'; }),
  };
  expect(() => loadEnvironments({}, broken)).toThrow(/environment "production": network.natGateways[\s\S]*environment "staging": domain.apex/);
});

describe('process-environment overrides', () => {
  test('TF_STATE_BUCKET replaces the S3 bucket of every s3 environment ("{env}": one bucket per account)', () => {
    const envs = loadEnvironments({ TF_STATE_BUCKET: 'fork-{env}-state' }, { production: withS3State(production), staging: withS3State(staging) });
    expect(envs.production.state).toMatchObject({ backend: 's3', bucket: 'fork-production-state' });
    expect(envs.staging.state).toMatchObject({ backend: 's3', bucket: 'fork-staging-state' });
    // An environment on Terraform Cloud keeps its workspaces.
    const cloud = mutated(staging, (e) => { e.state = { backend: 'cloud', organization: 'acme', workspacePrefix: 'aifeedback', agentPool: 'aifeedback-staging' }; });
    expect(loadEnvironments({ TF_STATE_BUCKET: 'fork-{env}-state' }, { staging: cloud }).staging.state).toMatchObject({ backend: 'cloud', workspacePrefix: 'aifeedback' });
  });
  test('an override is validated like config', () => {
    expect(() => loadEnvironments({ TF_STATE_BUCKET: 'Bad.Bucket' }, { production: withS3State(production) })).toThrow(/environment "production": state.bucket \(from TF_STATE_BUCKET="Bad.Bucket"\): .*no dots/);
  });
  test('TF_CLOUD_ORGANIZATION replaces the organization of cloud environments', () => {
    const cloud = mutated(staging, (e) => { e.state = { backend: 'cloud', organization: 'acme', workspacePrefix: 'aifeedback', agentPool: 'aifeedback-staging' }; });
    expect(loadEnvironments({ TF_CLOUD_ORGANIZATION: 'fork-org' }, { staging: cloud }).staging.state).toMatchObject({ organization: 'fork-org' });
  });
});

const badConfigRuns = tempDir('bad-config-');

test('the app refuses invalid config before synthesizing anything', () => {
  const outdir = join(badConfigRuns, 'out');
  const tsx = join(__dirname, '..', 'node_modules', '.bin', 'tsx');
  const result = spawnSync(tsx, ['main.ts'], {
    cwd: join(__dirname, '..'),
    env: { ...process.env, TF_STATE_BUCKET: 'Bad.Bucket', CDKTF_OUTDIR: outdir },
    encoding: 'utf8',
  });
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/environment "production": state.bucket \(from TF_STATE_BUCKET="Bad.Bucket"\): must be 3-63 characters/);
  expect(existsSync(outdir)).toBe(false);
});
