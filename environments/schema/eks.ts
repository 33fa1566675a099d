/** EKS: cluster endpoint and access, and the managed node groups (general + GPU). */
import { z } from 'zod';
import { cidrsOverlap, parseCidr } from '../../lib/cidr';
import { closest } from '../../lib/did-you-mean';
import { INSTANCE_TYPES, sizeClassOf } from '../../lib/instance-types';
import { kubernetesVersionProblem } from '../kubernetes-upgrade';
import type { KubernetesVersion } from '../versions';
import { cidr } from './primitives';
import type { IssueReporter } from './issues';

const roleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)');

/** Instance families with NVIDIA GPUs that the AL2023 NVIDIA AMI supports. */
export const GPU_FAMILIES = ['g4dn', 'g5', 'g6', 'g6e', 'gr6', 'p3', 'p4d', 'p4de', 'p5', 'p5e'] as const;
const familyOf = (instanceType: string) => instanceType.split('.')[0];
/** Graviton families have a `g` after the generation digit (m7g, c7gn, r6gd); GPU `g5g` is excluded above. */
const isGraviton = (instanceType: string) => /^[a-z]+\d+g[a-z]*$/.test(familyOf(instanceType)) && !familyOf(instanceType).startsWith('g');

export const nodeGroupSchema = z.object({
  /** Instance types, all of one size class (the autoscaler assumes identical nodes). */
  instanceTypes: z.array(z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'must be an EC2 instance type such as m7i.large')).min(1, 'needs at least one instance type'),
  /** CPU architecture of the AL2023 AMI. */
  architecture: z.enum(['x86_64', 'arm64']).default('x86_64'),
  /** NVIDIA GPU nodes: AL2023 NVIDIA AMI, `gpu=true` label and `nvidia.com/gpu` NoSchedule taint. */
  gpu: z.boolean().default(false),
  capacityType: z.enum(['ON_DEMAND', 'SPOT']).default('ON_DEMAND'),
  minSize: z.number().int().min(0),
  maxSize: z.number().int().min(1),
  desiredSize: z.number().int().min(0),
  /** Root volume (gp3, encrypted). GPU images (CUDA, models) are large. */
  diskSizeGiB: z.number().int().min(20).max(2000).default(50),
  /** Extra node labels; `NodeGroup=<name>` (and `gpu=true`) are always set. */
  labels: z.record(z.string()).default({}),
  /** Share of nodes replaced at once during updates. */
  maxUnavailablePercentage: z.number().int().min(1).max(100).default(33),
});
export type NodeGroupConfig = z.output<typeof nodeGroupSchema>;

export const eksSchema = z.object({
  /**
   * Kubernetes minor version: one with a complete row in the version table (environments/versions.ts). Checked in
   * checkEks, which names the missing row or entries; a plain enum would only list the offered minors. Typed as a
   * table minor: a validated config holds no other.
   */
  kubernetesVersion: z.string().regex(/^\d+\.\d+$/, 'must be a Kubernetes minor such as "1.36"') as unknown as z.ZodType<KubernetesVersion, z.ZodTypeDef, string>,
  /** `STANDARD` lets EKS auto-upgrade at end of standard support instead of billing extended support. */
  supportType: z.enum(['STANDARD', 'EXTENDED']).default('STANDARD'),
  endpoint: z.object({
    /** Public API endpoint. Off means kubectl/Terraform must run inside the VPC (VPN, TFC agent). */
    publicAccess: z.boolean(),
    /** Only with publicAccess: who may reach the public endpoint. 0.0.0.0/0 is refused. */
    publicAccessCidrs: z.array(cidr).default([]),
    /** Networks (VPN, TFC agent subnet) allowed to the private endpoint on 443, besides the nodes. */
    privateAccessCidrs: z.array(cidr).default([]),
  }),
  access: z.object({
    /** Roles that get cluster-admin through EKS access entries (people, break-glass). */
    adminRoleArns: z.array(roleArn).default([]),
    /** Roles that deploy the workloads stack (CI / Terraform Cloud); cluster-admin, as Helm installs CRDs and RBAC. */
    deployRoleArns: z.array(roleArn).min(1, 'needs the role that deploys the workloads stack'),
    /** Read-only roles (AmazonEKSViewPolicy). */
    viewerRoleArns: z.array(roleArn).default([]),
  }),
  /** Managed node groups by name; `general` and `gpu` are expected by the workloads. */
  nodeGroups: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,20}$/, 'node group names are short lower-case words'), nodeGroupSchema),
});
export type EksConfig = z.output<typeof eksSchema>;

export function checkEks(eks: EksConfig, accountId: string, isProduction: boolean, report: IssueReporter): void {
  const versionProblem = kubernetesVersionProblem(eks.kubernetesVersion);
  if (versionProblem) report(['eks', 'kubernetesVersion'], versionProblem);
  const { endpoint } = eks;
  if (endpoint.publicAccess && endpoint.publicAccessCidrs.length === 0) {
    report(['eks', 'endpoint', 'publicAccessCidrs'], 'must list the allowed networks when eks.endpoint.publicAccess is true (CKV_AWS_38)');
  }
  if (!endpoint.publicAccess && endpoint.privateAccessCidrs.length === 0) {
    report(['eks', 'endpoint', 'privateAccessCidrs'], 'must name the network Terraform runs from (VPN, Terraform Cloud agent) when eks.endpoint.publicAccess is false: otherwise nothing outside the cluster can reach the API to deploy the workloads stack');
  }
  if (!endpoint.publicAccess && endpoint.publicAccessCidrs.length > 0) {
    report(['eks', 'endpoint', 'publicAccessCidrs'], 'must be empty when eks.endpoint.publicAccess is false');
  }
  checkPublicAccessCidrs(endpoint.publicAccessCidrs, report);
  for (const [kind, arns] of Object.entries(eks.access)) {
    arns.forEach((arn, i) => {
      // A malformed ARN or account id is reported by the schema already; compare only well-formed ones.
      const account = /^arn:[\w-]+:iam::(\d{12}):/.exec(arn)?.[1];
      if (account && /^\d{12}$/.test(accountId) && account !== accountId) report(['eks', 'access', kind, i], `role is not in aws.accountId ${accountId}`);
    });
  }
  for (const required of ['general', 'gpu']) {
    if (!(required in eks.nodeGroups)) report(['eks', 'nodeGroups', required], `is required (the platform runs ${required === 'gpu' ? 'Ollama and WhisperX on GPUs' : 'its services on general nodes'})`);
  }
  for (const [name, group] of Object.entries(eks.nodeGroups)) checkNodeGroup(name, group, isProduction, report);
}

/** EKS's fixed quota of public endpoint CIDR ranges per cluster (not adjustable). */
export const MAX_PUBLIC_ACCESS_CIDRS = 40;
/** Ranges EKS refuses for the public endpoint (reserved addresses); private ones reach the private endpoint instead. */
const RESERVED_RANGES = ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16', '224.0.0.0/3'];
/** Broader than this is not an allow-list: a pair of /1s covers the internet as well as 0.0.0.0/0 does. */
const BROADEST_ALLOWED_PREFIX = 8;

/**
 * The public endpoint's allow-list: specific networks, none reserved, within the EKS quota. An empty list is the
 * internet to EKS (its default is 0.0.0.0/0), reported above when the endpoint is public.
 */
function checkPublicAccessCidrs(cidrs: readonly string[], report: IssueReporter): void {
  const at = (...rest: number[]) => ['eks', 'endpoint', 'publicAccessCidrs', ...rest];
  if (cidrs.length > MAX_PUBLIC_ACCESS_CIDRS) report(at(), `lists ${cidrs.length} networks; EKS accepts at most ${MAX_PUBLIC_ACCESS_CIDRS} per cluster (a fixed quota): summarize them`);
  cidrs.forEach((c, i) => {
    const parsed = parseCidr(c);
    if (!parsed) return; // malformed: reported by the schema
    if (parsed.prefix === 0) report(at(i), `${c} opens the API to the internet (CKV_AWS_38): list specific networks`);
    else if (parsed.prefix < BROADEST_ALLOWED_PREFIX) report(at(i), `${c} opens the API to ${2 ** (32 - parsed.prefix)} addresses: not an allow-list (CKV_AWS_38); list specific networks, /${BROADEST_ALLOWED_PREFIX} or narrower`);
    else {
      const reserved = RESERVED_RANGES.find((r) => cidrsOverlap(parseCidr(r)!, parsed));
      if (reserved) report(at(i), `${c} is in the reserved range ${reserved}, which EKS refuses for the public endpoint: a private network reaches the private endpoint, so list it in eks.endpoint.privateAccessCidrs`);
    }
  });
}

function checkNodeGroup(name: string, group: NodeGroupConfig, isProduction: boolean, report: IssueReporter): void {
  const at = (...path: (string | number)[]) => ['eks', 'nodeGroups', name, ...path];
  if (group.minSize > group.maxSize) report(at('minSize'), `${group.minSize} is greater than maxSize ${group.maxSize}`);
  if (group.desiredSize < group.minSize || group.desiredSize > group.maxSize) {
    report(at('desiredSize'), `${group.desiredSize} is outside minSize..maxSize (${group.minSize}..${group.maxSize})`);
  }
  group.instanceTypes.forEach((type, i) => {
    const gpuType = (GPU_FAMILIES as readonly string[]).includes(familyOf(type));
    if (group.gpu && !gpuType) report(at('instanceTypes', i), `${type} has no NVIDIA GPU but the group sets gpu: true (use one of ${GPU_FAMILIES.join(', ')})`);
    if (!group.gpu && gpuType) report(at('instanceTypes', i), `${type} is a GPU instance in a group without gpu: true (its GPU would be unused and untainted)`);
    if (group.architecture === 'arm64' && !isGraviton(type)) report(at('instanceTypes', i), `${type} is not a Graviton (arm64) type but architecture is arm64`);
    if (group.architecture === 'x86_64' && isGraviton(type)) report(at('instanceTypes', i), `${type} is Graviton (arm64) but architecture is x86_64`);
  });
  checkSizeClass(group, at, report);
  if (group.gpu && group.architecture !== 'x86_64') report(at('architecture'), 'GPU node groups use the x86_64 AL2023 NVIDIA AMI');
  if (isProduction && !group.gpu && group.minSize < 2) report(at('minSize'), 'must be at least 2 in production so a node loss does not take the services down');
}

/**
 * Every type of a group must be one we have figures for, and all of one size class: the cluster autoscaler
 * sizes a group from its first type, so a larger or smaller second type is scheduled wrongly.
 */
function checkSizeClass(group: NodeGroupConfig, at: (...path: (string | number)[]) => (string | number)[], report: IssueReporter): void {
  const known = Object.keys(INSTANCE_TYPES);
  let first: { type: string; size: string } | undefined;
  group.instanceTypes.forEach((type, i) => {
    const spec = INSTANCE_TYPES[type];
    if (!spec) {
      if (!/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(type)) return; // malformed: reported by the schema
      const near = closest(type, known);
      report(at('instanceTypes', i), `${type} is not in the table of allowed instance types (lib/instance-types.ts)${near ? `; did you mean "${near}"?` : ': add it there with its vCPU, memory and address figures'}`);
      return;
    }
    const size = sizeClassOf(spec);
    if (!first) first = { type, size };
    else if (size !== first.size) {
      report(at('instanceTypes', i), `${type} (${size}) is not the size class of ${first.type} (${first.size}): one size class per node group, because the cluster autoscaler assumes identical nodes`);
    }
  });
}
