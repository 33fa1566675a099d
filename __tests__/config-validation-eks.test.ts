/** EKS validation rules: each names the environment, the field path and the rule. */
import { production } from '../environments/production';
import { staging } from '../environments/staging';
import { expectProblem, mutated, type ValidationCase } from './support/config';

// Sizes and types come from the config: a config-only resize or type change needs no edit here.
const prodGeneral = production.eks.nodeGroups.general;
const stagingGpu = staging.eks.nodeGroups.gpu;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const cases: ValidationCase[] = [
  ['unsupported Kubernetes version', mutated(production, (e) => { (e.eks as { kubernetesVersion: string }).kubernetesVersion = '1.29'; }), 'eks.kubernetesVersion', /"1\.29" is not in the version table \(environments\/versions\.ts KUBERNETES_VERSIONS.*EKS standard support ends/],
  ['public endpoint without an allow-list', mutated(production, (e) => { e.eks.endpoint.publicAccess = true; }),
    'eks.endpoint.publicAccessCidrs', /must list the allowed networks when eks.endpoint.publicAccess is true/],
  ['private-only endpoint nobody can reach', mutated(production, (e) => { e.eks.endpoint.privateAccessCidrs = []; }),
    'eks.endpoint.privateAccessCidrs', /must name the network Terraform runs from/],
  ['allow-list on a private-only endpoint', mutated(production, (e) => { e.eks.endpoint.publicAccessCidrs = ['203.0.113.0/24']; }),
    'eks.endpoint.publicAccessCidrs', /must be empty when eks.endpoint.publicAccess is false/],
  ['public endpoint open to the internet', mutated(staging, (e) => { e.eks.endpoint.publicAccessCidrs = ['0.0.0.0/0']; }),
    'eks.endpoint.publicAccessCidrs[0]', /opens the API to the internet/],
  ['malformed allow-list CIDR', mutated(staging, (e) => { e.eks.endpoint.publicAccessCidrs = ['203.0.113.7/24']; }),
    'eks.endpoint.publicAccessCidrs[0]', /IPv4 network CIDR/],
  ['admin role of another account', mutated(production, (e) => { e.eks.access.adminRoleArns = ['arn:aws:iam::999999999999:role/admin']; }),
    'eks.access.adminRoleArns[0]', /not in aws.accountId 111111111111/],
  ['malformed deploy role', mutated(production, (e) => { e.eks.access.deployRoleArns = ['terraform-deploy']; }), 'eks.access.deployRoleArns[0]', /must be an IAM role ARN/],
  ['no deploy role', mutated(production, (e) => { e.eks.access.deployRoleArns = []; }), 'eks.access.deployRoleArns', /needs the role that deploys the workloads stack/],
  ['no GPU node group', mutated(production, (e) => { delete (e.eks.nodeGroups as Record<string, unknown>).gpu; }), 'eks.nodeGroups.gpu', /is required/],
  ['min above max', mutated(production, (e) => { e.eks.nodeGroups.general.minSize = prodGeneral.maxSize + 1; }), 'eks.nodeGroups.general.minSize',
    new RegExp(`${prodGeneral.maxSize + 1} is greater than maxSize ${prodGeneral.maxSize}`)],
  ['desired outside the range', mutated(staging, (e) => { e.eks.nodeGroups.gpu.desiredSize = stagingGpu.maxSize + 1; }), 'eks.nodeGroups.gpu.desiredSize',
    new RegExp(`${stagingGpu.maxSize + 1} is outside minSize..maxSize \\(${stagingGpu.minSize}..${stagingGpu.maxSize}\\)`)],
  ['GPU group on a CPU instance type', mutated(production, (e) => { e.eks.nodeGroups.gpu.instanceTypes = ['m7i.2xlarge']; }),
    'eks.nodeGroups.gpu.instanceTypes[0]', /m7i.2xlarge has no NVIDIA GPU but the group sets gpu: true/],
  ['GPU instance in a CPU group', mutated(production, (e) => { e.eks.nodeGroups.general.instanceTypes = ['g6.xlarge']; }),
    'eks.nodeGroups.general.instanceTypes[0]', /is a GPU instance in a group without gpu: true/],
  ['arm64 group on an x86 type', mutated(staging, (e) => { e.eks.nodeGroups.general.architecture = 'arm64'; }),
    'eks.nodeGroups.general.instanceTypes[0]', new RegExp(`${escape(staging.eks.nodeGroups.general.instanceTypes[0])} is not a Graviton`)],
  ['x86 group on a Graviton type', mutated(staging, (e) => { e.eks.nodeGroups.general.instanceTypes = ['m7g.large']; }),
    'eks.nodeGroups.general.instanceTypes[0]', /m7g.large is Graviton \(arm64\) but architecture is x86_64/],
  ['arm64 GPU group', mutated(staging, (e) => { e.eks.nodeGroups.gpu.architecture = 'arm64'; }), 'eks.nodeGroups.gpu.architecture', /x86_64 AL2023 NVIDIA AMI/],
  ['single general node in production', mutated(production, (e) => { e.eks.nodeGroups.general.minSize = 1; }), 'eks.nodeGroups.general.minSize', /at least 2 in production/],
  ['malformed instance type', mutated(production, (e) => { e.eks.nodeGroups.general.instanceTypes = ['large']; }), 'eks.nodeGroups.general.instanceTypes[0]', /EC2 instance type/],
  ['bad node group name', mutated(production, (e) => { (e.eks.nodeGroups as Record<string, unknown>)['GPU Nodes'] = e.eks.nodeGroups.gpu; }), 'eks.nodeGroups.GPU Nodes', /short lower-case words/],
];

test.each(cases)('%s', (_label, input, path, rule) => expectProblem(input, path, rule));
