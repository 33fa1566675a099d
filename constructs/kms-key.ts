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
