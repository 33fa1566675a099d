/**
 * `npm run plan -- <stack|glob>... [--no-synth] [--allow-list <file>]`: synthesize, then per stack `terraform init`,
 * `plan -out`, `show -json`, the guard, and a short summary. Exit 0: every plan passed the guard (plan files kept
 * for `npm run deploy`); 1: something is blocked; 2: synth, Terraform or the input failed.
 */
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parseAllowList, type AllowEntry } from './allow-list';
import { DEFAULT_ALLOW_LIST, EXIT } from './cli';
import { init, recordSummary, resetSummary, runnerFor, selectStacks, summarise, synth } from './stacks';
import { planAndGuard, terraform, type GuardedPlan } from './terraform-plan';

export interface PlanOptions {
  readonly patterns: readonly string[];
  readonly synth: boolean;
  readonly allowList: string;
}

export function parsePlanArgs(argv: readonly string[], command: string): PlanOptions | string {
  const patterns: string[] = [];
  let doSynth = true;
  let allowList = DEFAULT_ALLOW_LIST;
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--no-synth') doSynth = false;
    else if (argv[i] === '--allow-list' && argv[i + 1]) allowList = argv[++i];
    else if (argv[i].startsWith('-') && !['--auto-approve'].includes(argv[i])) return `unknown option ${argv[i]}`;
    else if (!argv[i].startsWith('-')) patterns.push(argv[i]);
  }
  return patterns.length > 0 ? { patterns, synth: doSynth, allowList } : `usage: npm run ${command} -- <stack|glob>... [--no-synth] [--allow-list <file>]`;
}

export function loadAllowList(file: string, today: Date): AllowEntry[] {
  return existsSync(file) ? parseAllowList(readFileSync(file, 'utf8'), file, today) : [];
}

/** Plans and guards each selected stack; returns the plans and the exit code. */
export function planStacks(options: PlanOptions, today = new Date()): { code: number; plans: Array<{ stack: string; cwd: string; plan: GuardedPlan }> } {
  const entries = loadAllowList(options.allowList, today);
  if (options.synth) synth();
  resetSummary();
  const plans: Array<{ stack: string; cwd: string; plan: GuardedPlan }> = [];
  let code: number = EXIT.safe;
  for (const stack of selectStacks(options.patterns)) {
    const runner = runnerFor(stack);
    init(runner);
    const plan = planAndGuard(runner, stack.name, entries, today);
    if (plan.planFile) writeFileSync(join(runner.cwd, 'plan.txt'), terraform(runner, ['show', '-no-color', plan.planFile]).stdout);
    const text = summarise(stack.name, plan);
    (plan.report && !plan.report.blocked ? console.log : console.error)(text);
    recordSummary(stack.name, text);
    plans.push({ stack: stack.name, cwd: runner.cwd, plan });
    if (!plan.report) code = EXIT.unusable;
    else if (plan.report.blocked && code === EXIT.safe) code = EXIT.blocked;
  }
  return { code, plans };
}

/** Runs a command's main; any error (bad allow-list, unknown stack, failed synth or init) is exit 2 with its message. */
export function runCommand(main: () => number): never {
  try {
    process.exit(main());
  } catch (error) {
    console.error((error as Error).message.split('\n').map((l) => `error: ${l}`).join('\n'));
    process.exit(EXIT.unusable);
  }
}
