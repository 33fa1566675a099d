/** RDS PostgreSQL in the isolated subnets: encrypted, Multi-AZ by config, RDS-managed master secret, IAM auth. */
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import type { PostgresConfig } from '../../environments/schema/data';
import { serviceTrustPolicy } from '../../lib/iam';
import { restoreArguments, type DatabaseRestore } from '../dr/database-restore';
import { LogGroup } from '../log-group';
import { PostgresProxy } from './postgres-proxy';

export const POSTGRES_PORT = 5432;

/** The platform's PostgreSQL server settings (docs/platform-facts.md); `rds.force_ssl` refuses plain-text connections (CKV2_AWS_69). */
export const POSTGRES_PARAMETERS: readonly { name: string; value: string; applyMethod: 'immediate' | 'pending-reboot' }[] = [
  { name: 'rds.force_ssl', value: '1', applyMethod: 'immediate' },
  { name: 'log_min_duration_statement', value: '1000', applyMethod: 'immediate' },
  { name: 'log_statement', value: 'mod', applyMethod: 'immediate' },
  { name: 'log_connections', value: '1', applyMethod: 'immediate' },
  { name: 'log_disconnections', value: '1', applyMethod: 'immediate' },
  { name: 'log_checkpoints', value: '1', applyMethod: 'immediate' },
  // Static parameter: takes effect at the next reboot (maintenance window).
  { name: 'shared_preload_libraries', value: 'pg_stat_statements', applyMethod: 'pending-reboot' },
  { name: 'track_functions', value: 'all', applyMethod: 'immediate' },
];

export interface PostgresProps {
  /** Prefix of every name, e.g. `aifeedback-production`. */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /** ARN partition. @default 'aws' */
  readonly partition?: string;
  readonly config: PostgresConfig;
  readonly vpcId: string;
  /** Isolated subnets (no internet route). */
  readonly subnetIds: readonly string[];
  /** The only security group admitted on 5432 (EKS nodes and pods). */
  readonly clientSecurityGroupId: string;
  /** Data key: storage, master secret and Performance Insights. */
  readonly kmsKeyArn: string;
  /** Logs key for the exported PostgreSQL log groups. */
  readonly logsKmsKeyArn: string;
  readonly logRetentionDays: number;
  /** Secret the proxy logs in with (required when the proxy is enabled). @default none */
  readonly proxyCredentialsSecretArn?: string;
  /** VPC CIDR: the proxy reaches the Secrets Manager interface endpoint inside it. */
  readonly vpcCidr: string;
  /** Restore the database (recovery environment) instead of creating it empty. @default a new, empty database */
  readonly restore?: DatabaseRestore;
}

export class Postgres extends Construct {
  public readonly instance: DbInstance;
  public readonly replicas: DbInstance[];
  public readonly securityGroup: SecurityGroup;
  public readonly proxy?: PostgresProxy;
  public readonly identifier: string;
  /** ARN of the RDS-managed master-user secret (never its value). */
  public readonly masterSecretArn: string;
  public readonly parameterGroupFamily: string;

  constructor(scope: Construct, id: string, props: PostgresProps) {
    super(scope, id);
    const cfg = props.config;
    const partition = props.partition ?? 'aws';
    if (cfg.maxAllocatedStorageGb < cfg.allocatedStorageGb) {
      throw new Error(`Postgres ${props.namePrefix}: maxAllocatedStorageGb (${cfg.maxAllocatedStorageGb}) must be at least allocatedStorageGb (${cfg.allocatedStorageGb})`);
    }
    if (props.subnetIds.length < 2) throw new Error(`Postgres ${props.namePrefix}: subnetIds needs subnets in at least 2 zones`);
    this.identifier = `${props.namePrefix}-postgres`;
    this.parameterGroupFamily = `postgres${cfg.engineVersion.split('.')[0]}`;

    this.securityGroup = new SecurityGroup(this, 'sg', {
      name: `${this.identifier}`,
      description: `${this.identifier}: PostgreSQL, reachable only from EKS nodes/pods and the RDS Proxy`,
      vpcId: props.vpcId,
      tags: { Name: this.identifier },
    });
    new VpcSecurityGroupIngressRule(this, 'from-nodes', {
      securityGroupId: this.securityGroup.id,
      description: 'PostgreSQL from EKS nodes and pods',
      ipProtocol: 'tcp',
      fromPort: POSTGRES_PORT,
      toPort: POSTGRES_PORT,
      referencedSecurityGroupId: props.clientSecurityGroupId,
    });

    const subnetGroup = new DbSubnetGroup(this, 'subnets', {
      name: this.identifier,
      description: `${this.identifier}: isolated subnets`,
      subnetIds: [...props.subnetIds],
    });
    const parameters = new DbParameterGroup(this, 'parameters', {
      name: `${this.identifier}-${this.parameterGroupFamily}`,
      family: this.parameterGroupFamily,
      description: `${this.identifier}: TLS only, statement and connection logging, pg_stat_statements`,
      parameter: POSTGRES_PARAMETERS.map((p) => ({ ...p })),
      // A new family on a major upgrade needs a new group before the old one goes.
      lifecycle: { createBeforeDestroy: true },
    });

    const monitoringRole = new IamRole(this, 'monitoring-role', {
      name: `${this.identifier}-monitoring`,
      description: 'RDS enhanced monitoring publishes OS metrics to CloudWatch Logs',
      assumeRolePolicy: serviceTrustPolicy('monitoring.rds.amazonaws.com', props.accountId),
    });
    new IamRolePolicyAttachment(this, 'monitoring-policy', {
      role: monitoringRole.name,
      policyArn: `arn:${partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
    });

    // Created first with KMS and retention; otherwise RDS creates them unencrypted and kept forever.
    const logGroupsOf = (identifier: string, idPrefix: string) => ['postgresql', 'upgrade'].map((type) => new LogGroup(this, `${idPrefix}log-${type}`, {
      name: `/aws/rds/instance/${identifier}/${type}`,
      kmsKeyArn: props.logsKmsKeyArn,
      retentionInDays: props.logRetentionDays,
    }).logGroup);

    const common = {
      instanceClass: cfg.instanceClass,
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      publiclyAccessible: false,
      vpcSecurityGroupIds: [this.securityGroup.id],
      parameterGroupName: parameters.name,
      iamDatabaseAuthenticationEnabled: true,
      enabledCloudwatchLogsExports: ['postgresql', 'upgrade'],
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: props.kmsKeyArn,
      performanceInsightsRetentionPeriod: cfg.performanceInsightsRetentionDays,
      monitoringInterval: 60,
      monitoringRoleArn: monitoringRole.arn,
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
      caCertIdentifier: cfg.caCertIdentifier,
      copyTagsToSnapshot: true,
      deletionProtection: true,
      maintenanceWindow: cfg.maintenanceWindow,
      applyImmediately: false,
      port: POSTGRES_PORT,
    };

    const restore = restoreArguments(props.restore);
    this.instance = new DbInstance(this, 'instance', {
      ...common,
      identifier: this.identifier,
      dependsOn: logGroupsOf(this.identifier, ''),
      engine: 'postgres',
      engineVersion: cfg.engineVersion,
      // Extended support bills per vCPU-hour after end of standard support: upgrade instead.
      engineLifecycleSupport: 'open-source-rds-extended-support-disabled',
      // A restored database brings its own name and master user from the backup.
      ...(restore ? {} : { dbName: cfg.databaseName, username: cfg.masterUsername }),
      // RDS generates, stores and rotates the password in Secrets Manager: Terraform never sees it.
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.kmsKeyArn,
      dbSubnetGroupName: subnetGroup.name,
      multiAz: cfg.multiAz,
      storageType: 'gp3',
      allocatedStorage: cfg.allocatedStorageGb,
      maxAllocatedStorage: cfg.maxAllocatedStorageGb,
      backupRetentionPeriod: cfg.backupRetentionDays,
      backupWindow: cfg.backupWindow,
      deleteAutomatedBackups: false,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${this.identifier}-final`,
      lifecycle: { preventDestroy: true },
      ...restore,
    });
    this.masterSecretArn = this.instance.masterUserSecret.get(0).secretArn;

    // Replicas are read scale-out, not the HA path (the primary is Multi-AZ); they inherit storage from the source.
    this.replicas = Array.from({ length: cfg.readReplicas }, (_, index) => new DbInstance(this, `replica-${index + 1}`, {
      ...common,
      // A same-region replica always uses its source's storage key (RDS refuses another): after a restore that is the
      // backups' key, not this stack's, so naming a key here would plan a replacement on every run.
      kmsKeyId: undefined,
      identifier: `${this.identifier}-replica-${index + 1}`,
      dependsOn: logGroupsOf(`${this.identifier}-replica-${index + 1}`, `replica-${index + 1}-`),
      replicateSourceDb: this.instance.identifier,
      multiAz: false,
      skipFinalSnapshot: true, // a replica holds no data of its own
      lifecycle: { preventDestroy: true },
    }));

    if (cfg.proxy.enabled) {
      if (!props.proxyCredentialsSecretArn) throw new Error(`Postgres ${this.identifier}: proxy.enabled needs proxyCredentialsSecretArn`);
      this.proxy = new PostgresProxy(this, 'proxy', {
        name: `${this.identifier}-proxy`,
        accountId: props.accountId,
        region: props.region,
        vpcId: props.vpcId,
        vpcCidr: props.vpcCidr,
        subnetIds: props.subnetIds,
        clientSecurityGroupId: props.clientSecurityGroupId,
        databaseSecurityGroupId: this.securityGroup.id,
        credentialsSecretArn: props.proxyCredentialsSecretArn ?? '',
        kmsKeyArn: props.kmsKeyArn,
        dbInstanceIdentifier: this.instance.identifier,
        maxConnectionsPercent: cfg.proxy.maxConnectionsPercent,
      });
    }
  }
}
