/**
 * Node group rotation in real plans (aws 5.100.0 from the local mirror, fake credentials, no AWS), rehearsed the way
 * `npm run plan -- --offline` does it on the production GPU stack: a new instance type and the one-time rename of a
 * group created before rotation existed are create-before-destroy replacements under a new name, which the guard
 * passes; a larger root disk changes the launch template and rolls the group in place.
 */
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ENVIRONMENT_INPUTS, type EnvironmentInput } from '../environments';
import { eksSchema } from '../environments/schema/eks';
import { INSTANCE_TYPES, sizeClassOf } from '../lib/instance-types';
import { rehearseStack, type Rehearsal } from '../lib/offline-plan/rehearsal';
import { mutated } from './support/config';
import { synthesizeEnvironments, type Json } from './support/synth';
import { terraformToolchain } from './support/terraform';

const STACK = 'production-gpu';
const TODAY = new Date('2026-03-10T12:00:00Z');
const toolchain = terraformToolchain();
const production = ENVIRONMENT_INPUTS.production;
const gpuGroup = Object.entries(eksSchema.parse(production.eks).nodeGroups).find(([, g]) => g.gpu)!;

/** The GPU stack of a full app synth (cross-stack inputs become remote-state reads, as in `npm run synth`). */
const gpuStackFor = (input: EnvironmentInput): Json => synthesizeEnvironments({ production: input })[STACK].json;

/** Another GPU type of the same size class (what a resize would pick). */
const otherGpuType = Object.keys(INSTANCE_TYPES).find((type) => !gpuGroup[1].instanceTypes.includes(type)
  && INSTANCE_TYPES[type].gpus > 0 && sizeClassOf(INSTANCE_TYPES[type]) === sizeClassOf(INSTANCE_TYPES[gpuGroup[1].instanceTypes[0]]))!;

if ('missing' in toolchain) {
  process.stderr.write(`\n${'!'.repeat(78)}\n!! NODE GROUP ROTATION TERRAFORM CHECKS SKIPPED: ${toolchain.missing}\n${'!'.repeat(78)}\n`);
  test.skip(`node group rotation in real plans (SKIPPED: ${toolchain.missing})`, () => undefined);
} else {
  const work = mkdtempSync(join(tmpdir(), 'rotation-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const today = gpuStackFor(production);
  const rehearse = (base: Json, head: Json) => rehearseStack(toolchain, STACK, base, head, [], TODAY, work);
  const groupChanges = (r: Rehearsal) => (JSON.parse(readFileSync(r.plan!.jsonFile!, 'utf8')).resource_changes as Json[])
    .filter((c) => c.type === 'aws_eks_node_group' || c.type === 'aws_launch_template').filter((c) => !c.change.actions.includes('no-op'));

  const newType = rehearse(today, gpuStackFor(mutated(production, (e) => {
    e.eks.nodeGroups[gpuGroup[0]] = { ...e.eks.nodeGroups[gpuGroup[0]], instanceTypes: [otherGpuType] };
  })));
  // What the construct synthesized before rotation: the plain name, no create_before_destroy.
  const legacy = structuredClone(today);
  for (const group of Object.values(legacy.resource.aws_eks_node_group as Record<string, Json>)) {
    group.node_group_name = group.labels.NodeGroup;
    delete group.lifecycle.create_before_destroy;
  }
  const firstDeploy = rehearse(legacy, today);
  const biggerDisk = rehearse(today, gpuStackFor(mutated(production, (e) => {
    const group = e.eks.nodeGroups[gpuGroup[0]];
    e.eks.nodeGroups[gpuGroup[0]] = { ...group, diskSizeGiB: (group.diskSizeGiB ?? 50) + 100 };
  })));

  test.each([
    [`a new instance type (${otherGpuType})`, () => newType, 'instance_types'],
    ['the first deploy of a group created before rotation existed', () => firstDeploy, 'node_group_name'],
  ])('%s: create-before-destroy under a new name; the guard lists the rotation and passes', (_what, result, forcedBy) => {
    const r = result();
    expect(r.plan?.errors).toEqual([]);
    expect(r.plan?.report).toMatchObject({ blocked: false, findings: [] });
    const [group] = groupChanges(r).filter((c) => c.type === 'aws_eks_node_group');
    expect(group.change.actions).toEqual(['create', 'delete']);
    expect(group.change.replace_paths).toEqual(expect.arrayContaining([[forcedBy]]));
    expect(group.change.after.node_group_name).not.toBe(group.change.before.node_group_name);
    expect(r.plan!.report!.rotations).toEqual([expect.objectContaining({ address: group.address })]);
  });

  test('a larger root disk updates the launch template and rolls the group in place (no replacement)', () => {
    expect(biggerDisk.plan?.errors).toEqual([]);
    expect(biggerDisk.plan?.report).toMatchObject({ blocked: false, counts: { replace: 0, delete: 0 } });
    expect(groupChanges(biggerDisk).map((c) => [c.type, c.change.actions])).toEqual(expect.arrayContaining([
      ['aws_launch_template', ['update']], ['aws_eks_node_group', ['update']],
    ]));
  });
}
