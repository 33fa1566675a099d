/** Staging: the same shape as production, smaller and cheaper (single NAT, fewer endpoints, shorter retention). */
import type { EnvironmentInput } from './schema/environment';
import { serviceCatalog } from './services';

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
  edge: {
    // Own Route53 origin subzone, so staging's NS/DS records and certificate never touch production's.
    originZone: 'origin-staging.aifeedback.se',
    privateZone: 'staging.aifeedback.internal',
    queryLogRetentionDays: 90,
    // One label under the apex (not api.staging.…): Universal SSL covers only *.aifeedback.se. No public admin/monitoring
    // in staging: only the zone owner (production) enforces restricted hostnames.
    hostnames: [
      { name: 'staging.aifeedback.se', origin: 'app' },
      { name: 'api-staging.aifeedback.se', origin: 'api', cache: 'bypass' },
      { name: 'business-staging.aifeedback.se', origin: 'business' },
      { name: 'cdn-staging.aifeedback.se', origin: 'cdn', cache: 'static' },
      { name: 'assets-staging.aifeedback.se', origin: 'assets', cache: 'static' },
    ],
    cloudflare: {
      // The same zone as production (one domain); production owns the zone-wide settings and rulesets.
      zone: { mode: 'adopt', zoneId: '0123456789abcdef0123456789abcdef' },
      ownsZoneConfiguration: false,
    },
  },
  // GitHub Actions deploys this environment through OIDC roles in its account (docs/deploying.md).
  pipeline: { repository: 'aifeedback/aifeedback-infrastructure' },
  // State in this environment's own account: `cdktf deploy bootstrap-staging` creates the bucket, its key and the backend
  // role (docs/state.md). Every stack assumes the role; only the trusted deploy/admin roles may.
  state: {
    backend: 's3',
    bucket: 'aifeedback-staging-terraform-state',
    region: 'eu-north-1',
    keyPrefix: 'aifeedback',
    roleArn: 'arn:aws:iam::222222222222:role/aifeedback-staging-terraform-state',
    trustedRoleArns: ['arn:aws:iam::222222222222:role/terraform-deploy', 'arn:aws:iam::222222222222:role/platform-admin'],
  },
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
  data: {
    postgres: {
      engineVersion: '16',
      instanceClass: 'db.t4g.medium',
      allocatedStorageGb: 20,
      maxAllocatedStorageGb: 100,
      multiAz: false, // cost: a restore from backup is acceptable for staging
      backupRetentionDays: 3,
      backupWindow: '03:00-04:00',
      maintenanceWindow: 'sun:04:00-sun:05:00',
      performanceInsightsRetentionDays: 7,
      databaseName: 'aifeedback',
      masterUsername: 'aifeedback_admin',
      // No Secrets Manager interface endpoint in staging, so no proxy: pods connect directly.
      proxy: { enabled: false },
    },
    redis: {
      engine: 'redis',
      engineVersion: '7.1',
      nodeType: 'cache.t4g.medium',
      replicas: 1, // keeps automatic failover and Multi-AZ, at a third of production's nodes
      multiAz: true,
      snapshotRetentionDays: 3,
      snapshotWindow: '03:00-05:00',
      maintenanceWindow: 'sun:05:00-sun:06:00',
    },
    secrets: ['DATABASE_URL', 'JWT_SECRET', 'ENCRYPTION_KEY', 'SESSION_SECRET', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET',
      'QR_ENCRYPTION_KEY', 'SENDGRID_API_KEY', 'SENTRY_DSN', 'OPENAI_API_KEY',
      // Monitoring (README "Monitoring"): values set out of band like the others.
      'GRAFANA_ADMIN_PASSWORD', 'ALERTMANAGER_SLACK_WEBHOOK_URL', 'POSTGRES_EXPORTER_PASSWORD'],
    backup: { copyRegion: 'eu-central-1', vaultLock: { mode: 'off' } },
    // Scaled to the small instance (20 GiB, ~400 max_connections on db.t4g.medium).
    alarms: { dbFreeStorageGb: 4, dbConnections: 300 },
  },
  eks: {
    kubernetesVersion: '1.36', // one minor ahead of production: upgrades are rehearsed here first
    // Public endpoint restricted to the office/VPN egress and CI runners' ranges (replace the documentation ranges).
    endpoint: { publicAccess: true, publicAccessCidrs: ['203.0.113.0/24', '198.51.100.0/24'] },
    access: {
      adminRoleArns: ['arn:aws:iam::222222222222:role/platform-admin'],
      deployRoleArns: ['arn:aws:iam::222222222222:role/terraform-deploy'],
    },
    nodeGroups: {
      general: { instanceTypes: ['m7i.large', 'm6i.large'], minSize: 1, maxSize: 4, desiredSize: 2 },
      // GPUs scale to zero when idle; the autoscaler's node-template tags let it scale up from zero.
      gpu: { instanceTypes: ['g6.2xlarge', 'g5.2xlarge'], gpu: true, minSize: 0, maxSize: 2, desiredSize: 0, diskSizeGiB: 200 },
    },
  },
  workloads: {
    namespace: 'aifeedback',
    gpuTimeSlicing: 2,
    // Fresh `aws eks get-token` per call: the GPU stack's first apply (nodes, then large image pulls) and node-group
    // rolls outlast a 15-minute token. The runners of the workloads and GPU stacks have the aws CLI (docs/deploying.md).
    kubernetesAuth: 'exec',
    // Same services, smaller; WhisperX on CPU so the GPU group can stay at zero unless Ollama needs it.
    services: serviceCatalog({ app: 'staging.aifeedback.se', api: 'api-staging.aifeedback.se', business: 'business-staging.aifeedback.se' }),
    serviceOverrides: {
      'api-gateway': { autoscaling: { minReplicas: 2, maxReplicas: 4 } },
      'customer-pwa': { replicas: 1 },
      'business-dashboard': { replicas: 1 },
      'voice-processor': { gpu: false, replicas: 1 },
      ollama: { replicas: 1 },
    },
  },
  monitoring: {
    prometheus: { retentionDays: 7, volumeSizeGi: 20 },
    grafana: {
      // No public name in staging (README "DNS and edge"): kubectl port-forward svc/kube-prometheus-stack-grafana 3000:80 -n monitoring
      adminPasswordSecret: 'GRAFANA_ADMIN_PASSWORD',
    },
    alertmanager: {
      receivers: [
        { name: 'slack', kind: 'slack', secret: 'ALERTMANAGER_SLACK_WEBHOOK_URL', channel: '#alerts-staging' },
      ],
      defaultReceiver: 'slack',
      routes: [
        { severity: 'critical', receivers: ['slack'] }, // no paging for staging
        { severity: 'warning', receivers: ['slack'] },
      ],
    },
    postgresExporter: { user: 'prometheus_exporter', passwordSecret: 'POSTGRES_EXPORTER_PASSWORD' },
  },
  // Usage behind `npm run cost` (docs/cost.md); the Cloudflare plan is billed to production (same zone).
  cost: {
    natDataGb: 100,
    internetEgressGb: 50,
    logIngestGb: { '*': 0.5, 'flow-logs': 5, cluster: 5, containers: 10 },
  },
  // Static assets from the private assets bucket: CloudFront with origin access control, Cloudflare proxying to it.
  assetsCdn: { hostnames: ['cdn-staging.aifeedback.se', 'assets-staging.aifeedback.se'] },
  // CloudWatch alarms go to the team list only (no paging for staging).
  alarmNotifications: { subscribers: [{ kind: 'email', address: 'platform-alerts@aifeedback.se' }] },
  logRetentionDays: 90,
  tags: { CostCenter: 'platform', DataClassification: 'internal' },
};
