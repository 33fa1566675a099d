/** `npm run plan -- <stack|glob>...`: synth, init, plan -out, show -json, plan guard, summary (docs/deploying.md). */
import { parsePlanArgs, planStacks, runCommand } from '../lib/plan-guard/plan-command';

runCommand(() => {
  const options = parsePlanArgs(process.argv.slice(2), 'plan');
  if (typeof options === 'string') throw new Error(options);
  return planStacks(options).code;
});
