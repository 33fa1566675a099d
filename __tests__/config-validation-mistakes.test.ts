/**
 * Realistic mistakes, each run through the function the entry point uses (`loadEnvironments`): every one is refused
 * with one line per problem naming the environment, the field path (or the variable) and the rule, and no stack
 * trace. A handful also run through the real entry point as a process (config-validation-entry.test.ts).
 */
import { loadEnvironments, type EnvironmentInput } from '../environments';
import { PLATFORM_ALERTS } from '../environments/alerts';
import { production } from '../environments/production';
import { staging } from '../environments/staging';
import { ConfigValidationError } from '../environments/validate';
import { mutated, withS3State } from './support/config';
import { developmentEnvironment } from './support/environments';

type Mutable = Parameters<Parameters<typeof mutated>[1]>[0];
type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Registry = Record<string, EnvironmentInput>;

interface Mistake {
  readonly label: string;
  readonly registry: Registry;
  readonly vars?: Record<string, string>;
  /** Expected line: environment, field path (as printed), rule. */
  readonly env: string;
  readonly path: string;
  readonly rule: RegExp;
  /** Problems the mistake causes in total (one line each). @default 1 */
  readonly lines?: number;
}

const prod = (change: (e: Mutable) => void): Registry => ({ production: mutated(production, change), staging });
const stg = (change: (e: Mutable) => void): Registry => ({ production, staging: mutated(staging, change) });
const dev = (change: (e: Mutable) => void = () => undefined, name = 'dev'): Registry =>
  ({ production, staging, [name]: mutated(developmentEnvironment(name), change) });
const service = (e: Mutable, name: string): Any => (e.workloads.services as Any[]).find((s) => s.name === name);
const alerts = (e: Mutable, change: (list: Any[]) => void) => {
  const list = structuredClone(PLATFORM_ALERTS) as Any[];
  change(list);
  (e.monitoring as Any).alerts = list;
};
const m = (label: string, registry: Registry, env: string, path: string, rule: RegExp, extra: Partial<Mistake> = {}): Mistake =>
  ({ label, registry, env, path, rule, ...extra });

export const MISTAKES: readonly Mistake[] = [
  // Network
  m('VPC larger than AWS allows', prod((e) => { e.network.vpcCidr = '10.0.0.0/8'; }), 'production', 'network.vpcCidr', /\/8 is outside AWS's VPC size limits \(\/16 to \/28\)/),
  m('private subnet too small for the pods', prod((e) => { e.network.subnets.private[0] = '10.10.32.0/28'; }), 'production', 'network.subnets.private[0]', /has 11 usable addresses but the node groups need up to \d+ per zone.*use \/2\d or larger/),
  m('private subnet /24 for production pod density', prod((e) => { e.network.subnets.private[1] = '10.10.64.0/24'; }), 'production', 'network.subnets.private[1]', /251 usable addresses/),
  m('public subnet too small for the load balancer', prod((e) => { e.network.subnets.public[2] = '10.10.2.0/28'; }), 'production', 'network.subnets.public[2]', /Application Load Balancer needs \/27/),
  m('subnet smaller than AWS allows', stg((e) => { e.network.subnets.isolated[0] = '10.20.200.0/29'; }), 'staging', 'network.subnets.isolated[0]', /smaller than AWS's smallest subnet \(\/28\)/),
  m('natGateways misspelled', prod((e) => { const n = e.network as Any; n.natGateway = n.natGateways; delete n.natGateways; }), 'production', 'network.natGateways', /required key is missing; found "natGateway"/),
  m('VPC CIDR with host bits', prod((e) => { e.network.vpcCidr = '10.10.0.1/16'; }), 'production', 'network.vpcCidr', /IPv4 network CIDR/),
  m('subnet outside the VPC', stg((e) => { e.network.subnets.public[1] = '10.99.1.0/24'; }), 'staging', 'network.subnets.public[1]', /not inside network.vpcCidr/),
  m('overlapping subnets', prod((e) => { e.network.subnets.isolated[0] = '10.10.32.0/24'; }), 'production', 'network.subnets.isolated[0]', /overlaps network.subnets.private\[0\]/),
  m('interface endpoint misspelled', stg((e) => { (e.network.interfaceEndpoints as string[])[0] = 'ecr-api'; }), 'staging', 'network.interfaceEndpoints[0]', /did you mean "ecr.api"/),
  m('flow-log retention CloudWatch lacks', stg((e) => { e.network.flowLogs.retentionDays = 100; }), 'staging', 'network.flowLogs.retentionDays', /CloudWatch's retention values/),
  m('flow-log traffic type in lower case', stg((e) => { (e.network.flowLogs as Any).trafficType = 'all'; }), 'staging', 'network.flowLogs.trafficType', /did you mean "ALL"/),
  m('one subnet per zone missing', stg((e) => { e.network.subnets.isolated.pop(); }), 'staging', 'network.subnets.isolated', /has 2 subnets but aws.availabilityZones has 3/),
  m('unknown network key far from any', stg((e) => { (e.network as Any).ipv6 = true; }), 'staging', 'network.ipv6', /unknown key; known keys: vpcCidr, subnets/),
  // EKS
  m('GPU disk size key misspelled', prod((e) => { (e.eks.nodeGroups.gpu as Any).diskSizeGb = 200; delete (e.eks.nodeGroups.gpu as Any).diskSizeGiB; }), 'production', 'eks.nodeGroups.gpu.diskSizeGb', /unknown key; did you mean "diskSizeGiB"\?/),
  m('node group mixing size classes', prod((e) => { e.eks.nodeGroups.general.instanceTypes = ['m7i.large', 'm7i.xlarge']; }), 'production', 'eks.nodeGroups.general.instanceTypes[1]', /m7i.xlarge \(4 vCPU \/ 16 GiB\) is not the size class of m7i.large \(2 vCPU \/ 8 GiB\)/),
  m('GPU group mixing GPU sizes', stg((e) => { e.eks.nodeGroups.gpu.instanceTypes = ['g6.2xlarge', 'g5.4xlarge']; }), 'staging', 'eks.nodeGroups.gpu.instanceTypes[1]', /one size class per node group/),
  m('instance type misspelled', stg((e) => { e.eks.nodeGroups.general.instanceTypes = ['m7i.larg']; }), 'staging', 'eks.nodeGroups.general.instanceTypes[0]', /not in the table of allowed instance types.*did you mean "m7i.large"/),
  m('Kubernetes version out of support', prod((e) => { (e.eks as Any).kubernetesVersion = '1.29'; }), 'production', 'eks.kubernetesVersion', /"1\.29" is not in the version table \(environments\/versions\.ts KUBERNETES_VERSIONS.*EKS standard support ends/),
  m('node group min above max', stg((e) => { e.eks.nodeGroups.general.minSize = 5; }), 'staging', 'eks.nodeGroups.general.minSize', /5 is greater than maxSize 4/, { lines: 2 }),
  m('desired size above max', stg((e) => { e.eks.nodeGroups.general.desiredSize = 9; }), 'staging', 'eks.nodeGroups.general.desiredSize', /outside minSize..maxSize/),
  m('public endpoint without allowed networks', stg((e) => { e.eks.endpoint.publicAccessCidrs = []; }), 'staging', 'eks.endpoint.publicAccessCidrs', /must list the allowed networks/),
  m('public endpoint open to the internet', stg((e) => { e.eks.endpoint.publicAccessCidrs = ['0.0.0.0/0']; }), 'staging', 'eks.endpoint.publicAccessCidrs[0]', /opens the API to the internet/),
  m('access role in another account', prod((e) => { e.eks.access.deployRoleArns = ['arn:aws:iam::222222222222:role/terraform-deploy']; }), 'production', 'eks.access.deployRoleArns[0]', /not in aws.accountId 111111111111/),
  m('access role ARN malformed', prod((e) => { e.eks.access.adminRoleArns = ['platform-admin']; }), 'production', 'eks.access.adminRoleArns[0]', /must be an IAM role ARN/),
  m('GPU node group removed', stg((e) => { delete (e.eks.nodeGroups as Any).gpu; }), 'staging', 'eks.nodeGroups.gpu', /is required/, { lines: 2 }),
  m('instance types as a string', stg((e) => { (e.eks.nodeGroups.general as Any).instanceTypes = 'm7i.large'; }), 'staging', 'eks.nodeGroups.general.instanceTypes', /Expected array, received string/),
  m('node count as a string', stg((e) => { (e.eks.nodeGroups.general as Any).maxSize = '4'; }), 'staging', 'eks.nodeGroups.general.maxSize', /Expected number, received string/),
  m('node group name in capitals', stg((e) => { const g = e.eks.nodeGroups as Any; g.General = g.general; delete g.general; }), 'staging', 'eks.nodeGroups.General', /short lower-case words/, { lines: 2 }),
  // Data
  m('Postgres version typo', prod((e) => { e.data.postgres.engineVersion = '61'; }), 'production', 'data.postgres.engineVersion', /"61" is not a supported PostgreSQL version/),
  m('Postgres version out of support', prod((e) => { e.data.postgres.engineVersion = '14'; }), 'production', 'data.postgres.engineVersion', /15 or newer/),
  m('Redis version of Valkey', prod((e) => { e.data.redis.engineVersion = '7.2'; }), 'production', 'data.redis.engineVersion', /7.2 is not a supported redis version \(7.0, 7.1/),
  m('alarm key misspelled', stg((e) => { const a = e.data.alarms as Any; a.dbConnection = 300; delete a.dbConnections; }), 'staging', 'data.alarms.dbConnection', /did you mean "dbConnections"/),
  m('backups switched off', stg((e) => { e.data.postgres.backupRetentionDays = 0; }), 'staging', 'data.postgres.backupRetentionDays', /disables automated backups/),
  m('single-AZ database in production', prod((e) => { e.data.postgres.multiAz = false; }), 'production', 'data.postgres.multiAz', /must be true in production/),
  m('maintenance during backup', prod((e) => { e.data.postgres.maintenanceWindow = 'sun:03:30-sun:04:30'; }), 'production', 'data.postgres.maintenanceWindow', /overlaps data.postgres.backupWindow/),
  m('backup window without leading zero', stg((e) => { e.data.postgres.backupWindow = '3:00-4:00'; }), 'staging', 'data.postgres.backupWindow', /hh:mm-hh:mm/),
  m('instance class without db. prefix', prod((e) => { e.data.postgres.instanceClass = 'r6g.xlarge'; }), 'production', 'data.postgres.instanceClass', /RDS instance class/),
  m('secret listed twice', stg((e) => { e.data.secrets.push('JWT_SECRET'); }), 'staging', `data.secrets[${staging.data.secrets.length}]`, /listed twice/),
  m('backup copy in the same region', prod((e) => { e.data.backup.copyRegion = 'eu-north-1'; }), 'production', 'data.backup.copyRegion', /must differ from aws.region/),
  m('proxy login secret not created', prod((e) => { e.data.secrets = e.data.secrets.filter((s) => s !== 'POSTGRES_APP_CREDENTIALS'); }), 'production', 'data.postgres.proxy.credentialsSecret', /not in data.secrets/),
  m('storage as a string', prod((e) => { (e.data.postgres as Any).allocatedStorageGb = '100'; }), 'production', 'data.postgres.allocatedStorageGb', /Expected number, received string/),
  m('reserved master user', stg((e) => { e.data.postgres.masterUsername = 'postgres'; }), 'staging', 'data.postgres.masterUsername', /reserved by RDS/),
  m('backup copy region misspelled', stg((e) => { e.data.backup.copyRegion = 'eu-central1'; }), 'staging', 'data.backup.copyRegion', /did you mean "eu-central-1"/),
  // Edge
  m('hostname outside the domain', stg((e) => { e.edge.hostnames[1].name = 'api-staging.aifeedback.com'; }), 'staging', 'edge.hostnames[1].name', /not inside domain.apex/, { lines: 2 }),
  m('origin zone outside the domain', stg((e) => { e.edge.originZone = 'origin-staging.example.net'; }), 'staging', 'edge.originZone', /must be a subdomain of domain.apex/),
  m('rate limit on an unknown host', prod((e) => { e.edge.cloudflare.rateLimits![0].hosts = ['api2.aifeedback.se']; }), 'production', 'edge.cloudflare.rateLimits[0].hosts[0]', /not one of edge.hostnames/),
  m('rate-limit period Cloudflare lacks', prod((e) => { e.edge.cloudflare.rateLimits![1].period = 30; }), 'production', 'edge.cloudflare.rateLimits[1].period', /not a Cloudflare rate-limit period/),
  m('zone id pasted with a dash', prod((e) => { (e.edge.cloudflare.zone as Any).zoneId = '0123456789abcdef-0123456789abcdef'; }), 'production', 'edge.cloudflare.zone.zoneId', /32-character lower-case hex/),
  m('restricted host without access rule', prod((e) => { delete e.edge.cloudflare.restrictedAccess; }), 'production', 'edge.cloudflare.restrictedAccess', /is required when a hostname is restricted/),
  m('zone mode misspelled', stg((e) => { (e.edge.cloudflare.zone as Any).mode = 'adpot'; }), 'staging', 'edge.cloudflare.zone.mode', /Invalid discriminator value.*did you mean "adopt"/),
  m('cache mode capitalised', stg((e) => { (e.edge.hostnames[3] as Any).cache = 'Static'; }), 'staging', 'edge.hostnames[3].cache', /did you mean "static"/),
  m('health check outside the domain', prod((e) => { e.edge.healthChecks![0].fqdn = 'api.aifeedback.com'; }), 'production', 'edge.healthChecks[0].fqdn', /not inside domain.apex/),
  m('ownsZoneConfiguration misspelled', stg((e) => { const c = e.edge.cloudflare as Any; c.ownsZoneConfig = false; delete c.ownsZoneConfiguration; }), 'staging', 'edge.cloudflare.ownsZoneConfiguration', /required key is missing; found "ownsZoneConfig"/),
  // State and its environment variables
  m('state region misspelled', prod((e) => { (e.state as Any).region = 'eu-nort-1'; }), 'production', 'state.region', /"eu-nort-1" is not one of the supported regions.*did you mean "eu-north-1"/),
  m('TF_STATE_BUCKET with dots', { production: withS3State(production), staging: withS3State(staging) }, 'production', 'state.bucket (from TF_STATE_BUCKET="Bad.Bucket")', /no dots/, { vars: { TF_STATE_BUCKET: 'Bad.Bucket' }, lines: 2 }),
  m('TF_CLOUD_ORGANIZATION too short', stg((e) => { e.state = { backend: 'cloud', organization: 'acme-platform', workspacePrefix: 'aifeedback', agentPool: 'aifeedback-staging' }; }), 'staging', 'state.organization (from TF_CLOUD_ORGANIZATION="x")', /Terraform Cloud organization/, { vars: { TF_CLOUD_ORGANIZATION: 'x' } }),
  m('state key prefix with slashes around', prod((e) => { (e.state as Any).keyPrefix = '/aifeedback/'; }), 'production', 'state.keyPrefix', /must be a path/),
  m('local state in production', prod((e) => { e.state = { backend: 'local' }; }), 'production', 'state.backend', /only for development/),
  m('state bucket key misspelled', { production, staging: mutated(withS3State(staging), (e) => { const s = e.state as Any; s.buckett = s.bucket; delete s.bucket; }) }, 'staging', 'state.bucket', /found "buckett"/),
  m('unsupported backend', stg((e) => { (e.state as Any).backend = 'gcs'; }), 'staging', 'state.backend', /Invalid discriminator value/),
  // Account and region
  m('account id with a digit missing', prod((e) => { e.aws.accountId = '11111111111'; }), 'production', 'aws.accountId', /12-digit AWS account id/),
  m('account id as a number', stg((e) => { (e.aws as Any).accountId = 222222222222; }), 'staging', 'aws.accountId', /Expected string, received number/),
  m('region misspelled', stg((e) => { e.aws.region = 'eu-north1'; }), 'staging', 'aws.region', /did you mean "eu-north-1"/),
  m('zone of another region', prod((e) => { e.aws.availabilityZones[0] = 'eu-west-1a'; }), 'production', 'aws.availabilityZones[0]', /not an availability zone of aws.region eu-north-1/),
  m('unknown region reported once, not per zone', prod((e) => { e.aws.region = 'mars-north-1'; }), 'production', 'aws.region', /supported regions/, { lines: 1 }),
  m('zone listed twice', prod((e) => { e.aws.availabilityZones[2] = 'eu-north-1b'; }), 'production', 'aws.availabilityZones[2]', /listed twice/),
  // Monitoring and alerts
  m('alert with an empty expression', prod((e) => alerts(e, (a) => { a[0].expr = ' '; })), 'production', 'monitoring.alerts[0].expr', /must not be empty/),
  m('alert severity no route knows', prod((e) => alerts(e, (a) => { a[1].severity = 'page'; })), 'production', 'monitoring.alerts[1].severity', /Invalid enum value.*allowed: critical, warning, info/),
  m('alert duration in words', stg((e) => alerts(e, (a) => { a[2].for = '5 minutes'; })), 'staging', 'monitoring.alerts[2].for', /Prometheus duration/),
  m('alert defined twice', prod((e) => alerts(e, (a) => { a.push({ ...a[0] }); })), 'production', `monitoring.alerts[${PLATFORM_ALERTS.length}].alert`, /already defined at monitoring.alerts\[0\]/),
  m('alert expression cut short', prod((e) => alerts(e, (a) => { a[3].expr = 'rate(voice_processing_errors_total[5m] > 0.05'; })), 'production', 'monitoring.alerts[3].expr', /not valid PromQL: ".*" is missing/),
  m('alert key misspelled', prod((e) => alerts(e, (a) => { a[4].sevrity = a[4].severity; delete a[4].severity; })), 'production', 'monitoring.alerts[4].severity', /found "sevrity"/),
  m('info alert without a route', stg((e) => alerts(e, (a) => { a[5].severity = 'info'; })), 'staging', 'monitoring.alerts[5].severity', /"info" \(alerts FraudRateHigh\) has no route/),
  m('route to an unknown receiver', prod((e) => { e.monitoring.alertmanager.routes[0].receivers = ['pager-duty']; }), 'production', 'monitoring.alertmanager.routes[0].receivers[0]', /not one of alertmanager.receivers/),
  m('default receiver unknown', stg((e) => { e.monitoring.alertmanager.defaultReceiver = 'email'; }), 'staging', 'monitoring.alertmanager.defaultReceiver', /not one of alertmanager.receivers/),
  m('severity routed twice', prod((e) => { e.monitoring.alertmanager.routes[1].severity = 'critical'; }), 'production', 'monitoring.alertmanager.routes[1].severity', /never fires/, { lines: 2 }),
  m('receiver secret not created', stg((e) => { (e.monitoring.alertmanager.receivers[0] as Any).secret = 'SLACK_WEBHOOK'; }), 'staging', 'monitoring.alertmanager.receivers[0].secret', /not in data.secrets/),
  m('Slack channel without #', stg((e) => { (e.monitoring.alertmanager.receivers[0] as Any).channel = 'alerts-staging'; }), 'staging', 'monitoring.alertmanager.receivers[0].channel', /Slack channel/),
  m('Grafana on a name the edge lacks', prod((e) => { e.monitoring.grafana.hostname = 'grafana.aifeedback.se'; }), 'production', 'monitoring.grafana.hostname', /not one of edge.hostnames/),
  m('Prometheus keeps nothing', stg((e) => { e.monitoring.prometheus.retentionDays = 0; }), 'staging', 'monitoring.prometheus.retentionDays', /at least 1 day/),
  // Service catalog and per-environment overrides
  // Positions from the catalog: the pasted copy lands after the last entry.
  m('service block pasted twice', prod((e) => { (e.workloads.services as Any[]).push({ ...service(e, 'voice-processor'), gpu: false }); }), 'production',
    `workloads.services[${production.workloads.services.length}].name`,
    new RegExp(`"voice-processor" is already defined at workloads.services\\[${production.workloads.services.findIndex((s) => s.name === 'voice-processor')}\\]`)),
  m('override names a misspelled service', stg((e) => { const o = e.workloads.serviceOverrides as Any; o['voice-processer'] = o['voice-processor']; delete o['voice-processor']; }), 'staging', 'workloads.serviceOverrides.voice-processer', /no service "voice-processer".*did you mean "voice-processor"/),
  m('override key misspelled', stg((e) => { (e.workloads.serviceOverrides as Any).ollama = { replica: 1 }; }), 'staging', 'workloads.serviceOverrides.ollama.replica', /did you mean "replicas"/),
  m('override value of the wrong type', stg((e) => { (e.workloads.serviceOverrides as Any).ollama = { replicas: 'one' }; }), 'staging', 'workloads.serviceOverrides.ollama.replicas', /Expected number, received string/),
  m('override leaves autoscaling incomplete', stg((e) => { (e.workloads.serviceOverrides as Any)['customer-pwa'] = { autoscaling: { minReplicas: 1, cpuPercent: 70 } }; }), 'staging', 'workloads.services.customer-pwa.autoscaling.maxReplicas', /required key is missing/),
  m('image tag latest', prod((e) => { service(e, 'ollama').image.tag = 'latest'; }), 'production', 'workloads.services.ollama.image.tag', /floating tag/),
  m('tag inside the repository', prod((e) => { service(e, 'api-gateway').image.repository = 'aifeedback/api-gateway:1.4.2'; }), 'production', 'workloads.services.api-gateway.image.repository', /tag inside the repository: move "1.4.2" to image.tag/),
  m('digest inside the repository', prod((e) => { service(e, 'ollama').image.repository = `ollama/ollama@sha256:${'a'.repeat(64)}`; }), 'production', 'workloads.services.ollama.image.repository', /digest inside the repository/),
  m('no tag or digest', stg((e) => { service(e, 'customer-pwa').image.tag = ''; }), 'staging', 'workloads.services.customer-pwa.image.tag', /a tag or a digest is required/),
  m('service key misspelled', prod((e) => { const s = service(e, 'admin-dashboard'); s.hostName = s.hostname; delete s.hostname; }), 'production', 'workloads.services.admin-dashboard.hostName', /did you mean "hostname"/),
  m('network peer misspelled', prod((e) => { service(e, 'ollama').ingressFrom = ['api-gatway']; }), 'production', 'workloads.services.ollama.ingressFrom[0]', /neither a service nor alb\/monitoring/),
  m('service on a name the edge lacks', stg((e) => { service(e, 'business-dashboard').hostname = 'biz-staging.aifeedback.se'; }), 'staging', 'workloads.services.business-dashboard.hostname', /not one of edge.hostnames/),
  // Unknown and missing keys at the top
  m('tags misspelled', stg((e) => { const t = e as Any; t.tag = t.tags; delete t.tags; }), 'staging', 'tag', /unknown key; did you mean "tags"/),
  m('log retention left out', prod((e) => { delete (e as Any).logRetentionDays; }), 'production', 'logRetentionDays', /required key is missing$/),
  m('registered under another name', { production, stage: staging }, 'stage', 'name', /is "staging" but the environment is registered as "stage"/),
  // Across environments
  m('new environment reuses production\'s VPC range', dev((e) => {
    e.network.vpcCidr = '10.10.0.0/16';
    e.network.subnets = { public: ['10.10.0.0/24', '10.10.1.0/24', '10.10.2.0/24'], private: ['10.10.32.0/19', '10.10.64.0/19', '10.10.96.0/19'], isolated: ['10.10.200.0/24', '10.10.201.0/24', '10.10.202.0/24'] };
  }), 'dev', 'network.vpcCidr', /"10.10.0.0\/16" clashes with network.vpcCidr "10.10.0.0\/16" of environment "production": the VPCs share a VPN/),
  m('new environment inside staging\'s VPC range', dev((e) => {
    e.network.vpcCidr = '10.20.128.0/17';
    e.network.subnets = { public: ['10.20.128.0/24', '10.20.129.0/24', '10.20.130.0/24'], private: ['10.20.160.0/20', '10.20.176.0/20', '10.20.192.0/20'], isolated: ['10.20.240.0/24', '10.20.241.0/24', '10.20.242.0/24'] };
  }), 'dev', 'network.vpcCidr', /clashes with network.vpcCidr "10.20.0.0\/16" of environment "staging"/),
  m('new environment claims staging\'s API name', dev((e) => {
    e.edge.hostnames[1].name = 'api-staging.aifeedback.se';
    service(e, 'api-gateway').hostname = 'api-staging.aifeedback.se';
  }), 'dev', 'edge.hostnames[1].name', /clashes with edge.hostnames\[1\].name "api-staging.aifeedback.se" of environment "staging"/),
  m('new environment copies staging\'s origin zone', dev((e) => { e.edge.originZone = 'origin-staging.aifeedback.se'; }), 'dev', 'edge.originZone', /of environment "staging": each environment delegates its own Route53 origin zone/),
  m('new origin zone nested in production\'s', dev((e) => { e.edge.originZone = 'dev.origin.aifeedback.se'; }), 'dev', 'edge.originZone', /clashes with edge.originZone "origin.aifeedback.se" of environment "production"/),
  m('new environment copies staging\'s private zone', dev((e) => { e.edge.privateZone = 'staging.aifeedback.internal'; }), 'dev', 'edge.privateZone', /of environment "staging"/),
  m('second owner of the Cloudflare zone', dev((e) => { e.edge.cloudflare.ownsZoneConfiguration = true; e.edge.cloudflare.zone = structuredClone(production.edge.cloudflare.zone); }), 'dev', 'edge.cloudflare.ownsZoneConfiguration', /environment "production" already manages the configuration/),
  m('cluster name shared through the project slug', {
    production, staging,
    'dev-west': developmentEnvironment('dev-west', '634512789023', 0),
    west: mutated(developmentEnvironment('west', '634512789024', 1), (e) => { e.project = 'aifeedback-dev'; }),
  }, 'west', 'name', /"aifeedback-dev-west" clashes with name "aifeedback-dev-west" of environment "dev-west": the EKS cluster name/),
];

function problemsOf(mistake: Mistake): { problems: readonly string[]; error: unknown } {
  try {
    loadEnvironments(mistake.vars ?? {}, mistake.registry);
    return { problems: [], error: undefined };
  } catch (error) {
    return { problems: error instanceof ConfigValidationError ? error.problems : [], error };
  }
}

test('the suite covers at least 70 distinct mistakes', () => {
  expect(new Set(MISTAKES.map((x) => x.label)).size).toBe(MISTAKES.length);
  expect(MISTAKES.length).toBeGreaterThanOrEqual(70);
});

test('the registry without mistakes is valid (so each case fails for its own mistake)', () => {
  expect(() => loadEnvironments({}, { production, staging, dev: developmentEnvironment() })).not.toThrow();
});

describe.each(MISTAKES.map((x) => [x.label, x] as const))('%s', (_label, mistake) => {
  const { problems, error } = problemsOf(mistake);

  test('is refused with a validation error, not a crash', () => {
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as Error).stack).not.toMatch(/\n\s+at /);
  });

  test('names the environment, the field and the rule, one line per problem', () => {
    const prefix = `environment "${mistake.env}": ${mistake.path}: `;
    const line = problems.find((p) => p.startsWith(prefix));
    expect({ line, problems }).toEqual({ line: expect.stringMatching(mistake.rule), problems });
    expect(problems).toHaveLength(mistake.lines ?? 1);
    for (const p of problems) expect(p).toMatch(/^environment "[^"]+": \S+( \(from [A-Z_]+=".*"\))?: [^\n]+$/);
  });
});
