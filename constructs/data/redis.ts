/**
 * ElastiCache (Redis OSS or Valkey) replication group in the isolated subnets: TLS required, KMS at rest,
 * and RBAC with an IAM-authenticated user, so no password exists anywhere (nothing secret reaches state).
 */
import { ElasticacheParameterGroup } from '@cdktf/provider-aws/lib/elasticache-parameter-group';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { ElasticacheUser } from '@cdktf/provider-aws/lib/elasticache-user';
import { ElasticacheUserGroup } from '@cdktf/provider-aws/lib/elasticache-user-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import type { RedisConfig } from '../../environments/schema/data';
import { LogGroup } from '../log-group';

export const REDIS_PORT = 6379;
/** What redis_exporter runs: statistics only, no key access, no writes. */
export const MONITORING_ACCESS_STRING = 'on -@all +ping +info +select +dbsize +slowlog|get +slowlog|len +latency|latest +client|list +cluster|info';

export interface RedisProps {
  /** Prefix of every name, e.g. `aifeedback-production`. */
  readonly namePrefix: string;
  readonly config: RedisConfig;
  readonly vpcId: string;
  /** Isolated subnets. */
  readonly subnetIds: readonly string[];
  /** The only security group admitted on 6379 (EKS nodes and pods). */
  readonly clientSecurityGroupId: string;
  /** Data key for encryption at rest. */
  readonly kmsKeyArn: string;
  /** Logs key for the slow-log and engine-log groups. */
  readonly logsKmsKeyArn: string;
  readonly logRetentionDays: number;
}

export class Redis extends Construct {
  public readonly replicationGroup: ElasticacheReplicationGroup;
  public readonly securityGroup: SecurityGroup;
  public readonly replicationGroupId: string;
  /** The IAM-authenticated application user (user id = user name, as IAM auth requires). */
  public readonly appUserId: string;
  /** IAM-authenticated, read-only statistics user of the metrics exporter. */
  public readonly monitoringUserId: string;
  /** Node ids (`<group>-001`, ...): CloudWatch publishes ElastiCache metrics per node. */
  public readonly nodeIds: string[];

  constructor(scope: Construct, id: string, props: RedisProps) {
    super(scope, id);
    const cfg = props.config;
    if (cfg.multiAz && cfg.replicas < 1) throw new Error(`Redis ${props.namePrefix}: multiAz needs at least 1 replica`);
    this.replicationGroupId = `${props.namePrefix}-redis`;
    if (this.replicationGroupId.length > 40) throw new Error(`Redis ${props.namePrefix}: replication group id ${this.replicationGroupId} exceeds 40 characters`);
    const family = `${cfg.engine}${cfg.engineVersion.split('.')[0]}`;
    const nodes = cfg.replicas + 1;
    this.nodeIds = Array.from({ length: nodes }, (_, i) => `${this.replicationGroupId}-${String(i + 1).padStart(3, '0')}`);

    this.securityGroup = new SecurityGroup(this, 'sg', {
      name: this.replicationGroupId,
      description: `${this.replicationGroupId}: ${cfg.engine}, reachable only from EKS nodes and pods`,
      vpcId: props.vpcId,
      tags: { Name: this.replicationGroupId },
    });
    new VpcSecurityGroupIngressRule(this, 'from-nodes', {
      securityGroupId: this.securityGroup.id,
      description: `${cfg.engine} from EKS nodes and pods`,
      ipProtocol: 'tcp', fromPort: REDIS_PORT, toPort: REDIS_PORT,
      referencedSecurityGroupId: props.clientSecurityGroupId,
    });

    const subnetGroup = new ElasticacheSubnetGroup(this, 'subnets', {
      name: this.replicationGroupId,
      description: `${this.replicationGroupId}: isolated subnets`,
      subnetIds: [...props.subnetIds],
    });
    const parameters = new ElasticacheParameterGroup(this, 'parameters', {
      name: `${this.replicationGroupId}-${family}`,
      family,
      description: `${this.replicationGroupId}: cache semantics (evict least recently used keys)`,
      parameter: [{ name: 'maxmemory-policy', value: 'allkeys-lru' }],
      lifecycle: { createBeforeDestroy: true },
    });

    // RBAC: the mandatory "default" user is switched off; the app user authenticates with IAM (SigV4 tokens).
    const defaultUser = new ElasticacheUser(this, 'default-user', {
      userId: `${this.replicationGroupId}-default`,
      userName: 'default',
      engine: cfg.engine,
      accessString: 'off -@all',
      authenticationMode: { type: 'no-password-required' },
    });
    this.appUserId = `${this.replicationGroupId}-app`;
    const appUser = new ElasticacheUser(this, 'app-user', {
      userId: this.appUserId,
      userName: this.appUserId,
      engine: cfg.engine,
      // Everything but administrative/destructive commands; INFO stays (client libraries' readiness checks).
      accessString: 'on ~* &* +@all -@dangerous +info',
      authenticationMode: { type: 'iam' },
    });
    // The metrics exporter gets its own IAM user that can read server statistics and nothing else (no keys).
    this.monitoringUserId = `${this.replicationGroupId}-monitoring`;
    const monitoringUser = new ElasticacheUser(this, 'monitoring-user', {
      userId: this.monitoringUserId,
      userName: this.monitoringUserId,
      engine: cfg.engine,
      accessString: MONITORING_ACCESS_STRING,
      authenticationMode: { type: 'iam' },
    });
    const userGroup = new ElasticacheUserGroup(this, 'users', {
      userGroupId: this.replicationGroupId,
      engine: cfg.engine,
      userIds: [defaultUser.userId, appUser.userId, monitoringUser.userId],
    });

    const logs = (['slow-log', 'engine-log'] as const).map((type) => ({
      type,
      group: new LogGroup(this, type, {
        name: `/aws/elasticache/${this.replicationGroupId}/${type}`,
        kmsKeyArn: props.logsKmsKeyArn,
        retentionInDays: props.logRetentionDays,
      }),
    }));

    this.replicationGroup = new ElasticacheReplicationGroup(this, 'group', {
      replicationGroupId: this.replicationGroupId,
      description: `${props.namePrefix} ${cfg.engine} (primary + ${cfg.replicas} replicas)`,
      engine: cfg.engine,
      engineVersion: cfg.engineVersion,
      nodeType: cfg.nodeType,
      port: REDIS_PORT,
      numCacheClusters: nodes,
      automaticFailoverEnabled: cfg.replicas > 0,
      multiAzEnabled: cfg.multiAz,
      subnetGroupName: subnetGroup.name,
      securityGroupIds: [this.securityGroup.id],
      parameterGroupName: parameters.name,
      atRestEncryptionEnabled: 'true', // a string attribute in aws 5.x
      kmsKeyId: props.kmsKeyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      userGroupIds: [userGroup.userGroupId],
      autoMinorVersionUpgrade: 'true',
      snapshotRetentionLimit: cfg.snapshotRetentionDays,
      snapshotWindow: cfg.snapshotWindow,
      maintenanceWindow: cfg.maintenanceWindow,
      finalSnapshotIdentifier: `${this.replicationGroupId}-final`,
      applyImmediately: false,
      logDeliveryConfiguration: logs.map(({ type, group }) => ({
        destination: group.name,
        destinationType: 'cloudwatch-logs',
        logFormat: 'json',
        logType: type,
      })),
      lifecycle: { preventDestroy: true },
    });
  }
}
