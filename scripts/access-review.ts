/**
 * `npm run access-review [-- --env <name>] [--rows]`: synthesizes every environment (offline, no credentials) and
 * prints the access review of lib/access-review: per environment, the pipeline roles × resource types with how many
 * calls are allowed or denied and by which statement, then every finding of every check (trust, service and
 * workload roles, KMS key policies, Kubernetes RBAC). Exit 1 when anything is found, 2 on bad input.
 * RECOVERY_ENVIRONMENTS=dr-production adds the recovery environment, as for synth.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadEnvironments } from '../environments';
import { findingLines, reviewPlatform, reviewedEnvironment, type EnvironmentReview } from '../lib/access-review/environment-review';
import type { ReviewRow } from '../lib/access-review/pipeline-review';

function table(rows: readonly ReviewRow[]): string[] {
  const groups = new Map<string, ReviewRow[]>();
  for (const row of rows) groups.set(`${row.role}\t${row.type}`, [...(groups.get(`${row.role}\t${row.type}`) ?? []), row]);
  const lines = ['role | resource type | calls allowed | calls denied | decided by'];
  for (const [key, group] of groups) {
    const [role, type] = key.split('\t');
    const allowed = group.filter((r) => r.decision.allowed);
    const denied = group.filter((r) => !r.decision.allowed);
    const by = [...new Set(group.flatMap((r) => (r.decision.allowed ? r.decision.statements : [r.decision.reason])))].slice(0, 3).join('; ');
    lines.push(`${role} | ${type} | ${allowed.length} | ${denied.length} | ${by}`);
  }
  return lines;
}

function print(review: EnvironmentReview, rowsToo: boolean): void {
  console.log(`\n## ${review.environment}\n`);
  if (review.rows.length > 0) console.log(table(review.rows).join('\n'));
  if (rowsToo) {
    for (const r of review.rows) console.log(`${r.role}\t${r.type}\t${r.phase}\t${r.action}\t${r.resource}\t${r.decision.allowed ? 'allowed' : 'denied'}\t${r.decision.allowed ? r.decision.statements.join(', ') : r.decision.reason}`);
  }
  const lines = findingLines(review);
  console.log(`\n${review.environment}: ${review.rows.length} pipeline calls evaluated; ${lines.length} finding(s)`);
  for (const line of lines) console.log(`  - ${line}`);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const only = args.includes('--env') ? args[args.indexOf('--env') + 1] : undefined;
  const envs = loadEnvironments();
  if (only && !envs[only]) {
    console.error(`access-review: no environment "${only}" (known: ${Object.keys(envs).join(', ')})`);
    return 2;
  }
  const outdir = mkdtempSync(join(tmpdir(), 'access-review-'));
  try {
    // Loaded after the config is valid, as main.ts does.
    const { buildPlatform } = require('../stacks/app') as typeof import('../stacks/app');
    buildPlatform(envs, { outdir }).app.synth();
    const stacks = readdirSync(join(outdir, 'stacks')).map((name) => ({ name, json: JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')) }));
    const reviews = await reviewPlatform(Object.values(envs).map(reviewedEnvironment), stacks);
    const shown = reviews.filter((r) => !only || r.environment === only);
    shown.forEach((r) => print(r, args.includes('--rows')));
    return shown.some((r) => findingLines(r).length > 0) ? 1 : 0;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
