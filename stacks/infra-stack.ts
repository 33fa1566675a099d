/** `<env>`: everything outside Kubernetes (docs/decisions/0001-two-stacks-per-environment.md). */
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { appDataAccessStatements } from '../constructs/data/app-data-access';
import { NodeSecurityGroup } from '../constructs/eks/node-security-group';
import { PlatformCluster } from '../constructs/eks/platform-cluster';
import { DataLayer } from '../constructs/data/data-layer';
import { EdgeLayer } from '../constructs/edge/edge-layer';
import { MonitoringInfra } from '../constructs/monitoring/monitoring-infra';
import { cloudWatchLogsGrant, KmsKey } from '../constructs/kms-key';
import { Network } from '../constructs/network';
import { configureBackend } from '../constructs/state-backend';
import { recordCostAssumptions } from '../constructs/cost-assumptions';
import { CLOUDFLARE_IP_RANGES } from '../environments/cloudflare-ip-ranges';
import type { EnvironmentConfig } from '../environments/schema/environment';
import { usesPodIdentity } from '../environments/schema/workloads';
import { partitionOf } from '../lib/aws-regions';
import { pipelineRoleArns, planKubernetesGroup } from '../environments/schema/pipeline';
import { awsProvider } from '../constructs/aws-provider';

export class InfraStack extends TerraformStack {
  public readonly env: EnvironmentConfig;
  public readonly namePrefix: string;
  public readonly partition: string;
  /** Encrypts every CloudWatch log group of the environment. */
  public readonly logsKey: KmsKey;
  public readonly network: Network;
  /** Security group of EKS nodes and pods: the only source data stores admit. */
  public readonly nodeSecurityGroup: NodeSecurityGroup;
  public readonly nodeSecurityGroupId: string;
  /** RDS PostgreSQL, Redis, app secrets, buckets, AWS Backup and alarms (docs/data.md). */
  public readonly data: DataLayer;
  public readonly clusterName: string;
  /** EKS cluster, node groups, add-ons and Pod Identity roles. */
  public readonly eks: PlatformCluster;
  /** Route53 zones, origin certificate, origin LB security group, Cloudflare zone/DNS/WAF (docs/edge.md). */
  public readonly edge: EdgeLayer;

  constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, env.name);
    this.env = env;
    this.namePrefix = `${env.project}-${env.name}`;
    this.partition = partitionOf(env.aws.region);
    awsProvider(this, env, env.name);
    configureBackend(this, env.state, env.name);
    recordCostAssumptions(this, env.cost);

    this.logsKey = new KmsKey(this, 'logs-key', {
      alias: `${this.namePrefix}-logs`,
      description: `${this.namePrefix}: CloudWatch Logs encryption`,
      accountId: env.aws.accountId,
      partition: this.partition,
      serviceGrants: [cloudWatchLogsGrant(env.aws.region, env.aws.accountId, this.partition)],
    });

    this.network = new Network(this, 'network', {
      namePrefix: this.namePrefix,
      region: env.aws.region,
      accountId: env.aws.accountId,
      vpcCidr: env.network.vpcCidr,
      availabilityZones: env.aws.availabilityZones,
      subnetCidrs: env.network.subnets,
      natGateways: env.network.natGateways,
      flowLogs: env.network.flowLogs,
      logsKmsKeyArn: this.logsKey.arn,
      interfaceEndpoints: env.network.interfaceEndpoints,
      runnerNetwork: env.runnerNetwork,
    });

    // ── EKS (docs/eks.md) ───────────────────────────────────────────────────
    // Pods use the nodes' security group (VPC CNI without security groups for pods): data stores admit this group.
    this.nodeSecurityGroup = new NodeSecurityGroup(this, 'eks-nodes-sg', { namePrefix: this.namePrefix, vpcId: this.network.vpcId, vpcCidr: env.network.vpcCidr });
    this.nodeSecurityGroupId = this.nodeSecurityGroup.id;
    this.clusterName = this.namePrefix;
    this.eks = new PlatformCluster(this, 'eks', {
      clusterName: this.clusterName,
      config: env.eks,
      region: env.aws.region,
      accountId: env.aws.accountId,
      partition: this.partition,
      vpcId: this.network.vpcId,
      privateSubnetIds: this.network.subnetIds.private,
      nodeSecurityGroupId: this.nodeSecurityGroupId,
      logsKmsKeyArn: this.logsKey.arn,
      logRetentionDays: env.logRetentionDays,
      gpuTimeSlicing: env.workloads.gpuTimeSlicing,
      pipelineRoles: pipelineRoleArns(env),
      planGroup: planKubernetesGroup(env.project),
    });

    // ── Data layer (docs/data.md) ─────────────────────────────────────────────
    this.data = new DataLayer(this, 'data', {
      env,
      namePrefix: this.namePrefix,
      partition: this.partition,
      vpcId: this.network.vpcId,
      vpcCidr: env.network.vpcCidr,
      isolatedSubnetIds: this.network.subnetIds.isolated,
      clientSecurityGroupId: this.nodeSecurityGroupId,
      logsKmsKeyArn: this.logsKey.arn,
    });
    this.data.addOutputs(this);

    // ── DNS and edge (docs/edge.md) ───────────────────────────────────────────
    // Credentials come from CLOUDFLARE_API_TOKEN in the environment (read by the provider), never from code.
    const cloudflare = new CloudflareProvider(this, 'cloudflare', {});
    // Route53 requires us-east-1 for query-log groups and DNSSEC signing keys.
    const usEast1 = awsProvider(this, env, env.name, { alias: 'us-east-1', region: 'us-east-1' });
    this.edge = new EdgeLayer(this, 'edge', {
      edge: env.edge,
      domain: env.domain.apex,
      namePrefix: this.namePrefix,
      accountId: env.aws.accountId,
      region: env.aws.region,
      partition: this.partition,
      vpcId: this.network.vpcId,
      vpcCidr: this.network.vpcCidr,
      usEast1,
      cloudflareRanges: CLOUDFLARE_IP_RANGES,
      cloudflareProvider: cloudflare,
      // A recovery environment takes over the public names only when switched to serving (docs/disaster-recovery.md).
      publishPublicNames: env.recovery?.publicNames !== 'standby',
      assetsCdn: env.assetsCdn && this.data.buckets ? { config: env.assetsCdn, bucket: this.data.buckets.assets } : undefined,
      alarmSubscribers: env.alarmNotifications.subscribers,
      // Region-local in every environment (a recovery environment's is the replica); the bundle is public certificates.
      trustBundleBucket: this.data.bucketNames.backups,
      trustBundleBucketReady: this.data.buckets ? [this.data.buckets.backups.versioning] : undefined,
    });
    // Add-ons whose permissions point at the data and edge layers: only the origin zone, only this environment's secrets.
    this.eks.addExternalDns([this.edge.originZone.zoneId]);
    this.eks.addExternalSecrets(
      [`arn:${this.partition}:secretsmanager:${env.aws.region}:${env.aws.accountId}:secret:${env.project}/${env.name}/*`],
      [this.data.dataKey.arn],
    );
    // App services reach Redis and PostgreSQL with IAM tokens from their own Pod Identity role (no passwords).
    const access = { partition: this.partition, region: env.aws.region, accountId: env.aws.accountId, data: this.data, databaseUser: env.data.postgres.proxy.appUser };
    for (const [service, svc] of Object.entries(env.workloads.services)) {
      if (usesPodIdentity(svc)) this.eks.addServiceIdentity(service, env.workloads.namespace, appDataAccessStatements(svc, access));
    }
    // Monitoring (docs/monitoring.md): saved Logs Insights queries; the Redis exporter's IAM token job (elasticache:Connect).
    new MonitoringInfra(this, 'monitoring', {
      namePrefix: this.namePrefix, partition: this.partition, region: env.aws.region, accountId: env.aws.accountId,
      eks: this.eks, redisReplicationGroupId: this.data.redis.replicationGroupId, redisUserId: this.data.redis.monitoringUserId,
    });
    new TerraformOutput(this, 'origin_lb_security_group_id', {
      value: this.edge.loadBalancerSg.securityGroupId,
      description: 'Security group of the origin load balancer (HTTPS from Cloudflare only); the workloads ingress attaches it',
    });
    new TerraformOutput(this, 'origin_certificate_arn', { value: this.edge.certificate.certificateArn });
    new TerraformOutput(this, 'origin_zone_id', { value: this.edge.originZone.zoneId });
    new TerraformOutput(this, 'private_zone_id', { value: this.edge.privateZone.zoneId });

    new TerraformOutput(this, 'vpc_id', { value: this.network.vpcId });
    new TerraformOutput(this, 'private_subnet_ids', { value: this.network.subnetIds.private });
    new TerraformOutput(this, 'isolated_subnet_ids', { value: this.network.subnetIds.isolated });
    new TerraformOutput(this, 'node_security_group_id', { value: this.nodeSecurityGroupId });
    new TerraformOutput(this, 'cluster_name', { value: this.eks.cluster.name });
    new TerraformOutput(this, 'cluster_endpoint', { value: this.eks.cluster.endpoint });
    new TerraformOutput(this, 'cluster_certificate_authority_data', { value: this.eks.cluster.certificateAuthorityData });
    new TerraformOutput(this, 'pod_identity_role_arns', {
      description: 'IAM role per workload service account (associations already exist; the workloads stack only names the service accounts)',
      value: Object.fromEntries(Object.entries(this.eks.roles).map(([name, role]) => [name, role.roleArn])),
    });
  }
}
