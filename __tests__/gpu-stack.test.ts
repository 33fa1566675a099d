/**
 * `<env>-gpu`: the GPU node groups and GPU services live in their own stack, applied last, so a GPU capacity or quota
 * failure stops only that stack. Checked on the synthesized app and cdktf's manifest (the order `cdktf deploy` and
 * `npm run deploy` apply in).
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { selectStacks } from '../lib/plan-guard/stacks';
import { POLICY_RULES } from './policy';
import { platformOutdir, platformStack, platformStacks, references, SynthStack, testEnvironments } from './support/synth';

const envs = testEnvironments();
const stacks = platformStacks();
const manifest = JSON.parse(readFileSync(join(platformOutdir, 'manifest.json'), 'utf8')).stacks as Record<string, { dependencies: string[] }>;
const rule = (id: string) => POLICY_RULES.find((r) => r.id === id)!;

describe.each(Object.keys(envs))('%s', (name) => {
  const env = envs[name];
  const gpu = platformStack(`${name}-gpu`);
  const gpuGroups = Object.entries(env.eks.nodeGroups).filter(([, g]) => g.gpu).map(([group]) => group);
  const gpuServices = Object.entries(env.workloads.services).filter(([, s]) => s.gpu).map(([service]) => service);

  test('the GPU node groups are in the GPU stack and in no other', () => {
    // By the `NodeGroup` label: the EKS name adds a hash of the group's shape (node-group-rotation.test.ts).
    expect(gpu.resources('aws_eks_node_group').map((g) => g.attrs.labels.NodeGroup).sort()).toEqual(gpuGroups.sort());
    for (const other of stacks.filter((s) => !s.name.endsWith('-gpu'))) {
      expect({ stack: other.name, gpuGroups: other.resources('aws_eks_node_group').filter((g) => g.attrs.labels?.gpu === 'true').length }).toEqual({ stack: other.name, gpuGroups: 0 });
    }
  });

  test('the GPU services are released by the GPU stack, after its node groups; the workloads stack releases the rest', () => {
    expect(gpuServices.length).toBeGreaterThan(0);
    const released = (stack: SynthStack) => stack.resources('helm_release').map((r) => r.attrs.name as string);
    expect(released(gpu).sort()).toEqual(gpuServices.sort());
    const workloads = released(platformStack(`${name}-workloads`));
    for (const service of Object.keys(env.workloads.services)) expect({ service, inWorkloads: workloads.includes(service) }).toEqual({ service, inWorkloads: !gpuServices.includes(service) });
    const groups = gpu.resources('aws_eks_node_group').map((g) => g.address);
    for (const release of gpu.resources('helm_release')) expect(release.attrs.depends_on).toEqual(groups);
  });

  test('cdktf applies it last: it depends on the workloads stack (which depends on the infra stack) and nothing depends on it', () => {
    expect(manifest[`${name}-gpu`].dependencies).toEqual(expect.arrayContaining([`${name}-workloads`]));
    expect(manifest[`${name}-workloads`].dependencies).toEqual(expect.arrayContaining([name]));
    for (const [stack, { dependencies }] of Object.entries(manifest)) expect({ stack, dependsOnGpu: dependencies.includes(`${name}-gpu`) }).toEqual({ stack, dependsOnGpu: false });
    expect(selectStacks([`${name}*`], platformOutdir).map((s) => s.name).pop()).toBe(`${name}-gpu`);
  });

  test('its node groups use the cluster, node role and private subnets of the infra stack (cross-stack), and its own providers and state', () => {
    const [group] = gpu.resources('aws_eks_node_group');
    const inputs = references(group.attrs).filter((a) => a.startsWith('data.terraform_remote_state.'));
    expect(inputs).toEqual([`data.terraform_remote_state.cross-stack-reference-input-${name}`]);
    expect(rule('CIS_EKS_5.4.3').evaluate(gpu, stacks)).toEqual([]);
    expect(rule('CIS_EKS_5.1.2').evaluate(gpu, stacks)).toEqual([]);
    expect(gpu.json.terraform.backend?.s3?.key ?? gpu.json.terraform.cloud?.workspaces?.name).toMatch(`${name}-gpu`);
    expect(Object.keys(gpu.json.provider).sort()).toEqual(['aws', 'helm', 'kubernetes']);
  });
});

describe('planted defects', () => {
  test('a GPU node group whose cross-stack subnets are public is reported', () => {
    const infra = platformStack('production');
    const gpu = platformStack('production-gpu');
    const subnetOutputs = Object.entries(infra.json.output).filter(([key]) => key.includes('aws_subnetnetwork_private'));
    expect(subnetOutputs.length).toBeGreaterThan(0);
    const publicSubnet = infra.resources('aws_subnet').find((s) => s.attrs.tags?.Tier === 'public')!;
    const output = { ...infra.json.output };
    for (const [key] of subnetOutputs) output[key] = { value: `\${${publicSubnet.address}.id}` };
    const planted = new SynthStack('production', { ...infra.json, output });
    const violations = rule('CIS_EKS_5.4.3').evaluate(gpu, stacks.map((s) => (s === infra ? planted : s)));
    expect(violations.map((v) => v.message)).toEqual(['subnet tiers: public, public, public']);
  });

  test('a GPU node group whose cross-stack node role holds an extra policy is reported', () => {
    const infra = platformStack('production');
    const gpu = platformStack('production-gpu');
    const [role] = references(infra.json.output[Object.keys(infra.json.output).find((k) => k.includes('node-role') && k.endsWith('arn'))!].value);
    const extra = { role: `\${${role}.name}`, policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' };
    const resource = { ...infra.json.resource, aws_iam_role_policy_attachment: { ...infra.json.resource.aws_iam_role_policy_attachment, planted: extra } };
    const planted = new SynthStack('production', { ...infra.json, resource });
    expect(rule('CIS_EKS_5.1.2').evaluate(gpu, stacks.map((s) => (s === infra ? planted : s))).map((v) => v.message)).toEqual(['node role has extra permissions: AdministratorAccess']);
  });

  test('GPU services in a namespace without a default-deny policy on their cluster are reported', () => {
    const workloads = platformStack('production-workloads');
    const gpu = platformStack('production-gpu');
    const policies = Object.fromEntries(Object.entries(workloads.json.resource.kubernetes_network_policy_v1).filter(([, p]) => !/default-deny/.test(JSON.stringify(p))));
    const planted = new SynthStack(workloads.name, { ...workloads.json, resource: { ...workloads.json.resource, kubernetes_network_policy_v1: policies } });
    expect(rule('CIS_EKS_4.3.2').evaluate(gpu, stacks)).toEqual([]);
    expect(rule('CIS_EKS_4.3.2').evaluate(gpu, stacks.map((s) => (s === workloads ? planted : s)))).toHaveLength(1);
  });
});
