/** A CloudWatch log group that is always KMS-encrypted and never kept forever by accident. */
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Construct } from 'constructs';

export interface LogGroupProps {
  /** Log group name, e.g. `/aws/vpc/aifeedback-production/flow-logs`. */
  readonly name: string;
  /** ARN of the KMS key that encrypts the logs (the key must grant CloudWatch Logs). */
  readonly kmsKeyArn: string;
  /** Days to keep events; must be a CloudWatch retention value. */
  readonly retentionInDays: number;
  /** Keep the group on `terraform destroy`? @default false (logs expire by retention anyway) */
  readonly preventDestroy?: boolean;
}

export class LogGroup extends Construct {
  public readonly name: string;
  public readonly arn: string;
  public readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: LogGroupProps) {
    super(scope, id);
    if (props.retentionInDays <= 0) {
      throw new Error(`LogGroup ${props.name}: retentionInDays must be positive (CKV_AWS_66), got ${props.retentionInDays}`);
    }
    this.logGroup = new CloudwatchLogGroup(this, 'group', {
      name: props.name,
      kmsKeyId: props.kmsKeyArn,
      retentionInDays: props.retentionInDays,
      lifecycle: { preventDestroy: props.preventDestroy ?? false },
    });
    this.name = this.logGroup.name;
    this.arn = this.logGroup.arn;
  }
}
