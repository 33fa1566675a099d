/**
 * Shared by `npm run plan` and `npm run deploy`: synthesize, pick stacks from cdktf's manifest (globs like
 * `staging*`, dependency order), init each stack's directory, and summarise a guarded plan.
 */
import { spawnSync } from 'child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { formatReport } from './guard';
import type { GuardedPlan, TerraformRunner } from './terraform-plan';
import { terraform } from './terraform-plan';

export const REPO_ROOT = resolve(__dirname, '..', '..');
/** cdktf's output directory (CDKTF_OUTDIR, as the app uses it). */
export const OUTDIR = resolve(REPO_ROOT, process.env.CDKTF_OUTDIR ?? 'cdktf.out');

interface ManifestStack { readonly name: string; readonly workingDirectory: string; readonly dependencies: readonly string[] }

/** Runs the app exactly as `npm run synth` does; throws with the app's output when it fails. */
export function synth(): void {
  const result = spawnSync(process.execPath, [join('scripts', 'run-app.cjs')], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error('synth failed (see above)');
}

/** Does a stack name match a cdktf stack pattern (`*` globs, as `cdktf deploy 'production*'`)? */
export function matchesStackPattern(name: string, pattern: string): boolean {
  return new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(name);
}

/** Stacks matching `patterns` (`*` globs), dependencies first; unknown names are an error listing the known ones. */
export function selectStacks(patterns: readonly string[], outdir = OUTDIR): ManifestStack[] {
  const file = join(outdir, 'manifest.json');
  if (!existsSync(file)) throw new Error(`${file} not found: synthesize first`);
  const stacks: Record<string, ManifestStack> = JSON.parse(readFileSync(file, 'utf8')).stacks;
  const chosen = new Set<string>();
  for (const pattern of patterns) {
    const hit = Object.keys(stacks).filter((name) => matchesStackPattern(name, pattern));
    if (hit.length === 0) throw new Error(`no stack matches "${pattern}" (stacks: ${Object.keys(stacks).join(', ')})`);
    hit.forEach((name) => chosen.add(name));
  }
  const ordered: ManifestStack[] = [];
  const visit = (name: string) => {
    if (ordered.some((s) => s.name === name)) return;
    stacks[name].dependencies.filter((d) => chosen.has(d)).forEach(visit);
    ordered.push(stacks[name]);
  };
  [...chosen].forEach(visit);
  return ordered;
}

export function runnerFor(stack: ManifestStack, outdir = OUTDIR): TerraformRunner {
  return { terraform: process.env.TERRAFORM_BIN ?? 'terraform', cwd: resolve(outdir, stack.workingDirectory) };
}

export function init(runner: TerraformRunner): void {
  const result = terraform(runner, ['init', '-input=false', '-no-color']);
  if (!result.ok) throw new Error(`terraform init failed in ${runner.cwd}:\n${result.stdout}${result.stderr}`);
}

/** `<stack>: 3 to add, 1 to change, 0 to replace, 0 to delete, 0 blocked` plus the guard's listing. */
export function summarise(stack: string, plan: GuardedPlan): string {
  if (!plan.report) return `${stack}: PLAN FAILED\n${plan.errors.map((e) => `  ${e}`).join('\n')}`;
  const { create, update, replace, delete: del } = plan.report.counts;
  const blocked = plan.report.findings.filter((f) => f.status !== 'allowed').length;
  const head = `${stack}: ${create} to add, ${update} to change, ${replace} to replace, ${del} to delete, ${blocked} blocked`;
  const lifted = plan.lifted.length > 0 ? `\n  (re-planned with prevent_destroy lifted for ${plan.lifted.join(', ')} to show why; never applied unless allowed)` : '';
  return `${head}${lifted}\n${formatReport(plan.report, `stack ${stack}`)}`;
}

/** Appends a Markdown section to the GitHub job summary and to `plan-summary.md` (posted to the pull request). */
export function recordSummary(stack: string, text: string, outdir = OUTDIR): void {
  const section = `### \`${stack}\`\n\n\`\`\`\n${text}\n\`\`\`\n\n`;
  appendFileSync(join(outdir, 'plan-summary.md'), section);
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, section);
}

export function resetSummary(outdir = OUTDIR): void {
  if (existsSync(outdir)) writeFileSync(join(outdir, 'plan-summary.md'), '');
}
