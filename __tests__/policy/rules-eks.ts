/** EKS cluster, node group and launch template rules (docs/policy-checks.md: EKS; CIS EKS 1.8.0). */
import { EKS_KUBERNETES_VERSIONS } from '../../environments/versions';
import { asList, followReferences, references, type Json, type SynthStack } from '../support/synth';
import { resourceRule, type PolicyRule } from './rule';

const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];
const vpcConfig = (attrs: Json): Json => asList<Json>(attrs.vpc_config)[0] ?? {};
const metadata = (attrs: Json): Json => asList<Json>(attrs.metadata_options)[0] ?? {};

/** Resolves `${aws_subnet.x.id}` references of a node group to the subnets' `Tier` tag. */
/** Tier tags of the subnets a value references, in this stack or (the `<env>-gpu` node groups) across stacks. */
function subnetTiers(stack: SynthStack, value: unknown, platform: readonly SynthStack[]): string[] {
  return followReferences(stack, value, platform).map(({ stack: owner, address }) => owner.resources('aws_subnet').find((s) => s.address === address)?.attrs.tags?.Tier ?? 'unknown');
}

export const eksRules: PolicyRule[] = [
  resourceRule('CKV_AWS_37', 'all five control-plane log types are enabled (CIS 2.1.1)', ['aws_eks_cluster'], (r) => {
    const missing = LOG_TYPES.filter((t) => !asList(r.attrs.enabled_cluster_log_types).includes(t));
    return missing.length > 0 ? `missing log types: ${missing.join(', ')}` : undefined;
  }, 'AVD-AWS-0038'),
  resourceRule('CKV_AWS_38', 'a public endpoint is limited to listed networks, never 0.0.0.0/0 (CIS 5.4.1)', ['aws_eks_cluster'], (r) => {
    const vpc = vpcConfig(r.attrs);
    if (vpc.endpoint_public_access === false) return undefined;
    const cidrs = asList<string>(vpc.public_access_cidrs);
    return cidrs.length === 0 || cidrs.includes('0.0.0.0/0') ? 'public endpoint open to the internet' : undefined;
  }, 'AVD-AWS-0041'),
  resourceRule('CKV_AWS_39', 'the public endpoint is off (CIS 5.4.2)', ['aws_eks_cluster'],
    (r) => (vpcConfig(r.attrs).endpoint_public_access === false ? undefined : 'endpoint_public_access is not false'), 'AVD-AWS-0040'),
  resourceRule('CIS_EKS_5.4.2', 'the private endpoint is on', ['aws_eks_cluster'],
    (r) => (vpcConfig(r.attrs).endpoint_private_access === true ? undefined : 'endpoint_private_access is not true')),
  resourceRule('CKV_AWS_58', 'secrets are envelope-encrypted with a KMS key (CIS 5.3.1)', ['aws_eks_cluster'], (r) => {
    const config = asList<Json>(r.attrs.encryption_config)[0];
    const ok = config && JSON.stringify(config.resources) === '["secrets"]' && asList<Json>(config.provider)[0]?.key_arn;
    return ok ? undefined : 'encryption_config is not resources=["secrets"] with a key_arn';
  }, 'AVD-AWS-0039'),
  resourceRule('CKV_AWS_339', 'the Kubernetes version is in EKS standard support', ['aws_eks_cluster'],
    (r) => (r.attrs.version in EKS_KUBERNETES_VERSIONS ? undefined : `version ${r.attrs.version} is not in standard support`)),
  resourceRule('CIS_EKS_5.5.1', 'authentication through EKS access entries only (API mode, no aws-auth ConfigMap)', ['aws_eks_cluster'], (r) => {
    const access = asList<Json>(r.attrs.access_config)[0] ?? {};
    if (access.authentication_mode !== 'API') return `authentication_mode is ${access.authentication_mode ?? 'unset'}`;
    return access.bootstrap_cluster_creator_admin_permissions === false ? undefined : 'the creator gets implicit cluster-admin';
  }),
  resourceRule('EKS_PREVENT_DESTROY', 'the cluster refuses destroy (aws 5.x has no deletion_protection)', ['aws_eks_cluster'],
    (r) => (r.attrs.lifecycle?.prevent_destroy === true ? undefined : 'lifecycle.prevent_destroy is not true')),
  {
    id: 'CIS_EKS_2.1.2',
    title: 'control-plane logs go to a pre-created, KMS-encrypted log group with retention',
    evaluate: (stack) => stack.resources('aws_eks_cluster').flatMap((cluster) => {
      const group = stack.resources('aws_cloudwatch_log_group').find((g) => g.attrs.name === `/aws/eks/${cluster.attrs.name}/cluster`);
      const ok = group && group.attrs.kms_key_id && group.attrs.retention_in_days && asList<string>(cluster.attrs.depends_on).includes(group.address);
      return ok ? [] : [{ address: cluster.address, message: 'no encrypted /aws/eks/<name>/cluster log group created before the cluster' }];
    }),
  },
  resourceRule('CKV_AWS_100', 'node groups allow no SSH without source security groups', ['aws_eks_node_group'], (r) => {
    const remote = asList<Json>(r.attrs.remote_access)[0];
    return remote?.ec2_ssh_key && asList(remote.source_security_group_ids).length === 0 ? 'SSH key without source security groups' : undefined;
  }),
  {
    id: 'CIS_EKS_5.4.3',
    title: 'node groups run only in private subnets',
    evaluate: (stack, platform = [stack]) => stack.resources('aws_eks_node_group').flatMap((ng) => {
      const tiers = subnetTiers(stack, ng.attrs.subnet_ids, platform);
      return tiers.length > 0 && tiers.every((t) => t === 'private') ? [] : [{ address: ng.address, message: `subnet tiers: ${tiers.join(', ')}` }];
    }),
  },
  resourceRule('CKV_AWS_79', 'launch templates require IMDSv2', ['aws_launch_template'],
    (r) => (metadata(r.attrs).http_tokens === 'required' ? undefined : 'http_tokens is not required'), 'AVD-AWS-0028'),
  resourceRule('CKV_AWS_341', 'launch templates limit the metadata hop count to 1', ['aws_launch_template'],
    (r) => (metadata(r.attrs).http_put_response_hop_limit === 1 ? undefined : 'http_put_response_hop_limit is not 1')),
  resourceRule('CKV_AWS_88', 'launch templates assign no public IP', ['aws_launch_template'],
    (r) => (asList<Json>(r.attrs.network_interfaces).some((n) => n.associate_public_ip_address === true || n.associate_public_ip_address === 'true') ? 'public IP on a network interface' : undefined), 'AVD-AWS-0009'),
  resourceRule('CKV_AWS_46', 'launch template user data carries no AWS keys', ['aws_launch_template'],
    (r) => (/AKIA[0-9A-Z]{16}|aws_secret_access_key/i.test(String(r.attrs.user_data ?? '')) ? 'AWS credentials in user_data' : undefined), 'AVD-AWS-0029'),
  resourceRule('EKS_NODE_VOLUME_ENCRYPTED', 'node root volumes are encrypted gp3 with a customer key', ['aws_launch_template'], (r) => {
    const ebs = asList<Json>(asList<Json>(r.attrs.block_device_mappings)[0]?.ebs)[0] ?? {};
    return String(ebs.encrypted) === 'true' && ebs.kms_key_id && ebs.volume_type === 'gp3' ? undefined : 'root volume is not encrypted gp3 with kms_key_id';
  }),
  {
    id: 'CIS_EKS_5.4.4',
    title: 'the VPC CNI enforces NetworkPolicy',
    evaluate: (stack) => stack.resources('aws_eks_cluster').flatMap((cluster) => {
      const cni = stack.referencing(cluster.address, 'aws_eks_addon').find((a) => a.attrs.addon_name === 'vpc-cni');
      const enabled = cni && JSON.parse(cni.attrs.configuration_values ?? '{}').enableNetworkPolicy === 'true';
      return enabled ? [] : [{ address: cluster.address, message: 'no vpc-cni add-on with enableNetworkPolicy=true' }];
    }),
  },
  {
    id: 'CIS_EKS_5.1.2',
    title: 'node roles hold only the worker-node and read-only ECR policies',
    // The GPU groups of `<env>-gpu` use the node role of `<env>`: follow the cross-stack reference to its policies.
    evaluate: (stack, platform = [stack]) => stack.resources('aws_eks_node_group').flatMap((ng) => {
      const [role] = followReferences(stack, ng.attrs.node_role_arn, platform);
      if (!role) return [{ address: ng.address, message: `node role not found: ${ng.attrs.node_role_arn}` }];
      const { stack: owner, address: roleAddress } = role;
      const attached = owner.resources('aws_iam_role_policy_attachment').filter((a) => references(a.attrs.role).includes(roleAddress)).map((a) => String(a.attrs.policy_arn).split('/').pop());
      const inline = owner.resources('aws_iam_role_policy').filter((p) => references(p.attrs.role).includes(roleAddress));
      const extra = attached.filter((p) => !['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly'].includes(p!));
      return extra.length === 0 && inline.length === 0 ? [] : [{ address: ng.address, message: `node role has extra permissions: ${extra.join(', ') || 'inline policy'}` }];
    }),
  },
];
