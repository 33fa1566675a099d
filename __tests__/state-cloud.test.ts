/**
 * Either backend, everywhere: staging switched to Terraform Cloud state synthesizes with no Terraform on PATH, and
 * what the cloud backend implies holds for every stack it now has (derived from the synth, not a fixed list). The
 * access review still passes: with Terraform Cloud state the pipeline's roles need no S3 backend role.
 */
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ENVIRONMENT_INPUTS } from '../environments';
import { findingLines, reviewEnvironment, reviewedEnvironment, stacksOf } from '../lib/access-review/environment-review';
import { removeStaleStackFolders } from '../lib/stale-stacks';
import { mutated, problemsOf } from './support/config';
import { asList, readSynth, testEnvironments, type Json, type SynthStack } from './support/synth';

const cloud = { backend: 'cloud' as const, organization: 'acme-infra', workspacePrefix: 'aifeedback', agentPool: 'aifeedback-staging' };
const envs = testEnvironments({ ...ENVIRONMENT_INPUTS, staging: mutated(ENVIRONMENT_INPUTS.staging, (e) => { e.state = cloud; }) });
let stacks: SynthStack[];

beforeAll(() => {
  // cdktf's own CloudBackend runs `terraform version` at synth: in a process whose PATH holds no terraform that fails.
  const outdir = mkdtempSync(join(tmpdir(), 'synth-cloud-'));
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'support', 'synth-child.ts'), outdir], {
    cwd: join(__dirname, '..'), encoding: 'utf8',
    env: { HOME: process.env.HOME ?? tmpdir(), TMPDIR: tmpdir(), PATH: mkdtempSync(join(tmpdir(), 'no-terraform-')), SYNTH_STATE: JSON.stringify({ staging: cloud }) },
  });
  if (result.status !== 0) throw new Error(`synth with staging on Terraform Cloud failed:\n${result.stderr.slice(-2000)}`);
  stacks = readSynth(outdir);
});

const ofEnv = (env: string) => stacks.filter((s) => s.name === env || s.name.startsWith(`${env}-`) || s.name === `pipeline-${env}`);

test('every staging stack keeps its state in its own workspace; no staging stack has a bootstrap', () => {
  expect(stacks.map((s) => s.name)).not.toContain('bootstrap-staging');
  for (const stack of ofEnv('staging')) {
    expect(stack.json.terraform.cloud).toEqual({ hostname: 'app.terraform.io', organization: cloud.organization, workspaces: { name: `${cloud.workspacePrefix}-${stack.name}` } });
    expect(stack.json.terraform.backend).toBeUndefined();
  }
});

test('cross-stack reads go to the producing stack\'s workspace through the remote backend', () => {
  const readers = ofEnv('staging').filter((s) => s.json.data?.terraform_remote_state);
  expect(readers.length).toBeGreaterThan(0);
  for (const reader of readers) {
    for (const [name, remote] of Object.entries<Json>(reader.json.data.terraform_remote_state)) {
      const producer = name.replace(/^cross-stack-reference-input-/, '');
      expect(remote).toEqual({ backend: 'remote', config: { hostname: 'app.terraform.io', organization: cloud.organization, workspaces: { name: `${cloud.workspacePrefix}-${producer}` } } });
    }
  }
});

test('production keeps S3 state and its bootstrap stack: one environment\'s backend does not change another\'s', () => {
  expect(stacks.map((s) => s.name)).toContain('bootstrap-production');
  for (const stack of ofEnv('production')) expect(stack.json.terraform.backend?.s3).toBeDefined();
});

test('the pipeline roles of a cloud environment have no S3 backend role to assume, and the access review passes', async () => {
  const pipeline = stacks.find((s) => s.name === 'pipeline-staging')!;
  const policies = pipeline.resources('aws_iam_role_policy').map((p) => JSON.parse(p.attrs.policy));
  expect(policies.flatMap((p) => asList<Json>(p.Statement)).filter((s) => s.Sid === 'AssumeStateRole')).toEqual([]);
  const review = await reviewEnvironment(reviewedEnvironment(envs.staging), stacksOf('staging', stacks.map((s) => ({ name: s.name, json: s.json }))), { name: 'production', accountId: envs.production.aws.accountId });
  expect(findingLines(review)).toEqual([]);
});

test('a stack that no longer exists leaves no folder behind after synth (a backend switch drops bootstrap-<env>)', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'stale-'));
  for (const name of ['staging', 'bootstrap-staging', 'production']) mkdirSync(join(outdir, 'stacks', name), { recursive: true });
  expect(removeStaleStackFolders(outdir, ['staging', 'production'])).toEqual(['bootstrap-staging']);
  expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual(['production', 'staging']);
});

describe('combinations that cannot work are refused, naming the field', () => {
  const withCloud = (change: (state: Json, env: Json) => void) => mutated(ENVIRONMENT_INPUTS.staging, (e) => {
    e.state = { ...cloud };
    change(e.state as Json, e as Json);
  });

  test('the shipped staging config on Terraform Cloud with its cluster workspaces on agents is valid', () => {
    expect(problemsOf('staging', withCloud(() => undefined))).toEqual([]);
  });

  test.each<[string, (state: Json, env: Json) => void, string, RegExp]>([
    ['exec authentication on Terraform Cloud\'s own runners', (state) => { state.clusterExecution = 'remote'; }, 'workloads.kubernetesAuth', /remote runners have no aws CLI/],
    ['a private-only cluster API with remote cluster workspaces', (state, env) => {
      state.clusterExecution = 'remote';
      env.workloads.kubernetesAuth = 'token';
      env.eks.endpoint = { publicAccess: false, privateAccessCidrs: ['10.100.0.0/16'] };
    }, 'state.clusterExecution', /the cluster API is private.*use "agent"/],
    ['agent execution without an agent pool', (state) => { delete state.agentPool; }, 'state.agentPool', /must name the agent pool/],
  ])('%s', (_label, change, path, rule) => {
    const problems = problemsOf('staging', withCloud(change)).filter((p) => p.startsWith(`environment "staging": ${path}: `));
    expect(problems.join('\n')).toMatch(rule);
  });
});
