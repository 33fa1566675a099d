/**
 * Either backend, everywhere: staging switched to Terraform Cloud state synthesizes with no Terraform on PATH, and
 * what the cloud backend implies holds for every stack it now has (derived from the synth, not a fixed list). The
 * access review still passes: with Terraform Cloud state the pipeline's roles need no S3 backend role.
 */
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ENVIRONMENT_INPUTS } from '../environments';
import { PROVIDERS } from '../environments/versions';
import { findingLines, reviewEnvironment, reviewedEnvironment, stacksOf } from '../lib/access-review/environment-review';
import { removeStaleStackFolders } from '../lib/stale-stacks';
import { mutated, problemsOf } from './support/config';
import { asList, readSynth, testEnvironments, type Json, type SynthStack } from './support/synth';
import { tempDir } from './support/temp-dir';

const cloud = { backend: 'cloud' as const, organization: 'acme-infra', workspacePrefix: 'aifeedback', agentPool: 'aifeedback-staging' };
const envs = testEnvironments({ ...ENVIRONMENT_INPUTS, staging: mutated(ENVIRONMENT_INPUTS.staging, (e) => { e.state = cloud; }) });
let stacks: SynthStack[];
let manifest: Json;

const synthDir = tempDir('synth-cloud-');

beforeAll(() => {
  // cdktf's own CloudBackend runs `terraform version` at synth: in a process whose PATH holds no terraform that fails.
  const outdir = mkdtempSync(join(synthDir, 'out-'));
  // A PATH with node (cdktf zips assets with a `node` child process) and no terraform.
  const nodeOnly = mkdtempSync(join(synthDir, 'node-only-'));
  symlinkSync(process.execPath, join(nodeOnly, 'node'));
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'support', 'synth-child.ts'), outdir], {
    cwd: join(__dirname, '..'), encoding: 'utf8',
    env: { HOME: process.env.HOME ?? tmpdir(), TMPDIR: tmpdir(), PATH: nodeOnly, SYNTH_STATE: JSON.stringify({ staging: cloud }) },
  });
  if (result.status !== 0) throw new Error(`synth with staging on Terraform Cloud failed:\n${result.stderr.slice(-2000)}`);
  stacks = readSynth(outdir);
  manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
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

describe('Terraform Cloud dynamic credentials (pipeline-staging)', () => {
  const pipeline = () => stacks.find((s) => s.name === 'pipeline-staging')!;
  const role = (suffix: string) => pipeline().resources('aws_iam_role').find((r) => r.attrs.name.endsWith(suffix))!;
  const trust = (suffix: string) => JSON.parse(role(suffix).attrs.assume_role_policy).Statement[0];
  /** The workspaces of the stacks these roles run: read off the cloud blocks of the synthesized stacks. */
  const workspaces = () => ['staging', 'staging-workloads', 'staging-gpu'].map((n) => stacks.find((s) => s.name === n)!.json.terraform.cloud.workspaces.name);
  const subjects = (phase: string) => workspaces().map((w) => `organization:${cloud.organization}:project:aifeedback-staging:workspace:${w}:run_phase:${phase}`);

  test('one OIDC provider for app.terraform.io with the audience Terraform Cloud sends', () => {
    expect(pipeline().resources('aws_iam_openid_connect_provider').map((p) => p.attrs).find((p) => p.url === 'https://app.terraform.io')).toMatchObject({ client_id_list: ['aws.workload.identity'] });
  });

  test.each([['-tfc-plan', 'plan'], ['-tfc-apply', 'apply']])('%s trusts exactly the %s phase of each staging workspace', (suffix, phase) => {
    expect(trust(suffix)).toMatchObject({
      Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: `arn:aws:iam::${envs.staging.aws.accountId}:oidc-provider/app.terraform.io` },
      Condition: { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity', 'app.terraform.io:sub': subjects(phase) } },
    });
    expect(Object.keys(trust(suffix).Condition)).toEqual(['StringEquals']);
  });

  test('the plan role maps to the read-only plan group, the apply role to cluster admin', () => {
    const infra = stacks.find((s) => s.name === 'staging')!;
    const arn = (suffix: string) => `arn:aws:iam::${envs.staging.aws.accountId}:role/${role(suffix).attrs.name}`;
    expect(infra.resources('aws_eks_access_entry').find((e) => e.attrs.principal_arn === arn('-tfc-plan'))?.attrs.kubernetes_groups).toEqual(['aifeedback:terraform-plan']);
    const admin = infra.resources('aws_eks_access_policy_association').filter((a) => a.attrs.policy_arn.endsWith('/AmazonEKSClusterAdminPolicy'));
    const entry = infra.resources('aws_eks_access_entry').find((e) => e.attrs.principal_arn === arn('-tfc-apply'))!;
    expect(admin.some((a) => String(a.attrs.principal_arn).includes(entry.address))).toBe(true);
  });

  test('planted: a plan role that trusts every run phase lets the apply phase in, and the review says so', async () => {
    const json = structuredClone(pipeline().json);
    const planRole = Object.values<Json>(json.resource.aws_iam_role).find((r) => r.name.endsWith('-tfc-plan'))!;
    const doc = JSON.parse(planRole.assume_role_policy);
    doc.Statement[0].Condition = { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity' }, StringLike: { 'app.terraform.io:sub': `organization:${cloud.organization}:project:aifeedback-staging:workspace:*:run_phase:*` } };
    planRole.assume_role_policy = JSON.stringify(doc);
    const planted = stacks.map((s) => ({ name: s.name, json: s.name === 'pipeline-staging' ? json : s.json }));
    const review = await reviewEnvironment(reviewedEnvironment(envs.staging), stacksOf('staging', planted), { name: 'production', accountId: envs.production.aws.accountId });
    const lines = review.trust.map((f) => `${f.role}: ${f.scenario.label}: ${f.decision.result}`);
    expect(lines).toEqual(expect.arrayContaining([`aifeedback-staging-tfc-plan: the apply phase of ${workspaces()[0]}: Allowed`, 'aifeedback-staging-tfc-plan: another workspace of the project: Allowed']));
  });
});

describe('tfc-staging: the Terraform Cloud side, derived from the stacks', () => {
  const tfc = () => stacks.find((s) => s.name === 'tfc-staging')!;
  const deployed = () => ofEnv('staging').filter((s) => !s.name.startsWith('pipeline-'));
  const workspaceOf = (stack: SynthStack) => stack.json.terraform.cloud.workspaces.name as string;
  /** `${tfe_workspace.x.id}` of the workspace with this name. */
  const idOf = (name: string) => `\${${tfc().resources('tfe_workspace').find((w) => w.attrs.name === name)!.address}.id}`;

  test('depends on no stack: an administrator applies it first, on its own', () => {
    expect(manifest.stacks['tfc-staging'].dependencies).toEqual([]);
  });

  test('pins the tfe provider and keeps its own state locally (the workspaces cannot hold their creator\'s state)', () => {
    expect(tfc().json.terraform.required_providers.tfe.version).toBe(PROVIDERS.tfe.version);
    expect(tfc().json.terraform.backend).toEqual({ local: { path: 'tfc-staging.tfstate' } });
  });

  test('one protected workspace per stack with Terraform Cloud state, named as its cloud block names it, in the environment\'s project', () => {
    const workspaces = tfc().resources('tfe_workspace');
    expect(workspaces.map((w) => w.attrs.name).sort()).toEqual(ofEnv('staging').filter((s) => s.json.terraform.cloud).map(workspaceOf).sort());
    const project = tfc().one('tfe_project');
    for (const w of workspaces) expect(w.attrs).toMatchObject({ organization: cloud.organization, project_id: `\${${project.address}.id}`, auto_apply: false, lifecycle: { prevent_destroy: true } });
    expect(project.attrs).toMatchObject({ name: 'aifeedback-staging', lifecycle: { prevent_destroy: true } });
  });

  test('each workspace shares its state exactly with the workspaces whose stacks read it', () => {
    const readers = (producer: SynthStack) => deployed().filter((s) => s.json.data?.terraform_remote_state?.[`cross-stack-reference-input-${producer.name}`]);
    for (const producer of deployed()) {
      const settings = tfc().resources('tfe_workspace_settings').find((x) => x.attrs.workspace_id === idOf(workspaceOf(producer)))!;
      expect({ producer: producer.name, consumers: [...settings.attrs.remote_state_consumer_ids].sort() }).toEqual({ producer: producer.name, consumers: readers(producer).map((r) => idOf(workspaceOf(r))).sort() });
      expect(settings.attrs.global_remote_state).toBe(false);
    }
    expect(tfc().resources('tfe_workspace_settings').some((x) => x.attrs.remote_state_consumer_ids.length > 0)).toBe(true);
  });

  test('run triggers follow the manifest\'s dependencies, each stack triggered once by the one before it', () => {
    const deps = (name: string): string[] => manifest.stacks[name].dependencies;
    const reaches = (from: string, to: string): boolean => deps(from).some((d) => d === to || reaches(d, to));
    const expected = deployed().flatMap((s) => deps(s.name).filter((d) => !deps(s.name).some((o) => o !== d && reaches(o, d))).map((d) => `${d} -> ${s.name}`));
    const nameOf = (ref: string) => deployed().find((s) => idOf(workspaceOf(s)) === ref)!.name;
    expect(tfc().resources('tfe_run_trigger').map((t) => `${nameOf(t.attrs.sourceable_id)} -> ${nameOf(t.attrs.workspace_id)}`).sort()).toEqual(expected.sort());
    expect(expected).toEqual(expect.arrayContaining(['staging -> staging-workloads', 'staging-workloads -> staging-gpu']));
  });

  test('execution: the infra workspace on Terraform Cloud\'s runners, the cluster workspaces on the agent pool', () => {
    const modeOf = (stack: string) => tfc().resources('tfe_workspace_settings').find((x) => x.attrs.workspace_id === idOf(`aifeedback-${stack}`))!.attrs;
    expect(modeOf('staging')).toMatchObject({ execution_mode: 'remote' });
    // The pool's id through the permission that allows the workspaces: a workspace is allowed before it uses the pool.
    const allowed = tfc().one('tfe_agent_pool_allowed_workspaces');
    expect(allowed.attrs.agent_pool_id).toBe(`\${${tfc().one('tfe_agent_pool').address}.id}`);
    for (const stack of ['staging-workloads', 'staging-gpu']) expect(modeOf(stack)).toMatchObject({ execution_mode: 'agent', agent_pool_id: `\${${allowed.address}.id}` });
    // The administrator applies pipeline-staging from their machine: its workspace holds state only.
    expect(modeOf('pipeline-staging')).toMatchObject({ execution_mode: 'local' });
    expect(allowed.attrs.allowed_workspace_ids.sort()).toEqual([idOf('aifeedback-staging-workloads'), idOf('aifeedback-staging-gpu')].sort());
  });

  test('dynamic AWS credentials for the project: the plan and apply roles of pipeline-staging', () => {
    const roleArn = (suffix: string) => `arn:aws:iam::${envs.staging.aws.accountId}:role/${stacks.find((s) => s.name === 'pipeline-staging')!.resources('aws_iam_role').find((r) => r.attrs.name.endsWith(suffix))!.attrs.name}`;
    const set = tfc().one('tfe_variable_set');
    const vars = Object.fromEntries(tfc().resources('tfe_variable').filter((v) => v.attrs.variable_set_id === `\${${set.address}.id}`).map((v) => [v.attrs.key, v.attrs]));
    expect(vars).toMatchObject({
      TFC_AWS_PROVIDER_AUTH: { value: 'true', category: 'env' },
      TFC_AWS_PLAN_ROLE_ARN: { value: roleArn('-tfc-plan'), category: 'env' },
      TFC_AWS_APPLY_ROLE_ARN: { value: roleArn('-tfc-apply'), category: 'env' },
    });
    expect(tfc().one('tfe_project_variable_set').attrs.variable_set_id).toBe(`\${${set.address}.id}`);
  });

  test('the plan guard is a mandatory post-plan run task of every workspace, served by the function URL', () => {
    const task = tfc().one('tfe_organization_run_task');
    const url = tfc().one('aws_lambda_function_url');
    expect(task.attrs).toMatchObject({ url: `\${${url.address}.function_url}`, hmac_key_wo: '${var.run_task_hmac_key}', enabled: true });
    expect(task.attrs.hmac_key).toBeUndefined();
    const attached = tfc().resources('tfe_workspace_run_task');
    expect(attached.map((a) => a.attrs.workspace_id).sort()).toEqual(deployed().map((s) => idOf(workspaceOf(s))).sort());
    for (const a of attached) expect(a.attrs).toMatchObject({ task_id: `\${${task.address}.id}`, enforcement_level: 'mandatory', stages: ['post_plan'] });
    expect(tfc().json.variable.run_task_hmac_key).toMatchObject({ sensitive: true, ephemeral: true });
    // Terraform Cloud calls the URL when it creates the task: the function, its permissions, its key and its role's
    // policy come first.
    const dependsOn: string[] = task.attrs.depends_on;
    const permissions = tfc().resources('aws_lambda_permission');
    expect(permissions.map((p) => [p.attrs.action, p.attrs.principal, p.attrs.function_url_auth_type]).sort()).toEqual([['lambda:InvokeFunction', '*', undefined], ['lambda:InvokeFunctionUrl', '*', 'NONE']]);
    for (const needed of [...permissions, tfc().one('aws_secretsmanager_secret_version'), tfc().one('aws_iam_role_policy'), tfc().one('aws_lambda_function')]) expect(dependsOn).toContain(needed.address);
    expect(tfc().json.terraform.required_version).toBe('>= 1.11');
  });

  test('the run task\'s function: its bundle shipped as an asset, the key only through write-only arguments, least privilege', () => {
    const fn = tfc().one('aws_lambda_function');
    expect(fn.attrs).toMatchObject({ runtime: 'nodejs22.x', handler: 'index.handler', environment: { variables: { WORKSPACE_PREFIX: `${cloud.workspacePrefix}-`, TFC_HOSTNAME: 'app.terraform.io' } } });
    expect(JSON.stringify(fn.attrs.environment)).not.toMatch(/hmac_key|run_task_hmac/);
    expect(tfc().one('aws_secretsmanager_secret_version').attrs).toMatchObject({ secret_string_wo: '${var.run_task_hmac_key}', secret_string_wo_version: '${var.run_task_hmac_key_version}' });
    expect(fn.attrs.reserved_concurrent_executions).toBeGreaterThan(0);
    expect(tfc().one('aws_secretsmanager_secret_version').attrs.secret_string).toBeUndefined();
    const policy = JSON.parse(tfc().one('aws_iam_role_policy').attrs.policy);
    expect(policy.Statement.map((x: Json) => x.Action)).toEqual(['secretsmanager:GetSecretValue', 'kms:Decrypt', ['logs:CreateLogStream', 'logs:PutLogEvents']]);
    expect(JSON.stringify(policy)).not.toContain('"Resource":"*"');
  });

  test('the Cloudflare token is a write-only sensitive variable of the infra workspace, its value from TF_VAR_cloudflare_api_token', () => {
    const token = tfc().resources('tfe_variable').find((v) => v.attrs.key === 'CLOUDFLARE_API_TOKEN')!;
    // Write-only from an ephemeral input: in neither this stack's state nor its plan.
    expect(token.attrs).toMatchObject({ value_wo: '${var.cloudflare_api_token}', sensitive: true, category: 'env', workspace_id: idOf('aifeedback-staging') });
    expect(token.attrs.value).toBeUndefined();
    expect(tfc().json.variable.cloudflare_api_token).toMatchObject({ sensitive: true, ephemeral: true, type: 'string' });
  });
});

const staleRuns = tempDir('stale-');

test('a stack that no longer exists leaves no folder behind after synth (a backend switch drops bootstrap-<env>)', () => {
  const outdir = mkdtempSync(join(staleRuns, 'stale-'));
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
