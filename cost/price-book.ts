/** Shape of the price data (cost/prices.ts) and the exact money arithmetic the report uses. */

/** One published unit price. */
export interface Price {
  /** US dollars per `unit`. */
  readonly usd: number;
  /** What one unit is: `hour`, `GB-month`, `GB`, `month`, `10k requests`, … */
  readonly unit: string;
  /** The public page the figure comes from. */
  readonly source: string;
  /**
   * `page`: read from `source` on the price book's date. `corroborated`: recalled and matched by a public third-party
   * page (named in `note`). `memory`: recalled, not yet read from the page: re-check before relying on it.
   */
  readonly basis: 'page' | 'corroborated' | 'memory';
  readonly note?: string;
}

/** Region-scoped prices (keys are the SKUs the stacks use). Every field is optional: a missing price is reported, never zero. */
export interface RegionPrices {
  readonly ec2Hour?: Readonly<Record<string, Price>>;
  readonly ebsGp3GbMonth?: Price;
  readonly eksClusterHour?: Price;
  readonly eksExtendedSupportHour?: Price;
  readonly natGatewayHour?: Price;
  readonly natGatewayGb?: Price;
  readonly publicIpv4Hour?: Price;
  readonly interfaceEndpointAzHour?: Price;
  readonly interfaceEndpointGb?: Price;
  readonly albHour?: Price;
  readonly albLcuHour?: Price;
  /** RDS for PostgreSQL, Single-AZ, per instance class (Multi-AZ is twice the Single-AZ price). */
  readonly rdsPostgresHour?: Readonly<Record<string, Price>>;
  /** vCPUs per RDS instance class (RDS Proxy bills per vCPU of the instance behind it). */
  readonly rdsVcpus?: Readonly<Record<string, number>>;
  readonly rdsGp3GbMonth?: Price;
  readonly rdsProxyVcpuHour?: Price;
  readonly elasticacheHour?: Readonly<Record<string, Price>>;
  readonly elasticacheBackupGbMonth?: Price;
  readonly logsIngestGb?: Price;
  readonly logsStorageGbMonth?: Price;
  readonly alarmStandardMonth?: Price;
  readonly alarmHighResolutionMonth?: Price;
  readonly kmsKeyMonth?: Price;
  readonly kmsRequests10k?: Price;
  readonly secretMonth?: Price;
  readonly secretsApi10k?: Price;
  readonly backupEbsGbMonth?: Price;
  readonly backupRdsGbMonth?: Price;
  /** Data transfer from this region to another AWS region (backup copies). */
  readonly interRegionTransferGb?: Price;
  readonly s3StandardGbMonth?: Price;
  /** Data transfer out to the internet, first 10 TB tier. */
  readonly internetEgressGb?: Price;
}

/** Prices of global services (Route53, CloudFront) and of Cloudflare plans. */
export interface GlobalPrices {
  readonly route53ZoneMonth?: Price;
  readonly route53QueriesMillion?: Price;
  readonly healthCheckNonAwsMonth?: Price;
  /** Each optional feature (HTTPS, string matching, fast interval, latency measurement) of a non-AWS-endpoint health check. */
  readonly healthCheckFeatureNonAwsMonth?: Price;
  readonly cloudfrontEuropeGb?: Price;
  readonly cloudfrontHttps10k?: Price;
  readonly cloudflarePlanMonth?: Readonly<Record<string, Price>>;
}

export interface PriceBook {
  /** ISO date the figures were collected. */
  readonly date: string;
  /** Hours in a month: 730 (8760 h / 12), the convention of AWS's own calculator. */
  readonly hoursPerMonth: number;
  readonly regions: Readonly<Record<string, RegionPrices>>;
  readonly global: GlobalPrices;
}

/** Money is counted in integer micro-dollars so sums and differences are exact. */
export type Micro = number;

export function toMicro(usd: number): Micro {
  return Math.round(usd * 1_000_000);
}

export function fromMicro(micro: Micro): number {
  return micro / 1_000_000;
}

/** `quantity` units at `price`, rounded once to a micro-dollar. */
export function cost(price: Price, quantity: number): Micro {
  return Math.round(toMicro(price.usd) * quantity);
}

/** Dollars with cents and thousands separators: 1,234.56. */
export function formatUsd(micro: Micro): string {
  const cents = Math.round(micro / 10_000);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/** A quantity for a reader: whole numbers as they are, fractions to at most `digits` places (1,234.5). */
export function formatQuantity(n: number, digits = 2): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: Number.isInteger(n) ? 0 : digits });
}
