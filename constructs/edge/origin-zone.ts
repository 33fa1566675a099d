/**
 * The Route53 public zone for origin names (delegated from the Cloudflare zone), with query logging to us-east-1
 * (CKV2_AWS_39) and DNSSEC signing (CKV2_AWS_38).
 */
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { Route53QueryLog } from '@cdktf/provider-aws/lib/route53-query-log';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { Construct } from 'constructs';
import { policyDocument } from '../../lib/iam';
import { cloudWatchLogsGrant, KmsKey } from '../kms-key';
import { LogGroup } from '../log-group';
import { OriginDnssec } from './origin-dnssec';

/** Route53 accepts query-log destinations only in us-east-1. */
export const QUERY_LOG_REGION = 'us-east-1';

export interface OriginZoneProps {
  /** Zone name, e.g. `origin.aifeedback.se`. */
  readonly zoneName: string;
  /** Prefix of resource names, e.g. `aifeedback-production`. */
  readonly namePrefix: string;
  readonly accountId: string;
  /** ARN partition. @default 'aws' */
  readonly partition?: string;
  /** Provider alias in us-east-1: query-log group, its key and the DNSSEC signing key live there. */
  readonly usEast1: AwsProvider;
  /** Days to keep query logs (a CloudWatch retention value). */
  readonly queryLogRetentionDays: number;
  /** Refuse `terraform destroy` and replacement of the zone. @default true */
  readonly preventDestroy?: boolean;
  /** Sign the zone with DNSSEC. @default true */
  readonly dnssec?: boolean;
}

export class OriginZone extends Construct {
  public readonly zone: Route53Zone;
  public readonly zoneId: string;
  public readonly zoneName: string;
  /** The zone's four name servers (a token list: the Cloudflare NS delegation references it). */
  public readonly nameServers: string[];
  public readonly queryLogGroup: LogGroup;
  /** DNSSEC signing; undefined when `dnssec` is false. */
  public readonly dnssec?: OriginDnssec;

  constructor(scope: Construct, id: string, props: OriginZoneProps) {
    super(scope, id);
    const partition = props.partition ?? 'aws';
    this.zone = new Route53Zone(this, 'zone', {
      name: props.zoneName,
      comment: `${props.namePrefix}: origin names behind Cloudflare (delegated from the Cloudflare zone)`,
      // A new zone gets new name servers: the delegation and DS record would break every origin name until re-applied.
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    this.zoneId = this.zone.zoneId;
    this.zoneName = props.zoneName;
    this.nameServers = this.zone.nameServers;

    // The environment's logs key lives in the primary region; a log group in us-east-1 needs a key there.
    const queryLogKey = new KmsKey(this, 'query-log-key', {
      alias: `${props.namePrefix}-route53-query-logs`,
      description: `${props.namePrefix}: Route53 query logs (us-east-1)`,
      accountId: props.accountId,
      partition,
      serviceGrants: [cloudWatchLogsGrant(QUERY_LOG_REGION, props.accountId, partition)],
      provider: props.usEast1,
    });
    this.queryLogGroup = new LogGroup(this, 'query-log-group', {
      // Route53 writes only to groups under /aws/route53/.
      name: `/aws/route53/${props.zoneName}`,
      kmsKeyArn: queryLogKey.arn,
      retentionInDays: props.queryLogRetentionDays,
    });
    this.queryLogGroup.logGroup.provider = props.usEast1;

    const policy = new CloudwatchLogResourcePolicy(this, 'query-log-policy', {
      provider: props.usEast1,
      policyName: `${props.namePrefix}-route53-query-logs`,
      policyDocument: policyDocument([{
        Sid: 'Route53WritesQueryLogs',
        Effect: 'Allow',
        Principal: { Service: 'route53.amazonaws.com' },
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `${this.queryLogGroup.arn}:*`,
        Condition: {
          StringEquals: { 'aws:SourceAccount': props.accountId },
          ArnLike: { 'aws:SourceArn': `arn:${partition}:route53:::hostedzone/*` },
        },
      }]),
    });
    new Route53QueryLog(this, 'query-log', {
      zoneId: this.zone.zoneId,
      cloudwatchLogGroupArn: this.queryLogGroup.arn,
      // Route53 checks the resource policy when the config is created.
      dependsOn: [policy],
    });

    if (props.dnssec ?? true) {
      this.dnssec = new OriginDnssec(this, 'dnssec', {
        zone: this.zone,
        namePrefix: props.namePrefix,
        accountId: props.accountId,
        partition,
        usEast1: props.usEast1,
      });
    }
  }
}
