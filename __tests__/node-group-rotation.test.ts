/**
 * Node group rotation: a change EKS cannot make in place (instance types, AMI type, capacity type) gives the group a
 * new name and is applied create-before-destroy, and the plan guard passes exactly that pattern. Changes that roll in
 * place (sizes, disk, labels) keep the name. The plans here are built from the synthesized groups of the environments'
 * own config, before and after a planted change.
 */
import { ManagedNodeGroup, nodeGroupName } from '../constructs/eks/managed-node-group';
import { PlatformCluster } from '../constructs/eks/platform-cluster';
import { production } from '../environments/production';
import { eksSchema, type EksConfig, type NodeGroupConfig } from '../environments/schema/eks';
import { INSTANCE_TYPES, sizeClassOf } from '../lib/instance-types';
import { evaluatePlan, formatReport } from '../lib/plan-guard/guard';
import { parsePlan, type Json, type ResourceChange } from '../lib/plan-guard/plan';
import { synthConstruct } from './support/scope';
import type { SynthResource } from './support/synth';

const TODAY = new Date('2026-03-10T12:00:00Z');
const base = eksSchema.parse(production.eks);

/** The synthesized node group of every configured group, by its `NodeGroup` label. */
function groupsOf(config: EksConfig): Record<string, SynthResource> {
  const stack = synthConstruct((scope) => {
    const p = new PlatformCluster(scope, 'eks', {
      clusterName: 'acme-prod', config, region: 'eu-north-1', accountId: '111111111111', partition: 'aws', vpcId: 'vpc-1',
      privateSubnetIds: ['subnet-a'], nodeSecurityGroupId: 'sg', logsKmsKeyArn: 'k', logRetentionDays: 365,
    });
    for (const [name, group] of Object.entries(config.nodeGroups).filter(([, g]) => g.gpu)) new ManagedNodeGroup(p, `gpu-${name}`, p.nodeGroupProps(name, group));
  });
  return Object.fromEntries(stack.resources('aws_eks_node_group').map((g) => [g.attrs.labels.NodeGroup, g]));
}

const withGroup = (name: string, change: Partial<NodeGroupConfig>): EksConfig =>
  ({ ...base, nodeGroups: { ...base.nodeGroups, [name]: { ...base.nodeGroups[name], ...change } } });

/** Another allowed type of the same size class and architecture, GPU or not, as a resize would pick. */
function otherTypeFor(group: NodeGroupConfig): string {
  const first = INSTANCE_TYPES[group.instanceTypes[0]];
  const other = Object.entries(INSTANCE_TYPES).find(([type, spec]) => !group.instanceTypes.includes(type)
    && sizeClassOf(spec) === sizeClassOf(first) && spec.architecture === first.architecture && (spec.gpus > 0) === (first.gpus > 0));
  if (!other) throw new Error(`no alternative instance type for ${group.instanceTypes[0]}`);
  return other[0];
}

const todays = groupsOf(base);
const names = Object.keys(base.nodeGroups);

describe.each(names)('node group %s', (name) => {
  const group = base.nodeGroups[name];
  const before = todays[name];

  test('the EKS name is the configured name plus the hash of its shape; it is created before the old one is destroyed', () => {
    expect(before.attrs.node_group_name).toBe(nodeGroupName(name, { instanceTypes: group.instanceTypes, amiType: before.attrs.ami_type, capacityType: before.attrs.capacity_type }));
    expect(before.attrs.node_group_name).toMatch(new RegExp(`^${name}-[0-9a-f]{8}$`));
    expect(before.attrs.lifecycle.create_before_destroy).toBe(true);
    expect(before.attrs.labels.NodeGroup).toBe(name);
  });

  test.each([
    ['maximum size', { maxSize: group.maxSize + 5 }],
    ['minimum and desired size', { minSize: group.minSize + 1, desiredSize: Math.max(group.desiredSize, group.minSize + 1), maxSize: group.maxSize + 1 }],
    ['root disk size (launch template: rolls in place)', { diskSizeGiB: group.diskSizeGiB + 50 }],
    ['labels', { labels: { ...group.labels, team: 'platform' } }],
    ['rolling update share', { maxUnavailablePercentage: 50 }],
  ])('a change of its %s keeps the name (in-place update)', (_what, change) => {
    expect(groupsOf(withGroup(name, change))[name].attrs.node_group_name).toBe(before.attrs.node_group_name);
  });

  const reordered = [...group.instanceTypes].reverse();
  test.each<[string, Partial<NodeGroupConfig>]>([
    ['instance types', { instanceTypes: [otherTypeFor(group)] }],
    // One type only: nothing to reorder, so a second type is added instead.
    ['instance type order', { instanceTypes: reordered.length > 1 ? reordered : [...reordered, otherTypeFor(group)] }],
    ['capacity type', { capacityType: group.capacityType === 'SPOT' ? 'ON_DEMAND' : 'SPOT' }],
  ])('a change of its %s gives a new name, so the replacement is a rotation', (_what, change) => {
    expect(groupsOf(withGroup(name, change))[name].attrs.node_group_name).not.toBe(before.attrs.node_group_name);
  });
});

test('an AMI type change (architecture) gives a new name', () => {
  const arm = Object.entries(INSTANCE_TYPES).find(([, spec]) => spec.architecture === 'arm64')![0];
  const general = names.find((n) => !base.nodeGroups[n].gpu)!;
  const after = groupsOf(withGroup(general, { instanceTypes: [arm], architecture: 'arm64' }))[general];
  expect(after.attrs.ami_type).not.toBe(todays[general].attrs.ami_type);
  expect(after.attrs.node_group_name).not.toBe(todays[general].attrs.node_group_name);
});

describe('the plan guard on a node group replacement', () => {
  const name = names.find((n) => !base.nodeGroups[n].gpu)!;
  const before = todays[name].attrs as Json;
  const after = groupsOf(withGroup(name, { instanceTypes: [otherTypeFor(base.nodeGroups[name])] }))[name].attrs as Json;
  const replacement = (actions: string[], afterValues: Json, afterUnknown: Json = {}): ResourceChange => ({
    address: 'aws_eks_node_group.eks_node-group-general_node-group_1A2B3C', type: 'aws_eks_node_group', mode: 'managed',
    change: { actions, before, after: afterValues, after_unknown: afterUnknown, replace_paths: [['instance_types'], ['node_group_name']] },
  });
  const evaluate = (change: ResourceChange) =>
    evaluatePlan(parsePlan(JSON.stringify({ format_version: '1.2', planned_values: {}, resource_changes: [change] }), 'plan.json'), [], 'production', TODAY);

  test('create-before-destroy under a new name is a rotation: it passes and is listed for the reviewer', () => {
    const report = evaluate(replacement(['create', 'delete'], after));
    expect(report).toMatchObject({ blocked: false, findings: [], counts: { replace: 1 } });
    expect(report.rotations).toEqual([expect.objectContaining({ names: `"${before.node_group_name}" -> "${after.node_group_name}"` })]);
    expect(formatReport(report, 'stack production')).toMatch(/ROTATE  replace aws_eks_node_group\..*new group created before the old one is drained/);
  });

  test('a name known only after apply (node_group_name_prefix) is also a rotation', () => {
    const unnamed = Object.fromEntries(Object.entries(after).filter(([key]) => key !== 'node_group_name'));
    expect(evaluate(replacement(['create', 'delete'], unnamed, { node_group_name: true })).blocked).toBe(false);
  });

  test('planted: a bare replacement (delete, then create) is blocked, saying what forces it and how to rotate', () => {
    const report = evaluate(replacement(['delete', 'create'], after));
    expect(report.blocked).toBe(true);
    expect(report.findings).toEqual([expect.objectContaining({ action: 'replace', status: 'blocked', why: expect.stringMatching(/delete-then-create \(every node of the group goes before a new one exists.*\), forced by instance_types, node_group_name\. ManagedNodeGroup rotates/) })]);
    expect(report.rotations).toEqual([]);
  });

  test('planted: create-before-destroy under the same name is blocked (EKS refuses a second group of that name)', () => {
    const report = evaluate(replacement(['create', 'delete'], { ...after, node_group_name: before.node_group_name }));
    expect(report.findings).toEqual([expect.objectContaining({ status: 'blocked', why: expect.stringContaining(`same node_group_name "${before.node_group_name}"`) })]);
  });
});

describe('the plan guard on a node group delete', () => {
  const general = names.find((n) => !base.nodeGroups[n].gpu)!;
  const deleted = (group: SynthResource): ResourceChange => ({
    address: 'aws_eks_node_group.old', type: 'aws_eks_node_group', mode: 'managed', action_reason: 'delete_because_no_resource_config',
    change: { actions: ['delete'], before: group.attrs as Json, after: null, after_unknown: {} },
  });
  const created = (group: SynthResource): ResourceChange => ({
    address: 'aws_eks_node_group.new', type: 'aws_eks_node_group', mode: 'managed', change: { actions: ['create'], before: null, after: group.attrs as Json, after_unknown: {} },
  });
  const evaluate = (...changes: ResourceChange[]) =>
    evaluatePlan(parsePlan(JSON.stringify({ format_version: '1.2', planned_values: {}, resource_changes: changes }), 'plan.json'), [], 'production', TODAY);
  const blockedDelete = expect.objectContaining({ address: 'aws_eks_node_group.old', action: 'delete', status: 'blocked', why: expect.stringContaining('add the new group') });

  test.each(names)('planted: removing group %s is blocked, naming its NodeGroup label', (name) => {
    const report = evaluate(deleted(todays[name]));
    expect(report.findings).toEqual([blockedDelete]);
    expect(report.findings[0].why).toContain(`NodeGroup "${name}"`);
  });

  test('planted: renaming a group key (delete of the old label, create of the new one) is blocked', () => {
    const renamed = groupsOf({ ...base, nodeGroups: { [`${general}-v2`]: base.nodeGroups[general] } })[`${general}-v2`];
    expect(evaluate(deleted(todays[general]), created(renamed)).findings).toEqual([blockedDelete]);
  });

  // A flip moves the group between `<env>` (general groups) and `<env>-gpu`: one stack's plan deletes it, the other's
  // creates it, so no plan holds both. (Flipped here from GPU to general: the only general group cannot become GPU.)
  test.each(names.filter((n) => base.nodeGroups[n].gpu))('planted: a gpu flip of %s deletes it in one stack with no successor in that plan: blocked', (name) => {
    const flipped = groupsOf(withGroup(name, { gpu: false, instanceTypes: base.nodeGroups[general].instanceTypes }))[name];
    expect(flipped.attrs.labels).toMatchObject({ NodeGroup: name });
    expect(flipped.attrs.labels.gpu).toBeUndefined();
    expect(evaluate(deleted(todays[name])).findings).toEqual([blockedDelete]);
    expect(evaluate(created(flipped)).blocked).toBe(false);
  });

  test('a delete next to the create of the same NodeGroup under a new name is a rotation pair: allowed and listed', () => {
    const successor = groupsOf(withGroup(general, { instanceTypes: [otherTypeFor(base.nodeGroups[general])] }))[general];
    const report = evaluate(deleted(todays[general]), created(successor));
    expect(report).toMatchObject({ blocked: false, findings: [] });
    expect(report.rotations).toEqual([expect.objectContaining({ action: 'delete', names: `"${todays[general].attrs.node_group_name}" -> "${successor.attrs.node_group_name}"` })]);
    expect(formatReport(report, 'stack production')).toMatch(/ROTATE  delete  aws_eks_node_group\.old: .*created as aws_eks_node_group\.new/);
  });
});
