/**
 * `bootstrap-<env>`: the state bucket, its KMS key and the backend role of every environment whose state lives in one
 * account (docs/state.md). Local state, applied once per account with that account's admin credentials
 * (`cdktf deploy bootstrap-production`), then its state file is kept safe (or migrated into the bucket it made).
 */
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { KmsKey } from '../constructs/kms-key';
import { SecureBucket } from '../constructs/secure-bucket';
import { StateBackendRole, stateBucketStatements, type EnvironmentStateAccess } from '../constructs/state-access';
import { stateLocation } from '../constructs/state-backend';
import type { EnvironmentConfig } from '../environments/schema/environment';
import type { S3StateConfig } from '../environments/schema/state';
import { partitionOf } from '../lib/aws-regions';
import { awsProvider } from '../constructs/aws-provider';
import { pipelineStackName } from './pipeline-stack';
import { pipelineRoleArns } from '../environments/schema/pipeline';
import { gpuStackName } from './gpu-stack';
import { workloadsStackName } from './workloads-stack';

export const BOOTSTRAP_STACK_PREFIX = 'bootstrap';

/** The bootstrap stack of the account and bucket holding `owner`'s state. */
export const bootstrapStackName = (owner: EnvironmentConfig) => `${BOOTSTRAP_STACK_PREFIX}-${owner.name}`;

/** The stacks whose state an environment keeps: `<env>`, `<env>-workloads`, `<env>-gpu` and, with a pipeline, `pipeline-<env>`. */
export const environmentStackNames = (env: EnvironmentConfig) =>
  [env.name, workloadsStackName(env.name), gpuStackName(env.name), ...(env.pipeline ? [pipelineStackName(env.name)] : [])];

export class BootstrapStack extends TerraformStack {
  /**
   * @param environments the environments sharing one state bucket (same account and region; validation guarantees it);
   * the first one's account, region and tags own the stack.
   */
  constructor(scope: Construct, environments: readonly EnvironmentConfig[]) {
    const owner = environments[0];
    super(scope, bootstrapStackName(owner));
    const states = environments.map((env) => {
      if (env.state.backend !== 's3') throw new Error(`BootstrapStack: environment "${env.name}" does not use the s3 backend`);
      return env.state;
    });
    const state = states[0] as S3StateConfig;
    const accountId = owner.aws.accountId;
    awsProvider(this, { ...owner, aws: { ...owner.aws, region: state.region } }, this.node.id);
    new LocalBackend(this, { path: `${this.node.id}.tfstate` });

    const partition = partitionOf(state.region);
    const bucketArn = `arn:${partition}:s3:::${state.bucket}`;
    // The alias is what every backend names as kms_key_id (state.kmsKeyId defaults to it).
    const key = new KmsKey(this, 'state-key', {
      alias: state.bucket,
      description: 'Terraform state encryption',
      accountId,
      partition,
    });
    // Receives S3 server access logs, so SSE-S3 (log delivery cannot write SSE-KMS) and no logging of its own.
    const logs = new SecureBucket(this, 'state-access-logs', {
      bucketName: `${state.bucket}-access-logs`,
      receivesAccessLogsFrom: { accountId, sourceBucketArns: [bucketArn] },
      expireCurrentAfterDays: 365,
      noncurrentVersionExpirationDays: 30,
    });
    const access: EnvironmentStateAccess[] = environments.map((env) => ({
      environment: env.name,
      roleArn: (env.state as S3StateConfig).roleArn,
      // The operators' roles from config, plus the GitHub plan/deploy roles of the `pipeline-<env>` stack.
      trustedRoleArns: [...(env.state as S3StateConfig).trustedRoleArns, ...pipelineRoleArns(env).plan, ...pipelineRoleArns(env).deploy],
      stateKeys: environmentStackNames(env).map((stack) => stateLocation(env.state, stack)),
    }));
    const bucket = new SecureBucket(this, 'state-bucket', {
      bucketName: state.bucket,
      kmsKeyArn: key.arn,
      accessLogs: { targetBucket: logs.bucketName, prefix: `${state.bucket}/` },
      // Old state versions are the undo button after a bad apply: keep a year of them.
      noncurrentVersionExpirationDays: 365,
      policyStatements: stateBucketStatements(bucketArn, access),
    });
    for (const env of access) {
      const role = new StateBackendRole(this, `backend-role-${env.environment}`, { access: env, accountId, partition, bucketArn, keyArn: key.arn, region: state.region });
      new TerraformOutput(this, `backend_role_arn_${env.environment.replace(/-/g, '_')}`, { value: role.role.arn });
    }
    new TerraformOutput(this, 'state_bucket', { value: bucket.bucketName });
    new TerraformOutput(this, 'state_kms_key_arn', { value: key.arn });
  }
}

/** One bootstrap stack per state bucket: environments in one account may share a bucket, never across accounts. */
export function bootstrapGroups(envs: readonly EnvironmentConfig[]): EnvironmentConfig[][] {
  const groups = new Map<string, EnvironmentConfig[]>();
  const ordered = [...envs].sort((a, b) => Number(b.tier === 'production') - Number(a.tier === 'production'));
  for (const env of ordered) {
    if (env.state.backend !== 's3') continue;
    const group = groups.get(env.state.bucket) ?? [];
    group.push(env);
    groups.set(env.state.bucket, group);
  }
  return [...groups.values()];
}
