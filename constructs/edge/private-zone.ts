/** A Route53 private zone associated with the VPC, for internal names (database, cache). The data layer adds its records. */
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { Construct } from 'constructs';

export interface PrivateZoneProps {
  /** Zone name, e.g. `production.aifeedback.internal`. */
  readonly zoneName: string;
  /** VPC that resolves the zone. */
  readonly vpcId: string;
  /** Region of the VPC. */
  readonly vpcRegion: string;
  readonly namePrefix: string;
  /** Refuse `terraform destroy` and replacement of the zone. @default true */
  readonly preventDestroy?: boolean;
}

export class PrivateZone extends Construct {
  public readonly zone: Route53Zone;
  public readonly zoneId: string;
  public readonly zoneName: string;

  constructor(scope: Construct, id: string, props: PrivateZoneProps) {
    super(scope, id);
    this.zone = new Route53Zone(this, 'zone', {
      name: props.zoneName,
      comment: `${props.namePrefix}: internal names, resolvable only inside the VPC`,
      vpc: [{ vpcId: props.vpcId, vpcRegion: props.vpcRegion }],
      // Records written by the data layer and by hand would go with it.
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    this.zoneId = this.zone.zoneId;
    this.zoneName = props.zoneName;
  }
}
