/**
 * Runs a rendered bootstrap with psql. The script and the verifier variables go on standard input, so no password
 * or verifier is ever on a command line, in a file or in the printed SQL. psql takes the master user's credentials
 * from its own environment (PGPASSWORD or a password file), never from this code.
 */
import { spawnSync } from 'child_process';
import type { BootstrapPlan } from './roles';
import { scramSha256Verifier } from './scram';
import { verifierVariable } from './sql';

export interface ApplyTarget {
  /** Instance endpoint (or a local socket directory); never the proxy, which admits only the app role. */
  readonly host: string;
  /** @default 5432 */
  readonly port?: number;
  /** psql binary. @default 'psql' (PATH), or PSQL_BIN */
  readonly psql?: string;
  /** Environment for psql (PGPASSWORD, PGSSLMODE, PGSSLROOTCERT…). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The password of each password-login role, read from the variable named like its secret. The value is the secret
 * string as Secrets Manager returns it: the password itself, or `{"username","password"}` whose username must be
 * the role (so the proxy and the database agree on who logs in).
 */
export function rolePasswords(plan: BootstrapPlan, env: Readonly<Record<string, string | undefined>>): { passwords: Map<string, string>; problems: string[] } {
  const passwords = new Map<string, string>();
  const problems: string[] = [];
  for (const role of plan.roles.filter((r) => r.login === 'password')) {
    const variable = role.passwordSecret ?? '';
    const raw = env[variable];
    if (!raw) {
      problems.push(`${variable} is not set: export the value of the secret ${plan.secretPrefix}/${variable} (the password of ${role.name})`);
      continue;
    }
    const parsed = parseSecret(raw);
    if (parsed.username !== undefined && parsed.username !== role.name) {
      problems.push(`${variable}: its username is "${parsed.username}", but the role is "${role.name}"`);
      continue;
    }
    if (!parsed.password) {
      problems.push(`${variable}: no password in the value`);
      continue;
    }
    passwords.set(role.name, parsed.password);
  }
  return { passwords, problems };
}

function parseSecret(raw: string): { username?: string; password?: string } {
  if (!raw.trimStart().startsWith('{')) return { password: raw };
  try {
    const json = JSON.parse(raw) as { username?: unknown; password?: unknown };
    return {
      ...(typeof json.username === 'string' ? { username: json.username } : {}),
      ...(typeof json.password === 'string' ? { password: json.password } : {}),
    };
  } catch {
    return {}; // a JSON-looking value that does not parse: reported as having no password, never echoed
  }
}

/** psql's standard input: the verifier variables, then the script. */
export function psqlInput(sql: string, passwords: ReadonlyMap<string, string>): string {
  const sets = [...passwords].map(([role, password]) => `\\set ${verifierVariable(role)} '${scramSha256Verifier(password)}'`);
  return [...sets, sql].join('\n');
}

export interface ApplyResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function applyBootstrap(plan: BootstrapPlan, sql: string, passwords: ReadonlyMap<string, string>, target: ApplyTarget): ApplyResult {
  const env = { ...(target.env ?? process.env) };
  // rds.force_ssl refuses plain connections; a socket directory (local test server) has no TLS.
  if (env.PGSSLMODE === undefined && !target.host.startsWith('/')) env.PGSSLMODE = 'require';
  const args = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', target.host, '-p', String(target.port ?? 5432), '-U', plan.masterUser, '-d', plan.database, '-f', '-'];
  const run = spawnSync(target.psql ?? env.PSQL_BIN ?? 'psql', args, { input: psqlInput(sql, passwords), env, encoding: 'utf8' });
  if (run.error) return { status: 127, stdout: '', stderr: `psql could not be started: ${run.error.message}` };
  return { status: run.status ?? 1, stdout: run.stdout, stderr: run.stderr };
}
