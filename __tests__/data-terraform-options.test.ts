/**
 * Real Terraform (validate + offline plan, aws 5.100.0) on the data layer with the options the shipped
 * environments leave off: read replicas, compliance vault lock, Valkey. Skips loudly without the toolchain.
 */
import { Testing, TerraformStack } from 'cdktf';
import { DataLayer } from '../constructs/data/data-layer';
import { production } from '../environments/production';
import { awsProvider } from '../constructs/aws-provider';
import { terraformToolchain, validateAndPlan } from './support/terraform';
import { testEnvironments, toJson } from './support/synth';

const input = structuredClone(production);
input.data.postgres.readReplicas = 2;
input.data.redis = { ...input.data.redis, engine: 'valkey', engineVersion: '8.0' };
input.data.backup.vaultLock = { mode: 'compliance', changeableForDays: 3 };
const env = testEnvironments({ production: input }).production;

const app = Testing.app();
const stack = new TerraformStack(app, 'data-options');
awsProvider(stack, env, 'data-options');
const layer = new DataLayer(stack, 'data', {
  env, namePrefix: 'aifeedback-production', vpcId: 'vpc-0123456789abcdef0', vpcCidr: env.network.vpcCidr,
  isolatedSubnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b', 'subnet-0000000000000000c'],
  clientSecurityGroupId: 'sg-0123456789abcdef0', logsKmsKeyArn: 'arn:aws:kms:eu-north-1:111111111111:key/00000000-0000-0000-0000-000000000000',
});
layer.addOutputs(stack);
const json = toJson(stack);

test('the option set is really in the configuration', () => {
  expect(Object.keys(json.resource.aws_db_instance)).toHaveLength(3);
  expect(Object.keys(json.resource.aws_backup_vault_lock_configuration)).toHaveLength(1);
  expect(Object.values(json.resource.aws_cloudwatch_metric_alarm).filter((a) => (a as { metric_name: string }).metric_name === 'ReplicaLag')).toHaveLength(2);
});

const toolchain = terraformToolchain();
if ('missing' in toolchain) {
  process.stderr.write(`\n!! REAL TERRAFORM CHECK OF THE DATA-LAYER OPTIONS SKIPPED: ${toolchain.missing}\n`);
  test.skip(`terraform validate + plan of the data-layer options (SKIPPED: ${toolchain.missing})`, () => undefined);
} else {
  test('terraform validate and plan accept replicas, vault lock and Valkey', () => {
    const result = validateAndPlan(toolchain, 'data-options', json);
    expect(result.validate?.output).toMatch(/The configuration is valid/);
    const declared = Object.values(json.resource as Record<string, object>).reduce((n, byName) => n + Object.keys(byName).length, 0);
    expect(result.plan?.output).toMatch(new RegExp(`Plan: ${declared} to add, 0 to change, 0 to destroy`));
  });
}
