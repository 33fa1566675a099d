/**
 * Route53 HTTPS health checks. They probe public hostnames (through Cloudflare): the origin load balancer admits only
 * this zone's Cloudflare edge (its ranges and its origin-pull certificate), so a probe of the origin name itself would
 * always fail. Their alarms live in us-east-1 (health-check-alarms.ts).
 */
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { Construct } from 'constructs';

export interface HealthCheckSpec {
  /** Check name, e.g. `api`. */
  readonly name: string;
  /** Name to probe. */
  readonly fqdn: string;
  /** Path that answers 2xx/3xx when healthy. */
  readonly path: string;
  /** Consecutive failures before unhealthy. @default 3 */
  readonly failureThreshold?: number;
  /** Seconds between probes (10 or 30). @default 30 */
  readonly requestInterval?: number;
}

export interface HealthChecksProps {
  readonly namePrefix: string;
  /** One HTTPS check per entry. @default [] */
  readonly checks?: readonly HealthCheckSpec[];
}

export class HealthChecks extends Construct {
  /** Health check ids by check name. */
  public readonly ids: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: HealthChecksProps) {
    super(scope, id);
    const ids: Record<string, string> = {};
    for (const check of props.checks ?? []) {
      const interval = check.requestInterval ?? 30;
      if (interval !== 10 && interval !== 30) throw new Error(`HealthChecks ${check.name}: requestInterval must be 10 or 30, got ${interval}`);
      const resource = new Route53HealthCheck(this, check.name, {
        type: 'HTTPS',
        fqdn: check.fqdn,
        port: 443,
        resourcePath: check.path,
        // SNI so the edge serves the certificate of this name.
        enableSni: true,
        failureThreshold: check.failureThreshold ?? 3,
        requestInterval: interval,
        measureLatency: true,
        tags: { Name: `${props.namePrefix}-${check.name}` },
      });
      ids[check.name] = resource.id;
    }
    this.ids = ids;
  }
}
