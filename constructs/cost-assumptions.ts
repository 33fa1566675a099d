/** Records an environment's cost assumptions in its synthesized stack, so `npm run cost` reads them with the resources. */
import type { TerraformStack } from 'cdktf';
import type { CostAssumptions } from '../environments/schema/cost';

/** JSON key of the record: `//` is Terraform's comment key, so Terraform ignores it. */
export const COST_ASSUMPTIONS_KEY = '//.cost_assumptions';

export function recordCostAssumptions(stack: TerraformStack, assumptions: CostAssumptions): void {
  stack.addOverride(COST_ASSUMPTIONS_KEY, assumptions);
}
