/**
 * The `pipeline-<env>` stacks: GitHub OIDC provider and plan/deploy roles, checked from the synthesized JSON.
 * Trust is scoped to this repository and the right branch / pull requests / GitHub environment; each check
 * is also run against a planted defect.
 */
import { testEnvironments, parsePolicy, platformStack, platformStacks, asList, type Json, type SynthStack } from './support/synth';
import { githubFederatedRoles, githubTrustProblems, type TrustExpectation } from './policy/github-oidc-trust';
import { ENVIRONMENT_INPUTS, loadEnvironments } from '../environments';
import { mutated, problemsOf } from './support/config';
import { DEPLOY_SESSION_SECONDS } from '../constructs/pipeline/github-deploy-roles';

const envs = testEnvironments();

describe.each(Object.values(envs).filter((e) => e.pipeline).map((e) => e.name))('pipeline-%s', (name) => {
  const env = envs[name];
  const repository = env.pipeline!.repository;
  const stack = platformStack(`pipeline-${name}`);
  const plan = stack.one('aws_iam_role', 'github_plan');
  const deploy = stack.one('aws_iam_role', 'github_deploy');
  const statements = (role: string) => asList<Json>(parsePolicy(stack.resources('aws_iam_role_policy').find((p) => p.attrs.role.includes(`github_${role}`))!.attrs.policy).Statement);
  const managed = (role: string) => stack.resources('aws_iam_role_policy_attachment').filter((a) => a.attrs.role.includes(`github_${role}`)).map((a) => a.attrs.policy_arn);
  const s3 = env.state.backend === 's3' ? env.state : undefined;

  test('with S3 state, the backend role of bootstrap-<env> trusts these two roles; with Terraform Cloud state there is none', () => {
    if (!s3) {
      expect(platformStacks().map((x) => x.name)).not.toContain(`bootstrap-${name}`);
      return;
    }
    const backend = platformStack(`bootstrap-${name}`).resources('aws_iam_role').find((r) => r.name.startsWith('backend-role'))!;
    const trusted: string[] = parsePolicy(backend.attrs.assume_role_policy).Statement[0].Condition.ArnEquals['aws:PrincipalArn'];
    for (const role of [plan, deploy]) expect(trusted).toContain(`arn:aws:iam::${env.aws.accountId}:role/${role.attrs.name}`);
  });

  test('deploy sessions last 3 hours (a first apply passes an hour), plan sessions 1 hour', () => {
    expect(deploy.attrs.max_session_duration).toBe(DEPLOY_SESSION_SECONDS);
    expect(plan.attrs.max_session_duration).toBe(3600);
  });

  test('one GitHub OIDC provider for sts.amazonaws.com', () => {
    expect(stack.one('aws_iam_openid_connect_provider', 'github').attrs).toMatchObject({ url: 'https://token.actions.githubusercontent.com', client_id_list: ['sts.amazonaws.com'] });
  });

  test('the plan role trusts exactly pull requests and the main branch of this repository', () => {
    const trust = parsePolicy(plan.attrs.assume_role_policy).Statement[0];
    expect(trust.Condition.StringEquals['token.actions.githubusercontent.com:sub']).toEqual([`repo:${repository}:ref:refs/heads/main`, `repo:${repository}:pull_request`]);
    expect(githubTrustProblems(plan.attrs.assume_role_policy, { repository, allowedKinds: ['pull_request', 'ref'] })).toEqual([]);
  });

  test('the deploy role trusts only jobs in the GitHub environment of the same name', () => {
    const trust = parsePolicy(deploy.attrs.assume_role_policy).Statement[0];
    expect(trust).toMatchObject({ Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: `arn:aws:iam::${env.aws.accountId}:oidc-provider/token.actions.githubusercontent.com` } });
    expect(trust.Condition.StringEquals['token.actions.githubusercontent.com:sub']).toEqual([`repo:${repository}:environment:${name}`]);
    expect(githubTrustProblems(deploy.attrs.assume_role_policy, { repository, allowedKinds: ['environment'] })).toEqual([]);
  });

  test('plan is read-only: ReadOnlyAccess, secret values denied, state only through the backend role', () => {
    expect(managed('plan')).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    const s = statements('plan');
    expect(s.find((x) => x.Sid === 'NoSecretValues')).toMatchObject({ Effect: 'Deny', Action: expect.arrayContaining(['secretsmanager:GetSecretValue']) });
    // S3 state only through the backend role; Terraform Cloud state needs no AWS role at all.
    if (s3) expect(s.find((x) => x.Sid === 'AssumeStateRole')).toMatchObject({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: s3.roleArn });
    else expect(s.find((x) => x.Sid === 'AssumeStateRole')).toBeUndefined();
  });

  test('deploy: no IAM beyond the project prefix, never its own pipeline roles, only the regions its stacks use plus global services', () => {
    expect(managed('deploy')).toEqual(['arn:aws:iam::aws:policy/PowerUserAccess']);
    const s = statements('deploy');
    expect(asList(s.find((x) => x.Sid === 'ProjectIam')?.Resource).every((r) => /:(role|policy|instance-profile)\/aifeedback-\*$/.test(String(r)))).toBe(true);
    // Denied IAM on every pipeline role of the project in the account (this environment's, and another's sharing it).
    const denied = s.find((x) => x.Sid === 'NoSelfEscalation')!;
    expect(denied).toMatchObject({ Effect: 'Deny', Action: 'iam:*' });
    const covers = (arn: string) => asList<string>(denied.Resource).some((p) => new RegExp(`^${p.replace(/[.]/g, '\\.').replace(/\*/g, '.*')}$`).test(arn));
    for (const role of [plan, deploy]) expect(covers(`arn:aws:iam::${env.aws.accountId}:role/${role.attrs.name}`)).toBe(true);
    expect(covers(`arn:aws:iam::${env.aws.accountId}:role/aifeedback-dr-${name}-github-deploy`)).toBe(true);
    expect(covers(`arn:aws:iam::${env.aws.accountId}:role/aifeedback-${name}-app-api-gateway`)).toBe(false);
    // Every region an aws provider of the environment's deployed stacks names, and no other.
    const regions = [name, `${name}-workloads`, `${name}-gpu`].flatMap((s) => asList<Json>(platformStack(s).json.provider?.aws).map((p) => p.region));
    expect(s.find((x) => x.Sid === 'OnlyStackRegions')).toMatchObject({ Effect: 'Deny', Condition: { StringNotEquals: { 'aws:RequestedRegion': [...new Set(regions)].sort() } } });
  });

  test('neither role has AdministratorAccess or IAMFullAccess', () => {
    expect(JSON.stringify(stack.json)).not.toMatch(/AdministratorAccess|IAMFullAccess/);
  });
});

test('the pipeline stacks are outside the <env>* globs the pipeline deploys', () => {
  const names = platformStacks().map((s) => s.name);
  expect(names.filter((n) => n.startsWith('production') || n.startsWith('staging')).some((n) => n.includes('pipeline'))).toBe(false);
});

test('every GitHub-federated role in every stack is scoped (no stray trust elsewhere)', () => {
  const all = platformStacks().flatMap((s: SynthStack) => githubFederatedRoles(s.resources('aws_iam_role')));
  expect(all).toHaveLength(2 * Object.values(envs).filter((e) => e.pipeline).length);
  for (const role of all) expect(githubTrustProblems(role.attrs.assume_role_policy, { repository: envs.production.pipeline!.repository, allowedKinds: ['pull_request', 'ref', 'environment'] })).toEqual([]);
});

describe('planted trust defects are caught', () => {
  const base = {
    Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:aifeedback/aifeedback-infrastructure:environment:production' } },
  };
  const expectation: TrustExpectation = { repository: 'aifeedback/aifeedback-infrastructure', allowedKinds: ['environment'] };
  const policy = (change: (s: Json) => void) => {
    const s = structuredClone(base) as Json;
    change(s);
    return JSON.stringify({ Version: '2012-10-17', Statement: [s] });
  };

  test('the correct statement passes', () => {
    expect(githubTrustProblems(policy(() => undefined), expectation)).toEqual([]);
  });

  test.each<[string, (s: Json) => void, RegExp]>([
    ['a wildcard sub', (s) => { s.Condition.StringEquals['token.actions.githubusercontent.com:sub'] = 'repo:aifeedback/aifeedback-infrastructure:*'; }, /wildcards are not allowed/],
    ['a wildcard sub via StringLike', (s) => { delete s.Condition.StringEquals['token.actions.githubusercontent.com:sub']; s.Condition.StringLike = { 'token.actions.githubusercontent.com:sub': 'repo:aifeedback/*' }; }, /StringLike on GitHub claims|no sub condition/],
    ['no sub at all', (s) => { delete s.Condition.StringEquals['token.actions.githubusercontent.com:sub']; }, /no sub condition/],
    ['another repository', (s) => { s.Condition.StringEquals['token.actions.githubusercontent.com:sub'] = 'repo:someone/fork:environment:production'; }, /another repository/],
    ['a pull request subject on a deploy role', (s) => { s.Condition.StringEquals['token.actions.githubusercontent.com:sub'] = 'repo:aifeedback/aifeedback-infrastructure:pull_request'; }, /may only trust environment/],
    ['a missing audience', (s) => { delete s.Condition.StringEquals['token.actions.githubusercontent.com:aud']; }, /aud must be exactly sts\.amazonaws\.com/],
    ['a broader action', (s) => { s.Action = ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:AssumeRole']; }, /action must be exactly/],
  ])('%s', (_label, change, message) => {
    expect(githubTrustProblems(policy(change), expectation).join('\n')).toMatch(message);
  });
});

describe('pipeline config validation', () => {
  test.each([
    ['a wildcard repository', 'aifeedback/*', /pipeline\.repository: must be the exact "owner\/name"/],
    ['an owner without repository', 'aifeedback', /pipeline\.repository: must be the exact "owner\/name"/],
  ])('%s is rejected', (_label, repository, message) => {
    const input = mutated(ENVIRONMENT_INPUTS.production, (e) => { e.pipeline = { repository }; });
    expect(problemsOf('production', input).join('\n')).toMatch(message);
  });

  test('a wildcard branch is rejected', () => {
    const input = mutated(ENVIRONMENT_INPUTS.production, (e) => { e.pipeline = { repository: 'a/b', branch: 'release/*' }; });
    expect(problemsOf('production', input).join('\n')).toMatch(/environment "production": pipeline\.branch: must be a branch name \(no wildcards\)/);
  });
});

test('two environments of one account may not both create the GitHub OIDC provider', () => {
  const shared = { ...ENVIRONMENT_INPUTS, again: mutated(ENVIRONMENT_INPUTS.staging, (e) => { e.name = 'again'; }) };
  expect(() => loadEnvironments({}, shared)).toThrow(/environment "again": pipeline\.createOidcProvider: must be false: environment "staging" already creates the token\.actions\.githubusercontent\.com OIDC provider of account 222222222222/);
});
