/**
 * The GitHub Actions workflows lint clean with action-validator (schema of workflows and actions), and keep the
 * pipeline's own rules: actions pinned to a commit, AWS only through OIDC roles (no access keys), id-token only
 * where a role is assumed, deploys only inside a GitHub environment, read-only default permissions. Each rule
 * also runs against a planted defect.
 */
import { validateAction, validateWorkflow } from '@action-validator/core';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { DEPLOY_SESSION_SECONDS } from '../constructs/pipeline/github-deploy-roles';

const root = join(__dirname, '..', '.github');
const workflows = readdirSync(join(root, 'workflows')).filter((f) => /\.ya?ml$/.test(f)).map((f) => [f, readFileSync(join(root, 'workflows', f), 'utf8')] as const);
const action = readFileSync(join(root, 'actions', 'setup', 'action.yml'), 'utf8');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every problem with a workflow against the pipeline's rules. */
function pipelineProblems(text: string): string[] {
  const problems: string[] = [];
  const doc: Json = parse(text);
  for (const match of text.matchAll(/uses:\s*([^\s#]+)/g)) {
    const ref = match[1];
    if (ref.startsWith('./')) continue;
    if (!/@[0-9a-f]{40}$/.test(ref)) problems.push(`${ref}: pin actions to a full commit SHA (tags can be moved)`);
  }
  if (/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID/.test(text)) problems.push('long-lived AWS keys: use role-to-assume (OIDC) only');
  const top = doc.permissions ?? {};
  if (top === 'write-all' || Object.values(top).some((v) => v === 'write')) problems.push('top-level permissions must be read-only');
  if (doc.permissions === undefined) problems.push('top-level permissions missing (the default token may be read-write)');
  for (const [name, job] of Object.entries<Json>(doc.jobs ?? {})) {
    const steps: Json[] = job.steps ?? [];
    const assumes = steps.some((s) => String(s.uses ?? '').startsWith('aws-actions/configure-aws-credentials'));
    if (assumes && job.permissions?.['id-token'] !== 'write') problems.push(`job ${name}: assumes an AWS role without permissions id-token: write`);
    if (!assumes && !job.uses && job.permissions?.['id-token'] === 'write') problems.push(`job ${name}: id-token: write but assumes no role`);
    if (assumes && steps.some((s) => s.with && !s.with['role-to-assume'] && String(s.uses).startsWith('aws-actions/'))) problems.push(`job ${name}: configure-aws-credentials without role-to-assume`);
    const deploys = steps.some((s) => /npm run deploy|cdktf deploy|terraform apply/.test(String(s.run ?? '')));
    if (deploys && !job.environment) problems.push(`job ${name}: deploys outside a GitHub environment (no required reviewers, deploy role trust would not match)`);
  }
  return problems;
}

describe.each(workflows)('workflow %s', (_file, text) => {
  test('action-validator finds no errors', () => {
    expect(validateWorkflow(text).errors).toEqual([]);
  });

  test('keeps the pipeline rules', () => {
    expect(pipelineProblems(text)).toEqual([]);
  });
});

test('the setup action validates and pins its actions', () => {
  expect(validateAction(action).errors).toEqual([]);
  expect(pipelineProblems(action).filter((p) => p.includes('pin'))).toEqual([]);
});

test('pull requests plan every stack of every environment through the guard; main deploys staging before production', () => {
  const pr: Json = parse(workflows.find(([f]) => f === 'pull-request.yml')![1]);
  const planned = Object.values<Json>(pr.jobs).filter((j) => j.with?.mode === 'plan').map((j) => j.with.stacks).sort();
  expect(planned).toEqual(['production', 'production-gpu', 'production-workloads', 'staging', 'staging-gpu', 'staging-workloads']);
  const main: Json = parse(workflows.find(([f]) => f === 'deploy.yml')![1]);
  expect(main.on.push.branches).toEqual(['main']);
  expect(main.jobs.production.needs).toBe('production-plan');
  expect(main.jobs['production-plan'].needs).toBe('staging-workloads');
  expect(main.jobs['production-plan'].with.stacks.split(' ')).toEqual(['production', 'production-workloads', 'production-gpu']);
  const deployed = Object.values<Json>(main.jobs).filter((j) => j.with?.mode === 'deploy').map((j) => j.with.stacks).sort();
  expect(deployed).toEqual(['production', 'production-gpu', 'production-workloads', 'staging', 'staging-gpu', 'staging-workloads']);
  // GPU stacks last, production's after staging's: a GPU capacity failure holds back nothing else.
  expect(main.jobs['staging-gpu'].needs).toBe('staging-workloads');
  expect(main.jobs['production-gpu'].needs).toEqual(['production-workloads', 'staging-gpu']);
  expect(Object.values<Json>(main.jobs).filter((j) => [j.needs].flat().some((n) => /-gpu$/.test(n)) && !/-gpu$/.test(j.with?.stacks ?? ''))).toEqual([]);
  expect(main.jobs.production.with).toMatchObject({ mode: 'deploy', environment: 'production', 'role-arn': '${{ vars.PRODUCTION_DEPLOY_ROLE_ARN }}' });
  const stack: Json = parse(workflows.find(([f]) => f === 'stack.yml')![1]);
  expect(stack.jobs.deploy.environment).toBe('${{ inputs.environment }}');
  // The job outlives Terraform's 60-minute create timeouts and asks for the deploy role's whole session, no more.
  const credentials = stack.jobs.deploy.steps.find((s: Json) => String(s.uses).startsWith('aws-actions/configure-aws-credentials'));
  expect(credentials.with['role-duration-seconds']).toBe(DEPLOY_SESSION_SECONDS);
  expect(stack.jobs.deploy['timeout-minutes']).toBeGreaterThan(60);
  expect(stack.jobs.deploy['timeout-minutes'] * 60).toBeLessThan(DEPLOY_SESSION_SECONDS);
  expect(stack.jobs.plan.steps.map((s: Json) => s.run).filter(Boolean).join('\n')).toMatch(/npm run plan -- \$STACKS/);
});

describe('planted defects are caught', () => {
  const stack = workflows.find(([f]) => f === 'stack.yml')![1];
  test.each<[string, string, RegExp]>([
    ['an action pinned to a tag', stack.replace(/actions\/checkout@[0-9a-f]{40}/, 'actions/checkout@v4'), /actions\/checkout@v4: pin actions to a full commit SHA/],
    ['static AWS keys', stack.replace('role-to-assume: ${{ inputs.role-arn }}', 'aws-access-key-id: ${{ secrets.AWS_KEY }}'), /long-lived AWS keys/],
    ['a deploy job without its environment', stack.replace('    environment: ${{ inputs.environment }}\n', ''), /job deploy: deploys outside a GitHub environment/],
    ['a role assumed without id-token', stack.replace('      id-token: write\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n      - uses: ./.github/actions/setup\n      - uses: aws-actions/configure-aws-credentials@e3dd6a429d7300a6a4c196c26e071d42e0343502 # v4.0.2\n        with:\n          role-to-assume: ${{ inputs.role-arn }}\n          role-session-name: deploy', '    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n      - uses: ./.github/actions/setup\n      - uses: aws-actions/configure-aws-credentials@e3dd6a429d7300a6a4c196c26e071d42e0343502 # v4.0.2\n        with:\n          role-to-assume: ${{ inputs.role-arn }}\n          role-session-name: deploy'), /job deploy: assumes an AWS role without permissions id-token: write/],
    ['write-all permissions', stack.replace('permissions:\n  contents: read\njobs:', 'permissions: write-all\njobs:'), /top-level permissions must be read-only/],
  ])('%s', (_label, text, message) => {
    expect(text).not.toBe(stack);
    expect(pipelineProblems(text).join('\n')).toMatch(message);
  });

  test('action-validator rejects a job without runs-on and an unknown key', () => {
    const broken = stack.replace('    runs-on: ${{ fromJSON(inputs.runs-on) }}\n    timeout-minutes: 30\n', '    timeout-minutes: 30\n    run-on: ubuntu-latest\n');
    expect(broken).not.toBe(stack);
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });
});
