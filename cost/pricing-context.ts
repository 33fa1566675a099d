/** What a pricer sees of one environment: its resources (with their region), the price book, and where results go. */
import type { CostAssumptions } from '../environments/schema/cost';
import { cost, formatQuantity, type GlobalPrices, type Micro, type Price, type PriceBook, type RegionPrices } from './price-book';
import type { EnvironmentStacks, Json, StackJson } from './synth-output';

export interface Resource {
  readonly stack: StackJson;
  readonly type: string;
  readonly name: string;
  /** `type.name`, as Terraform addresses it. */
  readonly address: string;
  readonly attrs: Json;
  /** AWS region of the resource's provider; undefined for non-AWS resources. */
  readonly region: string | undefined;
}

/** One priced quantity of one component. */
export interface LineItem {
  /** Component the item adds to (the report's row and the diff's key). */
  readonly component: string;
  /** Monthly cost at the configured (desired) size. */
  readonly monthly: Micro;
  /** Monthly cost at the minimum and maximum size, where the size can move (node groups). */
  readonly min?: Micro;
  readonly max?: Micro;
  /** Quantity × unit price, for a reader checking the figure. */
  readonly detail: string;
}

/** Something present that has no price: shown in the report with its count, never counted as zero. */
export interface Unpriced {
  readonly what: string;
  readonly count: number;
  readonly reason: string;
  /** The component this would add to, when known (a diff then shows that component as unpriced, never as 0.00). */
  readonly component?: string;
  /** Smallest and largest count, where it can move (node groups): a diff shows a changed range even without a price. */
  readonly countRange?: { readonly min: number; readonly max: number };
}

/** Where an unpriced item belongs and how far its count can move. */
export interface UnpricedContext {
  readonly component?: string;
  readonly countRange?: { readonly min: number; readonly max: number };
}

export class PricingContext {
  readonly items: LineItem[] = [];
  readonly unpriced: Unpriced[] = [];
  private readonly all: Resource[];

  constructor(readonly env: EnvironmentStacks, readonly prices: PriceBook) {
    this.all = env.stacks.flatMap((stack) => resourcesOf(stack));
  }

  get assumptions(): CostAssumptions {
    return this.env.assumptions;
  }

  get hours(): number {
    return this.prices.hoursPerMonth;
  }

  resources(...types: string[]): Resource[] {
    return this.all.filter((r) => types.includes(r.type));
  }

  /** The resource a `${type.name.attr}` reference in `from`'s stack points at. */
  resolve(reference: unknown, from: Resource): Resource | undefined {
    const match = typeof reference === 'string' ? /\$\{(?:[a-z]+\()?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\./.exec(reference) : null;
    return match ? this.all.find((r) => r.stack === from.stack && r.type === match[1] && r.name === match[2]) : undefined;
  }

  /** A regional price, or undefined after recording what is missing. */
  regional<K extends keyof RegionPrices>(region: string | undefined, key: K, what: string): RegionPrices[K] | undefined {
    const price = region === undefined ? undefined : this.prices.regions[region]?.[key];
    if (price === undefined) this.missing(what, `no ${String(key)} price for ${region ?? 'an unknown region'} in cost/prices.ts`);
    return price;
  }

  /** A per-SKU regional price (instance type, node type), or undefined after recording what is missing. */
  sku(region: string | undefined, key: 'ec2Hour' | 'rdsPostgresHour' | 'elasticacheHour', sku: string, what: string, count = 1, context: UnpricedContext = {}): Price | undefined {
    const price = region === undefined ? undefined : this.prices.regions[region]?.[key]?.[sku];
    if (price === undefined) this.missing(what, `no ${region ?? 'unknown-region'} ${key} price for ${sku} in cost/prices.ts`, count, context);
    return price;
  }

  global<K extends keyof GlobalPrices>(key: K, what: string): GlobalPrices[K] | undefined {
    const price = this.prices.global[key];
    if (price === undefined) this.missing(what, `no ${String(key)} price in cost/prices.ts`);
    return price;
  }

  /** Adds `quantity` units at `price` to `component`. */
  add(component: string, price: Price, quantity: number, detail: string, range?: { min: number; max: number }): void {
    this.items.push({
      component,
      monthly: cost(price, quantity),
      ...(range ? { min: cost(price, range.min), max: cost(price, range.max) } : {}),
      detail: `${detail}: ${round(quantity)} ${price.unit} × $${price.usd}`,
    });
  }

  missing(what: string, reason: string, count = 1, context: UnpricedContext = {}): void {
    this.unpriced.push({ what, count, reason, ...context });
  }
}

function resourcesOf(stack: StackJson): Resource[] {
  const regions = providerRegions(stack.json);
  const out: Resource[] = [];
  for (const [type, byName] of Object.entries((stack.json.resource ?? {}) as Json)) {
    for (const [name, attrs] of Object.entries(byName as Json)) {
      const provider = typeof attrs.provider === 'string' ? attrs.provider : type.split('_')[0];
      out.push({ stack, type, name, address: `${type}.${name}`, attrs: attrs as Json, region: regions.get(provider) });
    }
  }
  return out;
}

/** `aws` → the default provider's region, `aws.<alias>` → the aliased provider's region. */
function providerRegions(json: Json): Map<string, string> {
  const regions = new Map<string, string>();
  for (const provider of (json.provider?.aws ?? []) as Json[]) {
    if (typeof provider.region === 'string') regions.set(provider.alias ? `aws.${provider.alias}` : 'aws', provider.region);
  }
  return regions;
}

const round = (n: number) => formatQuantity(n, 3);
