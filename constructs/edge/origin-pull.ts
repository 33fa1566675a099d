/**
 * Authenticated Origin Pulls (docs/decisions/0024-authenticated-origin-pulls.md): the origin load balancer's security group
 * admits every Cloudflare address, and any Cloudflare customer can send from those. So the load balancer also verifies a
 * client certificate (mutual TLS, verify mode) against a trust store holding only the CA of this zone's own client
 * certificate, which Cloudflare presents on every origin connection of the zone once zone-level pulls are on.
 *
 * The client certificate and its key are uploaded to Cloudflare by scripts/origin-pull-cert.sh, never by Terraform: the
 * provider's certificate resource keeps the private key in state. Terraform only turns zone-level pulls on and holds
 * the public CA.
 */
import { LbTrustStore } from '@cdktf/provider-aws/lib/lb-trust-store';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { AuthenticatedOriginPullsSettings } from '@cdktf/provider-cloudflare/lib/authenticated-origin-pulls-settings';
import type { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';

/** Trust store names: 1-32 characters (CreateTrustStore). */
const TRUST_STORE_NAME_MAX = 32;

export interface OriginPullProps {
  readonly namePrefix: string;
  /** PEM bundle of the CA(s) that sign the zone's client certificate. */
  readonly caBundle: string;
  /** Bucket (in the load balancer's region) that holds the CA bundle the trust store reads. */
  readonly bundleBucket: string;
  /** Key of the bundle in that bucket. @default `edge/origin-pull-ca.pem` */
  readonly bundleKey?: string;
  /** What must exist before the bundle is written: the bucket's versioning, so the object has the version the trust store pins. @default none */
  readonly bundleBucketReady?: ITerraformDependable[];
  /** The Cloudflare zone. */
  readonly zoneId: string;
  /** Turn zone-level pulls on (a zone-wide setting: only the environment that owns the zone configuration). @default true */
  readonly manageZoneSetting?: boolean;
  /** @default the stack's default Cloudflare provider */
  readonly cloudflareProvider?: CloudflareProvider;
}

export class OriginPull extends Construct {
  public readonly trustStore: LbTrustStore;
  /** What the load balancer's HTTPS listener verifies client certificates against. */
  public readonly trustStoreArn: string;
  public readonly bundle: S3Object;
  /** Zone-level pulls; undefined where another environment owns the zone configuration. */
  public readonly zoneSetting?: AuthenticatedOriginPullsSettings;

  constructor(scope: Construct, id: string, props: OriginPullProps) {
    super(scope, id);
    const name = `${props.namePrefix}-aop`;
    if (name.length > TRUST_STORE_NAME_MAX) throw new Error(`OriginPull: trust store name ${name} exceeds ${TRUST_STORE_NAME_MAX} characters`);
    this.bundle = new S3Object(this, 'ca-bundle', {
      bucket: props.bundleBucket,
      key: props.bundleKey ?? 'edge/origin-pull-ca.pem',
      content: props.caBundle,
      contentType: 'application/x-pem-file',
      // Public certificates: SSE-S3 spares the load balancer a KMS grant when it reads the bundle.
      serverSideEncryption: 'AES256',
      dependsOn: props.bundleBucketReady,
    });
    this.trustStore = new LbTrustStore(this, 'trust-store', {
      name,
      caCertificatesBundleS3Bucket: this.bundle.bucket,
      caCertificatesBundleS3Key: this.bundle.key,
      // A new bundle is a new object version: the trust store re-reads it instead of keeping the old CA.
      caCertificatesBundleS3ObjectVersion: this.bundle.versionId,
      tags: { Name: name, Purpose: 'Cloudflare authenticated origin pulls of this zone' },
    });
    this.trustStoreArn = this.trustStore.arn;

    if (props.manageZoneSetting ?? true) {
      this.zoneSetting = new AuthenticatedOriginPullsSettings(this, 'zone-setting', {
        provider: props.cloudflareProvider,
        zoneId: props.zoneId,
        enabled: true,
      });
    }
  }
}

/** The ALB listener setting the AWS Load Balancer Controller reads from `alb.ingress.kubernetes.io/mutual-authentication`. */
export interface MutualAuthentication {
  readonly port: number;
  readonly mode: 'off' | 'passthrough' | 'verify';
  readonly trustStore?: string;
  readonly ignoreClientCertificateExpiry?: boolean;
}

/** Verify mode on 443 against the trust store; expired client certificates are refused, not waved through. */
export function verifyClientCertificates(trustStoreArn: string, port = 443): MutualAuthentication[] {
  return [{ port, mode: 'verify', trustStore: trustStoreArn, ignoreClientCertificateExpiry: false }];
}
