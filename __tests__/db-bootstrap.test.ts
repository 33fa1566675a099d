/**
 * `npm run db-bootstrap`: the SQL generated for every environment from its config, and the check that the roles'
 * rds_iam memberships agree with how they log in (the RDS Proxy's auth scheme as synthesized), with planted defects.
 * The SQL run twice against a real PostgreSQL server: db-bootstrap-postgres.test.ts.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { bootstrapPlan, bootstrapProblems } from '../constructs/data/database-roles';
import { Postgres } from '../constructs/data/postgres';
import { PROXY_AUTHENTICATION } from '../constructs/data/postgres-proxy';
import { loadEnvironments, type EnvironmentConfig } from '../environments';
import { production } from '../environments/production';
import { dataSchema } from '../environments/schema/data';
import { validateEnvironment } from '../environments/validate';
import { psqlInput, rolePasswords } from '../lib/db-bootstrap/apply';
import { RDS_IAM, type BootstrapPlan, type ProxyAuthentication } from '../lib/db-bootstrap/roles';
import { scramSha256Verifier } from '../lib/db-bootstrap/scram';
import { renderBootstrapSql, verifierVariable } from '../lib/db-bootstrap/sql';
import { mutated } from './support/config';
import { developmentEnvironment } from './support/environments';
import { RECOVERY } from './support/recovery';
import { synthConstruct } from './support/scope';

const environments = Object.values(loadEnvironments(RECOVERY));
const byName = (name: string) => environments.find((e) => e.name === name)!;
const withProxy = environments.filter((e) => e.data.postgres.proxy.enabled);
const withoutProxy = environments.filter((e) => !e.data.postgres.proxy.enabled);
const grantRdsIam = (role: string) => `GRANT "${RDS_IAM}" TO "${role}";`;

/** `npm run db-bootstrap -- <args>`; tsx's cache goes to a directory of this suite, removed at the end. */
const scriptTmp = mkdtempSync(join(tmpdir(), 'db-bootstrap-cli-'));
afterAll(() => rmSync(scriptTmp, { recursive: true, force: true }));
function dbBootstrap(args: readonly string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/db-bootstrap.ts', ...args], { encoding: 'utf8', env: { ...env, TMPDIR: scriptTmp } });
}

/** The `aws_db_proxy` auth as synthesized by the Postgres construct with an environment's config. */
function synthesizedProxyAuth(env: EnvironmentConfig): ProxyAuthentication {
  const stack = synthConstruct((scope) => new Postgres(scope, 'pg', {
    namePrefix: `${env.project}-${env.name}`, accountId: env.aws.accountId, region: env.aws.region,
    config: env.data.postgres, vpcId: 'vpc-1', vpcCidr: env.network.vpcCidr, subnetIds: ['subnet-a', 'subnet-b'],
    clientSecurityGroupId: 'sg-nodes', kmsKeyArn: 'arn:aws:kms:eu-north-1:111111111111:key/data',
    logsKmsKeyArn: 'arn:aws:kms:eu-north-1:111111111111:key/logs', logRetentionDays: 30,
    proxyCredentialsSecretArn: 'arn:aws:secretsmanager:eu-north-1:111111111111:secret:app-AbCdEf',
  }));
  const proxy = stack.one('aws_db_proxy').attrs;
  const [auth] = proxy.auth as { auth_scheme: 'SECRETS'; iam_auth: 'REQUIRED' | 'DISABLED' }[];
  return { authScheme: auth.auth_scheme, iamAuth: auth.iam_auth, ...(proxy.default_auth_scheme ? { defaultAuthScheme: proxy.default_auth_scheme } : {}) };
}

describe('the shipped environments cover both logins', () => {
  test('at least one environment behind the proxy and one connecting directly', () => {
    expect(withProxy.length).toBeGreaterThan(0);
    expect(withoutProxy.length).toBeGreaterThan(0);
  });
});

describe.each(environments.map((e) => [e.name, e] as const))('db-bootstrap SQL of %s', (_name, env) => {
  const plan = bootstrapPlan(env);
  const sql = renderBootstrapSql(plan);
  const pg = env.data.postgres;
  const app = pg.proxy.appUser;
  const exporter = env.monitoring.postgresExporter.user;

  test('the roles agree with how they log in (no problem)', () => {
    expect(bootstrapProblems(env, plan, sql)).toEqual([]);
  });

  test('runs as the master user in the configured database, and never changes the master user', () => {
    expect(plan).toMatchObject({ environment: env.name, database: pg.databaseName, masterUser: pg.masterUsername, secretPrefix: `${env.project}/${env.name}` });
    expect(sql).toContain(`master user ${pg.masterUsername}, connected to the database ${pg.databaseName}`);
    expect(sql).not.toMatch(new RegExp(`ALTER ROLE "${pg.masterUsername}"|CREATE ROLE "${pg.masterUsername}"`));
  });

  test('every role is created only when missing, inside one transaction that ends with the membership check', () => {
    const creates = sql.match(/CREATE ROLE "[a-z0-9_]+";/g) ?? [];
    expect(creates).toEqual(plan.roles.map((r) => `CREATE ROLE "${r.name}";`));
    for (const role of plan.roles) expect(sql).toContain(`IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '${role.name}') THEN\n    CREATE ROLE "${role.name}";`);
    expect(sql.indexOf('BEGIN;')).toBeLessThan(sql.indexOf('CREATE ROLE'));
    expect(sql.trimEnd().endsWith('COMMIT;')).toBe(true);
    expect(sql.lastIndexOf('pg_has_role')).toBeGreaterThan(sql.lastIndexOf('CREATE ROLE'));
  });

  test('no password literal: password roles take a SCRAM verifier from a psql variable', () => {
    expect(sql).not.toMatch(/PASSWORD\s+'/i);
    for (const role of plan.roles.filter((r) => r.login === 'password')) {
      expect(sql).toContain(`ALTER ROLE "${role.name}" WITH LOGIN PASSWORD :'${verifierVariable(role.name)}';`);
      expect(sql).toContain(`\\if :{?${verifierVariable(role.name)}}`);
    }
  });

  test(`grants on the tables and sequences ${pg.masterUsername} owns only, never on all of the schema (the app role owns what its migrations create, and the RDS master user may not grant on that)`, () => {
    expect(sql).not.toMatch(/\bON\s+ALL\s+(TABLES|SEQUENCES)\s+IN\s+SCHEMA\b/i);
    expect(sql).toContain(`c.relowner = '${pg.masterUsername}'::pg_catalog.regrole`);
    expect(sql).toMatch(new RegExp(`ALTER DEFAULT PRIVILEGES FOR ROLE "${pg.masterUsername}" IN SCHEMA public GRANT [A-Z, ]+ ON TABLES TO "${app}";`));
  });

  if (pg.proxy.enabled) {
    test(`the proxy's login role ${app} logs in with the password of ${pg.proxy.credentialsSecret} and is never granted rds_iam (removed if it was)`, () => {
      const role = plan.roles.find((r) => r.name === app)!;
      expect(role).toMatchObject({ login: 'password', passwordSecret: pg.proxy.credentialsSecret });
      expect(role.memberOf).not.toContain(RDS_IAM);
      expect(sql).not.toContain(grantRdsIam(app));
      expect(sql).toContain(`REVOKE "${RDS_IAM}" FROM "${app}";`);
    });
  } else {
    test(`the app role ${app} connects directly with IAM tokens: granted rds_iam, no password`, () => {
      expect(plan.roles.find((r) => r.name === app)).toMatchObject({ login: 'iam-token', memberOf: expect.arrayContaining([RDS_IAM]) });
      expect(sql).toContain(grantRdsIam(app));
      expect(sql).toContain(`ALTER ROLE "${app}" WITH LOGIN PASSWORD NULL;`);
      expect(sql).not.toContain(verifierVariable(app));
    });
  }

  test(`the exporter role ${exporter} logs in with a password, reads statistics through pg_monitor, never rds_iam`, () => {
    expect(plan.roles.find((r) => r.name === exporter)).toMatchObject({ login: 'password', passwordSecret: env.monitoring.postgresExporter.passwordSecret, memberOf: ['pg_monitor'] });
    expect(sql).toContain(`GRANT "pg_monitor" TO "${exporter}";`);
    expect(sql).not.toContain(grantRdsIam(exporter));
  });

  test('npm run db-bootstrap prints exactly this SQL', () => {
    const run = dbBootstrap([env.name], { ...process.env, ...RECOVERY });
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.stdout).toBe(sql);
  });
});

describe('docs/data.md "Database roles" states each environment\'s logins as its config gives them', () => {
  const page = readFileSync(join(__dirname, '..', 'docs', 'data.md'), 'utf8');
  const rows = new Map(page.split('\n').filter((l) => l.startsWith('| ')).map((l) => l.split('|').map((c) => c.trim())).map((c) => [c[1], c]));
  test.each(environments.map((e) => [e.name, e] as const))('%s', (_name, env) => {
    const row = rows.get(env.name);
    expect(row).toBeDefined();
    const app = bootstrapPlan(env).roles.find((r) => r.name === env.data.postgres.proxy.appUser)!;
    expect(row![3].startsWith(app.memberOf.includes(RDS_IAM) ? 'yes' : 'no')).toBe(true);
    if (!env.recovery) expect(row![2]).toContain(app.login === 'password' ? `the password in \`${env.data.postgres.proxy.credentialsSecret}\`` : 'IAM tokens');
  });
});

describe('the check against the synthesized RDS Proxy', () => {
  test.each(withProxy.map((e) => [e.name, e] as const))('%s: the proxy synthesizes the auth the bootstrap assumes, and the bootstrap passes against it', (_name, env) => {
    const synthesized = synthesizedProxyAuth(env);
    expect(synthesized).toEqual(PROXY_AUTHENTICATION);
    const plan = bootstrapPlan(env, synthesized);
    expect(bootstrapProblems(env, plan, renderBootstrapSql(plan), synthesized)).toEqual([]);
  });
});

describe('planted defects are caught', () => {
  const env = withProxy[0];
  const app = env.data.postgres.proxy.appUser;
  const plan = bootstrapPlan(env);
  const withMembership = (p: BootstrapPlan, role: string, change: (memberOf: string[]) => string[]): BootstrapPlan => ({
    ...p, roles: p.roles.map((r) => (r.name === role ? { ...r, memberOf: change([...r.memberOf]) } : r)),
  });

  test(`${env.name}: a bootstrap granting rds_iam to the proxy's login role`, () => {
    const planted = withMembership(plan, app, (m) => [...m, RDS_IAM]);
    const sql = renderBootstrapSql(planted);
    expect(sql).toContain(grantRdsIam(app));
    expect(bootstrapProblems(env, planted, sql)).toEqual([
      expect.stringMatching(new RegExp(`^environment "${env.name}": data\\.postgres\\.proxy\\.appUser: role "${app}" must not be granted rds_iam: the RDS Proxy logs in as it with the password in .*a member of rds_iam can log in only with IAM tokens$`)),
      expect.stringMatching(new RegExp(`^environment "${env.name}": data\\.postgres\\.proxy\\.appUser: the SQL grants rds_iam to "${app}"`)),
    ]);
  });

  test(`${env.name}: the step the old instructions gave (GRANT rds_iam TO ${app}) added to a correct script`, () => {
    const sql = renderBootstrapSql(plan).replace('COMMIT;', `GRANT rds_iam TO ${app};\nCOMMIT;`);
    expect(bootstrapProblems(env, plan, sql)).toEqual([expect.stringContaining(`the SQL grants rds_iam to "${app}"`)]);
  });

  test.each(withoutProxy.map((e) => [e.name, e] as const))('%s: an IAM-token role without rds_iam', (_name, direct) => {
    const role = direct.data.postgres.proxy.appUser;
    const planted = withMembership(bootstrapPlan(direct), role, (m) => m.filter((g) => g !== RDS_IAM));
    expect(bootstrapProblems(direct, planted)).toEqual([expect.stringContaining(`data.postgres.proxy.appUser: role "${role}" must be granted rds_iam`)]);
  });

  test(`${env.name}: the proxy switched to end-to-end IAM while the bootstrap still gives the role a password`, () => {
    const endToEnd: ProxyAuthentication = { ...PROXY_AUTHENTICATION, defaultAuthScheme: 'IAM_AUTH' };
    const problems = bootstrapProblems(env, plan, renderBootstrapSql(plan), endToEnd);
    expect(problems).toContainEqual(expect.stringContaining(`role "${app}" must be granted rds_iam: the RDS Proxy logs in as it with IAM tokens`));
    // A bootstrap generated for end-to-end IAM passes (valid variation).
    const iamPlan = bootstrapPlan(env, endToEnd);
    expect(bootstrapProblems(env, iamPlan, renderBootstrapSql(iamPlan), endToEnd)).toEqual([]);
    expect(renderBootstrapSql(iamPlan)).toContain(grantRdsIam(app));
  });

  test('the exporter granted rds_iam, and one role serving both purposes', () => {
    const exporter = env.monitoring.postgresExporter.user;
    expect(bootstrapProblems(env, withMembership(plan, exporter, (m) => [...m, RDS_IAM]))).toEqual([expect.stringContaining(`monitoring.postgresExporter.user: role "${exporter}" must not be granted rds_iam`)]);
    const shared = validateEnvironment(env.name, mutated(production, (e) => { e.monitoring.postgresExporter.user = dataSchema.parse(production.data).postgres.proxy.appUser; }));
    expect(bootstrapProblems(shared, bootstrapPlan(shared))).toContainEqual(expect.stringContaining('one role cannot serve both'));
  });
});

describe('valid variations pass', () => {
  test('the development environment of the docs walkthrough (staging-like, no proxy)', () => {
    const dev = validateEnvironment('dev', developmentEnvironment());
    const plan = bootstrapPlan(dev);
    expect(bootstrapProblems(dev, plan, renderBootstrapSql(plan))).toEqual([]);
  });

  test('production with another app role name', () => {
    const renamed = validateEnvironment('production', mutated(production, (e) => {
      e.data.postgres.proxy = { ...e.data.postgres.proxy!, enabled: true, appUser: 'feedback_service' };
    }));
    const plan = bootstrapPlan(renamed);
    const sql = renderBootstrapSql(plan);
    expect(bootstrapProblems(renamed, plan, sql)).toEqual([]);
    expect(sql).toContain('CREATE ROLE "feedback_service";');
  });
});

describe('--apply inputs', () => {
  const plan = bootstrapPlan(withProxy[0]);
  const app = plan.roles.find((r) => r.name === withProxy[0].data.postgres.proxy.appUser)!;
  const exporter = plan.roles.find((r) => r.access === 'monitoring')!;
  const secretValue = 'x'.repeat(8) + Date.now().toString(36); // generated, not a credential

  test('takes each password from the variable named like its secret: the JSON of the proxy secret or a plain value', () => {
    const { passwords, problems } = rolePasswords(plan, {
      [app.passwordSecret!]: JSON.stringify({ username: app.name, password: secretValue }),
      [exporter.passwordSecret!]: secretValue,
    });
    expect(problems).toEqual([]);
    expect(passwords).toEqual(new Map([[app.name, secretValue], [exporter.name, secretValue]]));
  });

  test('a missing variable or a secret for another user is refused without echoing any value', () => {
    const { problems } = rolePasswords(plan, { [app.passwordSecret!]: JSON.stringify({ username: 'someone_else', password: secretValue }) });
    expect(problems).toEqual([
      `${app.passwordSecret}: its username is "someone_else", but the role is "${app.name}"`,
      expect.stringContaining(`${exporter.passwordSecret} is not set`),
    ]);
    expect(problems.join('\n')).not.toContain(secretValue);
  });

  test('psql receives SCRAM verifiers, never the password', () => {
    const input = psqlInput(renderBootstrapSql(plan), new Map([[app.name, secretValue]]));
    expect(input).not.toContain(secretValue);
    expect(input).toMatch(new RegExp(`^\\\\set ${verifierVariable(app.name)} 'SCRAM-SHA-256\\$4096:[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+'$`, 'm'));
    expect(() => scramSha256Verifier('pässword')).toThrow(/printable ASCII/);
  });

  test('the command refuses --apply without the secrets, naming the variables', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PGHOST: '/nonexistent' };
    for (const role of plan.roles) delete env[role.passwordSecret ?? ''];
    const run = dbBootstrap([plan.environment, '--apply'], env);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${app.passwordSecret} is not set`);
    expect(run.stdout).toBe('');
  });

  test('unknown environments and options are refused', () => {
    const run = (...args: string[]) => dbBootstrap(args);
    expect(run('no-such-env')).toMatchObject({ status: 1, stderr: expect.stringContaining('no environment "no-such-env"') });
    expect(run(byName('production').name, '--host', 'x')).toMatchObject({ status: 1, stderr: expect.stringContaining('--host and --port are for --apply') });
  });
});
