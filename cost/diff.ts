/**
 * Monthly difference per component between two synth outputs (base → head), per environment.
 *
 * Honest by construction: something without a price is never counted as zero. A side with unpriced items has a total
 * of "at least" its priced part; when the unpriced items differ between the sides (a new instance type nobody priced,
 * one more resource of a type not priced), the change cannot be computed and is reported as not comparable, with the
 * items named, instead of a figure.
 */
import { formatUsd, type Micro } from './price-book';
import type { Component, Estimate } from './estimate';
import type { Unpriced } from './pricing-context';

/** Cost at the minimum and maximum size of what can scale (node groups); equal to the monthly figure otherwise. */
export interface CostRange {
  readonly min: Micro;
  readonly max: Micro;
}

export interface ComponentDelta {
  readonly component: string;
  /** Priced part of the component in base and head (0 when absent or wholly unpriced there: see `unpriced`). */
  readonly base: Micro;
  readonly head: Micro;
  /** head − base; undefined when the component's unpriced parts differ between the sides (the change is unknown). */
  readonly delta?: Micro;
  /** Min/max when either side has a range that differs from its monthly figure and the range changed. */
  readonly range?: { readonly base: CostRange; readonly head: CostRange };
  /** Unpriced parts of the component, per side, when there are any. */
  readonly unpriced?: { readonly base: readonly Unpriced[]; readonly head: readonly Unpriced[] };
  /** Line items (quantity × unit price = cost) only in base, only in head. */
  readonly lines?: { readonly removed: readonly string[]; readonly added: readonly string[] };
}

export interface EnvironmentDelta {
  readonly environment: string;
  readonly components: readonly ComponentDelta[];
  /** Priced totals; a side with unpriced items costs at least this. */
  readonly base: Micro;
  readonly head: Micro;
  /** head − base; undefined when the unpriced items differ between the sides. */
  readonly delta?: Micro;
  readonly range: { readonly base: CostRange; readonly head: CostRange };
  /** Every unpriced item of each side. */
  readonly unpriced: { readonly base: readonly Unpriced[]; readonly head: readonly Unpriced[] };
  /** Unpriced items present on one side only (or with another count): these make the change not comparable. */
  readonly unpricedChanged: { readonly base: readonly Unpriced[]; readonly head: readonly Unpriced[] };
  /** False when `unpricedChanged` names anything: no change figure is given. */
  readonly comparable: boolean;
}

export function diffEstimates(base: readonly Estimate[], head: readonly Estimate[]): EnvironmentDelta[] {
  const names = [...new Set([...base.map((e) => e.environment), ...head.map((e) => e.environment)])];
  return names.map((environment) => {
    const b = base.find((e) => e.environment === environment);
    const h = head.find((e) => e.environment === environment);
    const unpriced = { base: b?.unpriced ?? [], head: h?.unpriced ?? [] };
    const unpricedChanged = { base: without(unpriced.base, unpriced.head), head: without(unpriced.head, unpriced.base) };
    const comparable = unpricedChanged.base.length === 0 && unpricedChanged.head.length === 0;
    const baseTotal = b?.total ?? 0;
    const headTotal = h?.total ?? 0;
    const componentNames = [...new Set([
      ...[...(b?.components ?? []), ...(h?.components ?? [])].map((c) => c.name),
      ...[...unpriced.base, ...unpriced.head].flatMap((u) => (u.component === undefined ? [] : [u.component])),
    ])];
    return {
      environment,
      components: componentNames.map((name) => componentDelta(name, b, h)).filter((c): c is ComponentDelta => c !== undefined),
      base: baseTotal,
      head: headTotal,
      ...(comparable ? { delta: headTotal - baseTotal } : {}),
      range: { base: { min: b?.totalMin ?? 0, max: b?.totalMax ?? 0 }, head: { min: h?.totalMin ?? 0, max: h?.totalMax ?? 0 } },
      unpriced,
      unpricedChanged,
      comparable,
    };
  });
}

/** The change of one component, or undefined when nothing about it changed. */
function componentDelta(name: string, b: Estimate | undefined, h: Estimate | undefined): ComponentDelta | undefined {
  const side = (e: Estimate | undefined) => {
    const c: Component | undefined = e?.components.find((x) => x.name === name);
    return {
      monthly: c?.monthly ?? 0,
      range: { min: c?.min ?? 0, max: c?.max ?? 0 },
      ranged: c !== undefined && (c.min !== c.monthly || c.max !== c.monthly),
      lines: (c?.items ?? []).map((i) => `${i.detail} = ${formatUsd(i.monthly)}`),
      unpriced: (e?.unpriced ?? []).filter((u) => u.component === name),
    };
  };
  const base = side(b);
  const head = side(h);
  const unpricedDiffers = without(base.unpriced, head.unpriced).length > 0 || without(head.unpriced, base.unpriced).length > 0;
  const rangeChanged = (base.ranged || head.ranged) && (base.range.min !== head.range.min || base.range.max !== head.range.max);
  const lines = { removed: without(base.lines, head.lines), added: without(head.lines, base.lines) };
  const linesChanged = lines.removed.length > 0 || lines.added.length > 0;
  if (base.monthly === head.monthly && !rangeChanged && !unpricedDiffers && !linesChanged) return undefined;
  return {
    component: name,
    base: base.monthly,
    head: head.monthly,
    ...(unpricedDiffers ? {} : { delta: head.monthly - base.monthly }),
    ...(rangeChanged ? { range: { base: base.range, head: head.range } } : {}),
    ...(base.unpriced.length + head.unpriced.length > 0 ? { unpriced: { base: base.unpriced, head: head.unpriced } } : {}),
    ...(linesChanged ? { lines } : {}),
  };
}

/** Items of `list` not matched one-for-one in `other` (a multiset difference; unpriced items compare by value). */
function without<T extends string | Unpriced>(list: readonly T[], other: readonly T[]): T[] {
  const key = (x: T) => (typeof x === 'string' ? x : unpricedText(x));
  const left = new Map<string, number>();
  for (const x of other) left.set(key(x), (left.get(key(x)) ?? 0) + 1);
  return list.filter((x) => {
    const n = left.get(key(x)) ?? 0;
    if (n > 0) left.set(key(x), n - 1);
    return n === 0;
  });
}

export function unpricedText(u: Unpriced): string {
  const range = u.countRange ? ` (min ${u.countRange.min} – max ${u.countRange.max})` : '';
  return `${u.count}${range} × ${u.what}: ${u.reason}`;
}

export function diffReport(deltas: readonly EnvironmentDelta[], baseDir: string, headDir: string): string {
  const lines = [`Monthly cost difference (USD): ${baseDir} → ${headDir}`, ''];
  for (const env of deltas) lines.push(...environmentLines(env));
  lines.push('', totalLine(deltas));
  return lines.join('\n') + '\n';
}

/** Environments whose change cannot be computed (unpriced items differ between base and head). */
export function notComparable(deltas: readonly EnvironmentDelta[]): string[] {
  return deltas.filter((d) => !d.comparable).map((d) => d.environment);
}

function environmentLines(env: EnvironmentDelta): string[] {
  const total = (micro: Micro, unpriced: readonly Unpriced[]) => `${unpriced.length > 0 ? 'at least ' : ''}${formatUsd(micro)}`;
  const change = env.delta === undefined ? 'change not comparable: unpriced items differ, see below' : signed(env.delta);
  const lines = [`== ${env.environment}: ${total(env.base, env.unpriced.base)} → ${total(env.head, env.unpriced.head)} (${change})`];
  if (rangeChanged(env.range.base, env.range.head)) {
    lines.push(`  total with node groups at ${rangeText(env.range.base, env.unpriced.base)} → ${rangeText(env.range.head, env.unpriced.head)}`);
  }
  if (env.components.length === 0) lines.push('  no change');
  const width = Math.max(24, ...env.components.map((c) => c.component.length));
  for (const c of env.components) {
    const figure = c.delta === undefined ? 'not comparable' : signed(c.delta);
    lines.push(`  ${c.component.padEnd(width)} ${figure.padStart(14)}   (${sideText(c.base, c.unpriced?.base)} → ${sideText(c.head, c.unpriced?.head)})`);
    if (c.range) lines.push(`      at ${rangeText(c.range.base, c.unpriced?.base)} → ${rangeText(c.range.head, c.unpriced?.head)}`);
    lines.push(...(c.lines?.removed ?? []).map((l) => `      - ${l}`), ...(c.lines?.added ?? []).map((l) => `      + ${l}`));
    if (c.unpriced) lines.push(...without(c.unpriced.base, c.unpriced.head).map((u) => `      - not priced: ${unpricedText(u)}`), ...without(c.unpriced.head, c.unpriced.base).map((u) => `      + not priced: ${unpricedText(u)}`));
  }
  const changed = [['base', env.unpricedChanged.base], ['head', env.unpricedChanged.head]] as const;
  for (const [name, list] of changed) {
    if (list.length === 0) continue;
    lines.push(`  Not priced in ${name} only (so not in its total; price them in cost/prices.ts to compare):`, ...list.map((u) => `    ${unpricedText(u)}`));
  }
  const same = without(env.unpriced.head, env.unpricedChanged.head);
  if (same.length > 0) lines.push(`  Not priced on both sides, unchanged (in neither total): ${same.map((u) => `${u.count} × ${u.what}`).join(', ')}`);
  return lines;
}

function totalLine(deltas: readonly EnvironmentDelta[]): string {
  const blocked = notComparable(deltas);
  if (blocked.length > 0) {
    return `Total change per month: not comparable (${blocked.join(', ')}: unpriced items differ between base and head, listed above)`;
  }
  const total = deltas.reduce((s, d) => s + (d.delta ?? 0), 0);
  const unchanged = deltas.some((d) => d.unpriced.head.length > 0) ? ' (priced items; items not priced on both sides are unchanged)' : '';
  return `Total change per month: ${signed(total)}${unchanged}`;
}

function rangeChanged(a: CostRange, b: CostRange): boolean {
  return a.min !== b.min || a.max !== b.max;
}

/** A side's figure: "not priced" when nothing of it has a price, "at least" when only part of it has. */
function sideText(micro: Micro, unpriced: readonly Unpriced[] | undefined): string {
  if (!unpriced || unpriced.length === 0) return formatUsd(micro);
  return micro === 0 ? 'not priced' : `at least ${formatUsd(micro)}`;
}

function rangeText(r: CostRange, unpriced?: readonly Unpriced[]): string {
  const text = `min ${formatUsd(r.min)} – max ${formatUsd(r.max)}`;
  if (!unpriced || unpriced.length === 0) return text;
  return r.min === 0 && r.max === 0 ? 'not priced' : `at least ${text}`;
}

function signed(micro: Micro): string {
  return micro > 0 ? `+${formatUsd(micro)}` : formatUsd(micro);
}
