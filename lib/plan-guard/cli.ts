/**
 * `npm run plan-guard -- <plan.json> [--stack <name>] [--allow-list <file>]`.
 * Exit 0: safe (one-line summary). Exit 1: protected changes blocked (listed). Exit 2: unusable input.
 */
import { existsSync, readFileSync } from 'fs';
import { resolve, sep } from 'path';
import { AllowListError, parseAllowList, type AllowEntry } from './allow-list';
import { evaluatePlan, formatReport, type GuardReport } from './guard';
import { parsePlan, PlanFormatError } from './plan';

/** The allow-list at the repository root, next to package.json. */
export const DEFAULT_ALLOW_LIST = resolve(__dirname, '..', '..', 'plan-guard-allow-list.yaml');

export const EXIT = { safe: 0, blocked: 1, unusable: 2 } as const;

export interface GuardIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** "Now" for expiry checks. @default the current time */
  readonly today?: Date;
}

export interface GuardArgs {
  readonly planFile: string;
  readonly stack?: string;
  readonly allowList: string;
}

const USAGE = 'usage: npm run plan-guard -- <plan.json> [--stack <name>] [--allow-list <file>]';

export function parseArgs(argv: readonly string[]): GuardArgs | string {
  const positional: string[] = [];
  let stack: string | undefined;
  let allowList = DEFAULT_ALLOW_LIST;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--stack' || arg === '--allow-list') {
      const value = argv[i + 1];
      if (!value) return `${arg} needs a value\n${USAGE}`;
      if (arg === '--stack') stack = value;
      else allowList = value;
      i += 1;
    } else if (arg.startsWith('-')) {
      return `unknown option ${arg}\n${USAGE}`;
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 1) return USAGE;
  return { planFile: positional[0], stack: stack ?? stackFromPath(positional[0]), allowList };
}

/** `cdktf.out/stacks/<stack>/plan.json` → `<stack>`: where `npm run plan` writes plans. */
export function stackFromPath(file: string): string | undefined {
  const parts = resolve(file).split(sep);
  const at = parts.lastIndexOf('stacks');
  return at >= 0 && at < parts.length - 2 ? parts[at + 1] : undefined;
}

/** Loads the plan and allow-list and evaluates; throws PlanFormatError/AllowListError for unusable input. */
export function guardFiles(args: GuardArgs, today: Date): GuardReport {
  if (!existsSync(args.planFile)) throw new PlanFormatError(`${args.planFile}: no such file`);
  const plan = parsePlan(readFileSync(args.planFile, 'utf8'), args.planFile);
  const entries: AllowEntry[] = existsSync(args.allowList) ? parseAllowList(readFileSync(args.allowList, 'utf8'), args.allowList, today) : [];
  return evaluatePlan(plan, entries, args.stack, today);
}

export function runGuard(argv: readonly string[], io: GuardIo): number {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.err(`plan-guard: ${args}`);
    return EXIT.unusable;
  }
  try {
    const report = guardFiles(args, io.today ?? new Date());
    const label = args.stack ? `stack ${args.stack}` : args.planFile;
    (report.blocked ? io.err : io.out)(formatReport(report, label));
    if (report.blocked && !args.stack) io.err('  (no --stack given and none in the path: allow-list entries cannot match; pass --stack <name>)');
    return report.blocked ? EXIT.blocked : EXIT.safe;
  } catch (error) {
    if (error instanceof PlanFormatError || error instanceof AllowListError) {
      io.err(`plan-guard: ${error.message.split('\n').join('\nplan-guard: ')}`);
      return EXIT.unusable;
    }
    throw error;
  }
}

