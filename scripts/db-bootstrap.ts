/**
 * `npm run db-bootstrap -- <env> [--apply --host <instance endpoint> [--port 5432]]`
 *
 * Prints the idempotent psql script that creates the environment's database roles and grants (docs/data.md#database-roles),
 * after checking that its rds_iam memberships agree with how each role logs in (the RDS Proxy's auth scheme). With
 * --apply, runs it with psql as the master user: the master password comes from psql's own environment (PGPASSWORD),
 * each role's password from the variable named like its secret; none of them is printed or passed on a command line.
 * Exit codes: 0 done, 1 usage or check failure, otherwise psql's.
 */
import { bootstrapPlan, bootstrapProblems } from '../constructs/data/database-roles';
import { applyBootstrap, rolePasswords } from '../lib/db-bootstrap/apply';
import { renderBootstrapSql } from '../lib/db-bootstrap/sql';
import { loadConfigOrExit } from './load-config';

const USAGE = 'usage: npm run db-bootstrap -- <environment> [--apply --host <instance endpoint> [--port <port>]]';

interface Args {
  readonly environment: string;
  readonly apply: boolean;
  readonly host?: string;
  readonly port?: number;
}

function parseArgs(argv: readonly string[]): Args | string {
  const positional: string[] = [];
  let apply = false;
  let host: string | undefined;
  let port: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--apply') apply = true;
    else if (arg === '--host' || arg === '--port') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) return `${arg} needs a value\n${USAGE}`;
      if (arg === '--host') host = value;
      else if (!/^\d+$/.test(value)) return `--port must be a number, got "${value}"`;
      else port = Number(value);
    } else if (arg.startsWith('--')) return `unknown option ${arg}\n${USAGE}`;
    else positional.push(arg);
  }
  if (positional.length !== 1) return USAGE;
  if (apply && !host && !process.env.PGHOST) return `--apply needs --host <instance endpoint> (or PGHOST)\n${USAGE}`;
  if (!apply && (host || port)) return `--host and --port are for --apply\n${USAGE}`;
  return { environment: positional[0], apply, ...(host ? { host } : {}), ...(port ? { port } : {}) };
}

function main(): number {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    console.error(`db-bootstrap: ${args}`);
    return 1;
  }
  const configs = loadConfigOrExit();
  const env = configs[args.environment];
  if (!env) {
    console.error(`db-bootstrap: no environment "${args.environment}" (environments: ${Object.keys(configs).join(', ')})`);
    return 1;
  }
  const plan = bootstrapPlan(env);
  const sql = renderBootstrapSql(plan);
  const problems = bootstrapProblems(env, plan, sql);
  if (problems.length > 0) {
    console.error(`db-bootstrap: the roles disagree with how they log in (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    return 1;
  }
  if (!args.apply) {
    process.stdout.write(sql);
    return 0;
  }
  const { passwords, problems: missing } = rolePasswords(plan, process.env);
  if (missing.length > 0) {
    console.error(`db-bootstrap: cannot apply:\n${missing.map((p) => `  - ${p}`).join('\n')}`);
    return 1;
  }
  const host = args.host ?? process.env.PGHOST ?? '';
  const result = applyBootstrap(plan, sql, passwords, { host, ...(args.port ? { port: args.port } : {}) });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  if (result.status === 0) console.error(`db-bootstrap: ${plan.roles.map((r) => `${r.name} (${r.login})`).join(', ')} bootstrapped in ${plan.database} on ${host}`);
  return result.status;
}

process.exitCode = main();
