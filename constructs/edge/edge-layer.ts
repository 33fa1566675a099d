/**
 * DNS and edge of one environment (docs/decisions/0005-cloudflare-in-front-of-a-route53-origin-zone.md): Route53 origin zone (query logs, DNSSEC), private zone, health checks,
 * the origin certificate, the origin load balancer's security group, and Cloudflare in front.
 * AWS resources never reference Cloudflare ones (the AWS part must plan on its own); Cloudflare references AWS freely.
 */
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { TerraformVariable, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { EdgeConfig } from '../../environments/schema/edge';
import type { AssetsCdnConfig } from '../../environments/schema/assets-cdn';
import type { AlarmSubscriber } from '../../environments/schema/alarm-notifications';
import type { SecureBucket } from '../secure-bucket';
import { AssetsCdn } from './assets-cdn';
import { CloudflareAccess } from './cloudflare-access';
import { CloudflareCacheRules } from './cloudflare-cache-rules';
import { CloudflareDns } from './cloudflare-dns';
import { CloudflareRateLimits } from './cloudflare-rate-limits';
import { CloudflareWaf } from './cloudflare-waf';
import { CloudflareZone } from './cloudflare-zone';
import { HealthCheckAlarms } from './health-check-alarms';
import { HealthChecks } from './health-checks';
import { OriginCertificate } from './origin-certificate';
import { OriginLoadBalancerSg } from './origin-load-balancer-sg';
import { OriginPull } from './origin-pull';
import { OriginZone } from './origin-zone';
import { PrivateZone } from './private-zone';

export interface CloudflareRanges {
  readonly source: string;
  readonly retrieved: string;
  readonly ipv4: readonly string[];
  readonly ipv6: readonly string[];
}

export interface EdgeLayerProps {
  /** The environment's validated `edge` section. */
  readonly edge: EdgeConfig;
  /** Public domain (the Cloudflare zone). */
  readonly domain: string;
  readonly namePrefix: string;
  readonly accountId: string;
  /** Primary region (the VPC's). */
  readonly region: string;
  /** ARN partition. @default 'aws' */
  readonly partition?: string;
  readonly vpcId: string;
  readonly vpcCidr: string;
  /** AWS provider alias in us-east-1 (query logs, DNSSEC key, health-check alarms). */
  readonly usEast1: AwsProvider;
  /** Cloudflare's edge ranges admitted by the origin load balancer. */
  readonly cloudflareRanges: CloudflareRanges;
  /** @default the stack's default Cloudflare provider */
  readonly cloudflareProvider?: CloudflareProvider;
  /** Create the proxied Cloudflare records of the public names; false for a recovery environment on standby (the recovered environment still holds them). @default true */
  readonly publishPublicNames?: boolean;
  /** Who the health-check alarms page (the environment's alarm subscribers). @default none */
  readonly alarmSubscribers?: readonly AlarmSubscriber[];
  /** Bucket in the primary region that holds the origin-pull CA bundle the load balancer's trust store reads. */
  readonly trustBundleBucket: string;
  /** The bundle bucket's versioning, when this stack manages the bucket (the trust store pins the object version). @default none */
  readonly trustBundleBucketReady?: ITerraformDependable[];
  /** Hostnames served from the assets bucket through CloudFront. @default none */
  readonly assetsCdn?: { readonly config: AssetsCdnConfig; readonly bucket: SecureBucket };
}

export class EdgeLayer extends Construct {
  public readonly originZone: OriginZone;
  public readonly privateZone: PrivateZone;
  public readonly certificate: OriginCertificate;
  public readonly loadBalancerSg: OriginLoadBalancerSg;
  public readonly healthChecks: HealthChecks;
  /** One us-east-1 alarm per health check, to a us-east-1 topic; undefined without health checks. */
  public readonly healthCheckAlarms?: HealthCheckAlarms;
  /** Trust store of the origin load balancer (mutual TLS) and zone-level authenticated origin pulls. */
  public readonly originPull: OriginPull;
  public readonly cloudflareZone: CloudflareZone;
  public readonly dns: CloudflareDns;
  public readonly waf?: CloudflareWaf;
  /** Access applications for restricted hostnames (restrictedAccess.mode `cloudflare-access`). */
  public readonly access?: CloudflareAccess;
  public readonly rateLimits?: CloudflareRateLimits;
  public readonly cacheRules?: CloudflareCacheRules;
  /** CloudFront in front of the assets bucket, when configured. */
  public readonly assetsCdn?: AssetsCdn;
  /** Origin name of each public hostname. */
  public readonly originNames: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: EdgeLayerProps) {
    super(scope, id);
    const { edge, namePrefix } = props;
    const cf = edge.cloudflare;
    const provider = props.cloudflareProvider;
    const originNames = Object.fromEntries(edge.hostnames.map((h) => [h.name, `${h.origin}.${edge.originZone}`]));
    this.originNames = originNames;

    // ── AWS ──
    this.originZone = new OriginZone(this, 'origin-zone', {
      zoneName: edge.originZone,
      namePrefix,
      accountId: props.accountId,
      partition: props.partition,
      usEast1: props.usEast1,
      queryLogRetentionDays: edge.queryLogRetentionDays,
    });
    this.privateZone = new PrivateZone(this, 'private-zone', { zoneName: edge.privateZone, vpcId: props.vpcId, vpcRegion: props.region, namePrefix });
    this.healthChecks = new HealthChecks(this, 'health-checks', { namePrefix, checks: edge.healthChecks });
    if (edge.healthChecks.length > 0) {
      this.healthCheckAlarms = new HealthCheckAlarms(this, 'health-check-alarms', {
        namePrefix, accountId: props.accountId, partition: props.partition, usEast1: props.usEast1,
        healthCheckIds: this.healthChecks.ids, subscribers: props.alarmSubscribers,
      });
    }
    // The load balancer's certificate: every origin name except those CloudFront serves (the assets CDN has its own).
    const cdnHosts = new Set(props.assetsCdn?.config.hostnames ?? []);
    this.certificate = new OriginCertificate(this, 'origin-certificate', {
      domainNames: edge.hostnames.filter((h) => !cdnHosts.has(h.name)).map((h) => originNames[h.name]),
      zoneId: this.originZone.zoneId,
      namePrefix,
    });
    this.loadBalancerSg = new OriginLoadBalancerSg(this, 'origin-lb-sg', {
      namePrefix,
      vpcId: props.vpcId,
      vpcCidr: props.vpcCidr,
      ipv4Ranges: props.cloudflareRanges.ipv4,
      ipv6Ranges: props.cloudflareRanges.ipv6,
      source: `cloudflare.com/ips ${props.cloudflareRanges.retrieved}`,
    });

    // ── Cloudflare ──
    let accountId = cf.accountId;
    if (cf.zone.mode === 'create') {
      // TF_VAR_cloudflare_account_id overrides the configured account at plan time.
      accountId = new TerraformVariable(this, 'cloudflare_account_id', {
        type: 'string',
        default: cf.accountId,
        description: 'Cloudflare account that owns the zone (TF_VAR_cloudflare_account_id)',
      }).stringValue;
    }
    this.cloudflareZone = new CloudflareZone(this, 'cloudflare-zone', {
      domain: props.domain,
      mode: cf.zone.mode,
      accountId,
      zoneId: cf.zone.mode === 'adopt' ? cf.zone.zoneId : undefined,
      manageSettings: cf.ownsZoneConfiguration,
      hstsPreload: cf.hstsPreload,
      provider,
    });
    const zoneId = this.cloudflareZone.zoneId;
    // Zone-level pulls are a zone-wide setting (the zone owner turns them on); every environment's origin verifies them.
    this.originPull = new OriginPull(this, 'origin-pull', {
      // Keyed by environment: a recovery environment's bucket is the replica of production's, which replicates
      // production's own bundle into it (one key for both would be overwritten by each, and deleted with either).
      namePrefix, caBundle: edge.originPull.caBundle, bundleBucket: props.trustBundleBucket, bundleBucketReady: props.trustBundleBucketReady, bundleKey: `edge/${namePrefix}-origin-pull-ca.pem`, zoneId,
      manageZoneSetting: cf.ownsZoneConfiguration, cloudflareProvider: provider,
    });
    if (props.assetsCdn) {
      const { config, bucket } = props.assetsCdn;
      this.assetsCdn = new AssetsCdn(this, 'assets-cdn', {
        namePrefix, bucket, priceClass: config.priceClass, originZoneId: this.originZone.zoneId, usEast1: props.usEast1,
        hostnames: config.hostnames.map((name) => ({ name, originName: originNames[name] })),
        cloudflareZoneId: zoneId, cloudflareProvider: provider,
      });
    }
    this.dns = new CloudflareDns(this, 'cloudflare-dns', {
      zoneId,
      hostnames: props.publishPublicNames === false ? [] : edge.hostnames.map((h) => ({ name: h.name, target: originNames[h.name] })),
      originZoneName: edge.originZone,
      originNameServers: this.originZone.nameServers,
      originKeySigningKey: this.originZone.dnssec?.keySigningKey,
      originZoneSigning: this.originZone.dnssec?.signing,
      provider,
    });
    const hostsWith = (test: (h: EdgeConfig['hostnames'][number]) => boolean) => edge.hostnames.filter(test).map((h) => h.name);
    const restricted = hostsWith((h) => h.restricted);
    const access = cf.restrictedAccess;
    // Access applications are per hostname (not zone-wide), so an environment sharing the zone may create them too.
    if (access?.mode === 'cloudflare-access' && restricted.length > 0) {
      this.access = new CloudflareAccess(this, 'cloudflare-access', {
        zoneId, namePrefix, hosts: restricted, emailDomains: access.emailDomains, sessionDuration: access.sessionDuration, provider,
      });
    }
    if (!cf.ownsZoneConfiguration) return;

    const allowList = access?.mode === 'ip-allow-list' ? access.allowList : [];
    this.waf = new CloudflareWaf(this, 'cloudflare-waf', {
      zoneId,
      namePrefix,
      restrictedHosts: allowList.length > 0 ? restricted : [],
      allowList,
      provider,
    });
    if (cf.rateLimits.length > 0) {
      this.rateLimits = new CloudflareRateLimits(this, 'cloudflare-rate-limits', { zoneId, namePrefix, rules: cf.rateLimits, provider });
    }
    const staticHosts = hostsWith((h) => h.cache === 'static');
    const bypassHosts = hostsWith((h) => h.cache === 'bypass');
    if (staticHosts.length + bypassHosts.length + cf.staticPathPrefixes.length > 0) {
      this.cacheRules = new CloudflareCacheRules(this, 'cloudflare-cache-rules', {
        zoneId,
        namePrefix,
        staticHosts,
        staticPathPrefixes: cf.staticPathPrefixes,
        bypassHosts,
        provider,
      });
    }
  }
}
