/** The plain-text report: per environment, components with desired (min–max) monthly cost, what is not priced, the assumptions. */
import { formatUsd, type PriceBook } from './price-book';
import type { Component, Estimate } from './estimate';

export interface ReportOptions {
  /** Print every line item under its component. */
  readonly details: boolean;
}

export function textReport(estimates: readonly Estimate[], prices: PriceBook, options: ReportOptions): string {
  const lines = [
    `Monthly cost estimate (USD, on-demand list prices of ${prices.date}, ${prices.hoursPerMonth} h per month)`,
    `Prices: cost/prices.ts (basis per price: page, corroborated or memory — see docs/cost.md). Usage: each environment's "cost" config.`,
    '',
  ];
  for (const e of estimates) lines.push(...environmentSection(e, options), '');
  lines.push(summary(estimates));
  return lines.join('\n') + '\n';
}

function environmentSection(e: Estimate, options: ReportOptions): string[] {
  const width = Math.max(24, ...e.components.map((c) => c.name.length));
  const range = (c: { min: number; max: number; monthly: number }) => (c.min === c.monthly && c.max === c.monthly ? '' : `  (min ${formatUsd(c.min)} – max ${formatUsd(c.max)})`);
  const lines = [`== ${e.environment} (stacks: ${e.stacks.join(', ')})`];
  const sorted = [...e.components].sort((a, b) => b.monthly - a.monthly);
  for (const c of sorted) {
    lines.push(`  ${c.name.padEnd(width)} ${formatUsd(c.monthly).padStart(11)}${range(c)}`);
    if (options.details) lines.push(...c.items.map((i) => `      ${i.detail} = ${formatUsd(i.monthly)}`));
  }
  lines.push(`  ${'TOTAL per month'.padEnd(width)} ${formatUsd(e.total).padStart(11)}  (node groups at min ${formatUsd(e.totalMin)} – max ${formatUsd(e.totalMax)})`);
  if (e.unpriced.length > 0) {
    lines.push('  Not priced (not in the total):');
    lines.push(...e.unpriced.map((u) => `    ${u.count} × ${u.what}: ${u.reason}`));
  }
  const free = Object.entries(e.free);
  const freeCount = free.reduce((sum, [, n]) => sum + n, 0);
  if (options.details) lines.push(...wrap(`Free (no charge of their own): ${free.map(([type, n]) => `${type} ×${n}`).join(', ')}`));
  else if (free.length > 0) lines.push(`  Free (no charge of their own): ${freeCount} resources of ${free.length} types (listed with --details and in report.txt)`);
  const recorded = e.assumptionsRecorded ? 'cost config' : 'defaults, none recorded in the stacks';
  lines.push(...wrap(`Usage assumptions per month (${recorded}): ${assumptionText(e)}`));
  return lines;
}

function assumptionText(e: Estimate): string {
  return Object.entries(e.assumptions).map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : value}`).join(', ');
}

/** Indented lines of at most ~110 characters, broken after commas. */
function wrap(text: string): string[] {
  const lines: string[] = [];
  let line = '  ';
  for (const word of text.split(/(?<=, )/)) {
    if (line.length + word.length > 110 && line.trim() !== '') {
      lines.push(line.trimEnd());
      line = '    ';
    }
    line += word;
  }
  return [...lines, line.trimEnd()];
}

function summary(estimates: readonly Estimate[]): string {
  const rows = estimates.map((e) => `  ${e.environment.padEnd(24)} ${formatUsd(e.total).padStart(11)}`);
  return ['== Totals per month', ...rows].join('\n');
}

/** Component names in a stable order for charts and diffs. */
export function byCost(components: readonly Component[]): Component[] {
  return [...components].sort((a, b) => b.monthly - a.monthly || a.name.localeCompare(b.name));
}
