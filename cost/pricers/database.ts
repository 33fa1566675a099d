/** RDS instances (Multi-AZ doubles instance and storage), Performance Insights, RDS Proxy, ElastiCache replication groups. */
import type { PricingContext, Resource } from '../pricing-context';
import type { Pricer } from './pricer';

/** Days of Performance Insights history included at no charge. */
const PI_FREE_DAYS = 7;
/** RDS Proxy bills at least this many vCPUs per instance. */
const PROXY_MIN_VCPUS = 2;

export const databasePricer: Pricer = {
  types: ['aws_db_instance', 'aws_db_proxy', 'aws_db_proxy_target', 'aws_elasticache_replication_group'],
  price(ctx) {
    for (const db of ctx.resources('aws_db_instance')) priceDbInstance(ctx, db);
    for (const proxy of ctx.resources('aws_db_proxy')) priceProxy(ctx, proxy);
    for (const group of ctx.resources('aws_elasticache_replication_group')) priceRedis(ctx, group);
  },
};

function priceDbInstance(ctx: PricingContext, db: Resource): void {
  const id = String(db.attrs.identifier ?? db.name);
  const copies = db.attrs.multi_az === true ? 2 : 1;
  const az = copies === 2 ? 'Multi-AZ (2 ×)' : 'Single-AZ';
  if (db.attrs.engine !== 'postgres') {
    ctx.missing(`${db.address} (${db.attrs.engine})`, 'only RDS for PostgreSQL is in the price book', 1, { component: `RDS: ${id}` });
    return;
  }
  const instanceClass = String(db.attrs.instance_class);
  const hour = ctx.sku(db.region, 'rdsPostgresHour', instanceClass, `${db.address} (${instanceClass})`, 1, { component: `RDS: ${id}` });
  if (hour) ctx.add(`RDS: ${id}`, hour, copies * ctx.hours, `${instanceClass} ${az} × ${ctx.hours} h`);
  const storageType = db.attrs.storage_type ?? 'gp2';
  const gb = Number(db.attrs.allocated_storage ?? 0);
  if (storageType === 'gp3' || storageType === 'gp2') {
    const storage = ctx.regional(db.region, 'rdsGp3GbMonth', `${db.address} storage`);
    const grows = db.attrs.max_allocated_storage ? ` (autoscaling up to ${db.attrs.max_allocated_storage} GB)` : '';
    if (storage) ctx.add(`RDS: ${id}`, storage, copies * gb, `${gb} GB ${storageType} ${az}${grows}`);
  } else {
    ctx.missing(`${db.address} storage (${storageType})`, 'only gp2/gp3 storage is in the price book');
  }
  if (db.attrs.iops !== undefined || db.attrs.storage_throughput !== undefined) {
    ctx.missing(`${db.address} provisioned IOPS/throughput`, 'IOPS and throughput above the gp3 baseline are not in the price book');
  }
  const retention = Number(db.attrs.performance_insights_retention_period ?? PI_FREE_DAYS);
  if (db.attrs.performance_insights_enabled === true && retention > PI_FREE_DAYS) {
    ctx.missing(`${db.address} Performance Insights ${retention} days`, `retention beyond the free ${PI_FREE_DAYS} days is not in the price book`);
  }
}

function priceProxy(ctx: PricingContext, proxy: Resource): void {
  const targets = ctx.resources('aws_db_proxy_target').filter((t) => ctx.resolve(t.attrs.db_proxy_name, t) === proxy);
  const instances = targets.map((t) => ctx.resolve(t.attrs.db_instance_identifier, t)).filter((r): r is Resource => r !== undefined);
  if (instances.length === 0) {
    ctx.missing(proxy.address, 'no aws_db_proxy_target naming an instance in these stacks');
    return;
  }
  const vcpuPrice = ctx.regional(proxy.region, 'rdsProxyVcpuHour', proxy.address);
  for (const db of instances) {
    const vcpus = ctx.prices.regions[db.region ?? '']?.rdsVcpus?.[String(db.attrs.instance_class)];
    if (vcpus === undefined) {
      ctx.missing(`${proxy.address} → ${db.attrs.instance_class}`, 'no vCPU count for the instance class in cost/prices.ts');
      continue;
    }
    const billed = Math.max(vcpus, PROXY_MIN_VCPUS);
    if (vcpuPrice) ctx.add('RDS Proxy', vcpuPrice, billed * ctx.hours, `${billed} vCPU of ${db.attrs.instance_class} (primary) × ${ctx.hours} h`);
  }
}

function priceRedis(ctx: PricingContext, group: Resource): void {
  const id = String(group.attrs.replication_group_id ?? group.name);
  const shards = Number(group.attrs.num_node_groups ?? 1);
  const nodes = Number(group.attrs.num_cache_clusters ?? shards * (Number(group.attrs.replicas_per_node_group ?? 0) + 1));
  const nodeType = String(group.attrs.node_type);
  const hour = ctx.sku(group.region, 'elasticacheHour', nodeType, `${group.address} (${nodeType})`, nodes, { component: `ElastiCache: ${id}` });
  if (hour) ctx.add(`ElastiCache: ${id}`, hour, nodes * ctx.hours, `${nodes} × ${nodeType} × ${ctx.hours} h`);
  // One snapshot per shard is free; each further retained daily snapshot is billed.
  const extra = Math.max(0, Number(group.attrs.snapshot_retention_limit ?? 0) - 1) * shards;
  if (extra > 0) {
    const gb = ctx.regional(group.region, 'elasticacheBackupGbMonth', `${group.address} snapshots`);
    if (gb) ctx.add(`ElastiCache: ${id}`, gb, extra * ctx.assumptions.redisSnapshotGb, `${extra} snapshots beyond the free one × ${ctx.assumptions.redisSnapshotGb} GB (assumed redisSnapshotGb)`);
  }
}
