/**
 * Usage assumptions for `npm run cost` (docs/cost.md). Resources are priced from the synthesized JSON; only what the
 * JSON cannot say (traffic, log volume, stored data, the Cloudflare plan) comes from here. Every figure is per month.
 * The values are recorded in the synthesized stack (under the `//` comment key Terraform ignores), so a report and a
 * diff price each synth output with the assumptions it was made with.
 */
import { z } from 'zod';

const gb = z.number().nonnegative();
/** GB by name: a key applies to names ending with it (the longest wins); `*`, the fallback, defaults to `fallback`. */
const gbByName = (fallback: number) => z.record(z.string().min(1), gb).default({}).transform((byName): Record<string, number> => ({ '*': fallback, ...byName }));

export const costSchema = z.object({
  /** Cloudflare plan billed to this environment (a zone shared by several environments is billed to one). @default 'none' */
  cloudflarePlan: z.enum(['none', 'free', 'pro', 'business']).default('none'),
  /** GB processed by the NAT gateways, all zones together. @default 100 */
  natDataGb: gb.default(100),
  /** GB processed by interface VPC endpoints, all endpoints together. @default 100 */
  interfaceEndpointDataGb: gb.default(100),
  /** GB leaving AWS to the internet (load balancers to Cloudflare, NAT egress). @default 100 */
  internetEgressGb: gb.default(100),
  /** Average load balancer capacity units per Application Load Balancer. @default 1 */
  albLcus: gb.default(1),
  /** CloudWatch Logs GB ingested per log group, by the group name's ending (`flow-logs`, `cluster`). @default { '*': 1 } */
  logIngestGb: gbByName(1),
  /** Stored (compressed) size as a fraction of ingested size, for log storage at the steady state of the retention. @default 0.15 */
  logStoredFraction: z.number().positive().max(1).default(0.15),
  /** GB stored per S3 bucket, by the bucket name's ending. @default { '*': 5 } */
  s3StorageGb: gbByName(5),
  /** Route53 standard queries, in millions, across the environment's zones. @default 1 */
  route53QueriesMillions: gb.default(1),
  /** KMS API requests across the environment's keys (beyond the 20,000 free per account and region). @default 1000000 */
  kmsRequests: gb.default(1_000_000),
  /** Secrets Manager API calls (External Secrets refreshes, RDS Proxy logins). @default 100000 */
  secretsApiCalls: gb.default(100_000),
  /** Fraction of a protected resource's size that changes per day: the size of each incremental backup per day of interval. @default 0.01 */
  backupDailyChangeFraction: z.number().nonnegative().max(1).default(0.01),
  /** GB of Redis data per snapshot (ElastiCache keeps one snapshot per node free). @default 1 */
  redisSnapshotGb: gb.default(1),
  /** CloudFront GB delivered to viewers in Europe, per distribution. @default 100 */
  cloudfrontDataGb: gb.default(100),
  /** CloudFront HTTPS requests in millions, per distribution. @default 10 */
  cloudfrontRequestsMillions: gb.default(10),
});

export type CostAssumptions = z.output<typeof costSchema>;

/** The defaults, for stacks synthesized before the assumptions were recorded (and the bootstrap stack). */
export const DEFAULT_COST_ASSUMPTIONS: CostAssumptions = costSchema.parse({});
