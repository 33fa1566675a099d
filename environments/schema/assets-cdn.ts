/**
 * Static assets served from the private assets bucket: CloudFront (origin access control, TLS to S3) behind Cloudflare.
 * Also the rule that every public hostname has something serving it, so no proxied record points at nothing.
 */
import { z } from 'zod';
import { dnsName } from './primitives';
import type { IssueReporter } from './issues';

export const assetsCdnSchema = z.object({
  /** Public hostnames (from edge.hostnames) whose requests CloudFront answers from the assets bucket. */
  hostnames: z.array(dnsName).min(1, 'needs at least one hostname'),
  /** CloudFront edge locations used (Cloudflare is in front, so the cheapest class serves Europe well). */
  priceClass: z.enum(['PriceClass_100', 'PriceClass_200', 'PriceClass_All']).default('PriceClass_100'),
});

export type AssetsCdnConfig = z.output<typeof assetsCdnSchema>;

interface OriginContext {
  /** edge.hostnames[].name, in order. */
  readonly hostnames: readonly string[];
  /** Hostnames an Ingress serves (app services, Grafana), by the field that names them. */
  readonly servedByIngress: ReadonlyMap<string, string>;
}

/** Every public hostname is served by exactly one thing: an Ingress (app service, Grafana) or the assets CDN. */
export function checkHostnameOrigins(cdn: AssetsCdnConfig | undefined, context: OriginContext, report: IssueReporter): void {
  const cdnHosts = new Set(cdn?.hostnames ?? []);
  cdn?.hostnames.forEach((host, index) => {
    if (!context.hostnames.includes(host)) report(['assetsCdn', 'hostnames', index], `"${host}" is not one of edge.hostnames`);
    const ingress = context.servedByIngress.get(host);
    if (ingress) report(['assetsCdn', 'hostnames', index], `"${host}" is already served by ${ingress}`);
  });
  context.hostnames.forEach((host, index) => {
    if (!cdnHosts.has(host) && !context.servedByIngress.has(host)) {
      report(['edge', 'hostnames', index, 'name'], `"${host}" is served by nothing (no app service, Grafana or assetsCdn hostname): its proxied Cloudflare record would point at an origin name nobody creates (Cloudflare error 1016)`, { consequence: true });
    }
  });
}
