/** EKS: control plane, node groups, add-ons and Pod Identity roles, synthesized from the environments' own config. */
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { Testing } from 'cdktf';
import { ManagedNodeGroup } from '../constructs/eks/managed-node-group';
import { PlatformCluster, WORKLOAD_IDENTITIES } from '../constructs/eks/platform-cluster';
import { production } from '../environments/production';
import { eksSchema, type EksConfig } from '../environments/schema/eks';
import { staging } from '../environments/staging';
import { EKS_ADDON_VERSIONS } from '../environments/versions';
import { eksRules } from './policy/rules-eks';
import { synthConstruct } from './support/scope';
import { asList, parsePolicy, references, type SynthResource, type SynthStack } from './support/synth';

// cdktf's jest matchers (toHaveResource…), registered only by the files that use them (support/setup.ts).
Testing.setupJest();

const ACCOUNT = '111111111111';
function platform(config: EksConfig, extra?: (p: PlatformCluster) => void): SynthStack {
  return synthConstruct((scope) => {
    const p = new PlatformCluster(scope, 'eks', {
      clusterName: 'acme-prod', config, region: 'eu-north-1', accountId: ACCOUNT, partition: 'aws', vpcId: 'vpc-123',
      privateSubnetIds: ['subnet-a', 'subnet-b', 'subnet-c'], nodeSecurityGroupId: 'sg-nodes',
      logsKmsKeyArn: 'arn:aws:kms:eu-north-1:111111111111:key/logs', logRetentionDays: 365,
    });
    extra?.(p);
  });
}
const prodConfig = eksSchema.parse(production.eks);
let ownGroups: string[] = [];
const stack = platform(prodConfig, (p) => {
  ownGroups = Object.keys(p.nodeGroups);
  // The `<env>-gpu` stack builds the GPU group from the same props (stacks/gpu-stack.ts); here it shares the scope.
  new ManagedNodeGroup(p, 'gpu-group', p.nodeGroupProps('gpu', prodConfig.nodeGroups.gpu));
  p.addExternalDns(['Z123ORIGIN']);
  p.addExternalSecrets(['arn:aws:secretsmanager:eu-north-1:111111111111:secret:aifeedback/production/*'], ['arn:aws:kms:eu-north-1:111111111111:key/data']);
});
const cluster = stack.one('aws_eks_cluster');
const ref = (address: string, attr: string) => `\${${address}.${attr}}`;

describe('control plane', () => {
  test('private endpoint only, all five log types, secrets encrypted with the EKS key', () => {
    expect(Testing.synthScope((scope) => {
      new PlatformCluster(scope, 'eks', {
        clusterName: 'acme', config: prodConfig, region: 'eu-north-1', accountId: ACCOUNT, partition: 'aws', vpcId: 'vpc-1',
        privateSubnetIds: ['s'], nodeSecurityGroupId: 'sg', logsKmsKeyArn: 'k', logRetentionDays: 365,
      });
    })).toHaveResourceWithProperties(EksCluster, { version: prodConfig.kubernetesVersion, enabled_cluster_log_types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] });
    expect(cluster.attrs.vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false, subnet_ids: ['subnet-a', 'subnet-b', 'subnet-c'] });
    expect(cluster.attrs.vpc_config.public_access_cidrs).toBeUndefined();
    const key = stack.resources('aws_kms_key').find((k) => k.attrs.description.includes('envelope'))!;
    expect(cluster.attrs.encryption_config).toEqual({ resources: ['secrets'], provider: { key_arn: ref(key.address, 'arn') } });
  });

  test('API authentication, no implicit creator admin, upgrade policy, zonal shift, no self-managed add-ons, prevent_destroy', () => {
    expect(cluster.attrs).toMatchObject({
      access_config: { authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false },
      upgrade_policy: { support_type: 'STANDARD' },
      zonal_shift_config: { enabled: true },
      bootstrap_self_managed_addons: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  test('the control-plane log group exists first, encrypted, with retention', () => {
    const group = stack.resources('aws_cloudwatch_log_group').find((g) => g.attrs.name === '/aws/eks/acme-prod/cluster')!;
    expect(group.attrs).toMatchObject({ kms_key_id: 'arn:aws:kms:eu-north-1:111111111111:key/logs', retention_in_days: 365 });
    expect(cluster.attrs.depends_on).toContain(group.address);
  });

  test('cluster role: EKS service trust pinned to the account, AmazonEKSClusterPolicy only', () => {
    const role = stack.resources('aws_iam_role').find((r) => r.attrs.name === 'acme-prod-cluster')!;
    expect(cluster.attrs.role_arn).toBe(ref(role.address, 'arn'));
    expect(parsePolicy(role.attrs.assume_role_policy).Statement[0]).toMatchObject({ Principal: { Service: 'eks.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } });
    const attached = stack.resources('aws_iam_role_policy_attachment').filter((a) => references(a.attrs.role).includes(role.address));
    expect(attached.map((a) => a.attrs.policy_arn)).toEqual(['arn:aws:iam::aws:policy/AmazonEKSClusterPolicy']);
  });

  test('access entries: admins, deployers and viewers get their EKS access policy, cluster-wide', () => {
    const entries = stack.resources('aws_eks_access_entry');
    expect(entries.map((e) => e.attrs.principal_arn).sort()).toEqual([...prodConfig.access.adminRoleArns, ...prodConfig.access.deployRoleArns, ...prodConfig.access.viewerRoleArns].sort());
    const policies = stack.resources('aws_eks_access_policy_association');
    const viewer = policies.find((p) => references(p.attrs.principal_arn).some((a) => entries.find((e) => e.address === a)?.attrs.principal_arn.endsWith('platform-readonly')));
    expect(viewer?.attrs).toMatchObject({ policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy', access_scope: { type: 'cluster' } });
  });

  test('the control-plane security group admits only the node group and named admin networks on 443', () => {
    const rules = stack.resources('aws_vpc_security_group_ingress_rule');
    expect(rules.map((r) => [r.attrs.referenced_security_group_id ?? r.attrs.cidr_ipv4, r.attrs.from_port]).sort()).toEqual([['10.100.0.0/16', 443], ['sg-nodes', 443]]);
    expect(rules.every((r) => r.attrs.description && r.attrs.ip_protocol === 'tcp' && r.attrs.to_port === 443)).toBe(true);
  });

  test('a public endpoint carries exactly the configured allow-list (staging)', () => {
    const stagingStack = platform(eksSchema.parse(staging.eks));
    expect(stagingStack.one('aws_eks_cluster').attrs.vpc_config).toMatchObject({ endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24', '198.51.100.0/24'] });
  });
});

describe('managed node groups', () => {
  // By the `NodeGroup` label: the EKS name adds a hash of the group's shape (node-group-rotation.test.ts).
  const groups: Record<string, SynthResource> = Object.fromEntries(stack.resources('aws_eks_node_group').map((g) => [g.attrs.labels.NodeGroup, g]));
  const scalingOf = (name: string) => {
    const g = prodConfig.nodeGroups[name];
    return { min_size: g.minSize, max_size: g.maxSize, desired_size: g.desiredSize };
  };
  const templateOf = (name: string) => stack.resources('aws_launch_template').find((t) => groups[name].attrs.launch_template.id === ref(t.address, 'id'))!;

  test('the platform cluster creates the general group only: GPU groups belong to the `<env>-gpu` stack', () => {
    expect(ownGroups).toEqual(['general']);
  });

  test('general: AL2023 standard, capacity type, instance types and scaling from config, labels, no taint', () => {
    const general = prodConfig.nodeGroups.general;
    expect(groups.general.attrs).toMatchObject({
      ami_type: 'AL2023_x86_64_STANDARD', capacity_type: general.capacityType, instance_types: general.instanceTypes,
      scaling_config: scalingOf('general'), labels: { NodeGroup: 'general' },
    });
    expect(asList(groups.general.attrs.taint)).toEqual([]);
    expect(templateOf('general').attrs.block_device_mappings[0].ebs.volume_size).toBe(general.diskSizeGiB);
  });

  test('gpu: AL2023 NVIDIA, gpu label, nvidia.com/gpu NoSchedule taint, instance types, scaling and root volume from config', () => {
    const gpu = prodConfig.nodeGroups.gpu;
    expect(groups.gpu.attrs).toMatchObject({ ami_type: 'AL2023_x86_64_NVIDIA', instance_types: gpu.instanceTypes, scaling_config: scalingOf('gpu'), labels: { NodeGroup: 'gpu', gpu: 'true' } });
    expect(groups.gpu.attrs.taint).toEqual([{ key: 'nvidia.com/gpu', value: 'true', effect: 'NO_SCHEDULE' }]);
    expect(templateOf('gpu').attrs.block_device_mappings[0].ebs.volume_size).toBe(gpu.diskSizeGiB);
  });

  test.each(['general', 'gpu'])('%s: IMDSv2 hop 1, encrypted gp3, both security groups, private subnets, repair, rolling updates', (name) => {
    const template = templateOf(name);
    expect(template.attrs.metadata_options).toMatchObject({ http_tokens: 'required', http_put_response_hop_limit: 1 });
    expect(template.attrs.block_device_mappings[0].ebs).toMatchObject({ volume_type: 'gp3', encrypted: 'true' });
    expect(template.attrs.network_interfaces).toBeUndefined();
    expect(template.attrs.vpc_security_group_ids).toEqual([ref(cluster.address, 'vpc_config[0].cluster_security_group_id'), 'sg-nodes']);
    expect(groups[name].attrs).toMatchObject({ subnet_ids: ['subnet-a', 'subnet-b', 'subnet-c'], node_repair_config: { enabled: true }, update_config: { max_unavailable_percentage: prodConfig.nodeGroups[name].maxUnavailablePercentage } });
    expect(groups[name].attrs.lifecycle.ignore_changes).toEqual(['scaling_config[0].desired_size']);
    // A change that forces a new group (instance types, AMI type, capacity type) brings it up before the old one goes.
    expect(groups[name].attrs.lifecycle.create_before_destroy).toBe(true);
    expect(groups[name].attrs.remote_access).toBeUndefined();
    // A cluster upgrade rolls the group after the control plane (without it the nodes stay on the old version).
    expect(groups[name].attrs.version).toBe(ref(cluster.address, 'version'));
  });

  test('the GPU group carries scale-from-zero node-template tags on its Auto Scaling group', () => {
    const tags = stack.resources('aws_autoscaling_group_tag').filter((t) => references(t.attrs.autoscaling_group_name).includes(groups.gpu.address));
    expect(Object.fromEntries(tags.map((t) => [t.attrs.tag.key, t.attrs.tag.value]))).toMatchObject({
      'k8s.io/cluster-autoscaler/node-template/label/gpu': 'true',
      'k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu': 'true:NoSchedule',
      'k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu': '1', // this test cluster has no time-slicing
    });
    expect(tags.every((t) => t.attrs.tag.propagate_at_launch === false)).toBe(true);
  });

  test('node role: worker-node and read-only ECR policies only; the EBS key admits the Auto Scaling role', () => {
    const role = stack.resources('aws_iam_role').find((r) => r.attrs.name === 'acme-prod-node')!;
    const attached = stack.resources('aws_iam_role_policy_attachment').filter((a) => references(a.attrs.role).includes(role.address));
    expect(attached.map((a) => a.attrs.policy_arn).sort()).toEqual(['arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly', 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy']);
    const key = stack.resources('aws_kms_key').find((k) => k.attrs.description.includes('envelope'))!;
    const grants = parsePolicy(key.attrs.policy).Statement.filter((s: { Principal: { AWS?: string } }) => s.Principal.AWS?.includes('AWSServiceRoleForAutoScaling'));
    expect(grants).toHaveLength(2);
  });
});

describe('managed add-ons', () => {
  const addons: Record<string, SynthResource> = Object.fromEntries(stack.resources('aws_eks_addon').map((a) => [a.attrs.addon_name, a]));

  test('the five add-ons at the pinned versions for the cluster version', () => {
    expect(Object.fromEntries(Object.entries(addons).map(([n, a]) => [n, a.attrs.addon_version]))).toEqual(EKS_ADDON_VERSIONS[prodConfig.kubernetesVersion]);
  });

  test('vpc-cni enforces NetworkPolicy and gets its IAM through Pod Identity; nodes wait for it', () => {
    expect(JSON.parse(addons['vpc-cni'].attrs.configuration_values)).toMatchObject({ enableNetworkPolicy: 'true' });
    expect(addons['vpc-cni'].attrs.pod_identity_association[0].service_account).toBe('aws-node');
    // The GPU groups wait by stack order instead (`<env>-gpu` is applied after `<env>` and `<env>-workloads`).
    for (const group of stack.resources('aws_eks_node_group').filter((g) => g.attrs.labels?.gpu !== 'true')) {
      expect(group.attrs.depends_on).toEqual(expect.arrayContaining([addons['vpc-cni'].address, addons['kube-proxy'].address, addons['eks-pod-identity-agent'].address]));
    }
  });

  test('coredns and the EBS CSI driver wait for the general node group only (a GPU quota failure cannot block them); EBS CSI has its role', () => {
    const groups = stack.resources('aws_eks_node_group');
    const general = groups.filter((g) => g.attrs.labels?.NodeGroup === 'general').map((g) => g.address);
    const gpu = groups.filter((g) => g.attrs.labels?.gpu === 'true').map((g) => g.address);
    expect(general).toHaveLength(1);
    expect(gpu).toHaveLength(1);
    for (const addon of [addons.coredns, addons['aws-ebs-csi-driver']]) {
      expect(addon.attrs.depends_on).toEqual(general);
      expect(addon.attrs.depends_on).not.toEqual(expect.arrayContaining(gpu));
    }
    expect(addons['aws-ebs-csi-driver'].attrs.pod_identity_association[0].service_account).toBe('ebs-csi-controller-sa');
  });
});

describe('Pod Identity roles', () => {
  const roleFor = (sa: string) => stack.resources('aws_iam_role').find((r) => r.attrs.name === `acme-prod-${sa}`)!;
  const statementsOf = (sa: string) => stack.resources('aws_iam_role_policy').filter((p) => references(p.attrs.role).includes(roleFor(sa).address))
    .flatMap((p) => parsePolicy(p.attrs.policy).Statement);

  test.each(Object.values(WORKLOAD_IDENTITIES).map((w) => [w.serviceAccount, w.namespace]))('%s: trusted only by Pod Identity for this cluster, namespace and service account (session tags)', (sa, namespace) => {
    const trust = parsePolicy(roleFor(sa).attrs.assume_role_policy).Statement[0];
    expect(trust).toEqual({
      Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: { StringEquals: { 'aws:RequestTag/eks-cluster-arn': ref(cluster.address, 'arn'), 'aws:RequestTag/kubernetes-namespace': namespace, 'aws:RequestTag/kubernetes-service-account': sa } },
    });
  });

  test('associations bind each non-add-on role to its namespace and service account', () => {
    const associations = stack.resources('aws_eks_pod_identity_association').map((a) => `${a.attrs.namespace}/${a.attrs.service_account}`).sort();
    expect(associations).toEqual(['amazon-cloudwatch/fluent-bit', 'external-dns/external-dns', 'external-secrets/external-secrets', 'kube-system/aws-load-balancer-controller', 'kube-system/cluster-autoscaler']);
  });

  test('external-dns writes only the origin zone', () => {
    const write = statementsOf('external-dns').find((s) => s.Action.includes('route53:ChangeResourceRecordSets'));
    expect(write.Resource).toEqual(['arn:aws:route53:::hostedzone/Z123ORIGIN']);
  });

  test("cluster-autoscaler scales only this cluster's groups", () => {
    const scale = statementsOf('cluster-autoscaler').find((s) => s.Sid === 'ScaleOwnGroups');
    expect(scale.Condition).toEqual({ StringEquals: { 'aws:ResourceTag/eks:cluster-name': 'acme-prod' } });
    expect(statementsOf('cluster-autoscaler').find((s) => s.Sid === 'ReadNodeGroups').Resource).toBe('arn:aws:eks:eu-north-1:111111111111:nodegroup/acme-prod/*/*');
  });

  test("external-secrets reads only this environment's secrets and decrypts only via Secrets Manager", () => {
    const [read, decrypt] = statementsOf('external-secrets');
    expect(read.Resource).toEqual(['arn:aws:secretsmanager:eu-north-1:111111111111:secret:aifeedback/production/*']);
    expect(decrypt).toMatchObject({ Action: 'kms:Decrypt', Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-north-1.amazonaws.com' } } });
  });

  test('the load balancer controller changes security groups only in this VPC', () => {
    const manage = statementsOf('aws-load-balancer-controller').find((s) => s.Sid === 'ManageSecurityGroupsInVpc');
    expect(manage.Condition).toEqual({ ArnEquals: { 'ec2:Vpc': 'arn:aws:ec2:eu-north-1:111111111111:vpc/vpc-123' } });
  });

  test('log shipping writes only the pre-created container log group', () => {
    const group = stack.resources('aws_cloudwatch_log_group').find((g) => g.attrs.name === '/aws/eks/acme-prod/containers')!;
    expect(statementsOf('fluent-bit')[0].Resource).toEqual([ref(group.address, 'arn'), `${ref(group.address, 'arn')}:*`]);
  });
});

describe('EKS policy rules', () => {
  // CIS_EKS_5.4.3 resolves subnet references, which this construct-level stack replaces with literal ids:
  // policy.test.ts runs it on the real environments.
  const constructLevel = eksRules.filter((r) => r.id !== 'CIS_EKS_5.4.3');
  test.each(constructLevel.map((r) => [r.id, r] as const))('%s passes for the production configuration', (_id, rule) => {
    expect(rule.evaluate(stack)).toEqual([]);
  });
});
