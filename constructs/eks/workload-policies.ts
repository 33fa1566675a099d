/**
 * Least-privilege IAM statements for the cluster add-ons the workloads stack runs. Read-only Describe/List calls
 * that AWS cannot scope stay on "*"; every write is scoped to this account, region, cluster, VPC or zone.
 * Sources: each project's documented policy (aws-load-balancer-controller docs/install/iam_policy.json,
 * external-dns docs/tutorials/aws.md, cluster-autoscaler cloudprovider/aws/README.md), narrowed here.
 */
import type { PolicyStatement } from '../../lib/iam';

export interface PolicyContext {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly clusterName: string;
  readonly vpcId: string;
}

const arn = (c: PolicyContext, service: string, resource: string) => `arn:${c.partition}:${service}:${c.region}:${c.accountId}:${resource}`;

/** AWS Load Balancer Controller, without the AWS WAF, Shield and Cognito features (Cloudflare fronts the ALB). */
export function loadBalancerControllerStatements(c: PolicyContext): PolicyStatement[] {
  const securityGroups = arn(c, 'ec2', 'security-group/*');
  const elb = ['loadbalancer/app/*/*', 'loadbalancer/net/*/*', 'targetgroup/*/*', 'listener/app/*/*/*', 'listener/net/*/*/*', 'listener-rule/app/*/*/*/*', 'listener-rule/net/*/*/*/*']
    .map((r) => arn(c, 'elasticloadbalancing', r));
  const clusterTagged = { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['ingress.k8s.aws/cluster', 'service.k8s.aws/cluster', 'elbv2.k8s.aws/cluster'] } };
  return [
    {
      Sid: 'Discover',
      Effect: 'Allow',
      Action: ['ec2:DescribeAccountAttributes', 'ec2:DescribeAddresses', 'ec2:DescribeAvailabilityZones', 'ec2:DescribeInternetGateways', 'ec2:DescribeVpcs',
        'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups', 'ec2:DescribeInstances', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeTags',
        'ec2:DescribeCoipPools', 'ec2:GetCoipPoolUsage', 'ec2:DescribeVpcPeeringConnections', 'ec2:DescribeRouteTables',
        'ec2:GetSecurityGroupsForVpc', 'elasticloadbalancing:Describe*', 'acm:ListCertificates'],
      Resource: '*',
    },
    { Sid: 'ReadCertificates', Effect: 'Allow', Action: ['acm:DescribeCertificate'], Resource: arn(c, 'acm', 'certificate/*') },
    {
      Sid: 'ElbServiceLinkedRole',
      Effect: 'Allow',
      Action: 'iam:CreateServiceLinkedRole',
      Resource: `arn:${c.partition}:iam::${c.accountId}:role/aws-service-role/elasticloadbalancing.amazonaws.com/*`,
      Condition: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } },
    },
    { Sid: 'CreateSecurityGroupsInVpc', Effect: 'Allow', Action: 'ec2:CreateSecurityGroup', Resource: [securityGroups, arn(c, 'ec2', `vpc/${c.vpcId}`)] },
    {
      Sid: 'TagNewSecurityGroups',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: securityGroups,
      Condition: { StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' } },
    },
    {
      Sid: 'ManageSecurityGroupsInVpc',
      Effect: 'Allow',
      Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup', 'ec2:CreateTags', 'ec2:DeleteTags'],
      Resource: securityGroups,
      Condition: { ArnEquals: { 'ec2:Vpc': arn(c, 'ec2', `vpc/${c.vpcId}`) } },
    },
    { Sid: 'CreateClusterLoadBalancers', Effect: 'Allow', Action: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'], Resource: elb, Condition: clusterTagged },
    {
      Sid: 'ManageLoadBalancers',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:CreateListener', 'elasticloadbalancing:DeleteListener', 'elasticloadbalancing:CreateRule', 'elasticloadbalancing:DeleteRule',
        'elasticloadbalancing:ModifyListener', 'elasticloadbalancing:ModifyListenerAttributes', 'elasticloadbalancing:ModifyRule',
        'elasticloadbalancing:SetRulePriorities', 'elasticloadbalancing:AddListenerCertificates', 'elasticloadbalancing:RemoveListenerCertificates',
        'elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags', 'elasticloadbalancing:ModifyLoadBalancerAttributes', 'elasticloadbalancing:SetIpAddressType',
        'elasticloadbalancing:SetSecurityGroups', 'elasticloadbalancing:SetSubnets', 'elasticloadbalancing:DeleteLoadBalancer', 'elasticloadbalancing:ModifyTargetGroup',
        'elasticloadbalancing:ModifyTargetGroupAttributes', 'elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets', 'elasticloadbalancing:DeleteTargetGroup'],
      Resource: elb,
    },
  ];
}

/** external-dns: write records only in the given hosted zones. */
export function externalDnsStatements(c: PolicyContext, hostedZoneIds: readonly string[]): PolicyStatement[] {
  return [
    {
      Sid: 'ChangeOwnZones',
      Effect: 'Allow',
      Action: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets', 'route53:ListTagsForResource', 'route53:ListTagsForResources'],
      Resource: hostedZoneIds.map((id) => `arn:${c.partition}:route53:::hostedzone/${id}`),
    },
    { Sid: 'DiscoverZones', Effect: 'Allow', Action: ['route53:ListHostedZones'], Resource: '*' },
  ];
}

/** cluster-autoscaler: resize only this cluster's managed node groups (EKS tags their ASGs with eks:cluster-name). */
export function clusterAutoscalerStatements(c: PolicyContext): PolicyStatement[] {
  return [
    {
      Sid: 'Discover',
      Effect: 'Allow',
      Action: ['autoscaling:DescribeAutoScalingGroups', 'autoscaling:DescribeAutoScalingInstances', 'autoscaling:DescribeLaunchConfigurations',
        'autoscaling:DescribeScalingActivities', 'autoscaling:DescribeTags', 'ec2:DescribeImages', 'ec2:DescribeInstanceTypes',
        'ec2:DescribeLaunchTemplateVersions', 'ec2:GetInstanceTypesFromInstanceRequirements'],
      Resource: '*',
    },
    { Sid: 'ReadNodeGroups', Effect: 'Allow', Action: 'eks:DescribeNodegroup', Resource: arn(c, 'eks', `nodegroup/${c.clusterName}/*/*`) },
    {
      Sid: 'ScaleOwnGroups',
      Effect: 'Allow',
      Action: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
      Resource: arn(c, 'autoscaling', 'autoScalingGroup:*:autoScalingGroupName/*'),
      Condition: { StringEquals: { 'aws:ResourceTag/eks:cluster-name': c.clusterName } },
    },
  ];
}

/** external-secrets: read this environment's secrets and decrypt them through Secrets Manager only. */
export function externalSecretsStatements(c: PolicyContext, secretArnPatterns: readonly string[], kmsKeyArns: readonly string[]): PolicyStatement[] {
  return [
    {
      Sid: 'ReadEnvironmentSecrets',
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:ListSecretVersionIds'],
      Resource: [...secretArnPatterns],
    },
    ...(kmsKeyArns.length > 0 ? [{
      Sid: 'DecryptViaSecretsManager',
      Effect: 'Allow' as const,
      Action: 'kms:Decrypt',
      Resource: [...kmsKeyArns],
      Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${c.region}.amazonaws.com` } },
    }] : []),
  ];
}

/** Container log shipping (Fluent Bit): write streams into the pre-created, encrypted group only. */
export function logShippingStatements(logGroupArn: string): PolicyStatement[] {
  return [{
    Sid: 'WriteContainerLogs',
    Effect: 'Allow',
    Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
    Resource: [logGroupArn, `${logGroupArn}:*`],
  }];
}

/** EBS CSI driver: encrypt persistent volumes with the cluster key (AmazonEBSCSIDriverPolicy covers the EC2 calls). */
export function ebsCsiKmsStatements(kmsKeyArn: string): PolicyStatement[] {
  return [
    { Sid: 'UseVolumeKey', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: kmsKeyArn },
    { Sid: 'GrantVolumeKeyToEbs', Effect: 'Allow', Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], Resource: kmsKeyArn, Condition: { Bool: { 'kms:GrantIsForAWSResource': true } } },
  ];
}
