/** Prices one environment's stacks: runs every pricer and classifies every resource type it contains. */
import type { CostAssumptions } from '../environments/schema/cost';
import type { Micro, PriceBook } from './price-book';
import { PricingContext, type LineItem, type Unpriced } from './pricing-context';
import { backupPricer } from './pricers/backup';
import { computePricer } from './pricers/compute';
import { databasePricer } from './pricers/database';
import { managementPricer } from './pricers/management';
import { networkPricer } from './pricers/network';
import type { Pricer } from './pricers/pricer';
import { storagePricer } from './pricers/storage';
import { workloadsPricer } from './pricers/workloads';
import { FREE_TYPES, NOT_PRICED_TYPES } from './resource-types';
import type { EnvironmentStacks } from './synth-output';

export const PRICERS: readonly Pricer[] = [computePricer, workloadsPricer, networkPricer, databasePricer, backupPricer, storagePricer, managementPricer];

export const PRICED_TYPES: ReadonlySet<string> = new Set(PRICERS.flatMap((p) => p.types));

/** A component's monthly cost (the sum of its line items). */
export interface Component {
  readonly name: string;
  readonly monthly: Micro;
  readonly min: Micro;
  readonly max: Micro;
  readonly items: readonly LineItem[];
}

export interface Estimate {
  readonly environment: string;
  readonly stacks: readonly string[];
  readonly assumptions: CostAssumptions;
  readonly assumptionsRecorded: boolean;
  readonly components: readonly Component[];
  readonly total: Micro;
  readonly totalMin: Micro;
  readonly totalMax: Micro;
  /** Types present that cost nothing, with their counts. */
  readonly free: Readonly<Record<string, number>>;
  /** Known-unpriced types, SKUs without a price, and unclassified types: never counted as zero silently. */
  readonly unpriced: readonly Unpriced[];
  /** Types in no list (a test fails on any). */
  readonly unclassified: readonly string[];
}

export function estimate(env: EnvironmentStacks, prices: PriceBook): Estimate {
  const ctx = new PricingContext(env, prices);
  for (const pricer of PRICERS) pricer.price(ctx);
  const counts = typeCounts(env);
  const free: Record<string, number> = {};
  const unclassified: string[] = [];
  for (const [type, count] of Object.entries(counts)) {
    if (PRICED_TYPES.has(type)) continue;
    if (type in FREE_TYPES) free[type] = count;
    else if (type in NOT_PRICED_TYPES) ctx.missing(type, NOT_PRICED_TYPES[type], count);
    else {
      unclassified.push(type);
      ctx.missing(type, 'unclassified: add it to a pricer or to cost/resource-types.ts', count);
    }
  }
  const components = groupComponents(ctx.items);
  const sum = (pick: (c: Component) => Micro) => components.reduce((total, c) => total + pick(c), 0);
  return {
    environment: env.name,
    stacks: env.stacks.map((s) => s.name),
    assumptions: env.assumptions,
    assumptionsRecorded: env.recorded,
    components,
    total: sum((c) => c.monthly),
    totalMin: sum((c) => c.min),
    totalMax: sum((c) => c.max),
    free,
    unpriced: ctx.unpriced,
    unclassified,
  };
}

/** Resource types and their counts across an environment's stacks. */
export function typeCounts(env: EnvironmentStacks): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const stack of env.stacks) {
    for (const [type, byName] of Object.entries(stack.json.resource ?? {})) counts[type] = (counts[type] ?? 0) + Object.keys(byName as object).length;
  }
  return counts;
}

function groupComponents(items: readonly LineItem[]): Component[] {
  const byName = new Map<string, LineItem[]>();
  for (const item of items) byName.set(item.component, [...(byName.get(item.component) ?? []), item]);
  return [...byName.entries()].map(([name, list]) => ({
    name,
    monthly: list.reduce((s, i) => s + i.monthly, 0),
    min: list.reduce((s, i) => s + (i.min ?? i.monthly), 0),
    max: list.reduce((s, i) => s + (i.max ?? i.monthly), 0),
    items: list,
  }));
}
