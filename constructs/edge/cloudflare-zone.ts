/**
 * The Cloudflare zone of the public domain: created here, or adopted by id (no cloudflare_zone resource). The zone
 * owner also sets the zone-wide TLS/HSTS/performance settings and zone DNSSEC.
 */
import { Zone } from '@cdktf/provider-cloudflare/lib/zone';
import { ZoneDnssec } from '@cdktf/provider-cloudflare/lib/zone-dnssec';
import { ZoneSetting } from '@cdktf/provider-cloudflare/lib/zone-setting';
import type { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';

/** A zone_setting value: a string for most settings, an object for security_header. */
type SettingValue = string | Record<string, unknown>;

export interface CloudflareZoneProps {
  /** The public domain, e.g. `aifeedback.se`. */
  readonly domain: string;
  /** `create` a zone (needs accountId) or `adopt` the one with zoneId. */
  readonly mode: 'create' | 'adopt';
  /** Account that owns a created zone. Required for `create`. */
  readonly accountId?: string;
  /** Id of the existing zone. Required for `adopt`. */
  readonly zoneId?: string;
  /** Manage zone settings and DNSSEC (only one environment per zone may). @default true */
  readonly manageSettings?: boolean;
  /** HSTS preload flag. @default false */
  readonly hstsPreload?: boolean;
  /** Provider (when not the stack's default). */
  readonly provider?: CloudflareProvider;
}

export class CloudflareZone extends Construct {
  /** The zone id: the created zone's, or the adopted one. */
  public readonly zoneId: string;
  /** The created zone; undefined when adopted. */
  public readonly zone?: Zone;
  /** Settings by setting id (empty when this environment does not own the zone configuration). */
  public readonly settings: Readonly<Record<string, ZoneSetting>>;
  public readonly dnssec?: ZoneDnssec;

  constructor(scope: Construct, id: string, props: CloudflareZoneProps) {
    super(scope, id);
    if (props.mode === 'create' && !props.accountId) throw new Error(`CloudflareZone ${props.domain}: accountId is required to create the zone`);
    if (props.mode === 'adopt' && !props.zoneId) throw new Error(`CloudflareZone ${props.domain}: zoneId is required to adopt a zone`);
    if (props.mode === 'create') {
      this.zone = new Zone(this, 'zone', {
        provider: props.provider,
        name: props.domain,
        type: 'full',
        account: { id: props.accountId },
        // Deleting the zone takes the whole public domain offline.
        lifecycle: { preventDestroy: true },
      });
      this.zoneId = this.zone.id;
    } else {
      this.zoneId = props.zoneId!;
    }

    const settings: Record<string, ZoneSetting> = {};
    if (props.manageSettings ?? true) {
      const values: Record<string, SettingValue> = {
        ssl: 'strict',
        min_tls_version: '1.2',
        tls_1_3: 'on',
        always_use_https: 'on',
        automatic_https_rewrites: 'on',
        security_header: {
          strict_transport_security: {
            enabled: true,
            max_age: 31536000,
            include_subdomains: true,
            preload: props.hstsPreload ?? false,
            nosniff: true,
          },
        },
        brotli: 'on',
        http3: 'on',
      };
      for (const [settingId, value] of Object.entries(values)) {
        settings[settingId] = new ZoneSetting(this, settingId.replace(/_/g, '-'), {
          provider: props.provider,
          zoneId: this.zoneId,
          settingId,
          // The provider types `value` as a map; string settings pass through unchanged.
          value: value as Record<string, unknown>,
        });
      }
      // Cloudflare reports "pending" until the registrar publishes the DS record (a manual step, docs/first-deploy.md),
      // then "active": Terraform asks for activation once and does not fight the read-back state on every plan.
      this.dnssec = new ZoneDnssec(this, 'dnssec', {
        provider: props.provider,
        zoneId: this.zoneId,
        status: 'active',
        lifecycle: { ignoreChanges: ['status'] },
      });
      // What the operator gives the registrar (docs/first-deploy.md) so the status becomes "active".
      new TerraformOutput(this, 'ds-record', { value: this.dnssec.ds, description: 'DS record of the Cloudflare zone for the registrar' })
        .overrideLogicalId('cloudflare_zone_ds_record');
    }
    this.settings = settings;
  }
}
