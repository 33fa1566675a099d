/** The data layer with the options the shipped environments leave off: read replicas, compliance vault lock, Valkey. */
import { Testing, TerraformStack } from 'cdktf';
import { awsProvider } from '../../constructs/aws-provider';
import { DataLayer } from '../../constructs/data/data-layer';
import { production } from '../../environments/production';
import { testEnvironments, toJson, type Json } from './synth';

/** The synthesized `data-options` stack: production's data layer with every option on, in a VPC of stand-in ids. */
export function dataLayerOptionsStack(): Json {
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
  return toJson(stack);
}
