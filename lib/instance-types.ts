/**
 * EC2 instance types node groups may use, with the figures validation needs: size class (vCPU, memory), NVIDIA GPUs,
 * and the IPv4 addresses a node can hold (ENIs × addresses per ENI: with the VPC CNI every pod takes one).
 * Source: Amazon EC2 User Guide, "Amazon EC2 instance type specifications" and "Maximum IP addresses per network
 * interface" tables, checked 2026-11. Add a type here (with its figures) before using it in a node group; a new
 * type also needs environments/region-offerings.ts and its price in cost/prices.ts (docs/operating.md#resizing-a-node-group).
 */
export interface InstanceTypeSpec {
  readonly vcpu: number;
  readonly memoryGiB: number;
  /** NVIDIA GPUs per instance (0 for CPU types). */
  readonly gpus: number;
  readonly architecture: 'x86_64' | 'arm64';
  /** Network interfaces × private IPv4 addresses per interface. */
  readonly enis: number;
  readonly ipv4PerEni: number;
}

const cpu = (vcpu: number, memoryGiB: number, enis: number, ipv4PerEni: number, architecture: 'x86_64' | 'arm64' = 'x86_64'): InstanceTypeSpec =>
  ({ vcpu, memoryGiB, gpus: 0, architecture, enis, ipv4PerEni });
const gpu = (vcpu: number, memoryGiB: number, gpus: number, enis: number, ipv4PerEni: number): InstanceTypeSpec =>
  ({ vcpu, memoryGiB, gpus, architecture: 'x86_64', enis, ipv4PerEni });

export const INSTANCE_TYPES: Readonly<Record<string, InstanceTypeSpec>> = {
  // General purpose (x86): large 2 vCPU / 8 GiB, xlarge 4 / 16, 2xlarge 8 / 32.
  'm5.large': cpu(2, 8, 3, 10), 'm6i.large': cpu(2, 8, 3, 10), 'm7i.large': cpu(2, 8, 3, 10), 'm6a.large': cpu(2, 8, 3, 10), 'm7a.large': cpu(2, 8, 3, 10),
  'm5.xlarge': cpu(4, 16, 4, 15), 'm6i.xlarge': cpu(4, 16, 4, 15), 'm7i.xlarge': cpu(4, 16, 4, 15), 'm6a.xlarge': cpu(4, 16, 4, 15), 'm7a.xlarge': cpu(4, 16, 4, 15),
  'm5.2xlarge': cpu(8, 32, 4, 15), 'm6i.2xlarge': cpu(8, 32, 4, 15), 'm7i.2xlarge': cpu(8, 32, 4, 15), 'm6a.2xlarge': cpu(8, 32, 4, 15), 'm7a.2xlarge': cpu(8, 32, 4, 15),
  // General purpose (Graviton, arm64).
  'm6g.large': cpu(2, 8, 3, 10, 'arm64'), 'm7g.large': cpu(2, 8, 3, 10, 'arm64'),
  'm6g.xlarge': cpu(4, 16, 4, 15, 'arm64'), 'm7g.xlarge': cpu(4, 16, 4, 15, 'arm64'),
  // Compute and memory optimised.
  'c6i.large': cpu(2, 4, 3, 10), 'c7i.large': cpu(2, 4, 3, 10), 'c6i.xlarge': cpu(4, 8, 4, 15), 'c7i.xlarge': cpu(4, 8, 4, 15),
  'r6i.large': cpu(2, 16, 3, 10), 'r7i.large': cpu(2, 16, 3, 10), 'r6i.xlarge': cpu(4, 32, 4, 15), 'r7i.xlarge': cpu(4, 32, 4, 15),
  // Burstable (development).
  't3.medium': cpu(2, 4, 3, 6), 't3.large': cpu(2, 8, 3, 12), 't3.xlarge': cpu(4, 16, 4, 15),
  // NVIDIA GPU: g4dn T4, g5 A10G, g6 L4, p3 V100.
  'g4dn.xlarge': gpu(4, 16, 1, 3, 10), 'g4dn.2xlarge': gpu(8, 32, 1, 3, 10),
  'g5.xlarge': gpu(4, 16, 1, 4, 15), 'g5.2xlarge': gpu(8, 32, 1, 4, 15), 'g5.4xlarge': gpu(16, 64, 1, 8, 30),
  'g6.xlarge': gpu(4, 16, 1, 4, 15), 'g6.2xlarge': gpu(8, 32, 1, 4, 15), 'g6.4xlarge': gpu(16, 64, 1, 8, 30),
  'p3.2xlarge': gpu(8, 61, 1, 4, 15),
};

/** Addresses one node of this type can take from its subnet (node + pods, VPC CNI without prefix delegation). */
export const addressesPerNode = (spec: InstanceTypeSpec): number => spec.enis * spec.ipv4PerEni;

/** `2 vCPU / 8 GiB`. */
export const sizeClassOf = (spec: InstanceTypeSpec): string => `${spec.vcpu} vCPU / ${spec.memoryGiB} GiB`;
