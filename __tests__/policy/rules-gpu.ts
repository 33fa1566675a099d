/**
 * GPU placement (docs/policy-checks.md: EKS): GPU nodes repel everything that does not tolerate the NVIDIA taint,
 * GPU services tolerate it and select GPU nodes, and no other app service tolerates it (it would take a GPU node
 * the autoscaler added for a GPU pod, and keep it up).
 */
import { parse } from 'yaml';
import { INSTANCE_TYPES } from '../../lib/instance-types';
import { asList, followReferences, type Json, type SynthResource, type SynthStack } from '../support/synth';
import { resourceRule, type PolicyRule } from './rule';

/** The extended resource and taint key of the NVIDIA device plugin. */
export const GPU_RESOURCE = 'nvidia.com/gpu';

/** A node group with GPUs: an NVIDIA (or Neuron) AMI, or an instance type with GPUs in lib/instance-types.ts. */
export const isGpuNodeGroup = (ng: SynthResource): boolean =>
  /NVIDIA|NEURON/.test(String(ng.attrs.ami_type ?? '')) || asList<string>(ng.attrs.instance_types).some((t) => (INSTANCE_TYPES[t]?.gpus ?? 0) > 0);

const hasGpuTaint = (ng: SynthResource) => asList<Json>(ng.attrs.taint).some((t) => t.key === GPU_RESOURCE && t.effect === 'NO_SCHEDULE');

const isAppRelease = (r: SynthResource) => String(r.attrs.chart).includes('chart-app-service');
const valuesOf = (r: SynthResource): Json => Object.assign({}, ...asList<string>(r.attrs.values).map((doc) => parse(doc) ?? {}));

/** GPUs a release's pods request or are limited to. */
export const requestsGpu = (values: Json): boolean =>
  Number(values.resources?.limits?.[GPU_RESOURCE] ?? 0) > 0 || Number(values.resources?.requests?.[GPU_RESOURCE] ?? 0) > 0;

/** A toleration that lets a pod onto a NoSchedule-tainted GPU node (a key-less `Exists` tolerates every taint). */
const toleratesGpu = (values: Json): boolean => asList<Json>(values.tolerations).some((t) =>
  (t.key === GPU_RESOURCE || (t.key === undefined && t.operator === 'Exists')) && (t.effect === undefined || t.effect === 'NoSchedule'));

/** The EKS cluster a value leads to (stack name + address), across stacks. */
const clusterOf = (stack: SynthStack, value: unknown, platform: readonly SynthStack[]): string | undefined => {
  const found = followReferences(stack, value, platform).find((r) => r.address.startsWith('aws_eks_cluster.'));
  return found ? `${found.stack.name}/${found.address}` : undefined;
};

/** GPU node groups of the cluster `stack` installs into (every GPU node group when the cluster cannot be told). */
function gpuNodeGroups(stack: SynthStack, platform: readonly SynthStack[]): SynthResource[] {
  const cluster = clusterOf(stack, asList<Json>(stack.json.provider?.kubernetes)[0]?.host, platform);
  return platform.flatMap((s) => s.resources('aws_eks_node_group').filter((ng) => isGpuNodeGroup(ng)
    && (cluster === undefined || clusterOf(s, ng.attrs.cluster_name, platform) === cluster)));
}

const selectsNodesOf = (nodeSelector: Json | undefined, ng: SynthResource) =>
  !!nodeSelector && Object.entries(nodeSelector).every(([k, v]) => ng.attrs.labels?.[k] === v);

export const gpuRules: PolicyRule[] = [
  resourceRule('GPU_NODES_TAINTED', `GPU node groups carry the ${GPU_RESOURCE} NoSchedule taint`, ['aws_eks_node_group'],
    (r) => (isGpuNodeGroup(r) && !hasGpuTaint(r) ? `GPU node group without the ${GPU_RESOURCE}=NO_SCHEDULE taint: any pod may take its nodes` : undefined)),
  {
    id: 'GPU_PODS_PLACED',
    title: 'app services requesting GPUs tolerate the GPU taint and select GPU nodes; no other app service tolerates it',
    evaluate: (stack, platform = [stack]) => stack.resources('helm_release').filter(isAppRelease).flatMap((r) => {
      const values = valuesOf(r);
      const fail = (message: string) => [{ address: r.address, message }];
      if (!requestsGpu(values)) return toleratesGpu(values) ? fail(`tolerates the ${GPU_RESOURCE} taint without requesting a GPU`) : [];
      if (!toleratesGpu(values)) return fail(`requests ${GPU_RESOURCE} but does not tolerate its NoSchedule taint: the pods stay Pending`);
      const groups = gpuNodeGroups(stack, platform);
      if (!groups.some((ng) => selectsNodesOf(values.nodeSelector, ng))) {
        return fail(`nodeSelector ${JSON.stringify(values.nodeSelector ?? {})} matches no GPU node group (${groups.map((ng) => JSON.stringify(ng.attrs.labels ?? {})).join(', ') || 'none found'})`);
      }
      return [];
    }),
  },
];
