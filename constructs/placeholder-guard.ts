/**
 * Refuses `terraform plan` (so `cdktf diff` and `cdktf deploy`) of a stack whose environment still holds placeholder
 * values: a `terraform_data` resource (built into Terraform, no provider) with a precondition that fails listing them.
 * Added only while placeholders exist, so a real environment's plan and state carry nothing of it.
 */
import { TerraformLocal, TerraformResource, type TerraformResourceConfig } from 'cdktf';
import { Construct } from 'constructs';
import { describePlaceholder, type Placeholder } from '../environments/placeholders';

export interface PlaceholderGuardProps {
  /** Environment the placeholders belong to (named in the error). */
  readonly environment: string;
  /** Placeholders still in its config. @default none (then nothing is created) */
  readonly placeholders?: readonly Placeholder[];
}

export class PlaceholderGuard extends Construct {
  constructor(scope: Construct, id: string, props: PlaceholderGuardProps) {
    super(scope, id);
    const placeholders = props.placeholders ?? [];
    if (placeholders.length === 0) return;
    const lines = placeholders.map(describePlaceholder);
    const list = new TerraformLocal(this, 'placeholders', lines);
    // A plain `terraform_data` resource rather than cdktf's DataResource: that class adds a synth-time validation which
    // runs `terraform version`, so synth would need a Terraform binary (and spends a process start per stack on it).
    new BuiltinData(this, 'refuse', { environment: props.environment }, {
      lifecycle: {
        precondition: [{
          condition: `\${length(${list.fqn}) == 0}`,
          errorMessage: `Environment "${props.environment}" still has placeholder values; replace them in environments/${props.environment}.ts (docs/environments.md) before planning or deploying:\n${lines.map((l) => `  - ${l}`).join('\n')}`,
        }],
      },
    });
  }
}

/** Terraform's built-in `terraform_data` resource with an `input`, without cdktf's Terraform-binary validation. */
class BuiltinData extends TerraformResource {
  constructor(scope: Construct, id: string, private readonly input: Record<string, string>, meta: Pick<TerraformResourceConfig, 'lifecycle'>) {
    super(scope, id, { ...meta, terraformResourceType: 'terraform_data', terraformGeneratorMetadata: { providerName: 'terraform' } });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { input: this.input };
  }
}
