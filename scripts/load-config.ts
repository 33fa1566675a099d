/** Config for the command-line scripts: validated like `npm run synth`, problems printed one per line, exit 1. */
import { loadEnvironments, type EnvironmentConfig } from '../environments';
import { ConfigValidationError } from '../environments/validate';

export function loadConfigOrExit(env: Readonly<Record<string, string | undefined>> = process.env): Record<string, EnvironmentConfig> {
  try {
    return loadEnvironments(env);
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    console.error(error.message);
    return process.exit(1);
  }
}
