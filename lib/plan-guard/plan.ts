/**
 * The parts of Terraform's JSON plan (`terraform show -json <planfile>`) the plan guard reads, and the check
 * that a file really is one (a state file or a random JSON document must not pass as "no changes").
 */

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One entry of the plan's `resource_changes`. */
export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly mode: 'managed' | 'data';
  readonly action_reason?: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly before?: Json | null;
    readonly after?: Json | null;
    readonly after_unknown?: Json;
    readonly replace_paths?: readonly (readonly (string | number)[])[];
  };
}

export interface TerraformPlan {
  readonly format_version: string;
  readonly terraform_version?: string;
  readonly resource_changes: readonly ResourceChange[];
  /** What the refresh found changed outside Terraform (an object gone shows as a `delete`). @default [] */
  readonly resource_drift?: readonly ResourceChange[];
}

/** The input is not a usable Terraform JSON plan (exit code 2). */
export class PlanFormatError extends Error {}

/** Parses and checks a `terraform show -json <planfile>` document. */
export function parsePlan(text: string, source: string): TerraformPlan {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new PlanFormatError(`${source}: not JSON (${(error as Error).message}); expected the output of \`terraform show -json <planfile>\``);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new PlanFormatError(`${source}: not a Terraform JSON plan (the top level is not an object)`);
  }
  const plan = doc as Json;
  if (typeof plan.format_version !== 'string') {
    throw new PlanFormatError(`${source}: not a Terraform JSON plan (no "format_version"); expected the output of \`terraform show -json <planfile>\``);
  }
  if (!plan.format_version.startsWith('1.')) {
    throw new PlanFormatError(`${source}: unsupported plan format_version ${plan.format_version} (this guard reads 1.x)`);
  }
  if (!('planned_values' in plan) && !('resource_changes' in plan)) {
    const what = 'values' in plan ? 'a Terraform state (`terraform show -json` without a plan file)' : 'not a Terraform JSON plan';
    throw new PlanFormatError(`${source}: ${what}; expected the output of \`terraform show -json <planfile>\``);
  }
  if (plan.errored === true) {
    throw new PlanFormatError(`${source}: the plan errored and is incomplete; fix the plan errors first`);
  }
  const changes = plan.resource_changes ?? [];
  if (!Array.isArray(changes) || changes.some((c) => typeof c?.address !== 'string' || !Array.isArray(c?.change?.actions))) {
    throw new PlanFormatError(`${source}: "resource_changes" is malformed (each entry needs an address and change.actions)`);
  }
  const drift = Array.isArray(plan.resource_drift) ? plan.resource_drift.filter((c: Json) => typeof c?.address === 'string' && Array.isArray(c?.change?.actions)) : [];
  return { format_version: plan.format_version, terraform_version: plan.terraform_version, resource_changes: changes, resource_drift: drift };
}

/** What Terraform will do to one resource, as a reviewer says it. */
export type PlanAction = 'create' | 'update' | 'replace' | 'delete' | 'no-op' | 'read' | 'forget';

/** `["delete","create"]` and `["create","delete"]` are both a replacement (destroy-before or create-before). */
export function actionOf(change: ResourceChange): PlanAction {
  const actions = change.change.actions;
  if (actions.includes('delete') && actions.includes('create')) return 'replace';
  if (actions.includes('delete')) return 'delete';
  return (actions[0] ?? 'no-op') as PlanAction;
}

/** Attribute paths that force the replacement, as `a.b[0]`. */
export function replacePaths(change: ResourceChange): string[] {
  return (change.change.replace_paths ?? []).map((path) =>
    path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join(''));
}
