/**
 * KMS keys against the AWS services that use them on the account's behalf. A service principal has no IAM policy of
 * its own: the key policy alone must allow it, under the conditions the service's request carries (encryption
 * context, source ARN and account). Who uses which key is read off the stacks: log groups, alarm topics,
 * CloudFront origins, DNSSEC signing keys, node volumes.
 */
import { evaluate, type Decision } from './simulate';
import { asList as list, refAddress, type EnvironmentModel, type Json, type ModelResource } from './stack-model';

export interface KeyUse {
  readonly keyArn: string;
  /** The service principal (or service-linked role) that calls KMS. */
  readonly principal: string;
  readonly actions: readonly string[];
  readonly context: Readonly<Record<string, string>>;
  /** Which resource makes the key serve this principal. */
  readonly why: string;
}

export interface KeyUseFinding {
  readonly key: string;
  readonly use: KeyUse;
  readonly action: string;
  readonly decision: Decision;
}


/** Every service use of every key of the model. */
export function keyUses(m: EnvironmentModel): KeyUse[] {
  const account = m.facts.accountId;
  const value = (r: ModelResource, v: unknown) => String(m.resolve(v, r.stack));
  const of = (type: string) => m.resources().filter((r) => r.type === type);
  const uses: KeyUse[] = [];
  for (const group of of('aws_cloudwatch_log_group').filter((g) => g.attrs.kms_key_id)) {
    uses.push({
      keyArn: value(group, group.attrs.kms_key_id), principal: `logs.${group.region}.amazonaws.com`, actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'],
      context: { 'kms:EncryptionContext:aws:logs:arn': m.arn(group) }, why: `log group ${m.identifier(group)}`,
    });
  }
  for (const topic of of('aws_sns_topic').filter((t) => t.attrs.kms_master_key_id)) {
    const topicArn = m.arn(topic);
    for (const alarm of of('aws_cloudwatch_metric_alarm').filter((a) => list<string>(a.attrs.alarm_actions).some((x) => value(a, x) === topicArn))) {
      uses.push({
        keyArn: value(topic, topic.attrs.kms_master_key_id), principal: 'cloudwatch.amazonaws.com', actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        context: { 'aws:SourceAccount': account, 'aws:SourceArn': `arn:${m.partition}:cloudwatch:${alarm.region}:${account}:alarm:${value(alarm, alarm.attrs.alarm_name)}` },
        why: `alarm ${value(alarm, alarm.attrs.alarm_name)} notifies topic ${m.identifier(topic)}`,
      });
    }
  }
  for (const distribution of of('aws_cloudfront_distribution')) {
    for (const origin of list<Json>(distribution.attrs.origin)) {
      const bucket = m.find(distribution.stack, refAddress(origin.domain_name) ?? '');
      const sse = bucket && of('aws_s3_bucket_server_side_encryption_configuration').find((c) => value(c, c.attrs.bucket) === m.identifier(bucket));
      const key = sse ? list<Json>(list<Json>(sse.attrs.rule)[0]?.apply_server_side_encryption_by_default)[0]?.kms_master_key_id : undefined;
      if (!bucket || !sse || !key) continue;
      uses.push({
        keyArn: value(sse, key), principal: 'cloudfront.amazonaws.com', actions: ['kms:Decrypt'],
        context: { 'aws:SourceAccount': account, 'aws:SourceArn': m.arn(distribution) }, why: `CloudFront reads ${m.identifier(bucket)} through origin access control`,
      });
    }
  }
  for (const ksk of of('aws_route53_key_signing_key')) {
    const zone = m.find(ksk.stack, refAddress(ksk.attrs.hosted_zone_id) ?? '');
    const source = { 'aws:SourceAccount': account, 'aws:SourceArn': zone ? m.arn(zone) : `arn:${m.partition}:route53:::hostedzone/unknown` };
    const keyArn = value(ksk, ksk.attrs.key_management_service_arn);
    uses.push({ keyArn, principal: 'dnssec-route53.amazonaws.com', actions: ['kms:DescribeKey', 'kms:GetPublicKey', 'kms:Sign'], context: source, why: `DNSSEC key-signing key ${value(ksk, ksk.attrs.name)}` });
    uses.push({ keyArn, principal: 'dnssec-route53.amazonaws.com', actions: ['kms:CreateGrant'], context: { ...source, 'kms:GrantIsForAWSResource': 'true' }, why: `DNSSEC key-signing key ${value(ksk, ksk.attrs.name)}` });
  }
  const autoScaling = `arn:${m.partition}:iam::${account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
  for (const template of of('aws_launch_template')) {
    for (const mapping of list<Json>(template.attrs.block_device_mappings)) {
      const key = list<Json>(mapping.ebs)[0]?.kms_key_id;
      if (!key) continue;
      const why = `node volumes of launch template ${m.identifier(template)} (launched by EC2 Auto Scaling)`;
      uses.push({ keyArn: value(template, key), principal: autoScaling, actions: ['kms:Decrypt', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom'], context: {}, why });
      uses.push({ keyArn: value(template, key), principal: autoScaling, actions: ['kms:CreateGrant'], context: { 'kms:GrantIsForAWSResource': 'true' }, why });
    }
  }
  return uses;
}

/** Each use whose calls the key's policy does not allow. */
export async function keyUseFindings(m: EnvironmentModel, uses: readonly KeyUse[]): Promise<KeyUseFinding[]> {
  const keys = m.resources().filter((r) => r.type === 'aws_kms_key');
  const findings: KeyUseFinding[] = [];
  for (const use of uses) {
    const key = keys.find((k) => m.arn(k) === use.keyArn);
    for (const action of use.actions) {
      const policy = key ? { name: `${key.address} key policy`, policy: m.policy(key.attrs.policy, key.stack) } : undefined;
      const decision = await evaluate({ label: use.principal, principal: use.principal, identityPolicies: [] }, {
        action, resource: use.keyArn, resourceAccount: m.facts.accountId, context: { 'aws:RequestedRegion': key?.region ?? 'us-east-1', ...use.context }, resourcePolicy: policy,
      });
      if (!decision.allowed) findings.push({ key: key ? `${key.stack}: ${key.address}` : use.keyArn, use, action, decision });
    }
  }
  return findings;
}

export const describeKeyUseFinding = (f: KeyUseFinding) =>
  `${f.key}: ${f.use.principal} may not ${f.action} (${f.use.why}): ${f.decision.reason}`;
