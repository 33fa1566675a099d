/** Reads a cdktf synth output directory and groups its stacks by environment (`<env>`, `<env>-workloads`, `<env>-gpu`). */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { DEFAULT_COST_ASSUMPTIONS, costSchema, type CostAssumptions } from '../environments/schema/cost';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Per-environment stacks named after the environment: its Kubernetes stack and its GPU stack. */
const ENVIRONMENT_SUFFIX = /-(workloads|gpu)$/;
/** Per-environment stacks named before the environment: its state bucket and its GitHub roles. */
const ENVIRONMENT_PREFIX = /^(bootstrap|pipeline)-/;

export interface StackJson {
  readonly name: string;
  readonly json: Json;
}

/** The stacks priced together, with the usage assumptions recorded in them. */
export interface EnvironmentStacks {
  readonly name: string;
  readonly stacks: readonly StackJson[];
  readonly assumptions: CostAssumptions;
  /** False when no stack recorded assumptions, so the defaults apply. */
  readonly recorded: boolean;
}

export function readSynthOutput(outdir: string): StackJson[] {
  const manifestPath = join(outdir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`${outdir}: no manifest.json (run \`npm run synth\` first)`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { stacks: Record<string, { synthesizedStackPath: string }> };
  return Object.entries(manifest.stacks).map(([name, entry]) => ({
    name,
    json: JSON.parse(readFileSync(join(outdir, entry.synthesizedStackPath), 'utf8')) as Json,
  }));
}

/**
 * An environment's stacks price as one: `production`, `production-workloads`, `production-gpu`, its state bucket `bootstrap-production`
 * and its GitHub roles `pipeline-production`. A stack whose environment is not in the output stands alone.
 */
export function groupByEnvironment(stacks: readonly StackJson[]): EnvironmentStacks[] {
  const names = new Set(stacks.map((s) => s.name));
  const groups = new Map<string, StackJson[]>();
  for (const stack of stacks) {
    const base = stack.name.replace(ENVIRONMENT_SUFFIX, '').replace(ENVIRONMENT_PREFIX, '');
    const env = names.has(base) ? base : stack.name;
    groups.set(env, [...(groups.get(env) ?? []), stack]);
  }
  return [...groups.entries()].map(([name, members]) => {
    const raw = members.map((s) => s.json['//']?.cost_assumptions).find((a) => a !== undefined);
    return { name, stacks: members, assumptions: raw === undefined ? DEFAULT_COST_ASSUMPTIONS : costSchema.parse(raw), recorded: raw !== undefined };
  });
}
