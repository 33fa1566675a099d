/**
 * AWS Backup restore testing: on a schedule AWS Backup restores the latest database recovery point into the
 * isolated subnets, keeps it for the validation window and deletes it. An alarm fires when a restore fails,
 * so a backup that cannot be restored is found in a week, not during a disaster.
 */
import { BackupRestoreTestingPlan } from '@cdktf/provider-aws/lib/backup-restore-testing-plan';
import { BackupRestoreTestingSelection } from '@cdktf/provider-aws/lib/backup-restore-testing-selection';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import type { DrConfig } from '../../environments/schema/dr';
import { drAlarm } from './dr-alarm';

export interface RestoreTestingProps {
  /** `<project>-<env>`; the plan name uses it with `_` (AWS Backup allows letters, digits and `_`). */
  readonly namePrefix: string;
  readonly config: DrConfig['restoreTesting'];
  /** The vault whose recovery points are tested. */
  readonly vaultArn: string;
  /** Role AWS Backup restores with (AWSBackupServiceRolePolicyForRestores). */
  readonly roleArn: string;
  /** The database under test. */
  readonly dbInstanceArn: string;
  /** Where the test restore lands: the database's own subnet group and security group (no default VPC needed). */
  readonly dbSubnetGroupName: string;
  readonly dbSecurityGroupId: string;
  readonly alarmTopicArn: string;
}

export class RestoreTesting extends Construct {
  public readonly plan: BackupRestoreTestingPlan;
  public readonly selection: BackupRestoreTestingSelection;

  constructor(scope: Construct, id: string, props: RestoreTestingProps) {
    super(scope, id);
    const name = props.namePrefix.replace(/-/g, '_');
    if (!/^[A-Za-z0-9_]{1,50}$/.test(`${name}_restore_test`)) throw new Error(`RestoreTesting ${props.namePrefix}: plan name ${name}_restore_test must be 1-50 letters, digits or _`);
    this.plan = new BackupRestoreTestingPlan(this, 'plan', {
      name: `${name}_restore_test`,
      scheduleExpression: props.config.schedule,
      scheduleExpressionTimezone: 'Etc/UTC',
      startWindowHours: 8,
      recoveryPointSelection: [{
        algorithm: 'LATEST_WITHIN_WINDOW',
        includeVaults: [props.vaultArn],
        recoveryPointTypes: ['SNAPSHOT'],
        selectionWindowDays: 7,
      }],
    });
    this.selection = new BackupRestoreTestingSelection(this, 'database', {
      name: `${name}_database`,
      restoreTestingPlanName: this.plan.name,
      protectedResourceType: 'RDS',
      protectedResourceArns: [props.dbInstanceArn],
      iamRoleArn: props.roleArn,
      validationWindowHours: props.config.validationWindowHours,
      restoreMetadataOverrides: {
        dbsubnetgroupname: props.dbSubnetGroupName,
        vpcsecuritygroupids: Fn.jsonencode([props.dbSecurityGroupId]),
      },
    });
    drAlarm(this, 'failed-alarm', {
      name: `${props.namePrefix}-restore-test-failed`,
      description: 'an AWS Backup restore (test) of the database failed: the latest recovery point may not be restorable',
      namespace: 'AWS/Backup', metric: 'NumberOfRestoreJobsFailed', dimensions: { ResourceType: 'RDS' }, statistic: 'Sum', threshold: 0,
      topicArn: props.alarmTopicArn,
    });
  }
}
