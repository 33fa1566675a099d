/**
 * `npm run deploy -- <stack|glob>... [--auto-approve]`: the reviewed path for applying. Plans and guards every
 * selected stack first, so nothing is applied when any plan is blocked. Then per stack, in dependency order: the
 * summary, a confirmation (typing the stack name; `--auto-approve` in CI, where the GitHub environment's required
 * reviewers are the approval), and `terraform apply` of exactly the saved plan. A stack after the first is planned
 * and guarded again once the stacks before it are applied, so its saved plan never carries stale inputs.
 */
import { createInterface } from 'readline/promises';
import { EXIT } from '../lib/plan-guard/cli';
import { parsePlanArgs, planStacks } from '../lib/plan-guard/plan-command';
import { terraform } from '../lib/plan-guard/terraform-plan';

async function confirmed(stack: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(`Apply the plan above to ${stack}? Type "${stack}" to confirm: `);
  rl.close();
  return answer.trim() === stack;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const options = parsePlanArgs(argv, 'deploy');
  if (typeof options === 'string') throw new Error(options);
  const autoApprove = argv.includes('--auto-approve');
  const all = planStacks(options);
  if (all.code !== EXIT.safe) return all.code;
  for (const [index, { stack }] of all.plans.entries()) {
    const again = index === 0 ? all : planStacks({ ...options, patterns: [stack], synth: false });
    const planned = again.plans.find((p) => p.stack === stack);
    if (again.code !== EXIT.safe || !planned?.plan.planFile) return again.code === EXIT.safe ? EXIT.blocked : again.code;
    const { create, update, replace, delete: del } = planned.plan.report!.counts;
    if (create + update + replace + del === 0) {
      console.log(`${stack}: no changes`);
      continue;
    }
    if (!autoApprove && !(await confirmed(stack))) {
      console.error(`deploy: ${stack} not confirmed; stopping (earlier stacks stay applied)`);
      return EXIT.blocked;
    }
    const apply = terraform({ terraform: process.env.TERRAFORM_BIN ?? 'terraform', cwd: planned.cwd }, ['apply', '-input=false', '-no-color', planned.plan.planFile]);
    process.stdout.write(apply.stdout);
    process.stderr.write(apply.stderr);
    if (!apply.ok) return EXIT.unusable;
  }
  return EXIT.safe;
}

main().then((code) => process.exit(code), (error: Error) => {
  console.error(`error: ${error.message}`);
  process.exit(EXIT.unusable);
});
