/**
 * On-demand list prices (USD, Linux, no Savings Plans or Reserved Instances) of exactly the SKUs the stacks use, in the
 * regions their resources live in: eu-north-1 (everything), us-east-1 (DNSSEC and query-log keys, Route53 query logs,
 * CloudFront) and eu-central-1 (backup copies).
 *
 * READ BEFORE RELYING ON A FIGURE: this repository is built without access to the AWS pricing pages. Each price says how
 * it was obtained (`basis`): `memory` figures are recalled list prices and must be re-read from their `source` page
 * (the AWS Pricing Calculator or the page named) before a budget decision; `corroborated` ones were matched by a public
 * third-party page named in `note`. When you re-read a price, set `basis: 'page'` and move `date` (docs/cost.md).
 */
import type { Price, PriceBook, RegionPrices } from './price-book';

const PAGE = {
  ec2: 'https://aws.amazon.com/ec2/pricing/on-demand/',
  ebs: 'https://aws.amazon.com/ebs/pricing/',
  eks: 'https://aws.amazon.com/eks/pricing/',
  vpc: 'https://aws.amazon.com/vpc/pricing/',
  privatelink: 'https://aws.amazon.com/privatelink/pricing/',
  elb: 'https://aws.amazon.com/elasticloadbalancing/pricing/',
  rds: 'https://aws.amazon.com/rds/postgresql/pricing/',
  rdsProxy: 'https://aws.amazon.com/rds/proxy/pricing/',
  elasticache: 'https://aws.amazon.com/elasticache/pricing/',
  cloudwatch: 'https://aws.amazon.com/cloudwatch/pricing/',
  kms: 'https://aws.amazon.com/kms/pricing/',
  secrets: 'https://aws.amazon.com/secrets-manager/pricing/',
  route53: 'https://aws.amazon.com/route53/pricing/',
  backup: 'https://aws.amazon.com/backup/pricing/',
  s3: 'https://aws.amazon.com/s3/pricing/',
  cloudfront: 'https://aws.amazon.com/cloudfront/pricing/',
  cloudflare: 'https://www.cloudflare.com/plans/',
} as const;

const memory = (usd: number, unit: string, source: string): Price => ({ usd, unit, source, basis: 'memory' });
const corroborated = (usd: number, unit: string, source: string, note: string): Price => ({ usd, unit, source, basis: 'corroborated', note });

/** Prices that are the same in every commercial region (or global). */
const uniform = {
  eksClusterHour: memory(0.1, 'cluster-hour', PAGE.eks),
  eksExtendedSupportHour: corroborated(0.6, 'cluster-hour', PAGE.eks, 'AWS notice quoted in github.com/WGBH-MLA/chowda/issues/217 (2024)'),
  publicIpv4Hour: corroborated(0.005, 'address-hour', PAGE.vpc, 'in-use public IPv4 charge since 2024-02-01; cloudburn.io NAT gateway guide (2026-02)'),
  alarmStandardMonth: memory(0.1, 'alarm metric-month', PAGE.cloudwatch),
  alarmHighResolutionMonth: memory(0.3, 'alarm metric-month', PAGE.cloudwatch),
  kmsKeyMonth: memory(1, 'key-month', PAGE.kms),
  kmsRequests10k: memory(0.03, '10k requests', PAGE.kms),
  secretMonth: memory(0.4, 'secret-month', PAGE.secrets),
  secretsApi10k: memory(0.05, '10k API calls', PAGE.secrets),
  elasticacheBackupGbMonth: memory(0.085, 'GB-month', PAGE.elasticache),
  internetEgressGb: memory(0.09, 'GB', PAGE.ec2),
  interRegionTransferGb: memory(0.02, 'GB', PAGE.ec2),
} satisfies RegionPrices;

const euNorth1: RegionPrices = {
  ...uniform,
  ec2Hour: {
    'm7i.large': memory(0.1071, 'instance-hour', PAGE.ec2),
    'm6i.large': memory(0.102, 'instance-hour', PAGE.ec2),
    'g6.2xlarge': memory(1.0362, 'instance-hour', PAGE.ec2),
    'g5.2xlarge': memory(1.2847, 'instance-hour', PAGE.ec2),
  },
  ebsGp3GbMonth: memory(0.0836, 'GB-month', PAGE.ebs),
  natGatewayHour: memory(0.046, 'gateway-hour', PAGE.vpc),
  natGatewayGb: memory(0.046, 'GB', PAGE.vpc),
  interfaceEndpointAzHour: memory(0.011, 'endpoint-zone-hour', PAGE.privatelink),
  interfaceEndpointGb: memory(0.01, 'GB', PAGE.privatelink),
  albHour: memory(0.0239, 'ALB-hour', PAGE.elb),
  albLcuHour: memory(0.0084, 'LCU-hour', PAGE.elb),
  rdsPostgresHour: {
    'db.r6g.xlarge': memory(0.469, 'instance-hour (Single-AZ)', PAGE.rds),
    'db.t4g.medium': memory(0.068, 'instance-hour (Single-AZ)', PAGE.rds),
  },
  rdsVcpus: { 'db.r6g.xlarge': 4, 'db.t4g.medium': 2 },
  rdsGp3GbMonth: memory(0.121, 'GB-month (Single-AZ)', PAGE.rds),
  rdsProxyVcpuHour: memory(0.0158, 'vCPU-hour', PAGE.rdsProxy),
  elasticacheHour: {
    'cache.r6g.large': memory(0.218, 'node-hour', PAGE.elasticache),
    'cache.t4g.medium': memory(0.068, 'node-hour', PAGE.elasticache),
  },
  logsIngestGb: memory(0.5325, 'GB ingested', PAGE.cloudwatch),
  logsStorageGbMonth: memory(0.0315, 'GB-month archived', PAGE.cloudwatch),
  backupEbsGbMonth: memory(0.0525, 'GB-month (warm)', PAGE.backup),
  backupRdsGbMonth: memory(0.0998, 'GB-month (warm)', PAGE.backup),
  s3StandardGbMonth: memory(0.023, 'GB-month (first 50 TB)', PAGE.s3),
};

const usEast1: RegionPrices = {
  ...uniform,
  logsIngestGb: memory(0.5, 'GB ingested', PAGE.cloudwatch),
  logsStorageGbMonth: memory(0.03, 'GB-month archived', PAGE.cloudwatch),
  s3StandardGbMonth: memory(0.023, 'GB-month (first 50 TB)', PAGE.s3),
};

const euCentral1: RegionPrices = {
  ...uniform,
  backupEbsGbMonth: memory(0.054, 'GB-month (warm)', PAGE.backup),
  backupRdsGbMonth: memory(0.1, 'GB-month (warm)', PAGE.backup),
  logsIngestGb: memory(0.63, 'GB ingested', PAGE.cloudwatch),
  logsStorageGbMonth: memory(0.0324, 'GB-month archived', PAGE.cloudwatch),
  s3StandardGbMonth: memory(0.0245, 'GB-month (first 50 TB)', PAGE.s3),
};

export const PRICES: PriceBook = {
  date: '2026-11-30',
  hoursPerMonth: 730,
  regions: { 'eu-north-1': euNorth1, 'us-east-1': usEast1, 'eu-central-1': euCentral1 },
  global: {
    route53ZoneMonth: memory(0.5, 'hosted zone-month (first 25)', PAGE.route53),
    route53QueriesMillion: memory(0.4, 'million standard queries', PAGE.route53),
    healthCheckNonAwsMonth: memory(0.75, 'health check-month (non-AWS endpoint)', PAGE.route53),
    healthCheckFeatureNonAwsMonth: memory(2, 'optional feature-month (non-AWS endpoint)', PAGE.route53),
    cloudfrontEuropeGb: memory(0.085, 'GB to Europe (first 10 TB)', PAGE.cloudfront),
    cloudfrontHttps10k: memory(0.012, '10k HTTPS requests (Europe)', PAGE.cloudfront),
    cloudflarePlanMonth: {
      free: memory(0, 'zone-month', PAGE.cloudflare),
      pro: memory(25, 'zone-month (billed monthly)', PAGE.cloudflare),
      business: memory(250, 'zone-month (billed monthly)', PAGE.cloudflare),
    },
  },
};
