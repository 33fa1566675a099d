/** The environment registry: add an environment by adding a file and one line here (docs/environments.md). */
import { applyStateOverrides, stateOverrideOrigins } from './overrides';
import { production } from './production';
import { checkRecoveryLinks, selectedRecoveryInputs } from './recovery';
import type { EnvironmentConfig, EnvironmentInput } from './schema/environment';
import { staging } from './staging';
import { validateEnvironments } from './validate';

export const ENVIRONMENT_INPUTS: Readonly<Record<string, EnvironmentInput>> = { production, staging };

/** Applies process-environment overrides, then validates every environment (throws ConfigValidationError). */
export function loadEnvironments(
  env: Readonly<Record<string, string | undefined>> = process.env,
  inputs: Readonly<Record<string, EnvironmentInput>> = ENVIRONMENT_INPUTS,
): Record<string, EnvironmentConfig> {
  // Recovery environments join only when RECOVERY_ENVIRONMENTS names them (environments/recovery.ts).
  const selected = { ...inputs, ...selectedRecoveryInputs(env) };
  const overridden = Object.fromEntries(Object.entries(selected).map(([key, input]) => [key, applyStateOverrides(input, env)]));
  const origins = Object.fromEntries(Object.entries(selected).map(([key, input]) => [key, stateOverrideOrigins(input, env)]));
  const configs = validateEnvironments(overridden, origins);
  checkRecoveryLinks(configs);
  return configs;
}

export { placeholderWarnings } from './placeholders';
export type { EnvironmentConfig, EnvironmentInput };
