/** Decides, per resource change of a Terraform plan, whether it is safe, blocked, or let through by the allow-list. */
import { findEntry, isExpired, type AllowEntry } from './allow-list';
import { actionOf, replacePaths, type PlanAction, type ResourceChange, type TerraformPlan } from './plan';
import { majorVersion, PROTECTED_TYPES, RISKY_CHANGES, VANISHED_TYPES, type RiskyChangeRule } from './protected-resources';

export interface Finding {
  readonly address: string;
  readonly action: PlanAction;
  readonly why: string;
  /** `blocked`: stops the apply. `allowed`: a valid allow-list entry lets it through. `expired`: the entry ran out, so it blocks. */
  readonly status: 'blocked' | 'allowed' | 'expired';
  readonly entry?: AllowEntry;
}

export interface GuardReport {
  readonly counts: Readonly<Record<'create' | 'update' | 'replace' | 'delete', number>>;
  readonly findings: readonly Finding[];
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

/** Why one change is dangerous, or undefined when it is not. `vanished`: addresses the refresh found gone. */
function dangerOf(change: ResourceChange, action: PlanAction, preventDestroy: ReadonlySet<string>, vanished: ReadonlySet<string>): string | undefined {
  if (action === 'create' && vanished.has(change.address) && VANISHED_TYPES[change.type]) return `${VANISHED_TYPES[change.type]}; create after the refresh found it gone`;
  const protectedWhy = PROTECTED_TYPES[change.type]
    ?? (preventDestroy.has(change.address) ? `${change.type}: has lifecycle.prevent_destroy in the configuration` : undefined);
  if (protectedWhy && (action === 'replace' || action === 'delete')) {
    const cause = action === 'replace'
      ? `replace forced by ${replacePaths(change).join(', ') || change.action_reason || 'a change Terraform cannot make in place'}`
      : `delete: ${DELETE_REASONS[change.action_reason ?? ''] ?? change.action_reason ?? 'planned destroy'}`;
    return `${protectedWhy}; ${cause}`;
  }
  if (action !== 'update' && action !== 'replace') return undefined;
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
  const show = (v: unknown) => (v === undefined || v === null ? 'null' : JSON.stringify(v));
  const after = change.change.after_unknown?.[rule.attribute] === true ? '(known after apply)' : show(change.change.after?.[rule.attribute]);
  return `${show(change.change.before?.[rule.attribute])} -> ${after}${rule.onlyIfAppliedImmediately ? ', applied immediately' : ''}`;
}

/**
 * Evaluates a plan for `stack` (the allow-list scope) on `today`. `preventDestroy`: addresses the configuration
 * protects with lifecycle.prevent_destroy (lifted to see the plan), protected whatever their type.
 */
export function evaluatePlan(plan: TerraformPlan, entries: readonly AllowEntry[], stack: string | undefined, today: Date, preventDestroy: readonly string[] = []): GuardReport {
  const lifted = new Set(preventDestroy);
  const vanished = new Set((plan.resource_drift ?? []).filter((d) => d.change.actions.includes('delete')).map((d) => d.address));
  const counts = { create: 0, update: 0, replace: 0, delete: 0 };
  const findings: Finding[] = [];
  const used = new Set<AllowEntry>();
  for (const change of plan.resource_changes) {
    if (change.mode === 'data') continue;
    const action = actionOf(change);
    if (action in counts) counts[action as keyof typeof counts] += 1;
    const why = dangerOf(change, action, lifted, vanished);
    if (!why) continue;
    const entry = findEntry(entries, stack, change.address, action);
    if (entry) used.add(entry);
    const status = !entry ? 'blocked' : isExpired(entry, today) ? 'expired' : 'allowed';
    findings.push({ address: change.address, action, why, status, entry });
  }
  const unusedEntries = entries.filter((e) => e.stack === stack && !used.has(e));
  return { counts, findings, unusedEntries, blocked: findings.some((f) => f.status !== 'allowed') };
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
  for (const e of report.unusedEntries) lines.push(`  warning: allow-list entry for ${e.action} ${e.address} matched nothing in this plan (remove it once applied)`);
  if (stopped.length > 0) {
    lines.push('  To go ahead with a blocked change, add a reviewed entry (stack, address, action, reason, expires) to plan-guard-allow-list.yaml; see docs/deploying.md.');
  }
  return lines.join('\n');
}

