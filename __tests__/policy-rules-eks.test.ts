/** Each EKS policy rule reports a deliberately bad cluster, node group or launch template. */
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { eksRules } from './policy/rules-eks';
import { synthConstruct } from './support/scope';

const bad = synthConstruct((scope) => {
  const subnet = new Subnet(scope, 'public', { vpcId: 'vpc-1', cidrBlock: '10.0.0.0/24', tags: { Tier: 'public' } });
  const cluster = new EksCluster(scope, 'cluster', {
    name: 'bad', roleArn: 'arn:aws:iam::111111111111:role/x', version: '1.29',
    vpcConfig: { subnetIds: [subnet.id], endpointPublicAccess: true, endpointPrivateAccess: false, publicAccessCidrs: ['0.0.0.0/0'] },
    enabledClusterLogTypes: ['api'],
    accessConfig: { authenticationMode: 'CONFIG_MAP' },
  });
  new EksAddon(scope, 'cni', { clusterName: cluster.name, addonName: 'vpc-cni' });
  new LaunchTemplate(scope, 'lt', {
    metadataOptions: { httpTokens: 'optional', httpPutResponseHopLimit: 2 },
    networkInterfaces: [{ associatePublicIpAddress: 'true' }],
    userData: 'aws_secret_access_key=abc',
    blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeType: 'gp2' } }],
  });
  const role = new IamRole(scope, 'node', { assumeRolePolicy: '{}' });
  new IamRolePolicyAttachment(scope, 'admin', { role: role.name, policyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' });
  new EksNodeGroup(scope, 'ng', {
    clusterName: cluster.name, nodeRoleArn: role.arn, subnetIds: [subnet.id],
    scalingConfig: { minSize: 1, maxSize: 1, desiredSize: 1 }, remoteAccess: { ec2SshKey: 'my-key' },
  });
});

test.each(eksRules.map((r) => [r.id, r] as const))('%s reports the bad resources', (_id, rule) => {
  expect(rule.evaluate(bad).length).toBeGreaterThan(0);
});
