/**
 * The reviewed exceptions: a YAML file of entries naming one stack, one address and one action, with the
 * reason and an expiry date. An entry lets exactly that change through until the end of its expiry day (UTC);
 * after that it blocks again, so a forgotten entry cannot wave through next quarter's accident.
 */
import { parse } from 'yaml';
import type { PlanAction } from './plan';

export interface AllowEntry {
  readonly stack: string;
  readonly address: string;
  readonly action: Exclude<PlanAction, 'create' | 'no-op' | 'read' | 'forget'>;
  readonly reason: string;
  /** Last day (YYYY-MM-DD, UTC) the entry applies. */
  readonly expires: string;
}

/** The allow-list file is unusable (exit code 2, like a bad plan). */
export class AllowListError extends Error {}

/** An entry may not reach further ahead than this: exceptions are for one change, not a standing waiver. */
export const MAX_ALLOW_DAYS = 90;
const ACTIONS = ['replace', 'delete', 'update'] as const;
const FIELDS = ['stack', 'address', 'action', 'reason', 'expires'] as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Parses the allow-list; every problem on its own line, `<source>: entries[i].<field>: <rule>`. */
export function parseAllowList(text: string, source: string, today: Date): AllowEntry[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new AllowListError(`${source}: not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  const entries = (doc as { entries?: unknown } | null)?.entries ?? [];
  if (!Array.isArray(entries)) throw new AllowListError(`${source}: entries: must be a list`);
  const problems: string[] = [];
  entries.forEach((entry: Record<string, unknown>, i) => {
    const at = (field: string, rule: string) => problems.push(`${source}: entries[${i}].${field}: ${rule}`);
    for (const field of FIELDS) {
      if (typeof entry?.[field] !== 'string' || (entry[field] as string).trim() === '') at(field, 'is required (a non-empty string)');
    }
    if (typeof entry?.action === 'string' && !(ACTIONS as readonly string[]).includes(entry.action)) at('action', `must be one of ${ACTIONS.join(', ')}`);
    if (typeof entry?.reason === 'string' && entry.reason.trim().length < 20) at('reason', 'must explain the change for the reviewer (at least 20 characters)');
    if (typeof entry?.expires === 'string') {
      const end = expiryEnd(entry.expires);
      if (end === undefined) at('expires', 'must be a date YYYY-MM-DD');
      else if (end - today.getTime() > (MAX_ALLOW_DAYS + 1) * DAY_MS) at('expires', `must be at most ${MAX_ALLOW_DAYS} days ahead (an exception is for one change, not a standing waiver)`);
    }
  });
  if (problems.length > 0) throw new AllowListError(problems.join('\n'));
  return entries as AllowEntry[];
}

/** End of the expiry day (UTC) in ms, or undefined for a malformed date. */
function expiryEnd(date: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const start = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== date) return undefined;
  return start + DAY_MS;
}

export function isExpired(entry: AllowEntry, today: Date): boolean {
  return today.getTime() >= (expiryEnd(entry.expires) ?? 0);
}

/** The entry for this stack, address and action, if any (expired or not: the caller reports which). */
export function findEntry(entries: readonly AllowEntry[], stack: string | undefined, address: string, action: PlanAction): AllowEntry | undefined {
  return entries.find((e) => e.stack === stack && e.address === address && e.action === action);
}
