/**
 * Renders a bootstrap plan as one idempotent psql script: roles created when missing (DO blocks, since PostgreSQL has
 * no CREATE ROLE IF NOT EXISTS), logins and memberships corrected on every run, grants repeated (GRANT is idempotent),
 * and a final check inside the same transaction. Passwords are never in the script: psql variables carry SCRAM
 * verifiers, which `--apply` supplies on psql's standard input.
 */
import { RDS_IAM, type Access, type BootstrapPlan, type DatabaseRole } from './roles';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** What the app role may do with the tables and the sequences of the `public` schema it does not own. */
const TABLE_PRIVILEGES = 'SELECT, INSERT, UPDATE, DELETE';
const SEQUENCE_PRIVILEGES = 'USAGE, SELECT, UPDATE';

/** pg_class kinds that `GRANT … ON ALL TABLES` covers (tables, partitioned tables, views, materialized views, foreign tables). */
const TABLE_KINDS = ['r', 'p', 'v', 'm', 'f'];

/** Privileges per access, in the environment's database (`public` schema). */
const ACCESS_GRANTS: Readonly<Record<Access, (role: string, plan: BootstrapPlan) => string[]>> = {
  // The apps own their tables' rows, and run their schema migrations (CREATE on public, which PostgreSQL 15+ no
  // longer grants to every role). Default privileges cover tables the master user creates later.
  application: (role, plan) => [
    `GRANT CONNECT, TEMPORARY ON DATABASE ${q(plan.database)} TO ${q(role)};`,
    `GRANT USAGE, CREATE ON SCHEMA public TO ${q(role)};`,
    ...grantsOnMasterObjects(role, plan),
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${q(plan.masterUser)} IN SCHEMA public GRANT ${TABLE_PRIVILEGES} ON TABLES TO ${q(role)};`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${q(plan.masterUser)} IN SCHEMA public GRANT ${SEQUENCE_PRIVILEGES} ON SEQUENCES TO ${q(role)};`,
  ],
  // Reads statistics through pg_monitor; owns and writes nothing.
  monitoring: (role, plan) => [`GRANT CONNECT ON DATABASE ${q(plan.database)} TO ${q(role)};`],
};

/** The psql variable that carries a role's SCRAM verifier. */
export function verifierVariable(role: string): string {
  return `${role}_password_verifier`;
}

export function renderBootstrapSql(plan: BootstrapPlan): string {
  for (const name of [plan.database, plan.masterUser, ...plan.roles.flatMap((r) => [r.name, ...r.memberOf])]) {
    if (!IDENTIFIER.test(name)) throw new Error(`db-bootstrap: "${name}" is not a lower-case PostgreSQL identifier`);
  }
  const passwordRoles = plan.roles.filter((r) => r.login === 'password');
  return [
    `-- Database roles of environment "${plan.environment}", generated from its config by \`npm run db-bootstrap -- ${plan.environment}\`.`,
    '-- Do not edit: change the config or lib/db-bootstrap/ and generate it again (docs/data.md#database-roles).',
    `-- Run as the master user ${plan.masterUser}, connected to the database ${plan.database} on the instance (not the proxy).`,
    '-- Idempotent: every run creates what is missing and corrects logins and memberships; run it again after any change.',
    ...(passwordRoles.length > 0
      ? ['-- Passwords are never in this file: the psql variables below hold SCRAM-SHA-256 verifiers, which `--apply` computes',
        '-- from the secrets and sends on psql\'s standard input:',
        ...passwordRoles.map((r) => `--   ${verifierVariable(r.name)} (secret ${plan.secretPrefix}/${r.passwordSecret})`)]
      : []),
    '\\set ON_ERROR_STOP on',
    ...passwordRoles.flatMap((r) => requireVariable(verifierVariable(r.name))),
    'BEGIN;',
    ...plan.roles.flatMap((role) => ['', ...roleSql(role, plan)]),
    '',
    ...finalCheck(plan),
    'COMMIT;',
    '',
  ].join('\n');
}

function roleSql(role: DatabaseRole, plan: BootstrapPlan): string[] {
  const name = role.name;
  const login = role.login === 'password'
    ? [
      `-- Password login (secret ${plan.secretPrefix}/${role.passwordSecret}): never a member of ${RDS_IAM}, which would allow IAM tokens only.`,
      `ALTER ROLE ${q(name)} WITH LOGIN PASSWORD :'${verifierVariable(name)}';`,
      doBlock([
        `IF EXISTS (${directMember(RDS_IAM, name)}) THEN`,
        `  REVOKE ${q(RDS_IAM)} FROM ${q(name)};`,
        `  RAISE NOTICE '%', ${lit(`revoked ${RDS_IAM} from ${name}: it logs in with a password`)};`,
        'END IF;',
      ]),
    ]
    : [
      `-- IAM-token login: a member of ${RDS_IAM}, no password at all.`,
      `ALTER ROLE ${q(name)} WITH LOGIN PASSWORD NULL;`,
    ];
  return [
    `-- ${name}: ${role.usedBy}`,
    doBlock([
      `IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ${lit(name)}) THEN`,
      `  CREATE ROLE ${q(name)};`,
      'END IF;',
    ]),
    ...login,
    ...role.memberOf.map((group) => doBlock([
      `IF NOT EXISTS (${directMember(group, name)}) THEN`,
      `  GRANT ${q(group)} TO ${q(name)};`,
      'END IF;',
    ])),
    ...ACCESS_GRANTS[role.access](name, plan),
  ];
}

/**
 * The app role's privileges on the tables and sequences in `public` that the master user owns, one GRANT each.
 * Not `GRANT … ON ALL TABLES IN SCHEMA public`: that includes the tables the apps' migrations created, which the app
 * role owns, and on RDS the master user is no superuser and has no rights at all on them, so the GRANT fails with
 * "permission denied" and the whole run (from its second run on) is rolled back. What the app role owns it may use
 * already; what a third role owns is left to that role.
 */
function grantsOnMasterObjects(role: string, plan: BootstrapPlan): string[] {
  const kinds = [...TABLE_KINDS, 'S'].map(lit).join(', ');
  return [
    `-- Current tables and sequences in public owned by ${plan.masterUser} (not those the apps' migrations created, which ${role} owns).`,
    doBlock([
      'FOR object IN',
      '  SELECT c.relname, c.relkind FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace',
      `  WHERE n.nspname = 'public' AND c.relkind IN (${kinds}) AND c.relowner = ${lit(plan.masterUser)}::pg_catalog.regrole`,
      '  ORDER BY c.relname',
      'LOOP',
      "  IF object.relkind = 'S' THEN",
      `    EXECUTE pg_catalog.format('GRANT ${SEQUENCE_PRIVILEGES} ON SEQUENCE public.%I TO %I', object.relname, ${lit(role)});`,
      '  ELSE',
      `    EXECUTE pg_catalog.format('GRANT ${TABLE_PRIVILEGES} ON TABLE public.%I TO %I', object.relname, ${lit(role)});`,
      '  END IF;',
      'END LOOP;',
    ], ['object record;']),
  ];
}

/** Inside the transaction: a password role that is still in rds_iam (e.g. through another role) aborts the run. */
function finalCheck(plan: BootstrapPlan): string[] {
  const checks = plan.roles.map((role) => {
    const member = `pg_catalog.pg_has_role(${lit(role.name)}, ${lit(RDS_IAM)}, 'MEMBER')`;
    return role.login === 'password'
      ? [`  IF ${member} THEN`, `    RAISE EXCEPTION '%', ${lit(`${role.name} logs in with a password but is a member of ${RDS_IAM} (through another role?): its logins would fail`)};`, '  END IF;']
      : [`  IF NOT ${member} THEN`, `    RAISE EXCEPTION '%', ${lit(`${role.name} logs in with IAM tokens but is not a member of ${RDS_IAM}`)};`, '  END IF;'];
  });
  return [
    `-- Check: logins and ${RDS_IAM} memberships agree (the same rule the command checks before it prints this).`,
    doBlock([
      `IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ${lit(RDS_IAM)}) THEN`,
      `  RAISE EXCEPTION '%', ${lit(`no role ${RDS_IAM}: this is not an RDS for PostgreSQL instance (or IAM database authentication is off)`)};`,
      'END IF;',
      ...checks.flat().map((line) => line.slice(2)),
    ]),
  ];
}

/** A query with a row when `member` is granted `group` directly (repeating a GRANT would print a notice). */
function directMember(group: string, member: string): string {
  return 'SELECT FROM pg_catalog.pg_auth_members m JOIN pg_catalog.pg_roles g ON g.oid = m.roleid JOIN pg_catalog.pg_roles u ON u.oid = m.member'
    + ` WHERE g.rolname = ${lit(group)} AND u.rolname = ${lit(member)}`;
}

/** psql stops with an error (not silently) when a verifier variable is missing. */
function requireVariable(variable: string): string[] {
  return [
    `\\if :{?${variable}}`,
    '\\else',
    doBlock([`RAISE EXCEPTION '%', ${lit(`psql variable ${variable} is not set: use npm run db-bootstrap -- <env> --apply, or psql -v ${variable}=<SCRAM verifier>`)};`]),
    '\\endif',
  ];
}

function doBlock(body: readonly string[], declare: readonly string[] = []): string {
  const declarations = declare.length > 0 ? ['DECLARE', ...declare.map((line) => `  ${line}`)] : [];
  return ['DO $bootstrap$', ...declarations, 'BEGIN', ...body.map((line) => `  ${line}`), 'END', '$bootstrap$;'].join('\n');
}

/** A quoted identifier (names are checked against IDENTIFIER first). */
function q(name: string): string {
  return `"${name}"`;
}

/** A string literal. */
function lit(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
