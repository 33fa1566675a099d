/**
 * Rehearses a change without credentials: the AWS part of a stack as it was (the baseline: a git ref's synth, or a
 * synth output directory) is turned into a state "as if applied" (baseline.ts), then the AWS part as it is now is
 * planned against it with the local provider mirror and fake credentials, and the plan guard judges the result.
 * What it shows is what the configuration change does; drift and what is really deployed need the real plan.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { AllowEntry } from '../plan-guard/allow-list';
import type { Json } from '../plan-guard/plan';
import { planAndGuard, terraform, type GuardedPlan, type TerraformRunner } from '../plan-guard/terraform-plan';
import { PROJECT_ROOT } from '../project-root';
import { awsPartOf, hasAwsPart, nonAwsResourceTypes } from './aws-part';
import { OFFLINE_PLAN_ARGS, writeBaselineState } from './baseline';
import { offlineEnv, type TerraformToolchain } from './toolchain';

export interface Rehearsal {
  readonly stack: string;
  /** The guarded plan of the AWS part; undefined when the stack has no AWS part now or before. */
  readonly plan?: GuardedPlan;
  /** The stack did not exist in the baseline: everything is planned as new. */
  readonly newStack: boolean;
  /** Resource types outside the rehearsal (Kubernetes, Helm, Cloudflare): the real plan covers them. */
  readonly notRehearsed: readonly string[];
}

/** The synthesized Terraform JSON of `stack` in a cdktf output directory, or undefined when it has no such stack. */
export function stackJson(outdir: string, stack: string): Json | undefined {
  const manifest = join(outdir, 'manifest.json');
  if (!existsSync(manifest)) throw new Error(`${manifest} not found: not a synth output directory`);
  const entry = JSON.parse(readFileSync(manifest, 'utf8')).stacks?.[stack];
  if (!entry) return undefined;
  return JSON.parse(readFileSync(join(outdir, entry.synthesizedStackPath ?? join(entry.workingDirectory, 'cdk.tf.json')), 'utf8'));
}

/**
 * Plans `head` (a stack's synthesized JSON now) against the state `base` would have once applied, in a fresh
 * directory under `workRoot`; the JSON plan is kept there as `plan.json`. The plan file itself is never kept: it is
 * a plan against a made-up state.
 */
export function rehearseStack(toolchain: TerraformToolchain, stack: string, base: Json | undefined, head: Json, allowList: readonly AllowEntry[], today: Date, workRoot: string): Rehearsal {
  const notRehearsed = nonAwsResourceTypes(head);
  const newStack = base === undefined;
  if (!hasAwsPart(head) && !(base && hasAwsPart(base))) return { stack, newStack, notRehearsed };
  const dir = mkdtempSync(join(workRoot, `${stack}-`));
  const runner: TerraformRunner = { terraform: toolchain.terraform, cwd: dir, env: offlineEnv(dir, toolchain) };
  const write = (config: Json) => writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(config, null, 2));
  const init = () => {
    const run = terraform(runner, ['init', '-input=false', '-no-color', '-backend=false']);
    if (!run.ok) throw new Error(`terraform init failed in ${dir}:\n${run.stdout}${run.stderr}`);
  };
  if (base && hasAwsPart(base)) {
    const baseline = awsPartOf(base);
    write(baseline);
    init();
    writeBaselineState(runner, baseline);
  }
  write(awsPartOf(head));
  init();
  const plan = planAndGuard(runner, stack, allowList, today, OFFLINE_PLAN_ARGS);
  if (plan.planFile) rmSync(plan.planFile, { force: true });
  return { stack, newStack, notRehearsed, plan: { ...plan, planFile: undefined } };
}

/**
 * Synthesizes the project as it is at git `ref` into `<workRoot>/base-out` and returns that directory. The tree is
 * read with `git archive` (the working tree and index are never touched) into `<workRoot>/base-src`, which links
 * this checkout's node_modules: a ref with other dependencies needs `npm ci` at that ref instead.
 */
export function synthAtRef(ref: string, workRoot: string, root = PROJECT_ROOT): string {
  const source = join(workRoot, 'base-src');
  const outdir = join(workRoot, 'base-out');
  mkdirSync(source, { recursive: true });
  const archive = spawnSync('git', ['archive', '--format=tar', ref], { cwd: root, maxBuffer: 1024 * 1024 * 1024 });
  if (archive.status !== 0) throw new Error(`git archive ${ref} failed: ${archive.error?.message ?? archive.stderr?.toString().trim()}`);
  const untar = spawnSync('tar', ['-x', '-C', source], { input: archive.stdout });
  if (untar.status !== 0) throw new Error(`unpacking ${ref} failed: ${untar.error?.message ?? untar.stderr?.toString().trim()}`);
  symlinkSync(join(root, 'node_modules'), join(source, 'node_modules'), 'dir');
  const synth = spawnSync(process.execPath, [join('scripts', 'run-app.cjs')], {
    cwd: source, env: { ...process.env, CDKTF_OUTDIR: outdir }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
  });
  if (synth.status !== 0) throw new Error(`synth of ${ref} failed:\n${synth.stdout}${synth.stderr}`);
  return outdir;
}
