/**
 * Many configurations through Terraform at once: each is written as a child module of one root
 * (`module "<name>" { source = "./<name>" }`, its provider blocks inside), so one `init`, one `validate` and one
 * `plan` cover them all; the validate talks to one provider process for all of them (attached-provider.mjs).
 * Most of a validate or plan is fixed cost (the aws provider's start and schema load), so this is several times
 * cheaper than a run per configuration. Results are split back per module: validate's
 * diagnostics by file (`<name>/main.tf.json`), the plan's changes and diagnostics by module address, so a
 * failure always names the configuration it belongs to.
 */
import { spawnSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { attachedTerraformCommand, awsPartOf, offlineWorkdir, type PartOptions, type TerraformRun, type TerraformToolchain } from './terraform';
import type { Json } from './synth';

export interface ModuleInput {
  /** Module name (also its directory): letters, digits, `-` and `_`. */
  readonly name: string;
  readonly stack: Json;
  readonly options?: PartOptions;
}

export interface PlannedChange {
  /** Address inside the module (`aws_vpc.main`). */
  readonly address: string;
  readonly action: string;
}

export interface ModuleResult {
  /** `init` installed the module (`- <name> in <name>`). */
  readonly installed: boolean;
  /** Validate errors in this module's files, plus any Terraform could not place in a module. */
  readonly validateErrors: readonly string[];
  /** The plan's resource changes in this module; undefined when the plan did not run or failed (see planErrors). */
  readonly changes?: readonly PlannedChange[];
  /** Why this module has no plan: its own plan errors, or which other module stopped the shared run. */
  readonly planErrors: readonly string[];
}

export interface ModulesRun {
  readonly init: TerraformRun;
  /** `terraform validate -json` of the root: overall verdict. */
  readonly valid: boolean;
  /** The plan's summary line (`Plan: 3 to add, 0 to change, 0 to destroy.`), when the plan ran. */
  readonly planSummary?: string;
  readonly modules: Readonly<Record<string, ModuleResult>>;
}

interface Diagnostic {
  readonly severity: string;
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
  readonly range?: { readonly filename?: string };
}

const describeDiagnostic = (d: Diagnostic) => `${d.address ? `${d.address}: ` : ''}${d.summary}${d.detail ? `: ${d.detail}` : ''}${d.range?.filename ? ` (${d.range.filename})` : ''}`;

/** The module a diagnostic belongs to, from its address (`module.x.…`) or its file (`x/main.tf.json`). */
export function moduleOfDiagnostic(d: Diagnostic, names: readonly string[]): string | undefined {
  const byAddress = /^module\.([^.[]+)/.exec(d.address ?? '')?.[1];
  const byFile = /^([^/\\]+)[/\\]/.exec(d.range?.filename ?? '')?.[1];
  return [byAddress, byFile].find((n): n is string => !!n && names.includes(n));
}

/** Error diagnostics per module; those no module can be named for are listed under every module. */
export function errorsByModule(diagnostics: readonly Diagnostic[], names: readonly string[]): Record<string, string[]> {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const unplaced = errors.filter((d) => !moduleOfDiagnostic(d, names)).map((d) => `(no module) ${describeDiagnostic(d)}`);
  return Object.fromEntries(names.map((name) => [name, [...errors.filter((d) => moduleOfDiagnostic(d, names) === name).map(describeDiagnostic), ...unplaced]]));
}

export interface PlanStream {
  readonly changes: Record<string, PlannedChange[]>;
  readonly diagnostics: Diagnostic[];
  readonly summary?: string;
}

/** Reads `terraform plan -json` output: planned changes grouped by module name, diagnostics, the summary line. */
export function readPlanStream(stream: string, names: readonly string[]): PlanStream {
  const changes: Record<string, PlannedChange[]> = Object.fromEntries(names.map((n) => [n, []]));
  const diagnostics: Diagnostic[] = [];
  let summary: string | undefined;
  for (const line of stream.split('\n').filter((l) => l.startsWith('{'))) {
    const message = JSON.parse(line) as Json;
    if (message.type === 'diagnostic') diagnostics.push(message.diagnostic);
    if (message.type === 'change_summary') summary = message['@message'];
    if (message.type !== 'planned_change') continue;
    const { resource, action } = message.change;
    const name = /^module\.([^.[]+)$/.exec(resource.module ?? '')?.[1];
    // A change outside the declared modules (the root holds none) is listed under every module: never dropped.
    for (const target of name && names.includes(name) ? [name] : names) {
      changes[target].push({ address: name ? String(resource.addr).slice(`module.${name}.`.length) : `(root) ${resource.addr}`, action });
    }
  }
  return { changes, diagnostics, summary };
}

/** Writes every module's AWS part under one root and runs init, validate and plan there once. */
export function validateAndPlanModules(toolchain: TerraformToolchain, inputs: readonly ModuleInput[]): ModulesRun {
  const names = inputs.map((i) => i.name);
  const { dir, env } = offlineWorkdir(toolchain, 'modules');
  for (const input of inputs) {
    mkdirSync(join(dir, input.name));
    writeFileSync(join(dir, input.name, 'main.tf.json'), JSON.stringify(awsPartOf(input.stack, input.options), null, 2));
  }
  writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ module: Object.fromEntries(names.map((n) => [n, { source: `./${n}` }])) }, null, 2));
  const run = (args: string[], command = toolchain.terraform): TerraformRun => {
    const result = spawnSync(command, args, { cwd: dir, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
  };
  const notRun = (why: string) => Object.fromEntries(names.map((n) => [n, [why]]));

  const init = run(['init', '-input=false', '-no-color', '-backend=false']);
  const installed = (name: string) => init.output.includes(`- ${name} in ${name}`);
  if (!init.ok) {
    return { init, valid: false, modules: assemble(names, installed, notRun(`init failed:\n${init.output}`), notRun('plan not run: init failed')) };
  }

  // Validate never configures a provider: one attached provider process serves every configuration (see the script).
  const validateRun = run(['validate', '-json', '-no-color'], attachedTerraformCommand(dir, toolchain));
  const validation = parseJson(validateRun.output);
  const validateErrors = validation
    ? errorsByModule(validation.diagnostics ?? [], names)
    : notRun(`terraform validate gave no JSON:\n${validateRun.output}`);
  const valid = validateRun.ok && validation?.valid === true;
  if (!valid) {
    const failing = names.filter((n) => validateErrors[n].length > 0).join(', ') || '(none named)';
    return { init, valid, modules: assemble(names, installed, validateErrors, notRun(`plan not run: terraform validate failed in module(s) ${failing}`)) };
  }

  const planRun = run(['plan', '-json', '-refresh=false', '-input=false', '-lock=false', '-no-color', '-out=plan.out']);
  const plan = readPlanStream(planRun.output, names);
  const planErrors = errorsByModule(plan.diagnostics, names);
  if (!planRun.ok) {
    const failing = names.filter((n) => planErrors[n].length > 0).join(', ') || '(none named)';
    const why = Object.fromEntries(names.map((n) => [n, planErrors[n].length > 0 ? planErrors[n] : [`the shared plan failed in module(s) ${failing}`]]));
    return { init, valid, modules: assemble(names, installed, validateErrors, why) };
  }
  return { init, valid, planSummary: plan.summary, modules: assemble(names, installed, validateErrors, planErrors, plan.changes) };
}

function assemble(names: readonly string[], installed: (name: string) => boolean, validateErrors: Record<string, string[]>,
  planErrors: Record<string, string[]>, changes?: Record<string, PlannedChange[]>): Record<string, ModuleResult> {
  return Object.fromEntries(names.map((n) => [n, { installed: installed(n), validateErrors: validateErrors[n], planErrors: planErrors[n], changes: changes?.[n] }]));
}

function parseJson(text: string): Json | undefined {
  try {
    return JSON.parse(text.slice(text.indexOf('{')));
  } catch {
    return undefined;
  }
}
