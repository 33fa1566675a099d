/** VPC flow logs into an encrypted log group, written by a role that can touch only that group (CKV2_AWS_11). */
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { policyDocument, serviceTrustPolicy } from '../lib/iam';
import { LogGroup } from './log-group';

export interface FlowLogsProps {
  readonly namePrefix: string;
  readonly vpcId: string;
  readonly accountId: string;
  /** KMS key of the log group. */
  readonly kmsKeyArn: string;
  /** Which traffic to record. @default 'ALL' */
  readonly trafficType?: 'ALL' | 'ACCEPT' | 'REJECT';
  readonly retentionInDays: number;
}

export class FlowLogs extends Construct {
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: FlowLogsProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'log-group', {
      name: `/aws/vpc/${props.namePrefix}/flow-logs`,
      kmsKeyArn: props.kmsKeyArn,
      retentionInDays: props.retentionInDays,
    });
    const role = new IamRole(this, 'role', {
      name: `${props.namePrefix}-vpc-flow-logs`,
      assumeRolePolicy: serviceTrustPolicy('vpc-flow-logs.amazonaws.com', props.accountId),
    });
    new IamRolePolicy(this, 'write', {
      role: role.id,
      name: 'write-flow-log-group',
      policy: policyDocument([{
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        Resource: [this.logGroup.arn, `${this.logGroup.arn}:*`],
      }]),
    });
    new FlowLog(this, 'flow-log', {
      vpcId: props.vpcId,
      trafficType: props.trafficType ?? 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: this.logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
    });
  }
}
