/** Synthesizes stacks for tests and reads the Terraform JSON back as plain data. */
import { createHash } from 'crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Testing, type TerraformStack } from 'cdktf';
import { ENVIRONMENT_INPUTS, loadEnvironments, type EnvironmentConfig, type EnvironmentInput } from '../../environments';
import { testRunDir } from './test-run';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface SynthResource {
  readonly type: string;
  readonly name: string;
  /** `type.name`, as Terraform addresses it. */
  readonly address: string;
  readonly attrs: Json;
}

/** One synthesized stack with look-ups over its resources and references. */
export class SynthStack {
  constructor(readonly name: string, readonly json: Json) {}

  /** Every resource (and with `data: true`, data source) of the given types, or all. */
  resources(...types: string[]): SynthResource[] {
    return blockEntries(this.json.resource, types);
  }

  dataSources(...types: string[]): SynthResource[] {
    return blockEntries(this.json.data, types).map((r) => ({ ...r, address: `data.${r.address}` }));
  }

  /** The single resource of `type` whose name contains `fragment`; throws when not exactly one. */
  one(type: string, fragment = ''): SynthResource {
    const found = this.resources(type).filter((r) => r.name.includes(fragment));
    if (found.length !== 1) throw new Error(`${this.name}: expected one ${type} matching "${fragment}", found ${found.map((r) => r.name).join(', ') || 'none'}`);
    return found[0];
  }

  /** Resources whose attributes reference `address` (e.g. `aws_s3_bucket.x`). */
  referencing(address: string, ...types: string[]): SynthResource[] {
    return this.resources(...types).filter((r) => references(r.attrs).includes(address));
  }
}

function blockEntries(block: Json | undefined, types: string[]): SynthResource[] {
  const out: SynthResource[] = [];
  for (const [type, byName] of Object.entries(block ?? {})) {
    if (types.length > 0 && !types.includes(type)) continue;
    for (const [name, attrs] of Object.entries(byName as Json)) out.push({ type, name, address: `${type}.${name}`, attrs: attrs as Json });
  }
  return out;
}

/** Every `type.name` (or `data.type.name`) a value references through `${...}` interpolations. */
export function references(value: unknown): string[] {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const found = new Set<string>();
  for (const match of text.matchAll(/\$\{([^}]*)\}/g)) {
    for (const ref of match[1].matchAll(/\b((?:data\.)?[a-z0-9]+_[a-z0-9_]+\.[A-Za-z0-9_-]+)\b/g)) found.add(ref[1]);
  }
  return [...found];
}

/** Blocks may synthesize as an object or as a one-element array: always give an array. */
export function asList<T = Json>(value: T | T[] | undefined): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Parses an IAM/JSON policy attribute (a JSON string, possibly holding `${...}` references). */
export function parsePolicy(value: unknown): Json {
  if (typeof value !== 'string') return value as Json;
  return JSON.parse(value);
}

export function toJson(stack: TerraformStack): Json {
  return JSON.parse(Testing.synth(stack));
}

/** Validated environments as the app loads them (no process-environment overrides). */
export function testEnvironments(inputs: Readonly<Record<string, EnvironmentInput>> = ENVIRONMENT_INPUTS): Record<string, EnvironmentConfig> {
  return loadEnvironments({}, inputs);
}

/**
 * A full app synth (as `npm run synth`) of `envs` into `outdir`; the stacks in the app's order. The order is
 * written next to the output (`<outdir>.stacks.json`) so another process can read the same synth back.
 */
export function synthesizeApp(envs: Record<string, EnvironmentConfig>, outdir: string): SynthStack[] {
  // Loaded on first use: a file that only reads the run's shared synth never loads the stacks and provider classes.
  const { buildPlatform } = require('../../stacks/app') as typeof import('../../stacks/app');
  const platform = buildPlatform(envs, { outdir });
  platform.app.synth();
  const names = platform.app.node.children.filter((c): c is TerraformStack => 'toTerraform' in c).map((stack) => stack.node.id);
  writeFileSync(`${outdir}.stacks.json`, JSON.stringify(names));
  return readSynth(outdir);
}

/** Stacks a synthesizeApp() call wrote to `outdir`, read back as plain data. */
export function readSynth(outdir: string): SynthStack[] {
  const names = JSON.parse(readFileSync(`${outdir}.stacks.json`, 'utf8')) as string[];
  return names.map((name) => new SynthStack(name, JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'))));
}

/**
 * A full app synth (as `npm run synth`) of the given environments, with the given process-environment overrides
 * (e.g. RECOVERY_ENVIRONMENTS), shared by every test file of one `npm test` run: the first file to ask synthesizes
 * into the run directory (support/test-run.ts) under the content hash of both, later files read that back (each
 * parses its own copy). Without a run directory the file synthesizes alone.
 */
export function sharedSynth(inputs: Readonly<Record<string, EnvironmentInput>>, overrides: Readonly<Record<string, string>> = {}): { outdir: string; stacks: SynthStack[] } {
  const runDir = testRunDir();
  const key = createHash('sha256').update(JSON.stringify({ inputs, overrides })).digest('hex').slice(0, 16);
  const shared = runDir ? join(runDir, `synth-${key}`) : undefined;
  if (shared && existsSync(`${shared}.stacks.json`)) return { outdir: shared, stacks: readSynth(shared) };
  const outdir = mkdtempSync(join(runDir ?? tmpdir(), 'synth-'));
  const stacks = synthesizeApp(loadEnvironments(overrides, inputs), outdir);
  return { outdir: shared && publish(outdir, shared) ? shared : outdir, stacks };
}

/** Moves a finished synth to where other files look for it. Renames are atomic: a reader sees a whole synth or none. */
function publish(outdir: string, shared: string): boolean {
  try {
    renameSync(outdir, shared);
  } catch {
    return false; // Another file published the same synth first: keep using this one's own copy.
  }
  renameSync(`${outdir}.stacks.json`, `${shared}.stacks.json`);
  return true;
}

/** The given environments' stacks by name (sharedSynth). */
export function synthesizeEnvironments(inputs: Readonly<Record<string, EnvironmentInput>>): Record<string, SynthStack> {
  return Object.fromEntries(sharedSynth(inputs).stacks.map((s) => [s.name, s]));
}

let cached: SynthStack[] | undefined;

/** Where platformStacks() synthesized to (stacks/<name>/cdk.tf.json and their assets). */
export let platformOutdir = '';

/**
 * Every stack of the real platform, synthesized exactly as `npm run synth` does (a full app synth, so
 * cross-stack references become remote-state inputs and assets are copied); one synth per run (sharedSynth).
 */
export function platformStacks(): SynthStack[] {
  if (!cached) ({ outdir: platformOutdir, stacks: cached } = sharedSynth(ENVIRONMENT_INPUTS));
  return cached;
}

export function platformStack(name: string): SynthStack {
  const stack = platformStacks().find((s) => s.name === name);
  if (!stack) throw new Error(`no stack "${name}"`);
  return stack;
}

/**
 * Where a value's references lead, across stacks: a `${data.terraform_remote_state.cross-stack-reference-input-<stack>
 * .outputs.<output>}` reference leads to the addresses that output references in the producing stack; plain
 * references stay in `stack`.
 */
export function followReferences(stack: SynthStack, value: unknown, platform: readonly SynthStack[]): { stack: SynthStack; address: string }[] {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const found: { stack: SynthStack; address: string }[] = [];
  for (const [, producerName, output] of text.matchAll(/\$\{data\.terraform_remote_state\.cross-stack-reference-input-([\w-]+)\.outputs\.([\w-]+)\}/g)) {
    const producer = platform.find((s) => s.name === producerName);
    const value = producer?.json.output?.[output]?.value;
    if (producer && value !== undefined) found.push(...references(value).map((address) => ({ stack: producer, address })));
  }
  for (const address of references(text)) if (!address.startsWith('data.terraform_remote_state.')) found.push({ stack, address });
  return found;
}

/**
 * The stacks an environment has only with Terraform Cloud state (`tfc-<env>`), from a synth where every shipped
 * environment that is not on Terraform Cloud is moved there: so checks over "every synthesized stack" cover them
 * whatever backend the shipped config uses. One synth per run (sharedSynth).
 */
export function terraformCloudOnlyStacks(): SynthStack[] {
  const inputs = Object.fromEntries(Object.entries(ENVIRONMENT_INPUTS).map(([name, input]) => [name, input.state.backend === 'cloud' ? input : {
    ...input, state: { backend: 'cloud' as const, organization: 'acme-infra', workspacePrefix: input.project ?? 'aifeedback', agentPool: `${input.project ?? 'aifeedback'}-${name}` },
  }]));
  const present = new Set(platformStacks().map((s) => s.name));
  return sharedSynth(inputs).stacks.filter((s) => s.name.startsWith('tfc-') && !present.has(s.name));
}
