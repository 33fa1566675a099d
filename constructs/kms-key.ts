/** A customer-managed KMS key with rotation, an explicit key policy and an alias. */
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey as AwsKmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { policyDocument, type PolicyStatement } from '../lib/iam';

/** An AWS service allowed to use the key, always under a condition that scopes it to our resources. */
export interface KmsServiceGrant {
  /** Service principal, e.g. `logs.eu-north-1.amazonaws.com`. */
  readonly service: string;
  /** Key actions the service may call. */
  readonly actions: readonly string[];
  /** Conditions that scope the grant (encryption context, source account). */
  readonly condition: NonNullable<PolicyStatement['Condition']>;
}

/** An IAM role in our account allowed to use the key (e.g. a service-linked role that cannot carry a condition). */
export interface KmsRoleGrant {
  readonly roleArn: string;
  readonly actions: readonly string[];
  /** @default no condition */
  readonly condition?: PolicyStatement['Condition'];
}

export interface KmsKeyProps {
  /** Alias name without `alias/`, e.g. `aifeedback-production-logs`. */
  readonly alias: string;
  /** What the key protects. */
  readonly description: string;
  /** Owning account: its IAM policies administer and use the key (no other principal). */
  readonly accountId: string;
  /** ARN partition. @default 'aws' */
  readonly partition?: string;
  /** Services that encrypt with this key on our behalf. @default [] */
  readonly serviceGrants?: readonly KmsServiceGrant[];
  /** Roles of this account that use the key directly. @default [] */
  readonly roleGrants?: readonly KmsRoleGrant[];
  /** Days a scheduled deletion waits (7-30). @default 30 */
  readonly deletionWindowInDays?: number;
  /** Refuse `terraform destroy` of the key. @default true */
  readonly preventDestroy?: boolean;
  /** Create the key in another region (a provider alias). @default the stack's default provider */
  readonly provider?: AwsKmsKey['provider'];
}

export class KmsKey extends Construct {
  /** The key's ARN (for `kms_key_id` / `kms_key_arn` attributes). */
  public readonly arn: string;
  /** `alias/<name>`. */
  public readonly aliasName: string;
  public readonly key: AwsKmsKey;

  constructor(scope: Construct, id: string, props: KmsKeyProps) {
    super(scope, id);
    const partition = props.partition ?? 'aws';
    const deletionWindowInDays = props.deletionWindowInDays ?? 30;
    if (deletionWindowInDays < 7 || deletionWindowInDays > 30) {
      throw new Error(`KmsKey ${props.alias}: deletionWindowInDays must be 7-30, got ${deletionWindowInDays}`);
    }
    const statements: PolicyStatement[] = [
      {
        Sid: 'AccountAdministersKeyThroughIam',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${props.accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      ...(props.serviceGrants ?? []).map((grant, index) => ({
        Sid: `Service${index}`,
        Effect: 'Allow' as const,
        Principal: { Service: grant.service },
        Action: [...grant.actions],
        Resource: '*',
        Condition: grant.condition,
      })),
      ...(props.roleGrants ?? []).map((grant, index) => ({
        Sid: `Role${index}`,
        Effect: 'Allow' as const,
        Principal: { AWS: grant.roleArn },
        Action: [...grant.actions],
        Resource: '*',
        ...(grant.condition ? { Condition: grant.condition } : {}),
      })),
    ];
    this.key = new AwsKmsKey(this, 'key', {
      description: props.description,
      enableKeyRotation: true,
      isEnabled: true,
      deletionWindowInDays,
      policy: policyDocument(statements),
      provider: props.provider,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    this.aliasName = `alias/${props.alias}`;
    new KmsAlias(this, 'alias', { name: this.aliasName, targetKeyId: this.key.keyId, provider: props.provider });
    this.arn = this.key.arn;
  }
}

/** The grant CloudWatch Logs needs to encrypt log groups of one account and region. */
export function cloudWatchLogsGrant(region: string, accountId: string, partition = 'aws'): KmsServiceGrant {
  return {
    service: `logs.${region}.amazonaws.com`,
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${accountId}:log-group:*` } },
  };
}

/**
 * EC2 Auto Scaling launches nodes with KMS-encrypted EBS volumes through its service-linked role,
 * which must be allowed in the key policy itself (an IAM policy cannot be attached to it).
 */
export function autoScalingVolumeGrants(accountId: string, partition = 'aws'): KmsRoleGrant[] {
  const roleArn = `arn:${partition}:iam::${accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
  return [
    { roleArn, actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'] },
    { roleArn, actions: ['kms:CreateGrant'], condition: { Bool: { 'kms:GrantIsForAWSResource': true } } },
  ];
}
