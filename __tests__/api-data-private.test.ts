/**
 * Databases stay private: no RDS instance, RDS Proxy or ElastiCache group is publicly accessible, sits in a subnet
 * with a route out of the VPC, or admits anything but named security groups on its own port. Checked on every
 * synthesized stack (the recovery environment and the data layer with every option on included); each clause has a
 * planted defect it catches. The config offers no knob for any of this (checked below, so adding one needs a rule).
 */
import { z } from 'zod';
import { dataSchema } from '../environments/schema/data';
import { dataLayerOptionsStack } from './support/data-layer-options';
import { recoverySynth } from './support/recovery';
import { asList, platformStacks, references, SynthStack, type Json, type SynthResource } from './support/synth';

const DATA_STORES = ['aws_db_instance', 'aws_db_proxy', 'aws_elasticache_replication_group', 'aws_elasticache_cluster'];
const DEFAULT_ROUTES = ['0.0.0.0/0', '::/0'];

const refsOf = (value: unknown) => (value === undefined ? [] : references(value));
const byAddress = (stack: SynthStack, address: string) => stack.resources().find((r) => r.address === address);

/** The subnets a data store is placed in: through its subnet group, or directly (RDS Proxy). */
function subnetsOf(stack: SynthStack, store: SynthResource): string[] {
  const direct = store.attrs.vpc_subnet_ids;
  if (direct) return refsOf(direct).filter((a) => a.startsWith('aws_subnet.'));
  const group = store.attrs.db_subnet_group_name ?? store.attrs.subnet_group_name;
  return refsOf(group).flatMap((address) => refsOf(byAddress(stack, address)?.attrs.subnet_ids)).filter((a) => a.startsWith('aws_subnet.'));
}

/** Why a subnet is not private: public IPs on launch, or a default route (to an internet gateway, NAT or anything else). */
function subnetProblems(stack: SynthStack, subnet: string): string[] {
  const problems: string[] = [];
  if (byAddress(stack, subnet)?.attrs.map_public_ip_on_launch === true) problems.push(`${subnet} gives public IPs on launch`);
  const tables = stack.resources('aws_route_table_association').filter((a) => refsOf(a.attrs.subnet_id).includes(subnet)).flatMap((a) => refsOf(a.attrs.route_table_id));
  for (const table of tables) {
    const inline = asList<Json>(byAddress(stack, table)?.attrs.route).map((route) => ({ attrs: route }));
    const routes = [...inline, ...stack.resources('aws_route').filter((r) => refsOf(r.attrs.route_table_id).includes(table))];
    for (const route of routes) {
      const destination = route.attrs.destination_cidr_block ?? route.attrs.cidr_block ?? route.attrs.destination_ipv6_cidr_block ?? route.attrs.ipv6_cidr_block;
      if (DEFAULT_ROUTES.includes(destination)) problems.push(`${subnet} routes ${destination} out of the VPC (${table})`);
    }
  }
  return problems;
}

/** Security groups of a data store. */
const securityGroupsOf = (store: SynthResource) => refsOf(store.attrs.vpc_security_group_ids ?? store.attrs.security_group_ids).filter((a) => a.startsWith('aws_security_group.'));

/** Why an ingress rule of a data store's security group admits more than a named security group on one port. */
function ingressProblems(stack: SynthStack, group: string): string[] {
  const problems: string[] = [];
  const rules: { where: string; source: unknown; cidrs: unknown[]; from: unknown; to: unknown; protocol: unknown }[] = [
    ...stack.resources('aws_vpc_security_group_ingress_rule').filter((r) => refsOf(r.attrs.security_group_id).includes(group)).map((r) => ({
      where: r.address, source: r.attrs.referenced_security_group_id, cidrs: [r.attrs.cidr_ipv4, r.attrs.cidr_ipv6, r.attrs.prefix_list_id], from: r.attrs.from_port, to: r.attrs.to_port, protocol: r.attrs.ip_protocol,
    })),
    ...stack.resources('aws_security_group_rule').filter((r) => r.attrs.type === 'ingress' && refsOf(r.attrs.security_group_id).includes(group)).map((r) => ({
      where: r.address, source: r.attrs.source_security_group_id ?? (r.attrs.self ? group : undefined), cidrs: [...asList(r.attrs.cidr_blocks), ...asList(r.attrs.ipv6_cidr_blocks), ...asList(r.attrs.prefix_list_ids)], from: r.attrs.from_port, to: r.attrs.to_port, protocol: r.attrs.protocol,
    })),
    ...asList<Json>(byAddress(stack, group)?.attrs.ingress).map((r, i) => ({
      where: `${group} ingress[${i}]`, source: asList(r.security_groups)[0] ?? (r.self ? group : undefined), cidrs: [...asList(r.cidr_blocks), ...asList(r.ipv6_cidr_blocks), ...asList(r.prefix_list_ids)], from: r.from_port, to: r.to_port, protocol: r.protocol,
    })),
  ];
  for (const rule of rules) {
    if (rule.cidrs.some((c) => c !== undefined)) problems.push(`${rule.where} admits address ranges (${rule.cidrs.filter((c) => c !== undefined).join(', ')}), not a named security group`);
    if (rule.source === undefined) problems.push(`${rule.where} names no source security group`);
    if (String(rule.protocol) !== 'tcp' || rule.from !== rule.to) problems.push(`${rule.where} opens ${rule.protocol} ${rule.from}-${rule.to}, not one TCP port`);
  }
  return problems;
}

/** Every privacy problem of every data store of a stack. */
function privacyProblems(stack: SynthStack): string[] {
  const problems: string[] = [];
  for (const store of stack.resources(...DATA_STORES)) {
    const at = `${stack.name} ${store.address}`;
    if (store.type === 'aws_db_instance' && store.attrs.publicly_accessible !== false) problems.push(`${at}: publicly_accessible is not false`);
    if (store.type !== 'aws_db_instance' && store.attrs.publicly_accessible === true) problems.push(`${at}: publicly_accessible is true`);
    // A read replica inherits its source's subnet group.
    if (store.attrs.replicate_source_db === undefined) for (const subnet of subnetsOf(stack, store)) problems.push(...subnetProblems(stack, subnet).map((p) => `${at}: ${p}`));
    const groups = securityGroupsOf(store);
    if (groups.length === 0) problems.push(`${at}: has no security group of its own (the VPC default group would apply)`);
    for (const group of groups) problems.push(...ingressProblems(stack, group).map((p) => `${at}: ${p}`));
  }
  // AWS Backup restore tests create a database too: without overrides it lands in the default VPC's subnets and group.
  for (const selection of stack.resources('aws_backup_restore_testing_selection').filter((r) => r.attrs.protected_resource_type === 'RDS')) {
    const overrides: Json = selection.attrs.restore_metadata_overrides ?? {};
    const databases = stack.resources('aws_db_instance').filter((d) => d.attrs.replicate_source_db === undefined);
    // The subnet group, named directly or read off the database (`aws_db_instance.x.db_subnet_group_name`).
    const named = refsOf(overrides.dbsubnetgroupname);
    const inDatabaseSubnets = databases.some((d) => String(overrides.dbsubnetgroupname).includes(`${d.address}.db_subnet_group_name`) || refsOf(d.attrs.db_subnet_group_name).some((g) => named.includes(g)));
    const inDatabaseGroups = databases.some((d) => securityGroupsOf(d).some((g) => refsOf(overrides.vpcsecuritygroupids).includes(g)));
    if (!inDatabaseSubnets || !inDatabaseGroups) problems.push(`${stack.name} ${selection.address}: test restores are not placed in the database's own subnet group and security group`);
  }
  return problems;
}

const everyStack = (): SynthStack[] => [...platformStacks(), ...recoverySynth().stacks.filter((s) => s.name.startsWith('dr-')), new SynthStack('data-options', dataLayerOptionsStack())];

test('every data store of every stack stays private', () => {
  const stacks = everyStack();
  const stores = stacks.flatMap((s) => s.resources(...DATA_STORES));
  // The check must see the restored database, the proxy and the caches, not pass on nothing.
  expect(new Set(stores.map((s) => s.type))).toEqual(new Set(['aws_db_instance', 'aws_db_proxy', 'aws_elasticache_replication_group']));
  expect(stacks.some((s) => s.name === 'dr-production' && s.resources('aws_db_instance').some((d) => d.attrs.restore_to_point_in_time))).toBe(true);
  for (const stack of stacks) for (const store of stack.resources(...DATA_STORES).filter((s) => s.attrs.replicate_source_db === undefined && !s.attrs.vpc_subnet_ids)) {
    if (!stack.name.startsWith('data-options')) expect(subnetsOf(stack, store).length).toBeGreaterThan(1);
  }
  expect(stacks.flatMap(privacyProblems)).toEqual([]);
});

describe('the check catches planted defects', () => {
  const production = () => new SynthStack('production', structuredClone(platformStacks().find((s) => s.name === 'production')!.json));
  const only = (stack: SynthStack, type: string) => stack.resources(type)[0];

  test('a publicly accessible database or cache', () => {
    const stack = production();
    only(stack, 'aws_db_instance').attrs.publicly_accessible = true;
    only(stack, 'aws_elasticache_replication_group').attrs.publicly_accessible = true;
    expect(privacyProblems(stack)).toEqual([expect.stringMatching(/aws_db_instance\..*: publicly_accessible is not false/), expect.stringMatching(/aws_elasticache_replication_group\..*: publicly_accessible is true/)]);
  });

  test('a subnet group with a public subnet', () => {
    const stack = production();
    const publicSubnet = stack.resources('aws_subnet').find((s) => s.attrs.tags?.Tier === 'public')!;
    const group = only(stack, 'aws_db_subnet_group');
    group.attrs.subnet_ids = [...group.attrs.subnet_ids, `\${${publicSubnet.address}.id}`];
    expect(privacyProblems(stack).join('\n')).toMatch(new RegExp(`aws_db_instance\\..*: ${publicSubnet.address.replace(/[.$]/g, '\\$&')} routes 0\\.0\\.0\\.0/0 out of the VPC`));
  });

  test('a default route added to the isolated route table', () => {
    const stack = production();
    const table = refsOf(stack.resources('aws_route_table_association').find((a) => refsOf(a.attrs.subnet_id).some((s) => byAddress(stack, s)?.attrs.tags?.Tier === 'isolated'))!.attrs.route_table_id)[0];
    stack.json.resource.aws_route.planted = { route_table_id: `\${${table}.id}`, destination_cidr_block: '0.0.0.0/0', nat_gateway_id: '${aws_nat_gateway.x.id}' };
    // Postgres, its proxy and Redis all sit in the isolated subnets.
    expect(privacyProblems(stack).filter((p) => p.includes('routes 0.0.0.0/0')).length).toBeGreaterThanOrEqual(3);
  });

  test('an ingress rule from an address range, or over a port range', () => {
    const stack = production();
    const redisGroup = securityGroupsOf(only(stack, 'aws_elasticache_replication_group'))[0];
    stack.json.resource.aws_vpc_security_group_ingress_rule.planted = { security_group_id: `\${${redisGroup}.id}`, cidr_ipv4: '0.0.0.0/0', ip_protocol: 'tcp', from_port: 6379, to_port: 6379 };
    stack.json.resource.aws_vpc_security_group_ingress_rule.wide = { security_group_id: `\${${redisGroup}.id}`, referenced_security_group_id: '${aws_security_group.x.id}', ip_protocol: '-1', from_port: 0, to_port: 65535 };
    expect(privacyProblems(stack)).toEqual([
      expect.stringMatching(/planted admits address ranges \(0\.0\.0\.0\/0\), not a named security group/),
      expect.stringMatching(/planted names no source security group/),
      expect.stringMatching(/wide opens -1 0-65535, not one TCP port/),
    ]);
  });

  test('restore tests without placement overrides', () => {
    const stack = production();
    const selection = only(stack, 'aws_backup_restore_testing_selection');
    expect(selection.attrs.restore_metadata_overrides).toBeDefined();
    delete selection.attrs.restore_metadata_overrides;
    expect(privacyProblems(stack)).toEqual([expect.stringMatching(/test restores are not placed in the database's own subnet group/)]);
  });

  test('a data store without a security group of its own', () => {
    const stack = production();
    delete only(stack, 'aws_elasticache_replication_group').attrs.security_group_ids;
    expect(privacyProblems(stack)).toEqual([expect.stringMatching(/has no security group of its own/)]);
  });
});

/** Every key of a zod schema, as dotted paths (objects, arrays, optional, default and refined values unwrapped). */
function schemaKeys(schema: z.ZodTypeAny, path = ''): string[] {
  if (schema instanceof z.ZodDefault) return schemaKeys(schema._def.innerType, path);
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return schemaKeys(schema.unwrap(), path);
  if (schema instanceof z.ZodEffects) return schemaKeys(schema.innerType(), path);
  if (schema instanceof z.ZodArray) return schemaKeys(schema.element, `${path}[]`);
  if (schema instanceof z.ZodObject) {
    return Object.entries(schema.shape as Record<string, z.ZodTypeAny>).flatMap(([key, value]) => {
      const keyPath = path ? `${path}.${key}` : key;
      return [keyPath, ...schemaKeys(value, keyPath)];
    });
  }
  return [];
}

test('the data config has no knob for public access, placement or ingress (a new one needs a validation rule here)', () => {
  const keys = schemaKeys(dataSchema);
  expect(keys).toEqual(expect.arrayContaining(['postgres.instanceClass', 'redis.nodeType', 'backup.tiers[].deleteAfterDays']));
  expect(keys.filter((k) => /public|subnet|ingress|cidr|allowed|source|port|security/i.test(k))).toEqual([]);
});
