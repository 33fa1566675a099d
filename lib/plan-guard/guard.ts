/** Decides, per resource change of a Terraform plan, whether it is safe, blocked, or let through by the allow-list. */
import { findEntry, isExpired, type AllowEntry } from './allow-list';
import { actionOf, replacePaths, type Json, type PlanAction, type ResourceChange, type TerraformPlan } from './plan';
import { majorVersion, PROTECTED_TYPES, RISKY_CHANGES, ROTATING_TYPES, VANISHED_TYPES, type RiskyChangeRule } from './protected-resources';

export interface Finding {
  readonly address: string;
  readonly action: PlanAction;
  readonly why: string;
  /** `blocked`: stops the apply. `allowed`: a valid allow-list entry lets it through. `expired`: the entry ran out, so it blocks. */
  readonly status: 'blocked' | 'allowed' | 'expired';
  readonly entry?: AllowEntry;
}

export interface Rotation {
  readonly address: string;
  /**
   * `replace`: one create-before-destroy replacement. `delete`: a delete paired with the create of its successor
   * (same identity) at another address in the same plan.
   */
  readonly action: 'replace' | 'delete';
  /** `old -> new` name, or `old -> (new name known after apply)`. */
  readonly names: string;
  /** `replace`: what forces it. `delete`: which create is its successor. */
  readonly cause: string;
}

export interface GuardReport {
  readonly counts: Readonly<Record<'create' | 'update' | 'replace' | 'delete', number>>;
  readonly findings: readonly Finding[];
  /**
   * Create-before-destroy replacements under a new name, and deletes paired with their successor's create (node group
   * rotations): let through, listed for the reviewer.
   */
  readonly rotations: readonly Rotation[];
  /** Allow-list entries for this stack that matched nothing in the plan (stale: remove them). */
  readonly unusedEntries: readonly AllowEntry[];
  readonly blocked: boolean;
}

const DELETE_REASONS: Readonly<Record<string, string>> = {
  delete_because_no_resource_config: 'removed from the configuration',
  delete_because_no_module: 'its module was removed',
  delete_because_wrong_repetition: 'count/for_each form changed',
  delete_because_count_index: 'count shrank',
  delete_because_each_key: 'for_each key removed',
  delete_because_no_move_target: 'moved to an address that does not exist',
};

const showValue = (v: unknown) => (v === undefined || v === null ? 'null' : JSON.stringify(v));
const replaceCause = (change: ResourceChange) => replacePaths(change).join(', ') || change.action_reason || 'a change Terraform cannot make in place';
const deleteCause = (change: ResourceChange) => DELETE_REASONS[change.action_reason ?? ''] ?? change.action_reason ?? 'planned destroy';
const valueAt = (values: Json | null | undefined, path: readonly string[]): unknown =>
  path.reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Json)[key] : undefined), values);

/** A create-before-destroy replacement of a rotating type under a new name, or undefined. */
export function rotationOf(change: ResourceChange): Rotation | undefined {
  const rule = ROTATING_TYPES[change.type];
  if (!rule || actionOf(change) !== 'replace' || change.change.actions[0] !== 'create') return undefined;
  const before = change.change.before?.[rule.nameAttribute];
  const unknown = change.change.after_unknown?.[rule.nameAttribute] === true; // node_group_name_prefix: a fresh name
  const after = change.change.after?.[rule.nameAttribute];
  if (!unknown && (after === undefined || after === null || after === before)) return undefined;
  return { address: change.address, action: 'replace', names: `${showValue(before)} -> ${unknown ? '(new name known after apply)' : showValue(after)}`, cause: replaceCause(change) };
}

/**
 * A plain delete of a rotating type, against the plan's creates: a rotation when one of them is its successor (same
 * identity, under a new or not yet known name), otherwise why the delete is dangerous. Undefined for other types.
 */
export function pairedDelete(change: ResourceChange, creates: readonly ResourceChange[]): { rotation: Rotation } | { why: string } | undefined {
  const rule = ROTATING_TYPES[change.type];
  if (!rule || actionOf(change) !== 'delete') return undefined;
  const identity = valueAt(change.change.before, rule.identityPath);
  const what = `${rule.what} ${rule.identityPath[rule.identityPath.length - 1]} ${showValue(identity)}`;
  const successors = identity === undefined ? [] : creates.filter((c) => c.type === change.type && c.address !== change.address
    && JSON.stringify(valueAt(c.change.after, rule.identityPath)) === JSON.stringify(identity));
  const before = change.change.before?.[rule.nameAttribute];
  const nameOf = (c: ResourceChange) => (c.change.after_unknown?.[rule.nameAttribute] === true ? '(new name known after apply)' : showValue(c.change.after?.[rule.nameAttribute]));
  const renamed = successors.find((c) => c.change.after_unknown?.[rule.nameAttribute] === true
    || (c.change.after?.[rule.nameAttribute] !== undefined && c.change.after?.[rule.nameAttribute] !== null && c.change.after[rule.nameAttribute] !== before));
  if (renamed) {
    return { rotation: { address: change.address, action: 'delete', names: `${showValue(before)} -> ${nameOf(renamed)}`, cause: `the same ${what} is created as ${renamed.address} in this plan` } };
  }
  if (successors.length > 0) {
    return { why: `${what}; delete next to the create of ${successors[0].address} under the same ${rule.nameAttribute} ${showValue(before)}, which fails at apply while the old one exists (names are unique). If only the address changed, move it with a \`moved\` block instead` };
  }
  return { why: `${what}; delete: ${deleteCause(change)}; ${rule.plainDelete}` };
}

/** Why a replacement of a rotating type that is not a rotation is dangerous. */
function bareReplacement(change: ResourceChange): string | undefined {
  const rule = ROTATING_TYPES[change.type];
  if (!rule || actionOf(change) !== 'replace') return undefined;
  const how = change.change.actions[0] === 'delete'
    ? `delete-then-create (${rule.deleteFirst})`
    : `create-before-destroy under the same ${rule.nameAttribute} ${showValue(change.change.before?.[rule.nameAttribute])}, which fails at apply (names are unique), leaving the plan half applied`;
  return `${rule.what}; ${how}, forced by ${replaceCause(change)}. ${rule.fix}`;
}

/** Why one change is dangerous, or undefined when it is not. `vanished`: addresses the refresh found gone. */
function dangerOf(change: ResourceChange, action: PlanAction, preventDestroy: ReadonlySet<string>, vanished: ReadonlySet<string>): string | undefined {
  if (action === 'create' && vanished.has(change.address) && VANISHED_TYPES[change.type]) return `${VANISHED_TYPES[change.type]}; create after the refresh found it gone`;
  const protectedWhy = PROTECTED_TYPES[change.type]
    ?? (preventDestroy.has(change.address) ? `${change.type}: has lifecycle.prevent_destroy in the configuration` : undefined);
  if (protectedWhy && (action === 'replace' || action === 'delete')) {
    const cause = action === 'replace'
      ? `replace forced by ${replaceCause(change)}`
      : `delete: ${deleteCause(change)}`;
    return `${protectedWhy}; ${cause}`;
  }
  if (action !== 'update' && action !== 'replace') return undefined;
  // A rotation is the safe way to make exactly the changes the node-group rules below warn about.
  if (rotationOf(change)) return undefined;
  const bare = bareReplacement(change);
  if (bare) return bare;
  const risky = RISKY_CHANGES.filter((rule) => rule.type === change.type && isRisky(rule, change));
  return risky.length > 0 ? risky.map((r) => `${r.attribute}: ${describe(r, change)} (${r.why})`).join('; ') : undefined;
}

function isRisky(rule: RiskyChangeRule, change: ResourceChange): boolean {
  const before = change.change.before?.[rule.attribute];
  const unknown = change.change.after_unknown?.[rule.attribute] === true;
  const after = change.change.after?.[rule.attribute];
  if (rule.onlyIfAppliedImmediately && change.change.after?.apply_immediately !== true) return false;
  if (unknown) return true; // Conservative: a value known only after apply may be the dangerous one.
  if (JSON.stringify(before) === JSON.stringify(after)) return false;
  if (rule.when === 'changed') return true;
  if (rule.when === 'major-version') return majorVersion(before) !== majorVersion(after);
  return rule.when(before, after);
}

function describe(rule: RiskyChangeRule, change: ResourceChange): string {
  const after = change.change.after_unknown?.[rule.attribute] === true ? '(known after apply)' : showValue(change.change.after?.[rule.attribute]);
  return `${showValue(change.change.before?.[rule.attribute])} -> ${after}${rule.onlyIfAppliedImmediately ? ', applied immediately' : ''}`;
}

/**
 * Evaluates a plan for `stack` (the allow-list scope) on `today`. `preventDestroy`: addresses the configuration
 * protects with lifecycle.prevent_destroy (lifted to see the plan), protected whatever their type.
 */
export function evaluatePlan(plan: TerraformPlan, entries: readonly AllowEntry[], stack: string | undefined, today: Date, preventDestroy: readonly string[] = []): GuardReport {
  const lifted = new Set(preventDestroy);
  const vanished = new Set((plan.resource_drift ?? []).filter((d) => d.change.actions.includes('delete')).map((d) => d.address));
  const creates = plan.resource_changes.filter((c) => c.mode !== 'data' && actionOf(c) === 'create');
  const counts = { create: 0, update: 0, replace: 0, delete: 0 };
  const findings: Finding[] = [];
  const rotations: Rotation[] = [];
  const used = new Set<AllowEntry>();
  for (const change of plan.resource_changes) {
    if (change.mode === 'data') continue;
    const action = actionOf(change);
    if (action in counts) counts[action as keyof typeof counts] += 1;
    // A rotating type's delete is safe only next to its successor's create, so it is judged against the whole plan.
    const paired = pairedDelete(change, creates);
    const rotation = rotationOf(change) ?? (paired && 'rotation' in paired ? paired.rotation : undefined);
    if (rotation) rotations.push(rotation);
    const why = dangerOf(change, action, lifted, vanished) ?? (paired && 'why' in paired ? paired.why : undefined);
    if (!why) continue;
    const entry = findEntry(entries, stack, change.address, action);
    if (entry) used.add(entry);
    const status = !entry ? 'blocked' : isExpired(entry, today) ? 'expired' : 'allowed';
    findings.push({ address: change.address, action, why, status, entry });
  }
  const unusedEntries = entries.filter((e) => e.stack === stack && !used.has(e));
  return { counts, findings, rotations, unusedEntries, blocked: findings.some((f) => f.status !== 'allowed') };
}

/** The report as printed by the CLI: a one-line summary first, then one line per finding. */
export function formatReport(report: GuardReport, source: string): string {
  const { create, update, replace, delete: del } = report.counts;
  const stopped = report.findings.filter((f) => f.status !== 'allowed');
  const allowed = report.findings.length - stopped.length;
  const tally = `${create} to add, ${update} to change, ${replace} to replace, ${del} to delete`;
  const lines = [stopped.length > 0
    ? `plan-guard: BLOCKED ${source}: ${tally}; ${stopped.length} protected change(s) need review${allowed ? `, ${allowed} allowed by the allow-list` : ''}`
    : `plan-guard: OK ${source}: ${tally}; no unreviewed protected changes${allowed ? ` (${allowed} allowed by the allow-list)` : ''}`];
  for (const f of report.findings) {
    const note = f.status === 'allowed' ? ` [allowed until ${f.entry?.expires}: ${f.entry?.reason}]`
      : f.status === 'expired' ? ` [allow-list entry EXPIRED on ${f.entry?.expires}]` : '';
    lines.push(`  ${f.status.toUpperCase().padEnd(7)} ${f.action.padEnd(7)} ${f.address}: ${f.why}${note}`);
  }
  for (const r of report.rotations) {
    lines.push(r.action === 'replace'
      ? `  ROTATE  replace ${r.address}: ${r.names}, new group created before the old one is drained and deleted (forced by ${r.cause})`
      // Two resources: Terraform orders nothing between them, so the reviewer should know the drain may start first.
      : `  ROTATE  delete  ${r.address}: ${r.names}, ${r.cause}; Terraform runs the delete and the create independently, so the old nodes may drain before the new ones are ready`);
  }
  for (const e of report.unusedEntries) lines.push(`  warning: allow-list entry for ${e.action} ${e.address} matched nothing in this plan (remove it once applied)`);
  if (stopped.length > 0) {
    lines.push('  To go ahead with a blocked change, add a reviewed entry (stack, address, action, reason, expires) to plan-guard-allow-list.yaml; see docs/deploying.md.');
  }
  return lines.join('\n');
}

