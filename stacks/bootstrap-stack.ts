/**
 * `bootstrap`: creates the S3 state bucket(s) the environments use. Local state, applied once by hand
 * (`cdktf deploy bootstrap`), then its state file is kept safe (or migrated into the bucket it made).
 */
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { KmsKey } from '../constructs/kms-key';
import { SecureBucket } from '../constructs/secure-bucket';
import type { EnvironmentConfig } from '../environments/schema/environment';
import { partitionOf } from '../lib/aws-regions';
import { awsProvider } from '../constructs/aws-provider';

export const BOOTSTRAP_STACK = 'bootstrap';

export class BootstrapStack extends TerraformStack {
  /** @param owner the environment whose account and region own the state bucket (production by convention). */
  constructor(scope: Construct, owner: EnvironmentConfig) {
    super(scope, BOOTSTRAP_STACK);
    if (owner.state.backend !== 's3') throw new Error(`BootstrapStack: environment "${owner.name}" does not use the s3 backend`);
    const state = owner.state;
    const accountId = owner.aws.accountId;
    awsProvider(this, { ...owner, aws: { ...owner.aws, region: state.region } }, BOOTSTRAP_STACK);
    new LocalBackend(this, { path: 'bootstrap.tfstate' });

    const partition = partitionOf(state.region);
    const key = new KmsKey(this, 'state-key', {
      alias: `${state.bucket}`,
      description: 'Terraform state encryption',
      accountId,
      partition,
    });
    // Receives S3 server access logs, so SSE-S3 (log delivery cannot write SSE-KMS) and no logging of its own.
    const logs = new SecureBucket(this, 'state-access-logs', {
      bucketName: `${state.bucket}-access-logs`,
      receivesAccessLogsFrom: { accountId, sourceBucketArns: [`arn:${partition}:s3:::${state.bucket}`] },
      expireCurrentAfterDays: 365,
      noncurrentVersionExpirationDays: 30,
    });
    const bucket = new SecureBucket(this, 'state-bucket', {
      bucketName: state.bucket,
      kmsKeyArn: key.arn,
      accessLogs: { targetBucket: logs.bucketName, prefix: `${state.bucket}/` },
      // Old state versions are the undo button after a bad apply: keep a year of them.
      noncurrentVersionExpirationDays: 365,
    });
    new TerraformOutput(this, 'state_bucket', { value: bucket.bucketName });
    new TerraformOutput(this, 'state_kms_key_arn', { value: key.arn });
  }
}
