/**
 * Plan one synthesized stack and put the guard in front of it: `terraform plan -out`, `show -json`, guard.
 *
 * Resources with `lifecycle.prevent_destroy` make Terraform fail the whole plan when it would destroy them,
 * without saying why. Here that failure is turned into a reviewed decision: the named resources are re-planned
 * with prevent_destroy lifted by a temporary `*_override.tf.json`, so the plan shows what would happen and
 * which attribute forces it, and the guard decides (blocked unless a valid allow-list entry names it).
 * A blocked plan file is deleted, so it cannot be applied.
 */
import { spawnSync } from 'child_process';
import { existsSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { AllowEntry } from './allow-list';
import { evaluatePlan, type GuardReport } from './guard';
import { parsePlan } from './plan';

export const PLAN_FILE = 'plan.out';
export const PLAN_JSON = 'plan.json';
/** Terraform merges `*_override.tf.json` into the configuration; this one only lifts prevent_destroy. */
export const OVERRIDE_FILE = 'plan_guard_override.tf.json';

export interface TerraformRunner {
  readonly terraform: string;
  /** The stack's directory (`cdktf.out/stacks/<stack>`). */
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface GuardedPlan {
  readonly report?: GuardReport;
  /** Addresses whose prevent_destroy had to be lifted to see the plan. */
  readonly lifted: readonly string[];
  /** Terraform's own errors when the plan failed for another reason. */
  readonly errors: readonly string[];
  /** The saved plan, present only when the guard passed. */
  readonly planFile?: string;
  readonly jsonFile?: string;
}

export function terraform(runner: TerraformRunner, args: string[]): { ok: boolean; stdout: string; stderr: string } {
  const result = spawnSync(runner.terraform, args, { cwd: runner.cwd, env: { CHECKPOINT_DISABLE: '1', ...(runner.env ?? process.env) }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { ok: result.status === 0, stdout: result.stdout ?? '', stderr: `${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
}

interface Diagnostic { severity: string; summary: string; detail?: string }

/** Error diagnostics of a `terraform plan -json` stream. */
function errorsOf(stream: string): Diagnostic[] {
  return stream.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l))
    .filter((m) => m.type === 'diagnostic' && m.diagnostic?.severity === 'error').map((m) => m.diagnostic as Diagnostic);
}

const describeDiagnostic = (d: Diagnostic) => `${d.summary}${d.detail ? `: ${d.detail}` : ''}`;

const PREVENT_DESTROY = /^Resource (\S+) has lifecycle\.prevent_destroy set/;

/** `aws_db_instance.x[0]` → override entry `{ resource: { aws_db_instance: { x: { lifecycle: { prevent_destroy: false } } } } }`. */
export function liftOverride(addresses: readonly string[]): object {
  const resource: Record<string, Record<string, object>> = {};
  for (const address of addresses) {
    const [type, name] = address.replace(/\[[^\]]*\]$/, '').split('.');
    (resource[type] ??= {})[name] = { lifecycle: { prevent_destroy: false } };
  }
  return { resource };
}

/** Plans, re-plans with prevent_destroy lifted when Terraform refuses, writes the JSON plan and guards it. */
export function planAndGuard(runner: TerraformRunner, stack: string, allowList: readonly AllowEntry[], today: Date, extraArgs: string[] = []): GuardedPlan {
  const planFile = join(runner.cwd, PLAN_FILE);
  const jsonFile = join(runner.cwd, PLAN_JSON);
  for (const stale of [planFile, jsonFile, join(runner.cwd, OVERRIDE_FILE)]) rmSync(stale, { force: true });
  const plan = () => terraform(runner, ['plan', '-input=false', '-json', `-out=${PLAN_FILE}`, ...extraArgs]);
  let run = plan();
  let lifted: string[] = [];
  if (!run.ok) {
    const errors = errorsOf(run.stdout);
    lifted = errors.map((e) => PREVENT_DESTROY.exec(e.detail ?? '')?.[1]).filter((a): a is string => !!a);
    const other = errors.filter((e) => !PREVENT_DESTROY.test(e.detail ?? ''));
    if (lifted.length === 0 || other.length > 0) {
      const shown = other.length > 0 ? other : errors;
      return { lifted, errors: shown.length > 0 ? shown.map(describeDiagnostic) : [run.stderr.trim() || 'terraform plan failed'] };
    }
    writeFileSync(join(runner.cwd, OVERRIDE_FILE), JSON.stringify(liftOverride(lifted), null, 2));
    try {
      run = plan();
    } finally {
      rmSync(join(runner.cwd, OVERRIDE_FILE), { force: true });
    }
    if (!run.ok) return { lifted, errors: errorsOf(run.stdout).map(describeDiagnostic) };
  }
  const show = terraform(runner, ['show', '-json', PLAN_FILE]);
  if (!show.ok) return { lifted, errors: [show.stderr.trim()] };
  writeFileSync(jsonFile, show.stdout);
  const report = evaluatePlan(parsePlan(show.stdout, jsonFile), allowList, stack, today, lifted);
  if (report.blocked || !existsSync(planFile)) {
    rmSync(planFile, { force: true });
    return { report, lifted, errors: [], jsonFile };
  }
  return { report, lifted, errors: [], planFile, jsonFile };
}
