/**
 * AWS Backup: a KMS-encrypted vault, the configured retention tiers (by default the platform's, docs/platform-facts.md),
 * copies to a vault in a second region, and selections for the database (by ARN) and volumes tagged `Backup=true`.
 */
import { BackupPlan, type BackupPlanRule } from '@cdktf/provider-aws/lib/backup-plan';
import { BackupSelection } from '@cdktf/provider-aws/lib/backup-selection';
import { BackupVault } from '@cdktf/provider-aws/lib/backup-vault';
import { BackupVaultLockConfiguration } from '@cdktf/provider-aws/lib/backup-vault-lock-configuration';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import type { BackupConfig, BackupLifecycle } from '../../environments/schema/data';
import { serviceTrustPolicy } from '../../lib/iam';
import { KmsKey } from '../kms-key';

/** Volumes carrying this tag are backed up (the workloads StorageClass tags every volume it provisions). */
export const BACKUP_VOLUME_TAG = { key: 'Backup', value: 'true' } as const;

/**
 * A rule's or copy action's lifecycle. A move to cold storage always comes with the opt-in flag, through which a plan lets
 * the resource types whose cold tier needs opting in (EBS among them) move too; validation keeps delete >= cold + 90.
 */
function lifecycleOf(l: BackupLifecycle) {
  return {
    deleteAfter: l.deleteAfterDays,
    ...(l.coldAfterDays ? { coldStorageAfter: l.coldAfterDays, optInToArchiveForSupportedResources: true } : {}),
  };
}

export interface DataBackupProps {
  readonly namePrefix: string;
  readonly accountId: string;
  /** ARN partition. @default 'aws' */
  readonly partition?: string;
  readonly region: string;
  readonly config: BackupConfig;
  /** Key of the primary vault (the environment's data key). */
  readonly kmsKeyArn: string;
  /** Provider alias in `config.copyRegion` for the copy vault and its key. */
  readonly copyProvider: AwsProvider;
  /** Resources selected by ARN (the database). */
  readonly resourceArns: readonly string[];
}

export class DataBackup extends Construct {
  public readonly vault: BackupVault;
  public readonly copyVault: BackupVault;
  public readonly copyKey: KmsKey;
  public readonly plan: BackupPlan;
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: DataBackupProps) {
    super(scope, id);
    const partition = props.partition ?? 'aws';
    const cfg = props.config;
    if (cfg.copyRegion === props.region) throw new Error(`DataBackup ${props.namePrefix}: config.copyRegion must differ from region ${props.region}`);
    if (props.resourceArns.length === 0) throw new Error(`DataBackup ${props.namePrefix}: resourceArns must name at least one resource`);

    this.vault = new BackupVault(this, 'vault', {
      name: props.namePrefix,
      kmsKeyArn: props.kmsKeyArn,
      forceDestroy: false,
      lifecycle: { preventDestroy: true },
    });
    if (cfg.vaultLock.mode !== 'off') {
      new BackupVaultLockConfiguration(this, 'vault-lock', {
        backupVaultName: this.vault.name,
        minRetentionDays: cfg.vaultLock.minRetentionDays,
        maxRetentionDays: cfg.vaultLock.maxRetentionDays,
        // A grace period makes it compliance mode: immutable (even for root) once it ends.
        ...(cfg.vaultLock.mode === 'compliance' ? { changeableForDays: cfg.vaultLock.changeableForDays } : {}),
      });
    }

    // The copy region has its own key: KMS keys never leave their region.
    this.copyKey = new KmsKey(this, 'copy-key', {
      alias: `${props.namePrefix}-backup-copy`,
      description: `${props.namePrefix}: AWS Backup copy vault in ${cfg.copyRegion}`,
      accountId: props.accountId,
      partition,
      provider: props.copyProvider,
    });
    this.copyVault = new BackupVault(this, 'copy-vault', {
      provider: props.copyProvider,
      name: `${props.namePrefix}-copy`,
      kmsKeyArn: this.copyKey.arn,
      forceDestroy: false,
      lifecycle: { preventDestroy: true },
    });

    const rules: BackupPlanRule[] = cfg.tiers.map((tier) => ({
      ruleName: tier.name,
      targetVaultName: this.vault.name,
      schedule: tier.schedule ?? cfg.schedule,
      startWindow: 60,
      completionWindow: 480,
      lifecycle: lifecycleOf(tier),
      recoveryPointTags: { Tier: tier.name },
      copyAction: [{ destinationVaultArn: this.copyVault.arn, lifecycle: lifecycleOf(tier.copy ?? tier) }],
    }));
    this.plan = new BackupPlan(this, 'plan', { name: props.namePrefix, rule: rules });

    this.role = new IamRole(this, 'role', {
      name: `${props.namePrefix}-backup`,
      description: 'AWS Backup creates and restores recovery points',
      assumeRolePolicy: serviceTrustPolicy('backup.amazonaws.com', props.accountId),
    });
    for (const policy of ['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForRestores']) {
      new IamRolePolicyAttachment(this, `role-${policy}`, {
        role: this.role.name,
        policyArn: `arn:${partition}:iam::aws:policy/service-role/${policy}`,
      });
    }

    new BackupSelection(this, 'database', {
      name: `${props.namePrefix}-database`,
      planId: this.plan.id,
      iamRoleArn: this.role.arn,
      resources: [...props.resourceArns],
    });
    // Volumes opt in with the tag; resource type AND tag condition (a plain selection_tag would match any type).
    new BackupSelection(this, 'tagged-volumes', {
      name: `${props.namePrefix}-tagged-volumes`,
      planId: this.plan.id,
      iamRoleArn: this.role.arn,
      resources: [`arn:${partition}:ec2:${props.region}:${props.accountId}:volume/*`],
      condition: [{ stringEquals: [{ key: `aws:ResourceTag/${BACKUP_VOLUME_TAG.key}`, value: BACKUP_VOLUME_TAG.value }] }],
    });
  }
}
