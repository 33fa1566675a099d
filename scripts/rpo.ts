/**
 * `npm run rpo`: prints the recovery point objective each environment's config gives (environments/rpo.ts).
 * Exits non-zero when a production-tier environment misses the objective.
 */
import { formatRpo, rpoOf } from '../environments/rpo';
import { loadConfigOrExit } from './load-config';

function main(): number {
  let failed = 0;
  for (const env of Object.values(loadConfigOrExit())) {
    const statement = rpoOf(env);
    console.log(`${formatRpo(statement)}\n`);
    if (env.tier === 'production' && !env.recovery && !statement.meetsObjective) failed++;
  }
  return failed === 0 ? 0 : 1;
}

process.exitCode = main();
