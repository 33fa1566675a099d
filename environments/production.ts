/** Production: full HA in Stockholm (eu-north-1), three zones. Values from docs/platform-facts.md. */
import type { EnvironmentInput } from './schema/environment';
import { serviceCatalog } from './services';

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
  edge: {
    // Route53 serves the origin names; the Cloudflare zone delegates this subzone to it (NS + DS records managed here).
    originZone: 'origin.aifeedback.se',
    privateZone: 'production.aifeedback.internal',
    queryLogRetentionDays: 365,
    hostnames: [
      { name: 'aifeedback.se', origin: 'app' },
      { name: 'api.aifeedback.se', origin: 'api', cache: 'bypass' },
      { name: 'business.aifeedback.se', origin: 'business' },
      { name: 'admin.aifeedback.se', origin: 'admin', cache: 'bypass', restricted: true },
      { name: 'monitoring.aifeedback.se', origin: 'monitoring', cache: 'bypass', restricted: true },
      { name: 'cdn.aifeedback.se', origin: 'cdn', cache: 'static' },
      { name: 'assets.aifeedback.se', origin: 'assets', cache: 'static' },
    ],
    // Probes go through Cloudflare: the origin admits only Cloudflare's ranges.
    healthChecks: [{ name: 'api', fqdn: 'api.aifeedback.se', path: '/health' }],
    cloudflare: {
      // Cloudflare is already authoritative for the domain: adopt the zone. Replace with the real zone id (dashboard → Overview).
      zone: { mode: 'adopt', zoneId: '0123456789abcdef0123456789abcdef' },
      ownsZoneConfiguration: true,
      // Preload is hard to undo (browser lists): turn on only after every subdomain serves HTTPS for a while.
      hstsPreload: false,
      // Replace with the office / VPN egress networks (TEST-NET-3 placeholder).
      restrictedAccess: { mode: 'ip-allow-list', allowList: ['203.0.113.0/24'] },
      // The platform's 1000 requests per 15 min per client, as 67 per 60 s (60 s is the longest period Pro allows); auth is stricter.
      rateLimits: [
        { name: 'api-auth', hosts: ['api.aifeedback.se'], pathPrefix: '/api/auth/', period: 60, requestsPerPeriod: 10, mitigationTimeout: 600 },
        { name: 'api', hosts: ['api.aifeedback.se'], period: 60, requestsPerPeriod: 67, mitigationTimeout: 600 },
      ],
      staticPathPrefixes: ['/_next/static/'],
    },
  },
  // GitHub Actions deploys this environment through OIDC roles in its account (docs/deploying.md).
  pipeline: { repository: 'aifeedback/aifeedback-infrastructure' },
  // State in this environment's own account: `cdktf deploy bootstrap-production` creates the bucket, its key and the backend
  // role (docs/state.md). Every stack assumes the role; only the trusted deploy/admin roles may.
  state: {
    backend: 's3',
    bucket: 'aifeedback-production-terraform-state',
    region: 'eu-north-1',
    keyPrefix: 'aifeedback',
    roleArn: 'arn:aws:iam::111111111111:role/aifeedback-production-terraform-state',
    trustedRoleArns: ['arn:aws:iam::111111111111:role/terraform-deploy', 'arn:aws:iam::111111111111:role/platform-admin'],
  },
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
  // The deploy runner (Terraform Cloud agent pool / CI runners) sits in the ops network 10.100.0.0/16, reached over the
  // organization's Transit Gateway (shared to this account through RAM). Replace with the real gateway id.
  runnerNetwork: { attachment: 'transit-gateway', transitGatewayId: 'tgw-0123456789abcdef0', cidrs: ['10.100.0.0/16'] },
  data: {
    postgres: {
      // PostgreSQL 16 (the platform's original plan said 15): community support until Nov 2028, a year beyond 15, so the forced upgrade
      // comes later (extended support is disabled); pg_stat_io and faster bulk loads. Major only: minors auto-upgrade.
      engineVersion: '16',
      instanceClass: 'db.r6g.xlarge',
      allocatedStorageGb: 100,
      maxAllocatedStorageGb: 1000,
      multiAz: true,
      backupRetentionDays: 7, // point-in-time recovery; AWS Backup keeps the long tiers (30 d to 7 y)
      backupWindow: '03:00-04:00',
      maintenanceWindow: 'sun:04:00-sun:05:00',
      performanceInsightsRetentionDays: 7,
      caCertIdentifier: 'rds-ca-rsa2048-g1',
      databaseName: 'aifeedback',
      masterUsername: 'aifeedback_admin',
      readReplicas: 0, // add replicas when read load calls for them (config only)
      // Pooling for the platform's 1000 clients (in place of the PgBouncer it planned). Reaches Secrets Manager through the interface endpoint.
      proxy: { enabled: true, maxConnectionsPercent: 90 },
    },
    redis: {
      engine: 'redis',
      engineVersion: '7.1',
      nodeType: 'cache.r6g.large',
      replicas: 2,
      multiAz: true,
      snapshotRetentionDays: 7,
      snapshotWindow: '03:00-05:00',
      maintenanceWindow: 'sun:05:00-sun:06:00',
    },
    // REDIS_PASSWORD is not created: Redis uses IAM authentication (README: "Data layer").
    secrets: ['DATABASE_URL', 'JWT_SECRET', 'ENCRYPTION_KEY', 'SESSION_SECRET', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET',
      'QR_ENCRYPTION_KEY', 'SENDGRID_API_KEY', 'SENTRY_DSN', 'OPENAI_API_KEY',
      // {"username":"aifeedback_app","password":…}: the RDS Proxy's login as the app role.
      'POSTGRES_APP_CREDENTIALS',
      // Monitoring (README "Monitoring"): values set out of band like the others.
      'GRAFANA_ADMIN_PASSWORD', 'ALERTMANAGER_SLACK_WEBHOOK_URL', 'ALERTMANAGER_PAGERDUTY_ROUTING_KEY', 'POSTGRES_EXPORTER_PASSWORD'],
    backup: { copyRegion: 'eu-central-1', vaultLock: { mode: 'off' } },
  },
  eks: {
    kubernetesVersion: '1.35',
    // Private API only: Terraform runs from the ops network (runnerNetwork), admitted here on 443.
    endpoint: { publicAccess: false, privateAccessCidrs: ['10.100.0.0/16'] },
    access: {
      adminRoleArns: ['arn:aws:iam::111111111111:role/platform-admin'],
      deployRoleArns: ['arn:aws:iam::111111111111:role/terraform-deploy'],
      viewerRoleArns: ['arn:aws:iam::111111111111:role/platform-readonly'],
    },
    nodeGroups: {
      // Guide: m5.large 1-10 (desired 3). m7i.large: same 2 vCPU / 8 GiB, newer generation, lower price per performance.
      general: { instanceTypes: ['m7i.large', 'm6i.large'], minSize: 3, maxSize: 10, desiredSize: 3, diskSizeGiB: 50 },
      // Guide: p3.2xlarge (V100 16 GB, ~3 USD/h). g6.2xlarge (L4 24 GB, 8 vCPU / 32 GiB) costs about a quarter as much per
      // GPU-hour, fits Ollama and WhisperX large-v2 side by side with time-slicing, and runs the AL2023 NVIDIA AMI.
      gpu: { instanceTypes: ['g6.2xlarge', 'g5.2xlarge'], gpu: true, minSize: 1, maxSize: 5, desiredSize: 2, diskSizeGiB: 200 },
    },
  },
  workloads: {
    namespace: 'aifeedback',
    gpuTimeSlicing: 2,
    // Fresh `aws eks get-token` per call: the GPU stack's first apply (nodes, then large image pulls) and node-group
    // rolls outlast a 15-minute token. The runners of the workloads and GPU stacks have the aws CLI (docs/deploying.md).
    kubernetesAuth: 'exec',
    services: serviceCatalog({ app: 'aifeedback.se', api: 'api.aifeedback.se', business: 'business.aifeedback.se', admin: 'admin.aifeedback.se' }),
  },
  monitoring: {
    prometheus: { retentionDays: 30, volumeSizeGi: 100 },
    grafana: {
      hostname: 'monitoring.aifeedback.se', // restricted at Cloudflare (edge.cloudflare.restrictedAccess)
      adminPasswordSecret: 'GRAFANA_ADMIN_PASSWORD',
    },
    alertmanager: {
      receivers: [
        { name: 'slack', kind: 'slack', secret: 'ALERTMANAGER_SLACK_WEBHOOK_URL', channel: '#alerts' },
        { name: 'pagerduty', kind: 'pagerduty', secret: 'ALERTMANAGER_PAGERDUTY_ROUTING_KEY' },
      ],
      defaultReceiver: 'slack',
      routes: [
        { severity: 'critical', receivers: ['pagerduty', 'slack'] },
        { severity: 'warning', receivers: ['slack'] },
      ],
    },
    postgresExporter: { user: 'prometheus_exporter', passwordSecret: 'POSTGRES_EXPORTER_PASSWORD' },
  },
  // Usage behind `npm run cost` (docs/cost.md): estimates to replace with figures from the first bills.
  cost: {
    cloudflarePlan: 'pro', // the zone's plan: production owns the zone configuration
    natDataGb: 500,
    interfaceEndpointDataGb: 500,
    internetEgressGb: 1000,
    albLcus: 2,
    logIngestGb: { '*': 1, 'flow-logs': 30, cluster: 20, containers: 60 },
    s3StorageGb: { '*': 5, assets: 50, backups: 200, 'access-logs': 20 },
    route53QueriesMillions: 2,
  },
  // Continuous copies in Frankfurt (docs/disaster-recovery.md); every protection defaults to on.
  dr: { region: 'eu-central-1' },
  // CloudWatch alarms (database, cache): the platform team's list, and paging through PagerDuty's CloudWatch integration
  // (its URL holds the integration key: set TF_VAR_alarm_pagerduty_url when deploying; docs/first-deploy.md).
  // Static assets from the private assets bucket: CloudFront with origin access control, Cloudflare proxying to it.
  assetsCdn: { hostnames: ['cdn.aifeedback.se', 'assets.aifeedback.se'] },
  alarmNotifications: {
    subscribers: [
      { kind: 'email', address: 'platform-alerts@aifeedback.se' },
      { kind: 'pagerduty', variable: 'alarm_pagerduty_url' },
    ],
  },
  logRetentionDays: 365,
  tags: { CostCenter: 'platform', DataClassification: 'confidential' },
};
