/** S3 rules (docs/policy-checks.md: S3). Related resources are found by reference to the bucket, as checkov's graph does. */
import { asList, parsePolicy, type Json } from '../support/synth';
import { relatedRule as anyRelatedRule, type PolicyRule } from './rule';

/** S3 sub-resources attach to their bucket through the `bucket` attribute. */
const relatedRule = (id: string, title: string, type: string, related: string[], accept: (r: { attrs: Json }) => boolean, missing: string, mirrors?: string) =>
  anyRelatedRule(id, title, type, related, accept, missing, mirrors, 'bucket');

const BUCKET = 'aws_s3_bucket';
const pab = (flag: string) => (r: { attrs: Json }) => r.attrs[flag] === true;

const defaultRule = (r: { attrs: Json }): Json => asList<Json>(asList<Json>(r.attrs.rule)[0]?.apply_server_side_encryption_by_default)[0] ?? {};

export const s3Rules: PolicyRule[] = [
  relatedRule('CKV_AWS_53', 'buckets block public ACLs', BUCKET, ['aws_s3_bucket_public_access_block'], pab('block_public_acls'), 'block_public_acls is not true', 'AVD-AWS-0086'),
  relatedRule('CKV_AWS_54', 'buckets block public policies', BUCKET, ['aws_s3_bucket_public_access_block'], pab('block_public_policy'), 'block_public_policy is not true', 'AVD-AWS-0087'),
  relatedRule('CKV_AWS_55', 'buckets ignore public ACLs', BUCKET, ['aws_s3_bucket_public_access_block'], pab('ignore_public_acls'), 'ignore_public_acls is not true', 'AVD-AWS-0091'),
  relatedRule('CKV_AWS_56', 'buckets restrict public buckets', BUCKET, ['aws_s3_bucket_public_access_block'], pab('restrict_public_buckets'), 'restrict_public_buckets is not true', 'AVD-AWS-0093'),
  relatedRule('CKV_AWS_19', 'buckets are encrypted at rest', BUCKET, ['aws_s3_bucket_server_side_encryption_configuration'],
    (r) => !!defaultRule(r).sse_algorithm, 'no default encryption', 'AVD-AWS-0088'),
  relatedRule('CKV_AWS_145', 'buckets use SSE-KMS', BUCKET, ['aws_s3_bucket_server_side_encryption_configuration'],
    (r) => defaultRule(r).sse_algorithm === 'aws:kms' && !!defaultRule(r).kms_master_key_id, 'default encryption is not aws:kms with a customer key', 'AVD-AWS-0132'),
  relatedRule('CKV_AWS_21', 'buckets are versioned', BUCKET, ['aws_s3_bucket_versioning'],
    (r) => asList<Json>(r.attrs.versioning_configuration)[0]?.status === 'Enabled', 'versioning is not Enabled', 'AVD-AWS-0090'),
  relatedRule('CKV_AWS_18', 'buckets have access logging', BUCKET, ['aws_s3_bucket_logging'], (r) => !!r.attrs.target_bucket, 'no aws_s3_bucket_logging', 'AVD-AWS-0089'),
  relatedRule('CKV_AWS_300', 'lifecycle aborts incomplete multipart uploads', BUCKET, ['aws_s3_bucket_lifecycle_configuration'],
    (r) => asList<Json>(r.attrs.rule).some((rule) => rule.status === 'Enabled' && asList(rule.abort_incomplete_multipart_upload).length > 0),
    'no enabled rule with abort_incomplete_multipart_upload'),
  relatedRule('CKV2_AWS_6', 'every bucket has a public access block', BUCKET, ['aws_s3_bucket_public_access_block'], () => true, 'no public access block', 'AVD-AWS-0094'),
  relatedRule('S3_ACLS_DISABLED', 'object ownership is BucketOwnerEnforced (ACLs off; covers CKV_AWS_20/57)', BUCKET, ['aws_s3_bucket_ownership_controls'],
    (r) => asList<Json>(r.attrs.rule)[0]?.object_ownership === 'BucketOwnerEnforced', 'ACLs are not disabled'),
  relatedRule('S3_TLS_ONLY', 'bucket policy denies non-TLS and TLS < 1.2 (AWS FSBP S3.5)', BUCKET, ['aws_s3_bucket_policy'], (r) => {
    const statements = asList<Json>(parsePolicy(r.attrs.policy).Statement);
    const denies = (key: string) => statements.some((s) => s.Effect === 'Deny' && s.Principal === '*' && JSON.stringify(s.Condition ?? {}).includes(key));
    return denies('aws:SecureTransport') && denies('s3:TlsVersion');
  }, 'policy does not deny insecure transport'),
  {
    id: 'CKV_AWS_70',
    title: 'bucket policies do not allow every principal',
    evaluate: (stack) => stack.resources('aws_s3_bucket_policy').flatMap((p) => {
      const bad = asList<Json>(parsePolicy(p.attrs.policy).Statement).filter((s) => s.Effect === 'Allow' && (s.Principal === '*' || asList((s.Principal ?? {}).AWS).includes('*')));
      return bad.length > 0 ? [{ address: p.address, message: 'Allow statement with Principal "*"' }] : [];
    }),
  },
];
