/** EKS control plane, node groups at desired/min/max, and the nodes' root volumes. */
import type { PricingContext, Resource } from '../pricing-context';
import type { Pricer } from './pricer';

/** EKS's root volume size when neither the node group nor a launch template sets one. */
const EKS_DEFAULT_DISK_GIB = 20;

export const computePricer: Pricer = {
  types: ['aws_eks_cluster', 'aws_eks_node_group', 'aws_launch_template'],
  price(ctx) {
    for (const cluster of ctx.resources('aws_eks_cluster')) {
      // A cluster pays the extended-support rate only once its version leaves standard support, which the JSON cannot tell.
      const policy = cluster.attrs.upgrade_policy?.support_type ?? 'EXTENDED';
      const extendedRate = ctx.prices.regions[cluster.region ?? '']?.eksExtendedSupportHour?.usd;
      const later = policy === 'EXTENDED' ? `, $${extendedRate ?? '?'}/h once the version leaves standard support` : ', upgraded at the end of standard support';
      const price = ctx.regional(cluster.region, 'eksClusterHour', cluster.address);
      if (price) ctx.add('EKS control plane', price, ctx.hours, `${cluster.attrs.name ?? cluster.name}, standard support${later}`);
    }
    for (const group of ctx.resources('aws_eks_node_group')) priceNodeGroup(ctx, group);
  },
};

function priceNodeGroup(ctx: PricingContext, group: Resource): void {
  const template = ctx.resolve(group.attrs.launch_template?.id, group);
  // Managed node groups launch On-Demand capacity with the "prioritized" strategy: the first listed type whenever available.
  const instanceType: string | undefined = group.attrs.instance_types?.[0] ?? template?.attrs.instance_type;
  const scaling = group.attrs.scaling_config ?? {};
  const desired = Number(scaling.desired_size ?? scaling.min_size ?? 1);
  const range = { min: Number(scaling.min_size ?? desired), max: Number(scaling.max_size ?? desired) };
  // The configured group name (its `NodeGroup` label); the EKS name adds a hash of the group's shape.
  const name = String(group.attrs.labels?.NodeGroup ?? group.attrs.node_group_name ?? group.name);
  const spot = group.attrs.capacity_type === 'SPOT' ? ' (Spot, priced at the On-Demand ceiling)' : '';
  const unpriced = { component: `EKS nodes: ${name}`, countRange: range };
  if (instanceType === undefined) {
    ctx.missing(group.address, 'no instance type in the node group or its launch template', desired, unpriced);
  } else {
    const price = ctx.sku(group.region, 'ec2Hour', instanceType, `${group.address} (${instanceType})`, desired, unpriced);
    const hours = ctx.hours;
    if (price) ctx.add(unpriced.component, price, desired * hours, `${desired} × ${instanceType} × ${hours} h${spot}`, { min: range.min * hours, max: range.max * hours });
  }
  const ebs = template?.attrs.block_device_mappings?.[0]?.ebs;
  const volumeType = ebs?.volume_type ?? 'gp3';
  const gib = Number(ebs?.volume_size ?? group.attrs.disk_size ?? EKS_DEFAULT_DISK_GIB);
  if (volumeType !== 'gp3') {
    ctx.missing(`${group.address} root volumes (${volumeType})`, 'only gp3 volumes are in the price book', desired, { component: 'EBS: node root volumes', countRange: range });
    return;
  }
  const price = ctx.regional(group.region, 'ebsGp3GbMonth', `${group.address} root volumes`);
  if (price) ctx.add('EBS: node root volumes', price, desired * gib, `${name}: ${desired} × ${gib} GiB gp3`, { min: range.min * gib, max: range.max * gib });
}
