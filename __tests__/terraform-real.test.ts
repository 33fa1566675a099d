/**
 * The real Terraform CLI against the AWS part of every synthesized stack: init from the local aws 5.100.0
 * mirror, validate, and an offline `plan -refresh=false` with fake credentials. Skips loudly without them.
 */
import { awsResourceCount, hasAwsPart, terraformToolchain, validateAndPlan } from './support/terraform';
import { platformStacks } from './support/synth';

const toolchain = terraformToolchain();
const stacks = platformStacks().filter((s) => hasAwsPart(s.json));

if ('missing' in toolchain) {
  const banner = `\n${'!'.repeat(78)}\n!! REAL TERRAFORM CHECKS SKIPPED: ${toolchain.missing}\n!! terraform validate / plan did NOT run for: ${stacks.map((s) => s.name).join(', ')}\n${'!'.repeat(78)}\n`;
  process.stderr.write(banner);
  test.skip(`terraform validate + plan (SKIPPED: ${toolchain.missing})`, () => undefined);
} else {
  describe.each(stacks.map((s) => [s.name, s] as const))('terraform on the AWS part of %s', (name, stack) => {
    const result = validateAndPlan(toolchain, name, stack.json);

    test('terraform init installs hashicorp/aws 5.100.0 from the local mirror', () => {
      expect(result.init?.output).toMatch(/Installed hashicorp\/aws v5\.100\.0/);
      expect(result.init?.ok).toBe(true);
    });

    test('terraform validate succeeds', () => {
      expect(result.validate?.output).toMatch(/The configuration is valid/);
    });

    test('terraform plan -refresh=false succeeds and creates exactly the declared AWS resources', () => {
      const output = result.plan?.output ?? '(plan did not run)';
      const declared = awsResourceCount(stack.json);
      if (declared === 0) {
        // Only data sources (e.g. the workloads stack's cluster token): they must evaluate offline.
        expect(output).toMatch(/No changes/);
        return;
      }
      expect(output).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy/);
      expect(Number(/Plan: (\d+) to add/.exec(output)?.[1])).toBe(declared);
    });
  });
}
