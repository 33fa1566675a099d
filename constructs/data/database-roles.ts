/**
 * The database roles of an environment, derived from its config and from how the RDS Proxy authenticates: the
 * input of `npm run db-bootstrap` (lib/db-bootstrap/) and of the check that the two agree.
 */
import type { EnvironmentConfig } from '../../environments/schema/environment';
import {
  membershipsFor, proxyLoginToDatabase, roleLoginProblems, sqlLoginProblems,
  type BootstrapPlan, type ExpectedLogin, type ProxyAuthentication,
} from '../../lib/db-bootstrap/roles';
import { PROXY_AUTHENTICATION } from './postgres-proxy';

/** How each role the platform uses logs in to the PostgreSQL server, and why. */
export function expectedLogins(env: EnvironmentConfig, proxyAuth: ProxyAuthentication = PROXY_AUTHENTICATION): ExpectedLogin[] {
  const pg = env.data.postgres;
  const secret = (name: string) => `${env.project}/${env.name}/${name}`;
  const proxyLogin = proxyLoginToDatabase(proxyAuth);
  const app: ExpectedLogin = pg.proxy.enabled
    ? {
      role: pg.proxy.appUser,
      login: proxyLogin,
      because: proxyLogin === 'password'
        ? `the RDS Proxy logs in as it with the password in ${secret(pg.proxy.credentialsSecret)} (auth_scheme ${proxyAuth.authScheme}; the apps present IAM tokens to the proxy only)`
        : 'the RDS Proxy logs in as it with IAM tokens (default_auth_scheme IAM_AUTH)',
      configPath: 'data.postgres.proxy.appUser',
    }
    : {
      role: pg.proxy.appUser,
      login: 'iam-token',
      because: 'the apps connect to the instance directly with IAM tokens (no proxy in this environment)',
      configPath: 'data.postgres.proxy.appUser',
    };
  const exporter = env.monitoring.postgresExporter;
  return [app, {
    role: exporter.user,
    login: 'password',
    because: `the PostgreSQL exporter logs in with the password in ${secret(exporter.passwordSecret)}`,
    configPath: 'monitoring.postgresExporter.user',
  }];
}

export function bootstrapPlan(env: EnvironmentConfig, proxyAuth: ProxyAuthentication = PROXY_AUTHENTICATION): BootstrapPlan {
  const pg = env.data.postgres;
  const [app, exporter] = expectedLogins(env, proxyAuth);
  return {
    environment: env.name,
    database: pg.databaseName,
    masterUser: pg.masterUsername,
    secretPrefix: `${env.project}/${env.name}`,
    roles: [
      {
        name: app.role,
        login: app.login,
        access: 'application',
        usedBy: app.because,
        ...(app.login === 'password' ? { passwordSecret: pg.proxy.credentialsSecret } : {}),
        memberOf: membershipsFor(app.login, 'application'),
        configPath: app.configPath,
      },
      {
        name: exporter.role,
        login: exporter.login,
        access: 'monitoring',
        usedBy: exporter.because,
        passwordSecret: env.monitoring.postgresExporter.passwordSecret,
        memberOf: membershipsFor(exporter.login, 'monitoring'),
        configPath: exporter.configPath,
      },
    ],
  };
}

/**
 * Every disagreement between the plan (and its SQL, when given) and the logins the proxy and the config imply, as
 * `environment "<env>": <field path>: <rule>`.
 */
export function bootstrapProblems(env: EnvironmentConfig, plan: BootstrapPlan, sql?: string, proxyAuth: ProxyAuthentication = PROXY_AUTHENTICATION): string[] {
  const expected = expectedLogins(env, proxyAuth);
  const problems = [...roleLoginProblems(plan, expected), ...(sql === undefined ? [] : sqlLoginProblems(sql, expected))];
  return problems.map((p) => `environment "${env.name}": ${p}`);
}
