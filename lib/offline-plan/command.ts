/**
 * `npm run plan -- --offline <stack|glob>... [--base <git ref> | --base-outdir <dir>] [--no-synth] [--allow-list <file>]`:
 * what a change would do, before anyone has access. Synthesizes the working tree, takes the baseline from git HEAD
 * (or `--base`), and per stack prints the plan summary of the AWS part and the plan guard's verdict (rehearsal.ts).
 * Exit 0: nothing blocked; 1: the guard would block; 2: no toolchain, a failed synth or plan, or bad arguments.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { DEFAULT_ALLOW_LIST, EXIT } from '../plan-guard/cli';
import { loadAllowList } from '../plan-guard/plan-command';
import { OUTDIR, selectStacks, summarise, synth } from '../plan-guard/stacks';
import { rehearseStack, stackJson, synthAtRef } from './rehearsal';
import { AWS_PROVIDER_VERSION, terraformToolchain } from './toolchain';

export interface OfflineOptions {
  readonly patterns: readonly string[];
  /** The baseline: a git ref to synthesize, or an existing synth output directory. */
  readonly base: { readonly ref: string } | { readonly outdir: string };
  readonly synth: boolean;
  readonly allowList: string;
}

export interface OfflineIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const USAGE = 'usage: npm run plan -- --offline <stack|glob>... [--base <git ref> | --base-outdir <dir>] [--no-synth] [--allow-list <file>]';
/** Where the rehearsal's JSON plan is left for review, next to the stack's synthesized configuration. */
export const OFFLINE_PLAN_JSON = 'offline-plan.json';

export function parseOfflineArgs(argv: readonly string[]): OfflineOptions | string {
  const patterns: string[] = [];
  let ref: string | undefined;
  let outdir: string | undefined;
  let doSynth = true;
  let allowList = DEFAULT_ALLOW_LIST;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--offline') continue;
    if (arg === '--no-synth') doSynth = false;
    else if (['--base', '--base-outdir', '--allow-list'].includes(arg)) {
      const value = argv[i + 1];
      if (!value || value.startsWith('--')) return `${arg} needs a value\n${USAGE}`;
      if (arg === '--base') ref = value;
      else if (arg === '--base-outdir') outdir = resolve(value);
      else allowList = value;
      i += 1;
    } else if (arg.startsWith('-')) return `unknown option ${arg}\n${USAGE}`;
    else patterns.push(arg);
  }
  if (patterns.length === 0) return USAGE;
  if (ref && outdir) return `give --base or --base-outdir, not both\n${USAGE}`;
  return { patterns, base: outdir ? { outdir } : { ref: ref ?? 'HEAD' }, synth: doSynth, allowList };
}

/** Runs the rehearsal; returns the exit code. */
export function runOfflinePlan(options: OfflineOptions, io: OfflineIo, today = new Date()): number {
  const toolchain = terraformToolchain();
  if ('missing' in toolchain) {
    io.err(`plan --offline: cannot rehearse: ${toolchain.missing}.\n  The offline plan runs the terraform CLI with hashicorp/aws ${AWS_PROVIDER_VERSION} from a local filesystem mirror and no credentials; see docs/operating.md#rehearsing-a-change-offline.`);
    return EXIT.unusable;
  }
  const entries = loadAllowList(options.allowList, today);
  if (options.synth) synth();
  const stacks = selectStacks(options.patterns);
  const workRoot = mkdtempSync(join(tmpdir(), 'offline-plan-'));
  try {
    const baseLabel = 'ref' in options.base ? `git ${options.base.ref}` : options.base.outdir;
    const baseOutdir = 'ref' in options.base ? synthAtRef(options.base.ref, workRoot) : options.base.outdir;
    if (!existsSync(baseOutdir)) throw new Error(`--base-outdir ${baseOutdir}: no such directory`);
    let code: number = EXIT.safe;
    for (const stack of stacks) {
      const head = stackJson(OUTDIR, stack.name)!;
      const rehearsal = rehearseStack(toolchain, stack.name, stackJson(baseOutdir, stack.name), head, entries, today, workRoot);
      const notes = [
        `  (offline rehearsal against ${baseLabel}${rehearsal.newStack ? ', where this stack does not exist yet: everything is new' : ''}; AWS part only, no refresh, fake credentials)`,
        ...(rehearsal.notRehearsed.length > 0 ? [`  (not rehearsed: ${rehearsal.notRehearsed.join(', ')}; the real plan covers them)`] : []),
      ];
      if (!rehearsal.plan) {
        io.out(`${stack.name}: no AWS resources, nothing to rehearse\n${notes.join('\n')}`);
        continue;
      }
      const text = `${summarise(stack.name, rehearsal.plan)}\n${notes.join('\n')}`;
      if (rehearsal.plan.jsonFile && existsSync(rehearsal.plan.jsonFile)) copyFileSync(rehearsal.plan.jsonFile, join(OUTDIR, stack.workingDirectory, OFFLINE_PLAN_JSON));
      const report = rehearsal.plan.report;
      (report && !report.blocked ? io.out : io.err)(text);
      if (!report) code = EXIT.unusable;
      else if (report.blocked && code === EXIT.safe) code = EXIT.blocked;
    }
    return code;
  } finally {
    rmSync(workRoot, { recursive: true, force: true });
  }
}
