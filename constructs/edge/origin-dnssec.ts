/**
 * DNSSEC signing of a Route53 public zone: an asymmetric KMS key in us-east-1 (Route53's requirement),
 * a key-signing key and zone signing. The DS record it yields goes into the parent (Cloudflare) zone.
 */
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53HostedZoneDnssec } from '@cdktf/provider-aws/lib/route53-hosted-zone-dnssec';
import { Route53KeySigningKey } from '@cdktf/provider-aws/lib/route53-key-signing-key';
import type { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { Construct } from 'constructs';
import { policyDocument } from '../../lib/iam';

export interface OriginDnssecProps {
  /** The public zone to sign. */
  readonly zone: Route53Zone;
  readonly namePrefix: string;
  readonly accountId: string;
  /** ARN partition. @default 'aws' */
  readonly partition?: string;
  /** Provider alias in us-east-1, where Route53 requires the signing key. */
  readonly usEast1: AwsProvider;
}

export class OriginDnssec extends Construct {
  public readonly signingKey: KmsKey;
  public readonly keySigningKey: Route53KeySigningKey;
  public readonly signing: Route53HostedZoneDnssec;

  constructor(scope: Construct, id: string, props: OriginDnssecProps) {
    super(scope, id);
    const partition = props.partition ?? 'aws';
    const route53 = { Service: 'dnssec-route53.amazonaws.com' };
    const sourceAccount = { 'aws:SourceAccount': props.accountId };
    this.signingKey = new KmsKey(this, 'key', {
      provider: props.usEast1,
      description: `${props.namePrefix}: DNSSEC key-signing key of ${props.zone.name}`,
      // Route53 signs only with ECC_NIST_P256 SIGN_VERIFY keys; KMS cannot rotate asymmetric keys (policy exception).
      customerMasterKeySpec: 'ECC_NIST_P256',
      keyUsage: 'SIGN_VERIFY',
      enableKeyRotation: false,
      isEnabled: true,
      deletionWindowInDays: 30,
      policy: policyDocument([
        {
          Sid: 'AccountAdministersKeyThroughIam',
          Effect: 'Allow',
          Principal: { AWS: `arn:${partition}:iam::${props.accountId}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          Sid: 'Route53DnssecSigns',
          Effect: 'Allow',
          Principal: route53,
          Action: ['kms:DescribeKey', 'kms:GetPublicKey', 'kms:Sign'],
          Resource: '*',
          Condition: { StringEquals: sourceAccount, ArnLike: { 'aws:SourceArn': `arn:${partition}:route53:::hostedzone/*` } },
        },
        {
          Sid: 'Route53DnssecCreatesGrant',
          Effect: 'Allow',
          Principal: route53,
          Action: 'kms:CreateGrant',
          Resource: '*',
          Condition: { Bool: { 'kms:GrantIsForAWSResource': true }, StringEquals: sourceAccount },
        },
      ]),
      // Deleting the key while the zone is signed breaks resolution of every origin name.
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, 'alias', { provider: props.usEast1, name: `alias/${props.namePrefix}-dnssec-ksk`, targetKeyId: this.signingKey.keyId });

    this.keySigningKey = new Route53KeySigningKey(this, 'ksk', {
      hostedZoneId: props.zone.id,
      keyManagementServiceArn: this.signingKey.arn,
      // KSK names allow letters, digits and underscores only.
      name: `${props.namePrefix}_ksk`.replace(/[^A-Za-z0-9_]/g, '_'),
      status: 'ACTIVE',
    });
    this.signing = new Route53HostedZoneDnssec(this, 'signing', {
      hostedZoneId: props.zone.id,
      signingStatus: 'SIGNING',
      dependsOn: [this.keySigningKey],
    });
  }
}
