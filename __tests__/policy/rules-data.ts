/** RDS, ElastiCache, Secrets Manager and AWS Backup rules (docs/policy-checks.md: RDS, ElastiCache, KMS/Secrets/Backup). */
import { asList, references, type Json, type SynthResource, type SynthStack } from '../support/synth';
import { relatedRule, resourceRule, type PolicyRule } from './rule';

const DB = ['aws_db_instance'];
const CACHE = ['aws_elasticache_replication_group'];
/** Terraform JSON may carry booleans as strings (aws 5.x types some ElastiCache flags as strings). */
const isTrue = (value: unknown) => value === true || value === 'true';
const need = (ok: boolean, message: string) => (ok ? undefined : message);

const isPostgres = (db: SynthResource) => String(db.attrs.engine ?? '').includes('postgres');
/** Read replicas inherit engine, backups and parameters from their source; checkov still checks their own flags. */
const isReplica = (db: SynthResource) => db.attrs.replicate_source_db !== undefined;

/** The parameter group a DB instance uses, resolved through `${aws_db_parameter_group.x.name}` (checkov's graph edge). */
function parameterGroupOf(db: SynthResource, stack: SynthStack): SynthResource | undefined {
  if (db.attrs.parameter_group_name === undefined) return undefined;
  const refs = references(db.attrs.parameter_group_name);
  return stack.resources('aws_db_parameter_group').find((g) => refs.includes(g.address));
}
const parameters = (group: SynthResource | undefined): Json[] => asList<Json>(group?.attrs.parameter);
const parameter = (group: SynthResource | undefined, name: string) => parameters(group).find((p) => p.name === name);

const CA_CERTS = ['rds-ca-rsa2048-g1', 'rds-ca-rsa4096-g1', 'rds-ca-ecc384-g1'];

export const dataRules: PolicyRule[] = [
  // aws_db_instance (single-resource checks)
  resourceRule('CKV_AWS_16', 'RDS storage is encrypted', DB, (r) => need(r.attrs.storage_encrypted === true, 'storage_encrypted is not true'), 'AVD-AWS-0080'),
  resourceRule('CKV_AWS_17', 'RDS is not publicly accessible', DB, (r) => need(r.attrs.publicly_accessible !== true, 'publicly_accessible is true'), 'AVD-AWS-0180'),
  resourceRule('CKV_AWS_118', 'RDS enhanced monitoring is on', DB,
    (r) => need([1, 5, 10, 15, 30, 60].includes(Number(r.attrs.monitoring_interval)), `monitoring_interval ${r.attrs.monitoring_interval} is not 1/5/10/15/30/60`)),
  resourceRule('CKV_AWS_129', 'RDS exports logs to CloudWatch', DB, (r) => {
    const exports = asList<string>(r.attrs.enabled_cloudwatch_logs_exports);
    return need(exports.length > 0 && (!isPostgres(r) || (exports.includes('postgresql') && exports.includes('upgrade'))), 'enabled_cloudwatch_logs_exports lacks postgresql/upgrade');
  }),
  resourceRule('CKV_AWS_133', 'RDS keeps automated backups (1-35 days)', DB, (r) => {
    const days = r.attrs.backup_retention_period;
    if (days === undefined) return undefined; // checkov: passes if unset (replicas)
    return need(Number(days) >= 1 && Number(days) <= 35, `backup_retention_period ${days} is not 1-35`);
  }, 'AVD-AWS-0077'),
  resourceRule('CKV_AWS_157', 'RDS is Multi-AZ', DB, (r) => need(r.attrs.multi_az === true, 'multi_az is not true')),
  resourceRule('CKV_AWS_161', 'RDS uses IAM database authentication', DB,
    (r) => need(r.attrs.iam_database_authentication_enabled === true, 'iam_database_authentication_enabled is not true'), 'AVD-AWS-0176'),
  resourceRule('CKV_AWS_211', 'RDS uses a current CA certificate', DB,
    (r) => need(CA_CERTS.includes(r.attrs.ca_cert_identifier), `ca_cert_identifier ${r.attrs.ca_cert_identifier ?? '(unset)'} is not one of ${CA_CERTS.join(', ')}`)),
  resourceRule('CKV_AWS_226', 'RDS applies minor upgrades automatically (explicitly set)', DB,
    (r) => need(r.attrs.auto_minor_version_upgrade === true, 'auto_minor_version_upgrade is not explicitly true')),
  resourceRule('CKV_AWS_293', 'RDS has deletion protection', DB, (r) => need(r.attrs.deletion_protection === true, 'deletion_protection is not true'), 'AVD-AWS-0177'),
  resourceRule('CKV_AWS_353', 'RDS Performance Insights is on', DB, (r) => need(r.attrs.performance_insights_enabled === true, 'performance_insights_enabled is not true'), 'AVD-AWS-0133'),
  resourceRule('CKV_AWS_354', 'RDS Performance Insights is encrypted with a customer key', DB,
    (r) => need(!!r.attrs.performance_insights_kms_key_id, 'performance_insights_kms_key_id is unset'), 'AVD-AWS-0078'),
  resourceRule('CKV2_AWS_60', 'RDS copies tags to snapshots', DB, (r) => need(r.attrs.copy_tags_to_snapshot === true, 'copy_tags_to_snapshot is not true')),
  // aws_db_instance → aws_db_parameter_group (graph checks)
  resourceRule('CKV2_AWS_30', 'PostgreSQL logs statements (log_statement and log_min_duration_statement)', DB, (r, stack) => {
    if (!isPostgres(r)) return undefined;
    const group = parameterGroupOf(r, stack);
    return need(!!parameter(group, 'log_statement') && !!parameter(group, 'log_min_duration_statement'),
      'parameter group lacks log_statement / log_min_duration_statement');
  }),
  // Stricter than checkov, which passes an instance without a parameter group (the RDS default has force_ssl=0 before PG 15).
  resourceRule('CKV2_AWS_69', 'PostgreSQL requires TLS (rds.force_ssl = 1)', DB, (r, stack) => {
    if (!isPostgres(r)) return undefined;
    return need(String(parameter(parameterGroupOf(r, stack), 'rds.force_ssl')?.value) === '1', 'parameter group does not set rds.force_ssl = 1');
  }),
  {
    id: 'DB_IN_BACKUP_PLAN',
    title: 'every database instance (not read replicas: they hold no data of their own) is in an aws_backup_selection',
    evaluate: (stack) => stack.resources('aws_db_instance').filter((db) => !isReplica(db)).flatMap((db) => {
      const selected = stack.resources('aws_backup_selection').some((s) => references(s.attrs.resources ?? []).includes(db.address) && !!s.attrs.plan_id);
      return selected ? [] : [{ address: db.address, message: 'not selected by any aws_backup_selection (by ARN)' }];
    }),
  },

  // aws_elasticache_replication_group
  resourceRule('CKV_AWS_29', 'ElastiCache encrypts at rest', CACHE, (r) => need(isTrue(r.attrs.at_rest_encryption_enabled), 'at_rest_encryption_enabled is not true'), 'AVD-AWS-0045'),
  resourceRule('CKV_AWS_30', 'ElastiCache encrypts in transit', CACHE, (r) => need(isTrue(r.attrs.transit_encryption_enabled), 'transit_encryption_enabled is not true'), 'AVD-AWS-0051'),
  resourceRule('CKV_AWS_31', 'ElastiCache requires TLS and authentication', CACHE, (r) => need(
    isTrue(r.attrs.transit_encryption_enabled) && (!!r.attrs.auth_token || asList(r.attrs.user_group_ids).length > 0),
    'needs transit encryption and auth_token or user_group_ids')),
  resourceRule('ELASTICACHE_TLS_REQUIRED', 'ElastiCache refuses plain-text clients (transit_encryption_mode = required)', CACHE,
    (r) => need(r.attrs.transit_encryption_mode === undefined || r.attrs.transit_encryption_mode === 'required', `transit_encryption_mode is ${r.attrs.transit_encryption_mode}`)),
  resourceRule('CKV_AWS_191', 'ElastiCache uses a customer-managed key', CACHE, (r) => need(!!r.attrs.kms_key_id, 'kms_key_id is unset')),
  resourceRule('CKV2_AWS_50', 'ElastiCache fails over automatically (Multi-AZ)', CACHE,
    (r) => need(isTrue(r.attrs.automatic_failover_enabled) && isTrue(r.attrs.multi_az_enabled), 'automatic_failover_enabled / multi_az_enabled is not true')),
  resourceRule('ELASTICACHE_NO_AUTH_TOKEN', 'no ElastiCache AUTH token in the configuration (it would land in state)', CACHE,
    (r) => need(r.attrs.auth_token === undefined, 'auth_token is set')),

  // Secrets Manager
  resourceRule('CKV_AWS_149', 'secrets use a customer-managed key', ['aws_secretsmanager_secret'],
    (r) => need(!!r.attrs.kms_key_id && !String(r.attrs.kms_key_id).includes('alias/aws/'), 'kms_key_id is unset or an aws/ managed key'), 'AVD-AWS-0098'),
  relatedRule('CKV2_AWS_57', 'secrets rotate automatically', 'aws_secretsmanager_secret', ['aws_secretsmanager_secret_rotation'], () => true, 'no aws_secretsmanager_secret_rotation'),
  // A write-only value from an input variable (Terraform >= 1.11) is in neither the configuration nor the state.
  resourceRule('NO_SECRET_VERSIONS', 'no secret values in Terraform configuration or state', ['aws_secretsmanager_secret_version'],
    (r) => (r.attrs.secret_string !== undefined || r.attrs.secret_binary !== undefined || !/^\$\{var\.[A-Za-z0-9_-]+\}$/.test(String(r.attrs.secret_string_wo ?? ''))
      ? 'aws_secretsmanager_secret_version puts a secret value into the configuration and state (only secret_string_wo from an input variable keeps it out)' : undefined)),

  // RDS Proxy: the proxy is what the apps connect to; without require_tls it accepts plain-text clients even when
  // the database behind it forces TLS (the proxy-to-database leg is separate).
  resourceRule('RDS_PROXY_TLS', 'RDS Proxy requires TLS from clients (require_tls = true)', ['aws_db_proxy'],
    (r) => need(r.attrs.require_tls === true, `require_tls is ${r.attrs.require_tls ?? 'unset (false)'}`)),

  // AWS Backup
  resourceRule('CKV_AWS_166', 'backup vaults are encrypted with a customer key', ['aws_backup_vault'], (r) => need(!!r.attrs.kms_key_arn, 'kms_key_arn is unset')),
];
