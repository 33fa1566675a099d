/**
 * The db-bootstrap SQL of every environment, run twice with psql (the same code path as `--apply`) against a
 * throwaway PostgreSQL server in the run's TMPDIR, set up the way RDS sets up an instance: the server's superuser is
 * an internal role (RDS's `rdsadmin`); the master user is NOT a superuser but has CREATEROLE and CREATEDB, owns the
 * database and is a member of a local `rds_superuser`, which holds `rds_iam` and `pg_monitor` with ADMIN OPTION:
 * - the second run succeeds and changes nothing (roles, memberships, privileges), also after the app role created
 *   its own table and sequence in between (its migrations do; the master has no rights on them);
 * - tables and sequences the master user owned before the first run become the app role's to read and write;
 * - the proxy's login role logs in with its password over TCP (SCRAM) and is not a member of rds_iam, even after
 *   a database bootstrapped the old way (rds_iam granted) — the bootstrap revokes it;
 * - an IAM-token role is a member of rds_iam;
 * - a script with `GRANT rds_iam` to the proxy's role planted fails inside its transaction and changes nothing;
 * - so does one with the old `GRANT … ON ALL TABLES IN SCHEMA public` planted, once the app role owns a table.
 * PostgreSQL 15 and older let a CREATEROLE role grant any role; whatever server this finds, the memberships RDS's
 * master user needs on PostgreSQL 16 (ADMIN OPTION on rds_iam and pg_monitor, through rds_superuser) are set up.
 * Needs initdb, pg_ctl, postgres and psql (POSTGRES_BIN_DIR, /usr/lib/postgresql/<n>/bin or PATH); without them the
 * suite prints a banner and skips.
 */
import { spawnSync, type SpawnSyncReturns } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { delimiter, join } from 'path';
import { bootstrapPlan } from '../constructs/data/database-roles';
import { loadEnvironments, type EnvironmentConfig } from '../environments';
import { applyBootstrap } from '../lib/db-bootstrap/apply';
import { RDS_IAM, type BootstrapPlan } from '../lib/db-bootstrap/roles';
import { renderBootstrapSql } from '../lib/db-bootstrap/sql';

const TOOLS = ['initdb', 'pg_ctl', 'postgres', 'psql'] as const;

/** A directory holding every tool, or why there is none. */
function findPostgres(): { dir: string } | { missing: string } {
  const versioned = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)).map((v) => `/usr/lib/postgresql/${v}/bin`)
    : [];
  const candidates = [process.env.POSTGRES_BIN_DIR, ...versioned, ...(process.env.PATH ?? '').split(delimiter)].filter((d): d is string => !!d);
  const dir = candidates.find((d) => TOOLS.every((tool) => existsSync(join(d, tool))));
  return dir ? { dir } : { missing: `no directory with ${TOOLS.join(', ')} (set POSTGRES_BIN_DIR; looked in ${candidates.slice(0, 4).join(', ')}…)` };
}

/**
 * PostgreSQL refuses to run as root. As root, the server runs in a user namespace as an unprivileged user mapped
 * to root outside, so it can use a data directory inside the run's (private) TMPDIR.
 */
function serverPrefix(): string[] | string {
  if (process.getuid?.() !== 0) return [];
  const probe = spawnSync('unshare', ['-U', '--map-user=1000', '--map-group=1000', 'true']);
  return probe.status === 0 ? ['unshare', '-U', '--map-user=1000', '--map-group=1000'] : 'running as root and unshare cannot map an unprivileged user (PostgreSQL refuses root)';
}

/** Unix socket paths are limited to about 107 bytes; the master user connects through one in the data's directory. */
const SOCKET_PATH_LIMIT = 103;
const socketTooLong = join(tmpdir(), 'db-bootstrap-pg-XXXXXX', '.s.PGSQL.65535').length > SOCKET_PATH_LIMIT
  ? `TMPDIR ${tmpdir()} is too long for a PostgreSQL socket path` : undefined;

const found = findPostgres();
const prefix = serverPrefix();
const skipReason = 'missing' in found ? found.missing : typeof prefix === 'string' ? prefix : socketTooLong;
const environments = Object.values(loadEnvironments({}));

if (skipReason !== undefined) {
  process.stderr.write(`\n${'!'.repeat(78)}\n!! DB-BOOTSTRAP AGAINST POSTGRESQL SKIPPED: ${skipReason}\n!! not run for: ${environments.map((e) => e.name).join(', ')}\n${'!'.repeat(78)}\n`);
  test.skip(`db-bootstrap against a real PostgreSQL server (SKIPPED: ${skipReason})`, () => undefined);
} else {
  const bin = (tool: string) => join((found as { dir: string }).dir, tool);
  const server = prefix as string[];
  const run = (tool: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): SpawnSyncReturns<string> => {
    const command = tool === 'psql' ? [bin(tool)] : [...server, bin(tool)];
    return spawnSync(command[0], [...command.slice(1), ...args], { encoding: 'utf8', env });
  };
  const must = (result: SpawnSyncReturns<string>, what: string) => {
    if (result.status !== 0) throw new Error(`${what} failed (${result.status}): ${result.stderr || result.error?.message}`);
    return result.stdout;
  };

  /** RDS's own superuser; the schema refuses it as a master user name, so it never collides with one. */
  const SUPERUSER = 'rdsadmin';
  const RDS_SUPERUSER = 'rds_superuser';
  const masters = [...new Set(environments.map((e) => e.data.postgres.masterUsername))];
  /** Each database is owned by the master user of the first environment that uses it (RDS creates it so). */
  const databases = new Map(environments.map((e) => [e.data.postgres.databaseName, e.data.postgres.masterUsername] as const).reverse());
  const dir = mkdtempSync(join(tmpdir(), 'db-bootstrap-pg-'));
  const data = join(dir, 'data');
  let port = 0;
  const psqlEnv = { ...process.env, PGSSLMODE: 'disable', PGCONNECT_TIMEOUT: '10' };
  /** Runs SQL as `user` (a superuser unless given) over the socket, where every role may log in (trust). */
  const master = (sql: string, database = 'postgres', user = SUPERUSER) =>
    must(run('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-h', dir, '-p', String(port), '-U', user, '-d', database, '-c', sql], psqlEnv), sql).trim();

  beforeAll(async () => {
    port = await freePort();
    must(run('initdb', ['-D', data, '-U', SUPERUSER, '-E', 'UTF8', '--auth-local=trust', '--auth-host=scram-sha-256', '--no-sync']), 'initdb');
    must(run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-o', `-k ${dir} -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']), 'pg_ctl start');
    // What RDS provides: rds_superuser holding rds_iam and pg_monitor with ADMIN OPTION, the master users (members
    // of rds_superuser with CREATEROLE and CREATEDB, no superuser), the databases they own.
    master(`CREATE ROLE "${RDS_IAM}" NOLOGIN`);
    master(`CREATE ROLE "${RDS_SUPERUSER}" NOLOGIN`);
    master(`GRANT "${RDS_IAM}", "pg_monitor" TO "${RDS_SUPERUSER}" WITH ADMIN OPTION`);
    for (const name of masters) master(`CREATE ROLE "${name}" LOGIN NOSUPERUSER CREATEROLE CREATEDB IN ROLE "${RDS_SUPERUSER}"`);
    for (const [database, owner] of databases) {
      master(`CREATE DATABASE "${database}" OWNER "${owner}"`);
      // A table (with its sequence) the master user created before any bootstrap.
      master(`CREATE TABLE ${EXISTING} (id serial primary key); CREATE VIEW ${EXISTING}_view AS SELECT id FROM ${EXISTING};`
        + ` CREATE MATERIALIZED VIEW ${EXISTING}_summary AS SELECT count(*) FROM ${EXISTING}`, database, owner);
    }
  }, 60_000);

  afterAll(() => {
    if (existsSync(join(data, 'postmaster.pid'))) run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Generated per test run, never a literal. */
  const passwords = new Map<string, string>();
  const passwordsOf = (plan: BootstrapPlan) => new Map(plan.roles.filter((r) => r.login === 'password').map((r) => {
    if (!passwords.has(r.name)) passwords.set(r.name, `pw-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`);
    return [r.name, passwords.get(r.name)!] as const;
  }));
  const apply = (plan: BootstrapPlan, sql = renderBootstrapSql(plan)) =>
    applyBootstrap(plan, sql, passwordsOf(plan), { host: dir, port, psql: bin('psql'), env: psqlEnv });
  const EXISTING = 'bootstrap_existing';
  const isMember = (role: string, group: string) => master(`SELECT pg_has_role('${role}', '${group}', 'MEMBER')`) === 't';
  const canLogIn = (plan: BootstrapPlan, role: string, password: string) => run('psql', ['-X', '-At', '-h', '127.0.0.1', '-p', String(port), '-U', role, '-d', plan.database, '-c', 'SELECT current_user'], { ...psqlEnv, PGPASSWORD: password });
  /** Everything the bootstrap decides, except the verifiers (a new salt on every run). */
  const snapshot = (plan: BootstrapPlan) => master(`
    SELECT json_build_object(
      'roles', (SELECT json_agg(json_build_array(rolname, rolcanlogin, rolsuper, rolcreaterole, rolcreatedb, rolpassword IS NULL) ORDER BY rolname) FROM pg_roles WHERE rolname NOT LIKE 'pg\\_%'),
      'members', (SELECT json_agg(json_build_array(g.rolname, u.rolname) ORDER BY g.rolname, u.rolname) FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member),
      'database', (SELECT datacl::text FROM pg_database WHERE datname = current_database()),
      'schema', (SELECT nspacl::text FROM pg_namespace WHERE nspname = 'public'),
      'defaults', (SELECT json_agg(defaclacl::text ORDER BY defaclobjtype) FROM pg_default_acl),
      'objects', (SELECT json_agg(json_build_array(c.relname, c.relkind, c.relowner::regrole::text, c.relacl::text) ORDER BY c.relname)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')))`, plan.database, plan.masterUser);

  // IAM-token environments first: their rds_iam grant is what a database bootstrapped the old way has for the
  // proxy's role, so the proxy environments that follow also prove the repair.
  const ordered = [...environments].sort((a, b) => Number(a.data.postgres.proxy.enabled) - Number(b.data.postgres.proxy.enabled));
  const appRole = (env: EnvironmentConfig) => env.data.postgres.proxy.appUser;

  describe.each(ordered.map((e) => [e.name, e] as const))('db-bootstrap of %s on a real PostgreSQL server', (_name, env) => {
    const plan = bootstrapPlan(env);

    test('the master user is no superuser, as on RDS', () => {
      expect(master(`SELECT rolsuper::text || rolcreaterole::text FROM pg_roles WHERE rolname = '${plan.masterUser}'`)).toBe('falsetrue');
      expect(isMember(plan.masterUser, RDS_SUPERUSER)).toBe(true);
    });

    test('runs twice; the second run succeeds and changes nothing, also after the app role created its own table and sequence', () => {
      const first = apply(plan);
      // The first run may say what it repaired (NOTICE); the second has nothing to say.
      expect({ status: first.status, stderr: first.stderr.replace(/^psql:<stdin>:\d+: NOTICE: .*\n?/gm, '') }).toEqual({ status: 0, stderr: '' });
      // What the apps' migrations do between two runs: the app role owns what it creates.
      const own = `app_owned_${env.name.replace(/\W/g, '_')}`;
      master(`CREATE TABLE ${own} (id serial primary key); CREATE SEQUENCE ${own}_numbers`, plan.database, appRole(env));
      expect(master(`SELECT count(*) FROM pg_class WHERE relname LIKE '${own}%' AND relkind IN ('r', 'S') AND relowner = '${appRole(env)}'::regrole`, plan.database)).toBe('3');
      const after = snapshot(plan);
      const second = apply(plan);
      expect(second).toMatchObject({ status: 0, stderr: '' });
      expect(snapshot(plan)).toBe(after);
    });

    test('planted: the old `GRANT … ON ALL TABLES IN SCHEMA public` fails as the master user once the app role owns a table, and changes nothing', () => {
      const before = snapshot(plan);
      const sql = renderBootstrapSql(plan).replace('-- Check:', `GRANT SELECT ON ALL TABLES IN SCHEMA public TO "${appRole(env)}";\n-- Check:`);
      const result = apply(plan, sql);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/ERROR: +permission denied for table app_owned_/);
      expect(snapshot(plan)).toBe(before);
    });

    test('every password role logs in over TCP with its password (SCRAM), not with a wrong one, and is not in rds_iam', () => {
      for (const role of plan.roles.filter((r) => r.login === 'password')) {
        expect(canLogIn(plan, role.name, passwords.get(role.name)!)).toMatchObject({ status: 0, stdout: `${role.name}\n` });
        expect(canLogIn(plan, role.name, `${passwords.get(role.name)}-wrong`).status).not.toBe(0);
        expect(isMember(role.name, RDS_IAM)).toBe(false);
      }
      for (const role of plan.roles) for (const group of role.memberOf) expect(isMember(role.name, group)).toBe(true);
    });

    if (env.data.postgres.proxy.enabled) {
      test(`the proxy's login role ${appRole(env)} was in rds_iam before (old instructions) and is not any more`, () => {
        master(`GRANT "${RDS_IAM}" TO "${appRole(env)}"`);
        expect(isMember(appRole(env), RDS_IAM)).toBe(true);
        expect(apply(plan).status).toBe(0);
        expect(isMember(appRole(env), RDS_IAM)).toBe(false);
      });

      test('a script with GRANT rds_iam to the proxy\'s role planted fails in its own transaction and changes nothing', () => {
        const before = snapshot(plan);
        const sql = renderBootstrapSql(plan).replace('-- Check:', `GRANT "${RDS_IAM}" TO "${appRole(env)}";\n-- Check:`);
        const result = apply(plan, sql);
        expect(result.status).not.toBe(0);
        expect(result.stderr).toContain(`${appRole(env)} logs in with a password but is a member of ${RDS_IAM}`);
        expect(snapshot(plan)).toBe(before);
        expect(isMember(appRole(env), RDS_IAM)).toBe(false);
      });
    } else {
      test(`the app role ${appRole(env)} connects with IAM tokens: a member of rds_iam, no password`, () => {
        expect(isMember(appRole(env), RDS_IAM)).toBe(true);
        expect(master(`SELECT rolpassword IS NULL FROM pg_authid WHERE rolname = '${appRole(env)}'`)).toBe('t');
      });
    }

    test('the app role may read and write the table and sequence the master user owned before the first run, the exporter may not', () => {
      const exporter = plan.roles.find((r) => r.access === 'monitoring')!.name;
      const has = (check: string) => master(`SELECT ${check}`, plan.database) === 't';
      for (const privilege of ['SELECT', 'INSERT', 'UPDATE', 'DELETE']) expect(has(`has_table_privilege('${appRole(env)}', '${EXISTING}', '${privilege}')`)).toBe(true);
      expect(has(`has_sequence_privilege('${appRole(env)}', '${EXISTING}_id_seq', 'USAGE')`)).toBe(true);
      expect(has(`has_table_privilege('${appRole(env)}', '${EXISTING}_view', 'SELECT')`)).toBe(true);
      expect(has(`has_table_privilege('${exporter}', '${EXISTING}', 'SELECT')`)).toBe(false);
    });

    test('the app role may read and write tables the master user creates later, the exporter may not', () => {
      const table = `bootstrap_probe_${env.name.replace(/\W/g, '_')}`;
      master(`CREATE TABLE IF NOT EXISTS ${table} (id serial primary key)`, plan.database, plan.masterUser);
      const can = (role: string, privilege: string) => master(`SELECT has_table_privilege('${role}', '${table}', '${privilege}')`, plan.database) === 't';
      expect(can(appRole(env), 'INSERT')).toBe(true);
      const exporter = plan.roles.find((r) => r.access === 'monitoring')!.name;
      expect(can(exporter, 'INSERT')).toBe(false);
      master(`DROP TABLE ${table}`, plan.database, plan.masterUser);
    });
  });
}

/** A TCP port nobody listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
