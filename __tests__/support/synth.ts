/** Synthesizes stacks for tests and reads the Terraform JSON back as plain data. */
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Testing, type TerraformStack } from 'cdktf';
import { ENVIRONMENT_INPUTS, loadEnvironments, type EnvironmentConfig, type EnvironmentInput } from '../../environments';
import { buildPlatform } from '../../stacks/app';

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

let cached: SynthStack[] | undefined;

/** Where platformStacks() synthesized to (stacks/<name>/cdk.tf.json and their assets). */
export let platformOutdir = '';

/**
 * Every stack of the real platform, synthesized once per test file exactly as `npm run synth` does
 * (a full app synth, so cross-stack references become remote-state inputs and assets are copied).
 */
export function platformStacks(): SynthStack[] {
  if (!cached) {
    platformOutdir = mkdtempSync(join(tmpdir(), 'synth-'));
    const platform = buildPlatform(testEnvironments(), { outdir: platformOutdir });
    platform.app.synth();
    cached = platform.app.node.children
      .filter((c): c is TerraformStack => 'toTerraform' in c)
      .map((stack) => new SynthStack(stack.node.id, JSON.parse(readFileSync(join(platformOutdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8'))));
  }
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
