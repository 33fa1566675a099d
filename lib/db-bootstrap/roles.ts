/**
 * The PostgreSQL roles an environment needs, how each one logs in to the database server, and the check that the
 * role memberships the bootstrap grants agree with those logins.
 *
 * On RDS for PostgreSQL a role that is a member of `rds_iam` can log in only with IAM tokens; every other role logs
 * in with its password. So a role the RDS Proxy logs in as with a Secrets Manager password must never be in
 * `rds_iam`, and a role the apps reach directly with IAM tokens must be (docs/decisions/0023-database-roles-and-proxy-login.md).
 */

/** The RDS role that switches a member's logins to IAM tokens (and its password logins off). */
export const RDS_IAM = 'rds_iam';

/** How a role logs in to the PostgreSQL server itself (not to a proxy in front of it). */
export type LoginMethod = 'password' | 'iam-token';

/** The privileges a role gets in the environment's database. */
export type Access = 'application' | 'monitoring';

/**
 * How the RDS Proxy authenticates, in the terms of the `aws_db_proxy` arguments.
 * `authScheme` SECRETS: the proxy logs in to PostgreSQL with the user name and password of a Secrets Manager secret.
 * `iamAuth` REQUIRED: clients present IAM tokens to the proxy. `defaultAuthScheme` IAM_AUTH (end-to-end IAM; an
 * argument the aws provider 5.100.0 does not have): the proxy logs in to PostgreSQL with IAM tokens as well.
 */
export interface ProxyAuthentication {
  readonly authScheme: 'SECRETS';
  readonly iamAuth: 'REQUIRED' | 'DISABLED';
  /** @default 'NONE' */
  readonly defaultAuthScheme?: 'NONE' | 'IAM_AUTH';
}

/** How the role behind the proxy logs in to PostgreSQL, given how the proxy authenticates. */
export function proxyLoginToDatabase(auth: ProxyAuthentication): LoginMethod {
  return (auth.defaultAuthScheme ?? 'NONE') === 'IAM_AUTH' ? 'iam-token' : 'password';
}

export interface DatabaseRole {
  /** PostgreSQL role name (lower-case identifier). */
  readonly name: string;
  readonly login: LoginMethod;
  readonly access: Access;
  /** Who logs in as the role and through what; printed into the SQL as a comment. */
  readonly usedBy: string;
  /** Secret (name under `<project>/<env>/`) with the password, for password logins. */
  readonly passwordSecret?: string;
  /** Roles it is made a member of. */
  readonly memberOf: readonly string[];
  /** Config field the role comes from, for messages (`data.postgres.proxy.appUser`). */
  readonly configPath: string;
}

export interface BootstrapPlan {
  readonly environment: string;
  /** The database the grants apply in. */
  readonly database: string;
  /** The RDS master user that runs the bootstrap (and owns what it creates, so default privileges are set for it). */
  readonly masterUser: string;
  /** Secrets Manager prefix `<project>/<env>`. */
  readonly secretPrefix: string;
  readonly roles: readonly DatabaseRole[];
}

/** Memberships per access: `pg_monitor` lets the exporter read every statistics view without owning anything. */
const ACCESS_MEMBERSHIPS: Readonly<Record<Access, readonly string[]>> = { application: [], monitoring: ['pg_monitor'] };

/** The memberships a role with this login and access needs: `rds_iam` exactly for IAM-token logins. */
export function membershipsFor(login: LoginMethod, access: Access): string[] {
  return [...ACCESS_MEMBERSHIPS[access], ...(login === 'iam-token' ? [RDS_IAM] : [])];
}

/** What a role is expected to be: how it must log in, and the config field it comes from. */
export interface ExpectedLogin {
  readonly role: string;
  readonly login: LoginMethod;
  /** Why it logs in that way (the proxy's auth scheme, a direct IAM connection, a password secret). */
  readonly because: string;
  readonly configPath: string;
}

/**
 * Problems between the logins the platform uses and the plan's memberships, as `<config path>: <rule>`:
 * a password login that is a member of `rds_iam` (every login fails), an IAM-token login that is not (every token
 * is refused), a role the plan does not create, and a password login without its secret.
 */
export function roleLoginProblems(plan: BootstrapPlan, expected: readonly ExpectedLogin[]): string[] {
  const problems: string[] = [];
  for (const want of expected) {
    const role = plan.roles.find((r) => r.name === want.role);
    if (!role) {
      problems.push(`${want.configPath}: the bootstrap creates no role "${want.role}" (${want.because})`);
      continue;
    }
    const inRdsIam = role.memberOf.includes(RDS_IAM);
    if (want.login === 'password' && inRdsIam) {
      problems.push(`${want.configPath}: role "${role.name}" must not be granted ${RDS_IAM}: ${want.because}, and a member of ${RDS_IAM} can log in only with IAM tokens`);
    }
    if (want.login === 'iam-token' && !inRdsIam) {
      problems.push(`${want.configPath}: role "${role.name}" must be granted ${RDS_IAM}: ${want.because}, and RDS accepts IAM tokens only for members of ${RDS_IAM}`);
    }
    if (role.login !== want.login) {
      problems.push(`${want.configPath}: role "${role.name}" is bootstrapped for ${role.login} logins, but ${want.because}`);
    }
    if (want.login === 'password' && !role.passwordSecret) {
      problems.push(`${want.configPath}: role "${role.name}" logs in with a password but names no secret holding it`);
    }
  }
  plan.roles.forEach((role, index) => {
    if (plan.roles.findIndex((r) => r.name === role.name) !== index) problems.push(`${role.configPath}: role "${role.name}" is also ${plan.roles.find((r) => r.name === role.name)?.configPath}: one role cannot serve both`);
  });
  if (plan.roles.some((r) => r.name === plan.masterUser)) {
    problems.push(`data.postgres.masterUsername: the bootstrap must not change the master user "${plan.masterUser}"`);
  }
  return problems;
}

/**
 * The same rule read from rendered SQL (a hand-edited or differently generated script): every `GRANT rds_iam TO
 * <role>` names a role that logs in with IAM tokens.
 */
export function sqlLoginProblems(sql: string, expected: readonly ExpectedLogin[]): string[] {
  const granted = [...sql.matchAll(/\bGRANT\s+"?rds_iam"?\s+TO\s+"?([a-z_][a-z0-9_]*)"?/gi)].map((m) => m[1].toLowerCase());
  return expected
    .filter((want) => want.login === 'password' && granted.includes(want.role))
    .map((want) => `${want.configPath}: the SQL grants ${RDS_IAM} to "${want.role}", but ${want.because}`);
}
