/**
 * `npm run plan -- <stack|glob>...`: synth, init, plan -out, show -json, plan guard, summary (docs/deploying.md).
 * `npm run plan -- --offline <stack|glob>...`: the same summary and verdict without credentials, against a baseline
 * from git HEAD (docs/operating.md#rehearsing-a-change-offline).
 */
import { parseOfflineArgs, runOfflinePlan } from '../lib/offline-plan/command';
import { parsePlanArgs, planStacks, runCommand } from '../lib/plan-guard/plan-command';

runCommand(() => {
  const argv = process.argv.slice(2);
  if (argv.includes('--offline')) {
    const offline = parseOfflineArgs(argv);
    if (typeof offline === 'string') throw new Error(offline);
    return runOfflinePlan(offline, { out: (t) => console.log(t), err: (t) => console.error(t) });
  }
  const options = parsePlanArgs(argv, 'plan');
  if (typeof options === 'string') throw new Error(options);
  return planStacks(options).code;
});
