/** Policy rules (checkov/trivy equivalents) over every synthesized stack; waivers only from exceptions.ts, by tier. */
import { POLICY_RULES } from './policy';
import { isExcepted, POLICY_EXCEPTIONS, stackTiers } from './policy/exceptions';
import { platformStacks, terraformCloudOnlyStacks, testEnvironments } from './support/synth';

// Every stack of the shipped config, and the Terraform Cloud stacks it would have with that backend.
const stacks = [...platformStacks(), ...terraformCloudOnlyStacks()];
const envs = Object.values(testEnvironments());
const tiers = stackTiers(testEnvironments());
const used = new Set<number>();

describe.each(stacks.map((s) => [s.name, s] as const))('stack %s', (_name, stack) => {
  test.each(POLICY_RULES.map((r) => [`${r.id}${r.mirrors ? ` (${r.mirrors})` : ''}: ${r.title}`, r] as const))('%s', (_title, rule) => {
    const violations = rule.evaluate(stack, stacks).filter((v) => {
      const exception = isExcepted(rule.id, tiers[stack.name], v.address);
      if (exception) used.add(POLICY_EXCEPTIONS.indexOf(exception));
      return !exception;
    });
    expect(violations.map((v) => `${v.address}: ${v.message}`)).toEqual([]);
  });
});

test('every stack has a tier, so waivers apply by tier and never by name', () => {
  for (const stack of stacks) expect([stack.name, tiers[stack.name]]).toEqual([stack.name, expect.stringMatching(/^(production|staging|development)$/)]);
});

test('every documented exception still matches a real violation (no stale waivers)', () => {
  const stale = POLICY_EXCEPTIONS.filter((_e, i) => !used.has(i)).map((e) => `${e.rule} ${e.address}`);
  expect(stale).toEqual([]);
});

test.each(envs.map((e) => [e.name] as const))('the rules see the resources they are meant to check in %s', (name) => {
  // Guards against a rule that passes because it matched nothing.
  const infra = stacks.find((s) => s.name === name)!;
  for (const type of ['aws_vpc', 'aws_subnet', 'aws_kms_key', 'aws_cloudwatch_log_group', 'aws_security_group', 'aws_iam_role']) {
    expect(infra.resources(type).length).toBeGreaterThan(0);
  }
  // The state bucket and its access-log bucket, with S3 state; the run task's function, with Terraform Cloud state.
  const env = envs.find((e) => e.name === name)!;
  if (env.state.backend === 's3') expect(stacks.find((s) => s.name === `bootstrap-${name}`)!.resources('aws_s3_bucket').length).toBe(2);
  expect(stacks.find((s) => s.name === `tfc-${name}`)!.resources('aws_lambda_function').length).toBe(1);
  const workloads = stacks.find((s) => s.name === `${name}-workloads`)!;
  for (const type of ['helm_release', 'kubernetes_namespace_v1', 'kubernetes_network_policy_v1']) {
    expect(workloads.resources(type).length).toBeGreaterThan(0);
  }
  const gpu = stacks.find((s) => s.name === `${name}-gpu`)!;
  for (const type of ['aws_eks_node_group', 'aws_launch_template', 'helm_release']) expect(gpu.resources(type).length).toBeGreaterThan(0);
});

