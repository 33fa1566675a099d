/** An S3 bucket with the production defaults: no public access, encryption, versioning, TLS only, lifecycle, access logs. */
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { policyDocument, type PolicyStatement } from '../lib/iam';

export interface SecureBucketProps {
  /** Globally unique bucket name (no dots). */
  readonly bucketName: string;
  /**
   * KMS key for SSE-KMS. Leave unset only for a bucket that receives S3 server access logs:
   * S3 log delivery cannot write to SSE-KMS buckets, so those use SSE-S3.
   * @default SSE-S3 (AES256)
   */
  readonly kmsKeyArn?: string;
  /** Where this bucket's server access logs go. @default no access logging (only for the log bucket itself) */
  readonly accessLogs?: { readonly targetBucket: string; readonly prefix: string };
  /** Accept S3 server access logs from these source buckets of this account. @default none */
  readonly receivesAccessLogsFrom?: { readonly accountId: string; readonly sourceBucketArns: readonly string[] };
  /** Days before a replaced or deleted object version is removed. @default 90 */
  readonly noncurrentVersionExpirationDays?: number;
  /** Days before current objects expire (log buckets). @default never */
  readonly expireCurrentAfterDays?: number;
  /** Days before current objects move to STANDARD_IA. @default never */
  readonly transitionToInfrequentAccessDays?: number;
  /** More bucket-policy statements (the TLS-only denies are always present). @default [] */
  readonly policyStatements?: readonly PolicyStatement[];
  /** Refuse `terraform destroy` of the bucket. @default true */
  readonly preventDestroy?: boolean;
  /** Create the bucket in another region (a provider alias), e.g. a replica. @default the stack's default provider */
  readonly provider?: S3Bucket['provider'];
}

export class SecureBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly bucketName: string;
  public readonly arn: string;
  /** Replication needs versioning first: a replication configuration depends on this. */
  public readonly versioning: S3BucketVersioningA;
  /** `<bucket>.s3.<region>.amazonaws.com`: the origin domain for CloudFront. */
  public readonly regionalDomainName: string;
  private readonly extraStatements: PolicyStatement[];

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const noncurrentDays = props.noncurrentVersionExpirationDays ?? 90;
    if (props.expireCurrentAfterDays !== undefined && props.transitionToInfrequentAccessDays !== undefined
      && props.transitionToInfrequentAccessDays >= props.expireCurrentAfterDays) {
      throw new Error(`SecureBucket ${props.bucketName}: transitionToInfrequentAccessDays must be below expireCurrentAfterDays`);
    }

    this.bucket = new S3Bucket(this, 'bucket', {
      provider: props.provider,
      bucket: props.bucketName,
      forceDestroy: false,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    this.bucketName = this.bucket.bucket;
    this.arn = this.bucket.arn;
    this.regionalDomainName = this.bucket.bucketRegionalDomainName;
    this.extraStatements = [...(props.policyStatements ?? [])];

    new S3BucketOwnershipControls(this, 'ownership', {
      provider: props.provider,
      bucket: this.bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' }, // ACLs off: access only through policies
    });
    new S3BucketPublicAccessBlock(this, 'public-access-block', {
      provider: props.provider,
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      provider: props.provider,
      bucket: this.bucket.id,
      rule: [{
        applyServerSideEncryptionByDefault: props.kmsKeyArn
          ? { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn }
          : { sseAlgorithm: 'AES256' },
        bucketKeyEnabled: props.kmsKeyArn !== undefined,
      }],
    });
    this.versioning = new S3BucketVersioningA(this, 'versioning', {
      provider: props.provider,
      bucket: this.bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      provider: props.provider,
      bucket: this.bucket.id,
      rule: [{
        id: 'housekeeping',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        noncurrentVersionExpiration: [{ noncurrentDays }],
        ...(props.expireCurrentAfterDays ? { expiration: [{ days: props.expireCurrentAfterDays }] } : {}),
        ...(props.transitionToInfrequentAccessDays
          ? { transition: [{ days: props.transitionToInfrequentAccessDays, storageClass: 'STANDARD_IA' }] }
          : {}),
      }],
    });
    if (props.accessLogs) {
      new S3BucketLoggingA(this, 'logging', {
      provider: props.provider,
        bucket: this.bucket.id,
        targetBucket: props.accessLogs.targetBucket,
        targetPrefix: props.accessLogs.prefix,
      });
    }
    new S3BucketPolicy(this, 'policy', {
      provider: props.provider,
      bucket: this.bucket.id,
      // Lazy: constructs made later (a CloudFront distribution reading the bucket) add their statements.
      policy: Lazy.stringValue({
        produce: () => policyDocument([
          ...tlsOnlyStatements(this.bucket.arn),
          ...logDeliveryStatements(this.bucket.arn, props.receivesAccessLogsFrom),
          ...this.extraStatements,
        ]),
      }),
    });
  }

  /** More bucket-policy statements, from a construct created after the bucket. */
  addPolicyStatements(...statements: PolicyStatement[]): void {
    this.extraStatements.push(...statements);
  }
}

/** Deny plain HTTP and TLS older than 1.2 for every principal. */
function tlsOnlyStatements(bucketArn: string): PolicyStatement[] {
  const resources = [bucketArn, `${bucketArn}/*`];
  return [
    { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: resources, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    { Sid: 'DenyOldTls', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: resources, Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } },
  ];
}

function logDeliveryStatements(bucketArn: string, from: SecureBucketProps['receivesAccessLogsFrom']): PolicyStatement[] {
  if (!from || from.sourceBucketArns.length === 0) return [];
  return [{
    Sid: 'S3ServerAccessLogDelivery',
    Effect: 'Allow',
    Principal: { Service: 'logging.s3.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: `${bucketArn}/*`,
    Condition: { StringEquals: { 'aws:SourceAccount': from.accountId }, ArnLike: { 'aws:SourceArn': [...from.sourceBucketArns] } },
  }];
}
