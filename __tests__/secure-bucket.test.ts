import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { Testing, TerraformStack } from 'cdktf';
import { SecureBucket } from '../constructs/secure-bucket';
import { synthConstruct } from './support/scope';
import { asList, parsePolicy } from './support/synth';

// cdktf's jest matchers (toHaveResource…), registered only by the files that use them (support/setup.ts).
Testing.setupJest();

const KEY = 'arn:aws:kms:eu-north-1:111111111111:key/test';

describe('SecureBucket', () => {
  const stack = synthConstruct((scope) => new SecureBucket(scope, 'b', {
    bucketName: 'acme-assets', kmsKeyArn: KEY, accessLogs: { targetBucket: 'acme-logs', prefix: 'acme-assets/' },
  }));
  const bucketRef = (attr: string) => `\${${stack.one('aws_s3_bucket').address}.${attr}}`;

  test('the bucket is protected from destroy and never force-destroyed', () => {
    expect(stack.one('aws_s3_bucket').attrs).toMatchObject({ bucket: 'acme-assets', force_destroy: false, lifecycle: { prevent_destroy: true } });
  });

  test('all four public-access blocks on, ACLs disabled', () => {
    expect(Testing.synthScope((s) => { new SecureBucket(s, 'b', { bucketName: 'acme-x', kmsKeyArn: KEY }); }))
      .toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
        block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
      });
    expect(stack.one('aws_s3_bucket_ownership_controls').attrs.rule.object_ownership).toBe('BucketOwnerEnforced');
  });

  test('SSE-KMS with the given key and a bucket key, versioning on', () => {
    const rule = asList(stack.one('aws_s3_bucket_server_side_encryption_configuration').attrs.rule)[0];
    expect(rule).toMatchObject({ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: KEY }, bucket_key_enabled: true });
    expect(stack.one('aws_s3_bucket_versioning').attrs).toMatchObject({ bucket: bucketRef('id'), versioning_configuration: { status: 'Enabled' } });
  });

  test('the policy denies plain HTTP and TLS below 1.2 on the bucket and its objects', () => {
    const statements = parsePolicy(stack.one('aws_s3_bucket_policy').attrs.policy).Statement;
    const insecure = statements.find((s: { Sid: string }) => s.Sid === 'DenyInsecureTransport');
    expect(insecure).toMatchObject({ Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(insecure.Resource).toEqual([bucketRef('arn'), `${bucketRef('arn')}/*`]);
    expect(statements.find((s: { Sid: string }) => s.Sid === 'DenyOldTls').Condition).toEqual({ NumericLessThan: { 's3:TlsVersion': '1.2' } });
  });

  test('lifecycle aborts stalled uploads and expires old versions; access logs go to the target', () => {
    const rule = asList(stack.one('aws_s3_bucket_lifecycle_configuration').attrs.rule)[0];
    expect(rule).toMatchObject({ status: 'Enabled', abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }], noncurrent_version_expiration: [{ noncurrent_days: 90 }] });
    expect(stack.one('aws_s3_bucket_logging').attrs).toMatchObject({ bucket: bucketRef('id'), target_bucket: 'acme-logs', target_prefix: 'acme-assets/' });
  });

  test('a log bucket uses SSE-S3 and lets only S3 log delivery for named source buckets write', () => {
    const logs = synthConstruct((scope) => new SecureBucket(scope, 'l', {
      bucketName: 'acme-logs', receivesAccessLogsFrom: { accountId: '111111111111', sourceBucketArns: ['arn:aws:s3:::acme-assets'] },
    }));
    expect(asList(logs.one('aws_s3_bucket_server_side_encryption_configuration').attrs.rule)[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'AES256' });
    const delivery = parsePolicy(logs.one('aws_s3_bucket_policy').attrs.policy).Statement.find((s: { Sid: string }) => s.Sid === 'S3ServerAccessLogDelivery');
    expect(delivery).toMatchObject({
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' }, ArnLike: { 'aws:SourceArn': ['arn:aws:s3:::acme-assets'] } },
    });
  });

  test('rejects a transition that comes after expiry', () => {
    expect(() => new SecureBucket(new TerraformStack(Testing.app(), 's'), 'b', {
      bucketName: 'acme-x', expireCurrentAfterDays: 30, transitionToInfrequentAccessDays: 60,
    })).toThrow(/transitionToInfrequentAccessDays must be below expireCurrentAfterDays/);
  });
});
