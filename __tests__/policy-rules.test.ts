/** The policy rules themselves catch what they claim to: each is run against a deliberately bad resource. */
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { POLICY_RULES } from './policy';
import { synthConstruct } from './support/scope';

const bad = synthConstruct((scope) => {
  const vpc = new Vpc(scope, 'vpc', { cidrBlock: '10.0.0.0/16' });
  new Subnet(scope, 'subnet', { vpcId: vpc.id, cidrBlock: '10.0.0.0/24', mapPublicIpOnLaunch: true });
  new SecurityGroup(scope, 'sg', {
    vpcId: vpc.id,
    ingress: [{ fromPort: 22, toPort: 22, protocol: 'tcp', cidrBlocks: ['0.0.0.0/0'] }],
    egress: [{ fromPort: 0, toPort: 0, protocol: '-1', cidrBlocks: ['0.0.0.0/0'] }],
  });
  new KmsKey(scope, 'key', { policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }] }) });
  new CloudwatchLogGroup(scope, 'logs', { name: 'x' });
  new S3Bucket(scope, 'bucket', { bucket: 'x' });
  new IamRolePolicy(scope, 'policy', { role: 'r', policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }) });
});

const expectedFailures = [
  'CKV_AWS_130', 'CKV_AWS_23', 'CKV_AWS_24', 'CKV_AWS_382', 'CKV2_AWS_5', 'CKV2_AWS_11', 'CKV2_AWS_12',
  'CKV_AWS_7', 'CKV_AWS_33', 'CKV_AWS_66', 'CKV_AWS_338', 'CKV_AWS_158', 'KMS_ALIAS',
  'CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56', 'CKV_AWS_19', 'CKV_AWS_145', 'CKV_AWS_21', 'CKV_AWS_18', 'CKV_AWS_300', 'CKV2_AWS_6', 'S3_ACLS_DISABLED', 'S3_TLS_ONLY',
  'CKV_AWS_62', 'CKV_AWS_63', 'CKV_AWS_355',
];

test.each(expectedFailures)('%s reports the bad resource', (id) => {
  const rule = POLICY_RULES.find((r) => r.id === id);
  expect(rule).toBeDefined();
  expect(rule!.evaluate(bad).length).toBeGreaterThan(0);
});

test('rule ids are unique', () => {
  const ids = POLICY_RULES.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
});
