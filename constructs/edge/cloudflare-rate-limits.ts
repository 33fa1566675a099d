/**
 * Rate limiting (http_ratelimit phase): per client, counted per Cloudflare data centre and source IP (the
 * characteristics every non-Enterprise plan requires). Periods and thresholds are config data.
 */
import type { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { Ruleset } from '@cdktf/provider-cloudflare/lib/ruleset';
import { Construct } from 'constructs';
import { RATE_LIMIT_PERIODS } from '../../environments/schema/edge';
import { hostIn, pathStartsWith } from './ruleset-expressions';

/** Counting periods (seconds) the rulesets API accepts (the schema validates config against the same list). */
export const CLOUDFLARE_RATE_LIMIT_PERIODS: readonly number[] = RATE_LIMIT_PERIODS;

export interface RateLimitRule {
  /** Rule name, e.g. `api-auth`. */
  readonly name: string;
  /** Hostnames the rule counts on. */
  readonly hosts: readonly string[];
  /** Only paths starting with this prefix count. @default every path */
  readonly pathPrefix?: string;
  /** Counting period in seconds (one of CLOUDFLARE_RATE_LIMIT_PERIODS). */
  readonly period: number;
  /** Requests per client and period before the action fires. */
  readonly requestsPerPeriod: number;
  /** Seconds the action stays in force. @default 600 */
  readonly mitigationTimeout?: number;
  /** Action once over the limit. @default 'block' */
  readonly action?: 'block' | 'managed_challenge';
}

export interface CloudflareRateLimitsProps {
  readonly zoneId: string;
  readonly namePrefix: string;
  readonly rules: readonly RateLimitRule[];
  readonly provider?: CloudflareProvider;
}

export class CloudflareRateLimits extends Construct {
  public readonly ruleset: Ruleset;

  constructor(scope: Construct, id: string, props: CloudflareRateLimitsProps) {
    super(scope, id);
    if (props.rules.length === 0) throw new Error('CloudflareRateLimits: rules is empty');
    for (const rule of props.rules) {
      if (!CLOUDFLARE_RATE_LIMIT_PERIODS.includes(rule.period)) {
        throw new Error(`CloudflareRateLimits ${rule.name}: period ${rule.period} is not one of ${CLOUDFLARE_RATE_LIMIT_PERIODS.join(', ')}`);
      }
      if (rule.requestsPerPeriod <= 0) throw new Error(`CloudflareRateLimits ${rule.name}: requestsPerPeriod must be positive`);
    }
    // Rules run in order and a triggered block ends evaluation: path-specific (stricter) rules go first.
    const ordered = [...props.rules].sort((a, b) => Number(!a.pathPrefix) - Number(!b.pathPrefix));
    this.ruleset = new Ruleset(this, 'ruleset', {
      provider: props.provider,
      zoneId: props.zoneId,
      kind: 'zone',
      phase: 'http_ratelimit',
      name: `${props.namePrefix} rate limits`,
      description: 'Per-client request limits',
      rules: ordered.map((rule) => ({
        ref: rule.name.replace(/-/g, '_'),
        description: `${rule.name}: ${rule.requestsPerPeriod} requests per ${rule.period} s per client`,
        expression: rule.pathPrefix ? `${hostIn(rule.hosts)} and ${pathStartsWith(rule.pathPrefix)}` : hostIn(rule.hosts),
        action: rule.action ?? 'block',
        ratelimit: {
          characteristics: ['cf.colo.id', 'ip.src'],
          period: rule.period,
          requestsPerPeriod: rule.requestsPerPeriod,
          mitigationTimeout: rule.mitigationTimeout ?? 600,
        },
      })),
    });
  }
}
