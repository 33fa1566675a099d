/**
 * The Terraform Cloud workspaces construct on its own: addresses that stay put when a stack is added, notifications
 * for Terraform Cloud (user ids) and Enterprise (addresses), sensitive inputs, and the agent-pool rule.
 */
import { App, TerraformStack, Testing } from 'cdktf';
import { NOTIFICATION_TRIGGERS, TerraformCloudWorkspaces, runTriggerEdges, type TerraformCloudWorkspacesProps } from '../constructs/terraform-cloud/terraform-cloud-workspaces';
import type { Json } from './support/synth';

function build(stackNames: readonly string[], extra: Partial<TerraformCloudWorkspacesProps> = {}): { json: Json; stacks: TerraformStack[] } {
  const app = new App({ outdir: Testing.app().outdir });
  const stacks = stackNames.map((n) => new TerraformStack(app, n));
  stacks.slice(1).forEach((s, i) => s.addDependency(stacks[i]));
  const tfc = new TerraformStack(app, 'tfc');
  new TerraformCloudWorkspaces(tfc, 'tfc', {
    organization: 'acme', project: 'p', planRoleArn: 'arn:aws:iam::1:role/p', applyRoleArn: 'arn:aws:iam::1:role/a',
    workspaces: stacks.map((stack) => ({ stack, name: `w-${stack.node.id}`, executionMode: 'remote' })), ...extra,
  });
  return { json: JSON.parse(Testing.synth(tfc)), stacks };
}

test('adding a stack adds a workspace and changes no existing workspace address', () => {
  const before = Object.keys(build(['env', 'env-workloads']).json.resource.tfe_workspace);
  const after = Object.keys(build(['env', 'env-workloads', 'env-extra']).json.resource.tfe_workspace);
  expect(after).toEqual(expect.arrayContaining(before));
  expect(after).toHaveLength(before.length + 1);
});

test('run triggers: a chain a -> b -> c gives a->b and b->c, not a->c', () => {
  const app = new App({ outdir: Testing.app().outdir });
  const [a, b, c] = ['a', 'b', 'c'].map((n) => new TerraformStack(app, n));
  b.addDependency(a);
  c.addDependency(b);
  c.addDependency(a);
  expect(runTriggerEdges([a, b, c]).map(([to, from]) => `${from.node.id}->${to.node.id}`).sort()).toEqual(['a->b', 'b->c']);
});

test('notifications: Terraform Cloud mails its members by user id, Enterprise the addresses', () => {
  const cloud = Object.values<Json>(build(['env'], { notify: { userIds: ['user-abc'] } }).json.resource.tfe_notification_configuration);
  expect(cloud[0]).toMatchObject({ destination_type: 'email', email_user_ids: ['user-abc'], triggers: NOTIFICATION_TRIGGERS });
  expect(cloud[0].email_addresses).toBeUndefined();
  const enterprise = Object.values<Json>(build(['env'], { notify: { addresses: ['ops@example.com'] } }).json.resource.tfe_notification_configuration);
  expect(enterprise[0]).toMatchObject({ email_addresses: ['ops@example.com'] });
  expect(build(['env']).json.resource.tfe_notification_configuration).toBeUndefined();
});

test('a PagerDuty URL becomes a write-only sensitive Terraform variable of the workspace, its value an ephemeral input (TF_VAR_<key>)', () => {
  const app = new App({ outdir: Testing.app().outdir });
  const env = new TerraformStack(app, 'env');
  const tfc = new TerraformStack(app, 'tfc');
  new TerraformCloudWorkspaces(tfc, 'tfc', {
    organization: 'acme', project: 'p', planRoleArn: 'p', applyRoleArn: 'a', workspaces: [{ stack: env, name: 'w-env', executionMode: 'remote' }],
    sensitiveVariables: [{ key: 'pagerduty_production', category: 'terraform', stack: env, description: 'PagerDuty URL' }],
  });
  const json = JSON.parse(Testing.synth(tfc));
  expect(Object.values<Json>(json.resource.tfe_variable).find((v) => v.key === 'pagerduty_production')).toMatchObject({ value_wo: '${var.pagerduty_production}', sensitive: true, category: 'terraform' });
  expect(json.variable.pagerduty_production).toMatchObject({ sensitive: true, ephemeral: true });
});

test('a workspace on agents without an agent pool is refused, naming the project', () => {
  const app = new App({ outdir: Testing.app().outdir });
  const env = new TerraformStack(app, 'env');
  expect(() => new TerraformCloudWorkspaces(new TerraformStack(app, 'tfc'), 'tfc', {
    organization: 'acme', project: 'p', planRoleArn: 'p', applyRoleArn: 'a', workspaces: [{ stack: env, name: 'w', executionMode: 'agent' }],
  })).toThrow(/TerraformCloudWorkspaces p: a workspace runs on agents, give agentPool/);
});

test('run triggers can be turned off (CI deploys every stack in order itself)', () => {
  expect(Object.keys(build(['env', 'env-workloads']).json.resource.tfe_run_trigger)).toHaveLength(1);
  expect(build(['env', 'env-workloads'], { runTriggers: false }).json.resource.tfe_run_trigger).toBeUndefined();
});
