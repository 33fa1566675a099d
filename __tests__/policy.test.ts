/** Policy rules (checkov/trivy equivalents) over every synthesized stack; waivers only from exceptions.ts. */
import { POLICY_RULES } from './policy';
import { isExcepted, POLICY_EXCEPTIONS } from './policy/exceptions';
import { platformStacks } from './support/synth';

const stacks = platformStacks();
const used = new Set<number>();

describe.each(stacks.map((s) => [s.name, s] as const))('stack %s', (_name, stack) => {
  test.each(POLICY_RULES.map((r) => [`${r.id}${r.mirrors ? ` (${r.mirrors})` : ''}: ${r.title}`, r] as const))('%s', (_title, rule) => {
    const violations = rule.evaluate(stack).filter((v) => {
      const exception = isExcepted(rule.id, stack.name, v.address);
      if (exception) used.add(POLICY_EXCEPTIONS.indexOf(exception));
      return !exception;
    });
    expect(violations.map((v) => `${v.address}: ${v.message}`)).toEqual([]);
  });
});

test('every documented exception still matches a real violation (no stale waivers)', () => {
  const stale = POLICY_EXCEPTIONS.filter((_e, i) => !used.has(i)).map((e) => `${e.rule} ${e.address}`);
  expect(stale).toEqual([]);
});

test('the rules see the resources they are meant to check', () => {
  // Guards against a rule that passes because it matched nothing.
  const production = stacks.find((s) => s.name === 'production')!;
  for (const type of ['aws_vpc', 'aws_subnet', 'aws_kms_key', 'aws_cloudwatch_log_group', 'aws_security_group', 'aws_iam_role']) {
    expect(production.resources(type).length).toBeGreaterThan(0);
  }
  for (const name of ['bootstrap-production', 'bootstrap-staging']) expect(stacks.find((s) => s.name === name)!.resources('aws_s3_bucket').length).toBe(2);
  const workloads = stacks.find((s) => s.name === 'production-workloads')!;
  for (const type of ['helm_release', 'kubernetes_namespace_v1', 'kubernetes_network_policy_v1']) {
    expect(workloads.resources(type).length).toBeGreaterThan(0);
  }
});
