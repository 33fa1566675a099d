/**
 * Continuous protection of an environment's data in its DR region: replicated RDS automated backups
 * (point-in-time restore there), bucket replicas with Replication Time Control, and restore testing of the
 * AWS Backup recovery points. Secret replicas are part of the secrets themselves (AppSecrets `replica`).
 */
import { DbInstanceAutomatedBackupsReplication } from '@cdktf/provider-aws/lib/db-instance-automated-backups-replication';
import { TerraformOutput, type TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { DrConfig } from '../../environments/schema/dr';
import type { DataBackup } from '../data/backup';
import type { DataBuckets } from '../data/buckets';
import type { Postgres } from '../data/postgres';
import { BucketReplication } from './bucket-replication';
import type { DrRegion } from './dr-region';
import { RestoreTesting } from './restore-testing';

export interface DrProtectionProps {
  readonly namePrefix: string;
  readonly accountId: string;
  /** ARN partition. @default 'aws' */
  readonly partition?: string;
  readonly region: string;
  readonly config: DrConfig;
  readonly drRegion: DrRegion;
  readonly postgres: Postgres;
  readonly buckets: DataBuckets;
  readonly backup: DataBackup;
  /** Key of the primary data (bucket objects). */
  readonly dataKmsKeyArn: string;
  readonly alarmTopicArn: string;
}

export class DrProtection extends Construct {
  public readonly databaseBackups?: DbInstanceAutomatedBackupsReplication;
  public readonly bucketReplication?: BucketReplication;
  public readonly restoreTesting?: RestoreTesting;

  constructor(scope: Construct, id: string, props: DrProtectionProps) {
    super(scope, id);
    const cfg = props.config;
    const dr = props.drRegion;
    if (cfg.database.replicateAutomatedBackups) {
      // Created through the DR-region provider: RDS starts the replication from the destination region.
      this.databaseBackups = new DbInstanceAutomatedBackupsReplication(this, 'database-backups', {
        provider: dr.provider,
        sourceDbInstanceArn: props.postgres.instance.arn,
        kmsKeyId: dr.key.arn,
        retentionPeriod: cfg.database.retentionDays,
        // Destroying it stops replication and deletes the replicated backups: the recovery point in the DR region.
        lifecycle: { preventDestroy: true },
      });
    }
    if (cfg.buckets.replicate) {
      this.bucketReplication = new BucketReplication(this, 'buckets', {
        namePrefix: props.namePrefix,
        accountId: props.accountId,
        partition: props.partition,
        sourceRegion: props.region,
        sources: {
          assets: { bucket: props.buckets.assets, name: `${props.namePrefix}-assets` },
          backups: { bucket: props.buckets.backups, name: `${props.namePrefix}-backups` },
        },
        sourceKmsKeyArn: props.dataKmsKeyArn,
        drProvider: dr.provider,
        drRegion: dr.region,
        drKmsKeyArn: dr.key.arn,
        replicationTimeControl: cfg.buckets.replicationTimeControl,
        alarmTopicArn: props.alarmTopicArn,
      });
    }
    if (cfg.restoreTesting.enabled) {
      this.restoreTesting = new RestoreTesting(this, 'restore-testing', {
        namePrefix: props.namePrefix,
        config: cfg.restoreTesting,
        vaultArn: props.backup.vault.arn,
        roleArn: props.backup.role.arn,
        dbInstanceArn: props.postgres.instance.arn,
        dbSubnetGroupName: props.postgres.instance.dbSubnetGroupName,
        dbSecurityGroupId: props.postgres.securityGroup.id,
        alarmTopicArn: props.alarmTopicArn,
      });
    }
  }

  /** What a recovery environment is configured from (kept in config ahead of a disaster). */
  addOutputs(stack: TerraformStack): void {
    new TerraformOutput(stack, 'dr_replicated_backups_arn', {
      value: this.databaseBackups?.id ?? '',
      description: 'Replicated automated backups in the DR region: recovery.database.automatedBackupsArn of the recovery environment',
    });
  }
}
