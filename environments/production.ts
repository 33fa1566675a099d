/** Production: full HA in Stockholm (eu-north-1), three zones. Values from shared/platform.md. */
import type { EnvironmentInput } from './schema/environment';

export const production: EnvironmentInput = {
  name: 'production',
  tier: 'production',
  project: 'aifeedback',
  aws: {
    region: 'eu-north-1',
    // Replace with the production account id; the provider refuses to touch any other account.
    accountId: '111111111111',
    availabilityZones: ['eu-north-1a', 'eu-north-1b', 'eu-north-1c'],
  },
  domain: { apex: 'aifeedback.se' },
  state: { backend: 's3', bucket: 'aifeedback-terraform-state', region: 'eu-north-1', keyPrefix: 'aifeedback' },
  network: {
    vpcCidr: '10.10.0.0/16',
    subnets: {
      public: ['10.10.0.0/24', '10.10.1.0/24', '10.10.2.0/24'],
      // /19 per zone: the VPC CNI gives every pod a VPC address.
      private: ['10.10.32.0/19', '10.10.64.0/19', '10.10.96.0/19'],
      isolated: ['10.10.200.0/24', '10.10.201.0/24', '10.10.202.0/24'],
    },
    natGateways: 'one-per-az',
    flowLogs: { trafficType: 'ALL', retentionDays: 365 },
    // Image pulls, credentials, logs and secrets stay on the AWS network; these carry most node traffic to AWS.
    interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'sts', 'logs', 'secretsmanager', 'kms', 'ec2', 'elasticloadbalancing', 'autoscaling', 'eks-auth'],
  },
  logRetentionDays: 365,
  tags: { CostCenter: 'platform', DataClassification: 'confidential' },
};
