/** Staging: the same shape as production, smaller and cheaper (single NAT, fewer endpoints, shorter retention). */
import type { EnvironmentInput } from './schema/environment';

export const staging: EnvironmentInput = {
  name: 'staging',
  tier: 'staging',
  project: 'aifeedback',
  aws: {
    region: 'eu-north-1',
    // Replace with the staging account id.
    accountId: '222222222222',
    availabilityZones: ['eu-north-1a', 'eu-north-1b', 'eu-north-1c'],
  },
  domain: { apex: 'aifeedback.se' },
  state: { backend: 's3', bucket: 'aifeedback-terraform-state', region: 'eu-north-1', keyPrefix: 'aifeedback' },
  network: {
    vpcCidr: '10.20.0.0/16',
    subnets: {
      public: ['10.20.0.0/24', '10.20.1.0/24', '10.20.2.0/24'],
      private: ['10.20.32.0/19', '10.20.64.0/19', '10.20.96.0/19'],
      isolated: ['10.20.200.0/24', '10.20.201.0/24', '10.20.202.0/24'],
    },
    natGateways: 'single',
    flowLogs: { trafficType: 'ALL', retentionDays: 90 },
    interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'sts'],
  },
  logRetentionDays: 90,
  tags: { CostCenter: 'platform', DataClassification: 'internal' },
};
