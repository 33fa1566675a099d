/** The data layer with the options the shipped environments leave off: read replicas, compliance vault lock, Valkey. */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { join } from 'path';
import { production } from '../../environments/production';
import { testEnvironments, toJson, type Json } from './synth';
import { testRunDir } from './test-run';

/**
 * The synthesized `data-options` stack: production's data layer with every option on, in a VPC of stand-in ids.
 * Synthesized once per test run (kept in the run directory, support/test-run.ts), as sharedSynth does.
 */
export function dataLayerOptionsStack(): Json {
  const runDir = testRunDir();
  const shared = runDir ? join(runDir, 'data-options.json') : undefined;
  if (shared && existsSync(shared)) return JSON.parse(readFileSync(shared, 'utf8'));
  const json = synthesizeDataOptions();
  if (shared) {
    const partial = `${shared}.${process.pid}.partial`;
    writeFileSync(partial, JSON.stringify(json));
    renameSync(partial, shared); // atomic: another file reads a whole stack or none
  }
  return json;
}

function synthesizeDataOptions(): Json {
  // Loaded here: a file that reads the run's copy never loads cdktf and the provider classes.
  const { Testing, TerraformStack } = require('cdktf') as typeof import('cdktf');
  const { awsProvider } = require('../../constructs/aws-provider') as typeof import('../../constructs/aws-provider');
  const { DataLayer } = require('../../constructs/data/data-layer') as typeof import('../../constructs/data/data-layer');
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
