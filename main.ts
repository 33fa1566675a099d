/**
 * Entry point for `npm run synth`, `cdktf synth|diff|deploy`. Validates every environment first:
 * on invalid config it prints every problem and exits non-zero before any stack is synthesized.
 */
import { loadEnvironments, placeholderWarnings } from './environments';
import { ConfigValidationError } from './environments/validate';
import { buildPlatform } from './stacks/app';

function main(): void {
  let envs;
  try {
    envs = loadEnvironments();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // Example values synthesize (so the project can be tried), but each is named; plan and deploy refuse them.
  for (const line of placeholderWarnings(envs)) console.error(line);
  buildPlatform(envs).app.synth();
}

main();
