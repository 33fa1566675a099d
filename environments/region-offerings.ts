/**
 * Which instance types, RDS classes and ElastiCache node types each region offers, for the types this project
 * uses. Config validation checks the disaster-recovery region against it without an AWS call. A type missing here
 * is treated as not offered: add it after checking with
 * `aws ec2 describe-instance-type-offerings --region R --filters Name=instance-type,Values=T`,
 * `aws rds describe-orderable-db-instance-options --region R --engine postgres --db-instance-class C` and
 * `aws elasticache describe-reserved-cache-nodes-offerings --region R --cache-node-type N`.
 * Source: AWS's per-region availability of these types (EC2, RDS and ElastiCache pricing pages); re-check with the
 * commands above before relying on a region for the first time. A new node-group instance type also needs
 * lib/instance-types.ts and cost/prices.ts (docs/operating.md#resizing-a-node-group).
 */
export interface RegionOfferings {
  /** EC2 instance types (EKS node groups). */
  readonly ec2: readonly string[];
  /** RDS PostgreSQL instance classes. */
  readonly rds: readonly string[];
  /** ElastiCache node types. */
  readonly elasticache: readonly string[];
}

const GENERAL_EC2 = ['m7i.large', 'm7i.xlarge', 'm6i.large', 'm6i.xlarge', 'm7g.large', 'm6g.large', 't3.large', 't3.medium'];
const GENERAL_RDS = ['db.r6g.large', 'db.r6g.xlarge', 'db.r6g.2xlarge', 'db.r7g.large', 'db.r7g.xlarge', 'db.m6g.large', 'db.t4g.medium', 'db.t4g.large'];
const GENERAL_CACHE = ['cache.r6g.large', 'cache.r6g.xlarge', 'cache.r7g.large', 'cache.m6g.large', 'cache.t4g.medium', 'cache.t4g.small'];

export const REGION_OFFERINGS: Readonly<Record<string, RegionOfferings>> = {
  'eu-north-1': { ec2: [...GENERAL_EC2, 'g6.2xlarge', 'g5.2xlarge'], rds: GENERAL_RDS, elasticache: GENERAL_CACHE },
  'eu-central-1': { ec2: [...GENERAL_EC2, 'g6.2xlarge', 'g5.2xlarge', 'g4dn.2xlarge', 'p3.2xlarge'], rds: GENERAL_RDS, elasticache: GENERAL_CACHE },
  'eu-west-1': { ec2: [...GENERAL_EC2, 'g5.2xlarge', 'g4dn.2xlarge', 'p3.2xlarge'], rds: GENERAL_RDS, elasticache: GENERAL_CACHE },
  'eu-west-3': { ec2: [...GENERAL_EC2, 'g4dn.2xlarge'], rds: GENERAL_RDS, elasticache: GENERAL_CACHE },
  'us-east-1': { ec2: [...GENERAL_EC2, 'g6.2xlarge', 'g5.2xlarge', 'g4dn.2xlarge', 'p3.2xlarge'], rds: GENERAL_RDS, elasticache: GENERAL_CACHE },
  'us-west-2': { ec2: [...GENERAL_EC2, 'g6.2xlarge', 'g5.2xlarge', 'g4dn.2xlarge', 'p3.2xlarge'], rds: GENERAL_RDS, elasticache: GENERAL_CACHE },
};
