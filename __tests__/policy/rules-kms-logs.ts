/** KMS keys and CloudWatch log groups (docs/policy-checks.md: KMS / CloudWatch Logs). */
import { asList, parsePolicy, type Json } from '../support/synth';
import { relatedRule, resourceRule, type PolicyRule } from './rule';

const wildcardPrincipal = (principal: unknown) =>
  principal === '*' || (typeof principal === 'object' && principal !== null && asList((principal as Json).AWS).includes('*'));

export const kmsAndLogRules: PolicyRule[] = [
  resourceRule('CKV_AWS_7', 'KMS keys rotate', ['aws_kms_key'],
    (r) => (r.attrs.enable_key_rotation === true ? undefined : 'enable_key_rotation is not true'), 'AVD-AWS-0065'),
  resourceRule('CKV_AWS_33', 'KMS key policies have no wildcard principal without a condition', ['aws_kms_key'], (r) => {
    if (!r.attrs.policy) return undefined;
    const bad = asList<Json>(parsePolicy(r.attrs.policy).Statement)
      .filter((s) => s.Effect === 'Allow' && wildcardPrincipal(s.Principal) && !s.Condition);
    return bad.length > 0 ? `statement ${bad[0].Sid ?? '?'} allows Principal "*" unconditionally` : undefined;
  }),
  resourceRule('CKV_AWS_227', 'KMS keys are enabled', ['aws_kms_key'],
    (r) => (r.attrs.is_enabled === false ? 'is_enabled is false' : undefined)),
  {
    id: 'CKV2_AWS_64',
    title: 'KMS keys have an explicit key policy',
    evaluate: (stack) => stack.resources('aws_kms_key', 'aws_kms_replica_key').flatMap((key) =>
      key.attrs.policy || stack.referencing(key.address, 'aws_kms_key_policy').length > 0
        ? [] : [{ address: key.address, message: 'no policy and no aws_kms_key_policy' }]),
  },
  resourceRule('CKV_AWS_66', 'log groups have a retention', ['aws_cloudwatch_log_group'],
    (r) => (r.attrs.retention_in_days === undefined ? 'retention_in_days is unset' : undefined)),
  resourceRule('CKV_AWS_338', 'log groups keep at least a year, or the environment documents less', ['aws_cloudwatch_log_group'],
    (r) => (Number(r.attrs.retention_in_days) >= 365 || r.attrs.retention_in_days === 0 ? undefined : `retention ${r.attrs.retention_in_days} days < 365`)),
  resourceRule('CKV_AWS_158', 'log groups are KMS-encrypted', ['aws_cloudwatch_log_group'],
    (r) => (r.attrs.kms_key_id ? undefined : 'kms_key_id is unset'), 'AVD-AWS-0017'),
  relatedRule('KMS_ALIAS', 'every customer key has an alias (operators find keys by name)', 'aws_kms_key', ['aws_kms_alias'], () => true, 'key has no alias'),
];
