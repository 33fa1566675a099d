/**
 * ARNs as AWS parses them: `arn:<partition>:<service>:<region>:<account>:<resource>`. One table says, per kind of
 * resource config may name, which service and resource shape its ARN has and whether it is regional; the same
 * parser tells every regional ARN's region apart, so a rule such as "belongs to aws.region" is written once.
 */
import { z } from 'zod';
import { partitionOf } from '../../lib/aws-regions';
import type { IssuePath, IssueReporter } from './issues';

export interface Arn {
  readonly partition: string;
  readonly service: string;
  /** Empty for global services (IAM, S3, Route 53, CloudFront). */
  readonly region: string;
  /** Empty for S3 buckets. */
  readonly account: string;
  readonly resource: string;
}

const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'];

/** Splits an ARN into its parts (the resource keeps its own colons); `undefined` when it is not ARN-shaped. */
export function parseArn(value: string): Arn | undefined {
  const m = /^arn:([a-z-]+):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws|):(.+)$/.exec(value);
  if (!m) return undefined;
  return { partition: m[1], service: m[2], region: m[3], account: m[4], resource: m[5] };
}

interface ArnKind {
  /** What the ARN names, for messages. */
  readonly what: string;
  readonly service: string;
  /** The resource part. */
  readonly resource: RegExp;
  /** Regional services carry a region; global ones must not. */
  readonly regional: boolean;
  readonly example: string;
}

/** Kinds of ARN config may name, each with the shape its service's ARN reference documents. */
export const ARN_KINDS = {
  'kms-key': { what: 'a KMS key ARN', service: 'kms', resource: /^key\/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/, regional: true, example: 'arn:aws:kms:eu-north-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
  'kms-key-or-alias': { what: 'a KMS key or alias ARN', service: 'kms', resource: /^(?:key\/[0-9a-f-]{36}|key\/mrk-[0-9a-f]{32}|alias\/[\w/-]{1,250})$/, regional: true, example: 'arn:aws:kms:eu-north-1:111111111111:alias/my-key' },
  'sns-topic': { what: 'an SNS topic ARN', service: 'sns', resource: /^[\w-]{1,256}(?:\.fifo)?$/, regional: true, example: 'arn:aws:sns:eu-north-1:111111111111:alarms' },
  'iam-role': { what: 'an IAM role ARN', service: 'iam', resource: /^role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/, regional: false, example: 'arn:aws:iam::111111111111:role/platform-admin' },
  'acm-certificate': { what: 'an ACM certificate ARN', service: 'acm', resource: /^certificate\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, regional: true, example: 'arn:aws:acm:eu-north-1:111111111111:certificate/1234abcd-12ab-34cd-56ef-1234567890ab' },
  'rds-automated-backups': { what: 'a replicated automated backups ARN', service: 'rds', resource: /^auto-backup:ab-[A-Za-z0-9]{1,255}$/, regional: true, example: 'arn:aws:rds:eu-central-1:111111111111:auto-backup:ab-abc123 (aws rds describe-db-instance-automated-backups)' },
  'rds-snapshot': { what: 'an RDS snapshot ARN (an AWS Backup recovery point of the database)', service: 'rds', resource: /^snapshot:[A-Za-z][A-Za-z0-9:-]{0,254}$/, regional: true, example: 'arn:aws:rds:eu-central-1:111111111111:snapshot:awsbackup:job-abc123' },
  'backup-vault': { what: 'an AWS Backup vault ARN', service: 'backup', resource: /^backup-vault:[\w.-]{2,50}$/, regional: true, example: 'arn:aws:backup:eu-central-1:111111111111:backup-vault:my-vault' },
} as const satisfies Readonly<Record<string, ArnKind>>;

export type ArnKindName = keyof typeof ARN_KINDS;

/** Why `value` is not a well-formed ARN of `kind`, or `undefined`. */
export function arnShapeProblem(value: string, kind: ArnKindName): string | undefined {
  const k: ArnKind = ARN_KINDS[kind];
  const expected = `must be ${k.what} such as ${k.example}`;
  const arn = parseArn(value);
  if (!arn) return expected;
  if (!PARTITIONS.includes(arn.partition)) return `${expected}: partition "${arn.partition}" is none of ${PARTITIONS.join(', ')}`;
  if (arn.service !== k.service) return `${expected}: it names service "${arn.service}", not "${k.service}"`;
  if (k.regional && !arn.region) return `${expected}: ${k.service} ARNs carry a region`;
  if (!k.regional && arn.region) return `${expected}: ${k.service} is global, its ARNs carry no region`;
  if (!/^\d{12}$/.test(arn.account)) return `${expected}: the account must be 12 digits`;
  if (!k.resource.test(arn.resource)) return `${expected}: "${arn.resource}" is not its resource part`;
  if (arn.region && partitionOf(arn.region) !== arn.partition) return `${expected}: region ${arn.region} is in partition ${partitionOf(arn.region)}, not ${arn.partition}`;
  return undefined;
}

/** A zod string that must be a well-formed ARN of `kind`. */
export function arnOf(kind: ArnKindName): z.ZodEffects<z.ZodString, string, string> {
  return z.string().superRefine((value, ctx) => {
    const problem = arnShapeProblem(value, kind);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  });
}

/** Where an ARN must live: the environment's region and account (a part left out is not checked). */
export interface ArnHome {
  readonly region?: string;
  readonly accountId?: string;
  /** Names the region's config field in messages, e.g. `aws.region`. */
  readonly regionField?: string;
}

/** Reports an ARN outside its home: another region or account than the environment's. */
export function checkArnHome(value: string, home: ArnHome, path: IssuePath, report: IssueReporter): void {
  const arn = parseArn(value);
  if (!arn) return; // the shape rule reports it
  // A partition that does not match the region is the shape rule's (arnShapeProblem): one mistake, one line.
  if (home.region && arn.region && arn.region !== home.region) {
    report(path, `is in ${arn.region}, but ${home.regionField ?? 'aws.region'} is ${home.region}: ${arn.service} resources belong to one region, use the one in ${home.region}`);
  }
  if (home.accountId && arn.account && arn.account !== 'aws' && arn.account !== home.accountId) {
    report(path, `belongs to account ${arn.account}, not aws.accountId ${home.accountId}`);
  }
}
