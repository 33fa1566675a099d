/**
 * The recovery environment of production: the same platform rebuilt in production's DR region (Frankfurt)
 * from the continuous copies. Built only when named in RECOVERY_ENVIRONMENTS (environments/recovery.ts), so it
 * is never deployed by accident; its name keeps it out of `production*` stack globs.
 * docs/disaster-recovery.md is the runbook that edits and deploys it.
 */
import { production } from './production';
import { takenOverNames } from './taken-over-names';
import type { EnvironmentInput } from './schema/environment';

const region = 'eu-central-1';

export const drProduction: EnvironmentInput = {
  ...production,
  name: 'dr-production',
  aws: { ...production.aws, region, availabilityZones: [`${region}a`, `${region}b`, `${region}c`] },
  recovery: {
    of: 'production',
    // Switch to 'serving' (runbook step "Switch the public names") once the platform answers on its origin names.
    publicNames: 'standby',
    // Replace with output dr_replicated_backups_arn of the production stack (recorded after its first deploy),
    // or use { from: 'recovery-point', snapshotArn } for an AWS Backup copy in this region.
    database: { from: 'replicated-backups', automatedBackupsArn: `arn:aws:rds:${region}:111111111111:auto-backup:ab-replacewithrealid` },
  },
  // Protection of the recovered platform comes after it is promoted (docs/disaster-recovery.md "Failing back").
  dr: undefined,
  // An administrator runs the fail-over from the runbook; the pipeline does not deploy a recovery environment. (Its
  // roles would not exist when the runbook's first apply gives them cluster access, and production already owns the
  // account's GitHub OIDC provider.)
  pipeline: undefined,
  edge: {
    ...production.edge,
    // The static-asset names stay on production's CloudFront distribution (no buckets of its own here).
    hostnames: takenOverNames(production.edge.hostnames, production.assetsCdn),
    // Its own origin subzone: its delegation and certificate never touch production's.
    originZone: 'origin-dr.aifeedback.se',
    privateZone: 'dr-production.aifeedback.internal',
    // Zone-wide settings, WAF, rate limits, cache rules and the admin allow-list stay production's (they live in
    // Cloudflare, outside the failed region, and match the same public names).
    cloudflare: { ...production.edge.cloudflare, ownsZoneConfiguration: false, rateLimits: [] },
  },
  // State in the DR region: production's state bucket is in the failed region.
  // Its own bucket, key and backend role (`cdktf deploy bootstrap-dr-production`), trusted by production's deploy roles.
  state: {
    backend: 's3',
    bucket: 'aifeedback-dr-production-terraform-state',
    region,
    keyPrefix: 'aifeedback',
    roleArn: `arn:aws:iam::${production.aws.accountId}:role/aifeedback-dr-production-terraform-state`,
    trustedRoleArns: production.state.backend === 's3' ? production.state.trustedRoleArns : [],
  },
  // A Transit Gateway belongs to one region: production's (eu-north-1) cannot attach this VPC. The deploy runner's
  // network reaches this region through its own Transit Gateway (peered with production's by the network team).
  // Replace the example id with it before a drill.
  runnerNetwork: { attachment: 'transit-gateway', transitGatewayId: 'tgw-0123456789abcdef', cidrs: production.runnerNetwork?.cidrs ?? [] },
  // The recovery environment has no buckets of its own (it serves production's replicas), so no CDN of its own either.
  assetsCdn: undefined,
  network: {
    ...production.network,
    vpcCidr: '10.30.0.0/16',
    subnets: {
      public: ['10.30.0.0/24', '10.30.1.0/24', '10.30.2.0/24'],
      private: ['10.30.32.0/19', '10.30.64.0/19', '10.30.96.0/19'],
      isolated: ['10.30.200.0/24', '10.30.201.0/24', '10.30.202.0/24'],
    },
  },
  data: {
    ...production.data,
    // Copies of the recovered platform's new backups go to a third region while the primary is down.
    backup: { ...production.data.backup, copyRegion: 'eu-west-1' },
  },
  tags: { ...production.tags, RecoveryOf: 'production' },
};
