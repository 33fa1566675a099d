/** Validation of the first-deploy sections (state layout, runner network, alarm subscribers, assets CDN): each rule planted and caught. */
import { production } from '../environments/production';
import { staging } from '../environments/staging';
import type { EnvironmentInput } from '../environments';
import { ConfigValidationError, validateEnvironments } from '../environments/validate';
import { expectProblem, mutated, withS3State, type ValidationCase } from './support/config';

/** The shipped environments with S3 state, whatever backend they ship with: the S3 rules are tested on them. */
const s3Staging = withS3State(staging);
const s3Production = withS3State(production);

type S3Input = { roleArn: string; trustedRoleArns: string[]; kmsKeyId?: string };
const s3 = (e: { state: unknown }) => e.state as S3Input;

const cases: ValidationCase[] = [
  ['state key in another account', mutated(s3Staging, (e) => { s3(e).kmsKeyId = 'arn:aws:kms:eu-north-1:111111111111:alias/x'; }), 'state.kmsKeyId', /the state key is in account 111111111111, not aws\.accountId 222222222222/],
  ['state key in another region', mutated(s3Staging, (e) => { s3(e).kmsKeyId = 'arn:aws:kms:eu-central-1:222222222222:alias/x'; }), 'state.kmsKeyId', /region eu-central-1, not state\.region eu-north-1/],
  ['backend role trusting itself', mutated(s3Staging, (e) => { s3(e).trustedRoleArns = [s3(e).roleArn]; }), 'state.trustedRoleArns', /must not list state\.roleArn itself/],
  ['no trusted role', mutated(s3Staging, (e) => { s3(e).trustedRoleArns = []; }), 'state.trustedRoleArns', /needs at least one role/],
  ['alarm subscriber twice', mutated(staging, (e) => { e.alarmNotifications = { subscribers: [{ kind: 'email', address: 'a@b.se' }, { kind: 'email', address: 'a@b.se' }] }; }), 'alarmNotifications.subscribers[1]', /email "a@b\.se" is listed twice/],
  ['plain-HTTP alarm endpoint', mutated(staging, (e) => { e.alarmNotifications = { subscribers: [{ kind: 'https', url: 'http://hooks.example.com/x' }] }; }), 'alarmNotifications.subscribers[0].url', /must use https/],
  ['CDN hostname not public', mutated(staging, (e) => { e.assetsCdn!.hostnames.push('static-staging.aifeedback.se'); }), 'assetsCdn.hostnames[2]', /is not one of edge\.hostnames/],
  ['peering without an id', mutated(production, (e) => { e.runnerNetwork = { attachment: 'vpc-peering', peeringConnectionId: 'peer-1', cidrs: ['10.100.0.0/16'] }; }), 'runnerNetwork.peeringConnectionId', /VPC peering connection id/],
];

describe('first-deploy rules name the environment, the field and the rule', () => {
  test.each(cases)('%s', (_label, input, path, rule) => expectProblem(input, path, rule));
});

test('two environments may not share a backend role', () => {
  const shared = mutated(s3Staging, (e) => {
    e.aws.accountId = '111111111111';
    Object.assign(e.state, { roleArn: s3(s3Production).roleArn, trustedRoleArns: ['arn:aws:iam::111111111111:role/terraform-deploy'], bucket: 'aifeedback-production-terraform-state' });
    e.eks.access = { adminRoleArns: [], deployRoleArns: ['arn:aws:iam::111111111111:role/terraform-deploy'], viewerRoleArns: [] };
  });
  let problems: readonly string[] = [];
  try {
    validateEnvironments({ production: s3Production, staging: shared } as Record<string, EnvironmentInput>);
  } catch (error) {
    problems = (error as ConfigValidationError).problems;
  }
  expect(problems).toContainEqual(expect.stringMatching(/^environment "staging": state\.roleArn: is also the backend role of environment "production"/));
  // One account, one bucket: allowed (each keeps its own role).
  expect(problems.filter((p) => p.includes('state.bucket'))).toEqual([]);
});
