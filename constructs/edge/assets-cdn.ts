/**
 * Static assets from the private assets bucket: a CloudFront distribution reading it through origin access control
 * (the bucket stays private; only this distribution may GetObject, and decrypt through S3), TLS on both legs, and the
 * origin names Cloudflare's proxied records point at (alias records in the Route53 origin zone).
 *
 * Cloudflare connects with the public name as SNI and Host, so the distribution carries the public names as aliases
 * with an ACM certificate for them in us-east-1 (CloudFront's requirement). The public names live in Cloudflare, so the
 * validation records are Cloudflare records; the AWS side only waits for the certificate to be issued (AWS resources
 * never reference Cloudflare ones).
 */
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { DnsRecord } from '@cdktf/provider-cloudflare/lib/dns-record';
import type { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import type { SecureBucket } from '../secure-bucket';

/** AWS managed policies (fixed ids, documented by CloudFront). */
export const CLOUDFRONT_MANAGED = {
  cachingOptimized: '658327ea-f89d-4fab-a63d-7e88639e58f6',
  securityHeaders: '67f7725c-6f97-4210-82d7-5512b31e9d03',
} as const;

export interface AssetsCdnProps {
  readonly namePrefix: string;
  /** The private assets bucket (SSE-KMS: its key must carry `cloudFrontReadGrant`). */
  readonly bucket: SecureBucket;
  /** Public names (Cloudflare) the distribution answers, and the origin name each one's proxied record targets. */
  readonly hostnames: readonly { readonly name: string; readonly originName: string }[];
  /** Route53 origin zone holding the origin names. */
  readonly originZoneId: string;
  /** CloudFront price class. @default 'PriceClass_100' */
  readonly priceClass?: string;
  /** Provider alias in us-east-1 (CloudFront certificates live there). */
  readonly usEast1: AwsProvider;
  /** Cloudflare zone of the public names (certificate validation records). */
  readonly cloudflareZoneId: string;
  readonly cloudflareProvider?: CloudflareProvider;
}

export class AssetsCdn extends Construct {
  public readonly distribution: CloudfrontDistribution;
  public readonly certificate: AcmCertificate;
  /** Origin name → its alias records (A and AAAA). */
  public readonly originRecords: Readonly<Record<string, Route53Record[]>>;

  constructor(scope: Construct, id: string, props: AssetsCdnProps) {
    super(scope, id);
    if (props.hostnames.length === 0) throw new Error(`AssetsCdn ${props.namePrefix}: give at least one hostname`);
    const names = props.hostnames.map((h) => h.name);

    this.certificate = new AcmCertificate(this, 'certificate', {
      provider: props.usEast1,
      domainName: names[0],
      subjectAlternativeNames: names.length > 1 ? names.slice(1) : undefined,
      validationMethod: 'DNS',
      keyAlgorithm: 'RSA_2048',
      options: { certificateTransparencyLoggingPreference: 'ENABLED' },
      lifecycle: { createBeforeDestroy: true },
      tags: { Name: `${props.namePrefix}-assets-cdn` },
    });
    // One validation record per name, by index into the (sorted) option set, as for the origin certificate.
    const options = this.certificate.domainValidationOptions;
    names.forEach((_, index) => new DnsRecord(this, `validation-${index}`, {
      provider: props.cloudflareProvider,
      zoneId: props.cloudflareZoneId,
      name: Fn.trimsuffix(options.get(index).resourceRecordName, '.'),
      type: 'CNAME',
      content: Fn.trimsuffix(options.get(index).resourceRecordValue, '.'),
      proxied: false,
      ttl: 300,
      comment: `cdktf: ACM validation for the ${props.namePrefix} assets CDN`,
    }));
    // Waits (up to its timeout) until ACM sees the Cloudflare records and issues the certificate.
    const validated = new AcmCertificateValidation(this, 'validated', { provider: props.usEast1, certificateArn: this.certificate.arn });

    const oac = new CloudfrontOriginAccessControl(this, 'oac', {
      name: `${props.namePrefix}-assets`,
      description: 'Signed requests to the private assets bucket',
      originAccessControlOriginType: 's3',
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
    });
    const originId = 'assets-bucket';
    this.distribution = new CloudfrontDistribution(this, 'distribution', {
      comment: `${props.namePrefix}: static assets (behind Cloudflare)`,
      enabled: true,
      isIpv6Enabled: true,
      httpVersion: 'http2and3',
      priceClass: props.priceClass ?? 'PriceClass_100',
      aliases: names,
      origin: [{ originId, domainName: props.bucket.regionalDomainName, originAccessControlId: oac.id }],
      defaultCacheBehavior: {
        targetOriginId: originId,
        viewerProtocolPolicy: 'https-only',
        allowedMethods: ['GET', 'HEAD', 'OPTIONS'],
        cachedMethods: ['GET', 'HEAD'],
        compress: true,
        cachePolicyId: CLOUDFRONT_MANAGED.cachingOptimized,
        responseHeadersPolicyId: CLOUDFRONT_MANAGED.securityHeaders,
      },
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      viewerCertificate: { acmCertificateArn: validated.certificateArn, sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' },
      tags: { Name: `${props.namePrefix}-assets` },
    });

    props.bucket.addPolicyStatements({
      Sid: 'CloudFrontReadsThroughOriginAccessControl',
      Effect: 'Allow',
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 's3:GetObject',
      Resource: `${props.bucket.arn}/*`,
      Condition: { StringEquals: { 'AWS:SourceArn': this.distribution.arn } },
    });

    const records: Record<string, Route53Record[]> = {};
    for (const host of props.hostnames) {
      records[host.originName] = (['A', 'AAAA'] as const).map((type) => new Route53Record(this, `origin-${host.originName.split('.')[0]}-${type}`, {
        zoneId: props.originZoneId,
        name: host.originName,
        type,
        alias: { name: this.distribution.domainName, zoneId: this.distribution.hostedZoneId, evaluateTargetHealth: false },
      }));
    }
    this.originRecords = records;
  }
}

/** What the assets bucket's key policy must allow CloudFront: decrypt objects for this account's distributions. */
export function cloudFrontReadGrant(accountId: string, partition = 'aws') {
  return {
    service: 'cloudfront.amazonaws.com',
    actions: ['kms:Decrypt'],
    condition: { StringEquals: { 'aws:SourceAccount': accountId }, ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudfront::${accountId}:distribution/*` } },
  };
}
