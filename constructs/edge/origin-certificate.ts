/**
 * The ACM certificate of the origin load balancer: one SAN per origin name (no wildcard: CKV2_AWS_71), validated by
 * DNS records in the Route53 origin zone, replaced before it is destroyed (CKV_AWS_233), CT-logged (CKV_AWS_234).
 */
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Construct } from 'constructs';

export interface OriginCertificateProps {
  /** Names the certificate covers; the first is the subject. Cloudflare full-strict accepts a certificate for the CNAME target. */
  readonly domainNames: readonly string[];
  /** Route53 zone holding the validation records (it must be authoritative for every name). */
  readonly zoneId: string;
  readonly namePrefix: string;
}

export class OriginCertificate extends Construct {
  public readonly certificate: AcmCertificate;
  public readonly validation: AcmCertificateValidation;
  /** ARN of the validated certificate (waits for validation): what the load balancer listener uses. */
  public readonly certificateArn: string;

  constructor(scope: Construct, id: string, props: OriginCertificateProps) {
    super(scope, id);
    if (props.domainNames.length === 0) throw new Error('OriginCertificate: domainNames must not be empty');
    const wildcard = props.domainNames.find((name) => name.includes('*'));
    if (wildcard) throw new Error(`OriginCertificate: "${wildcard}" is a wildcard; list each origin name (CKV2_AWS_71)`);
    const [subject, ...alternatives] = props.domainNames;
    this.certificate = new AcmCertificate(this, 'certificate', {
      domainName: subject,
      subjectAlternativeNames: alternatives.length > 0 ? alternatives : undefined,
      validationMethod: 'DNS',
      keyAlgorithm: 'RSA_2048',
      options: { certificateTransparencyLoggingPreference: 'ENABLED' },
      // The listener keeps the old certificate until the new one exists.
      lifecycle: { createBeforeDestroy: true },
      tags: { Name: `${props.namePrefix}-origin` },
    });
    // One record per name. Not for_each over domain_validation_options: its elements are unknown until apply, so
    // Terraform cannot key instances on it (tolist of that set is unknown). The count is known from config; element i of
    // the (sorted) set feeds record i, which is enough because each name has its own validation record (no wildcards).
    const options = this.certificate.domainValidationOptions;
    const records = props.domainNames.map((_, index) => new Route53Record(this, `validation-${index}`, {
      zoneId: props.zoneId,
      name: options.get(index).resourceRecordName,
      type: options.get(index).resourceRecordType,
      records: [options.get(index).resourceRecordValue],
      ttl: 60,
      allowOverwrite: true,
    }));
    this.validation = new AcmCertificateValidation(this, 'validated', {
      certificateArn: this.certificate.arn,
      validationRecordFqdns: records.map((r) => r.fqdn),
    });
    this.certificateArn = this.validation.certificateArn;
  }
}
