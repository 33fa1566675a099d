/**
 * What the plan guard protects: resource types whose delete or replace loses data, identity or trust
 * (a replaced database is an empty database; a replaced zone has new name servers; a deleted key makes
 * everything it encrypted unreadable). Policy as data: add a type here, and a synthetic-plan test in
 * `__tests__/plan-guard.test.ts` covers it automatically.
 */

/** Why a type is protected, shown next to every blocked address. */
export const PROTECTED_TYPES: Readonly<Record<string, string>> = {
  aws_db_instance: 'RDS instance: a new instance starts empty (restore from snapshot is manual, with downtime)',
  aws_rds_cluster: 'RDS cluster: a new cluster starts empty',
  aws_rds_cluster_instance: 'RDS cluster instance: removes a reader/writer from the running cluster',
  aws_db_proxy: 'RDS Proxy: a new proxy has a new endpoint every app connects to',
  aws_db_proxy_default_target_group: 'RDS Proxy target group: the proxy stops routing to the database',
  aws_db_proxy_target: 'RDS Proxy target: the proxy stops routing to the database',
  aws_elasticache_replication_group: 'ElastiCache replication group: cached and queued data is lost, endpoint changes',
  aws_elasticache_cluster: 'ElastiCache cluster: data is lost, endpoint changes',
  aws_elasticache_serverless_cache: 'ElastiCache serverless cache: data is lost, endpoint changes',
  aws_s3_bucket: 'S3 bucket: objects (state, assets, backups) are lost and the name may be taken by someone else',
  aws_kms_key: 'KMS key: everything encrypted under it becomes unreadable after the deletion window',
  aws_kms_alias: 'KMS alias: encrypt calls by alias go to a different (or no) key',
  aws_route53_zone: 'Route53 zone: a new zone gets new name servers, so delegation and DS records break',
  aws_route53_key_signing_key: 'Route53 DNSSEC key: the parent DS record no longer matches, so validating resolvers fail',
  aws_route53_hosted_zone_dnssec: 'Route53 DNSSEC signing: turning it off under a published DS record breaks resolution',
  aws_eks_cluster: 'EKS cluster: every workload, add-on and in-cluster volume goes with it',
  aws_backup_vault: 'Backup vault: recovery points in it are lost',
  aws_backup_vault_lock_configuration: 'Backup vault lock: removes the WORM protection of recovery points',
  aws_backup_plan: 'Backup plan: scheduled backups stop',
  aws_secretsmanager_secret: 'Secrets Manager secret: the value is lost after the recovery window; apps lose credentials',
  aws_dynamodb_table: 'DynamoDB table: items are lost',
  aws_efs_file_system: 'EFS file system: files are lost',
  aws_ebs_volume: 'EBS volume: data is lost',
  cloudflare_zone: 'Cloudflare zone: a new zone has new name servers and loses every setting and record',
  cloudflare_zone_dnssec: 'Cloudflare DNSSEC: a new key no longer matches the DS record at the registrar',
};

/**
 * Types whose object the refresh found gone, and which the plan then creates again: usually not a deliberate delete
 * but records Terraform can no longer see. Recreating them takes over, or on failure removes, what still runs.
 */
export const VANISHED_TYPES: Readonly<Record<string, string>> = {
  helm_release: 'Helm release: the refresh found no release record and the plan installs it again over the running objects (an atomic install that fails uninstalls them). If the cluster keeps its records as Secrets, copy them to ConfigMaps first: npm run helm-records (docs/decisions/0022-plan-identity-and-helm-release-records.md)',
};

/**
 * Types replaced safely by rotation: a create-before-destroy replacement under a new name brings the new object up
 * before the old one goes (a managed node group: EKS drains the old nodes as it deletes the group). A replacement
 * that deletes first, or keeps the name (the create then fails on the taken name), is blocked. So is a plain delete,
 * unless the same plan creates the object's successor: another address with the same identity under a new name.
 */
export interface RotationRule {
  /** The attribute that names the object; a rotation changes it. */
  readonly nameAttribute: string;
  /** What the object is, shown when a replacement is blocked. */
  readonly what: string;
  /** What deleting it before its replacement exists costs. */
  readonly deleteFirst: string;
  /** How to turn a bare replacement into a rotation. */
  readonly fix: string;
  /**
   * Attribute path of what a rotation keeps (a node group's `NodeGroup` label, which node selectors and the
   * autoscaler use): a delete passes only when the plan creates another object with the same value.
   */
  readonly identityPath: readonly string[];
  /** What a delete with no such create costs, what produces one, and how to make it safely. */
  readonly plainDelete: string;
}

export const ROTATING_TYPES: Readonly<Record<string, RotationRule>> = {
  aws_eks_node_group: {
    nameAttribute: 'node_group_name',
    what: 'EKS managed node group',
    deleteFirst: 'every node of the group goes before a new one exists, so its pods have nowhere to run',
    fix: 'ManagedNodeGroup rotates on instance types, AMI type and capacity type (new name, create before destroy); for another cause (subnets, node role) see docs/operating.md#resizing-a-node-group',
    identityPath: ['labels', 'NodeGroup'],
    plainDelete: 'the plan creates no node group with the same NodeGroup label, so every node of the group is drained at once and terminated and pods selecting it stay Pending. '
      + 'A removed group, a renamed group key and a `gpu` flip all look like this (a flip moves the group between the <env> and <env>-gpu stacks, '
      + 'whose plans are applied one after the other, <env> first, so neither plan holds both the delete and the create). '
      + 'To do it safely: add the new group under a new key in one deploy, drain the old nodes by hand, and remove the old group in a later deploy '
      + 'with a reviewed allow-list entry for this delete (docs/operating.md#moving-or-removing-a-group)',
  },
};

/** A rule for an in-place update (or a replace of an unprotected type) known to cause downtime or data loss. */
export interface RiskyChangeRule {
  readonly type: string;
  /** Top-level attribute whose change is risky. */
  readonly attribute: string;
  /** When the change counts: any change, a major-version change, or a specific before→after. */
  readonly when: 'changed' | 'major-version' | ((before: unknown, after: unknown) => boolean);
  /** Only when `apply_immediately` is true after the change (otherwise it waits for the maintenance window). */
  readonly onlyIfAppliedImmediately?: boolean;
  readonly why: string;
}

const becomes = (value: unknown) => (before: unknown, after: unknown) => before !== value && after === value;
const dropsTo = (value: number) => (before: unknown, after: unknown) => Number(before) > value && Number(after) === value;

export const RISKY_CHANGES: readonly RiskyChangeRule[] = [
  { type: 'aws_db_instance', attribute: 'engine_version', when: 'major-version', onlyIfAppliedImmediately: true, why: 'major engine upgrade now: downtime, no rollback' },
  { type: 'aws_db_instance', attribute: 'instance_class', when: 'changed', onlyIfAppliedImmediately: true, why: 'instance class change now: restart/failover' },
  { type: 'aws_db_instance', attribute: 'storage_type', when: 'changed', onlyIfAppliedImmediately: true, why: 'storage type change now: long I/O degradation' },
  { type: 'aws_db_instance', attribute: 'deletion_protection', when: becomes(false), why: 'turns deletion protection off' },
  { type: 'aws_db_instance', attribute: 'skip_final_snapshot', when: becomes(true), why: 'a later delete would take no final snapshot' },
  { type: 'aws_db_instance', attribute: 'backup_retention_period', when: dropsTo(0), why: 'disables automated backups (deletes existing ones)' },
  { type: 'aws_rds_cluster', attribute: 'engine_version', when: 'major-version', onlyIfAppliedImmediately: true, why: 'major engine upgrade now: downtime, no rollback' },
  { type: 'aws_rds_cluster', attribute: 'db_cluster_instance_class', when: 'changed', onlyIfAppliedImmediately: true, why: 'instance class change now: restart' },
  { type: 'aws_rds_cluster', attribute: 'deletion_protection', when: becomes(false), why: 'turns deletion protection off' },
  { type: 'aws_rds_cluster_instance', attribute: 'instance_class', when: 'changed', onlyIfAppliedImmediately: true, why: 'instance class change now: restart' },
  { type: 'aws_elasticache_replication_group', attribute: 'node_type', when: 'changed', why: 'node type change: resharding/failover, cache warm-up' },
  { type: 'aws_elasticache_replication_group', attribute: 'engine_version', when: 'major-version', onlyIfAppliedImmediately: true, why: 'major engine upgrade now: restart' },
  { type: 'aws_elasticache_replication_group', attribute: 'snapshot_retention_limit', when: dropsTo(0), why: 'disables Redis snapshots' },
  { type: 'aws_eks_node_group', attribute: 'ami_type', when: 'changed', why: 'AMI type change: every node of the group is replaced' },
  { type: 'aws_eks_node_group', attribute: 'instance_types', when: 'changed', why: 'instance type change: every node of the group is replaced' },
  { type: 'aws_eks_node_group', attribute: 'capacity_type', when: 'changed', why: 'capacity type change: every node of the group is replaced' },
  { type: 'aws_kms_alias', attribute: 'target_key_id', when: 'changed', why: 'alias retarget: new encryptions use another key' },
  { type: 'aws_kms_key', attribute: 'is_enabled', when: becomes(false), why: 'disables the key: its data becomes unreadable' },
  { type: 'aws_s3_bucket', attribute: 'force_destroy', when: becomes(true), why: 'a later delete would empty the bucket' },
  { type: 'aws_route53_zone', attribute: 'force_destroy', when: becomes(true), why: 'a later delete would remove every record' },
  { type: 'aws_backup_vault', attribute: 'force_destroy', when: becomes(true), why: 'a later delete would remove recovery points' },
  { type: 'aws_route53_hosted_zone_dnssec', attribute: 'signing_status', when: becomes('NOT_SIGNING'), why: 'stops signing under a published DS record' },
];

/** Major version of an engine version string: `16.4` → `16`, `9.6.22` → `9.6`, `7.1` (Redis) → `7`. */
export function majorVersion(version: unknown): string | undefined {
  if (typeof version !== 'string' && typeof version !== 'number') return undefined;
  const parts = String(version).split('.');
  // PostgreSQL before 10 and MySQL 5.x use two-part majors.
  return Number(parts[0]) < 10 && parts.length > 2 ? `${parts[0]}.${parts[1]}` : parts[0];
}
