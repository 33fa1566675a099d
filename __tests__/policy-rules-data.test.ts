/** The data-layer policy rules catch what they claim to: each runs against deliberately bad resources. */
import { BackupPlan } from '@cdktf/provider-aws/lib/backup-plan';
import { BackupSelection } from '@cdktf/provider-aws/lib/backup-selection';
import { BackupVault } from '@cdktf/provider-aws/lib/backup-vault';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbProxy } from '@cdktf/provider-aws/lib/db-proxy';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { POLICY_RULES } from './policy';
import { dataRules } from './policy/rules-data';
import { synthConstruct } from './support/scope';

const bad = synthConstruct((scope) => {
  const params = new DbParameterGroup(scope, 'params', { family: 'postgres16', parameter: [{ name: 'rds.force_ssl', value: '0' }] });
  new DbInstance(scope, 'db', {
    instanceClass: 'db.t4g.micro', engine: 'postgres', parameterGroupName: params.name, publiclyAccessible: true,
    backupRetentionPeriod: 0, monitoringInterval: 0, caCertIdentifier: 'rds-ca-2019',
  });
  new ElasticacheReplicationGroup(scope, 'cache', {
    replicationGroupId: 'c', description: 'c', atRestEncryptionEnabled: 'false', transitEncryptionEnabled: false,
    transitEncryptionMode: 'preferred', automaticFailoverEnabled: false, authToken: 'literal-token-0123456789',
  });
  const secret = new SecretsmanagerSecret(scope, 'secret', { name: 's', kmsKeyId: 'alias/aws/secretsmanager' });
  new SecretsmanagerSecretVersion(scope, 'value', { secretId: secret.id, secretString: 'hunter2' });
  new BackupVault(scope, 'vault', { name: 'v' });
  new DbProxy(scope, 'proxy', { name: 'p', engineFamily: 'POSTGRESQL', roleArn: 'arn:aws:iam::111111111111:role/p', vpcSubnetIds: ['s'], requireTls: false, auth: [{ iamAuth: 'REQUIRED', secretArn: 's' }] });
});

const expectedFailures = [
  'CKV_AWS_16', 'CKV_AWS_17', 'CKV_AWS_118', 'CKV_AWS_129', 'CKV_AWS_133', 'CKV_AWS_157', 'CKV_AWS_161', 'CKV_AWS_211', 'CKV_AWS_226',
  'CKV_AWS_293', 'CKV_AWS_353', 'CKV_AWS_354', 'CKV2_AWS_30', 'CKV2_AWS_60', 'CKV2_AWS_69', 'DB_IN_BACKUP_PLAN',
  'CKV_AWS_29', 'CKV_AWS_30', 'CKV_AWS_31', 'ELASTICACHE_TLS_REQUIRED', 'CKV_AWS_191', 'CKV2_AWS_50', 'ELASTICACHE_NO_AUTH_TOKEN',
  'CKV_AWS_149', 'CKV2_AWS_57', 'NO_SECRET_VERSIONS', 'CKV_AWS_166', 'RDS_PROXY_TLS',
];

test.each(expectedFailures)('%s reports the bad resource', (id) => {
  const rule = POLICY_RULES.find((r) => r.id === id);
  expect(rule).toBeDefined();
  expect(rule!.evaluate(bad).length).toBeGreaterThan(0);
});

test('every data rule has a negative case here', () => {
  expect(dataRules.map((r) => r.id).sort()).toEqual([...expectedFailures].sort());
});

test('CKV2_AWS_69 fails an instance with no parameter group (stricter than checkov)', () => {
  const noGroup = synthConstruct((scope) => { new DbInstance(scope, 'db', { instanceClass: 'db.t4g.micro', engine: 'postgres' }); });
  expect(POLICY_RULES.find((r) => r.id === 'CKV2_AWS_69')!.evaluate(noGroup)).toHaveLength(1);
});

test('DB_IN_BACKUP_PLAN passes a selected instance and ignores read replicas', () => {
  const good = synthConstruct((scope) => {
    const db = new DbInstance(scope, 'db', { instanceClass: 'db.t4g.micro', engine: 'postgres' });
    new DbInstance(scope, 'replica', { instanceClass: 'db.t4g.micro', replicateSourceDb: db.identifier });
    const plan = new BackupPlan(scope, 'plan', { name: 'p', rule: [{ ruleName: 'r', targetVaultName: 'v' }] });
    new BackupSelection(scope, 'sel', { name: 's', planId: plan.id, iamRoleArn: 'arn:aws:iam::111111111111:role/b', resources: [db.arn] });
  });
  expect(POLICY_RULES.find((r) => r.id === 'DB_IN_BACKUP_PLAN')!.evaluate(good)).toEqual([]);
});

test('NO_SECRET_VERSIONS: only a write-only value from an input variable passes', () => {
  const rule = POLICY_RULES.find((r) => r.id === 'NO_SECRET_VERSIONS')!;
  const versions = synthConstruct((scope) => {
    new SecretsmanagerSecretVersion(scope, 'from-input', { secretId: 's', secretStringWo: '${var.run_task_hmac_key}', secretStringWoVersion: 1 });
    new SecretsmanagerSecretVersion(scope, 'literal-wo', { secretId: 's', secretStringWo: 'hunter2', secretStringWoVersion: 1 });
    new SecretsmanagerSecretVersion(scope, 'in-state', { secretId: 's', secretString: '${var.run_task_hmac_key}' });
  });
  expect(rule.evaluate(versions).map((v) => v.address).sort()).toEqual(['aws_secretsmanager_secret_version.in-state', 'aws_secretsmanager_secret_version.literal-wo']);
});
