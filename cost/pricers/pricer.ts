/** A pricer turns the resources of some types into line items (or records what it cannot price). */
import type { PricingContext } from '../pricing-context';

export interface Pricer {
  /** Resource types this pricer accounts for (the report classifies every other type as free or not priced). */
  readonly types: readonly string[];
  price(ctx: PricingContext): void;
}
