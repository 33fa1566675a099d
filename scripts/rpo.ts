/**
 * `npm run rpo`: prints the recovery point objective each environment's config gives (environments/rpo.ts).
 * Exits non-zero when a production-tier environment misses the objective.
 */
import { loadEnvironments } from '../environments';
import { formatRpo, rpoOf } from '../environments/rpo';
import { ConfigValidationError } from '../environments/validate';

function main(): number {
  let envs;
  try {
    envs = loadEnvironments();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  let failed = 0;
  for (const env of Object.values(envs)) {
    const statement = rpoOf(env);
    console.log(`${formatRpo(statement)}\n`);
    if (env.tier === 'production' && !env.recovery && !statement.meetsObjective) failed++;
  }
  return failed === 0 ? 0 : 1;
}

process.exitCode = main();
