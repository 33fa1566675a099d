/** Reusable value rules for environment config. Each message states the rule broken. */
import { z } from 'zod';
import { AWS_REGION_ZONES } from '../../lib/aws-regions';
import { parseCidr } from '../../lib/cidr';
import { suggestion } from '../../lib/did-you-mean';

export const cidr = z
  .string()
  .refine((s) => parseCidr(s) !== undefined, 'must be an IPv4 network CIDR such as 10.0.0.0/16 (no host bits set)');

export const dnsName = z
  .string()
  .regex(
    /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'must be a lower-case DNS name such as example.com',
  );

/** S3 bucket names without dots (dots break virtual-host TLS; trivy AVD-AWS-0320). */
export const bucketName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, 'must be 3-63 characters of a-z, 0-9 and "-" (no dots, no upper case)');

export const resourceName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,30}[a-z0-9]$/, 'must be 3-32 characters of a-z, 0-9 and "-", starting with a letter');

export const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');

/** Retention values CloudWatch Logs accepts (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const logRetentionDays = z
  .number()
  .int()
  .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
    message: `must be one of CloudWatch's retention values: ${LOG_RETENTION_DAYS.join(', ')}`,
  });

export const tags = z.record(z.string().regex(/^[\w .:/=+\-@]{1,128}$/, 'tag keys are 1-128 safe characters'), z.string().max(256));

/** An AWS region this project supports (lib/aws-regions.ts), with the closest name when misspelled. */
export const awsRegion = z.string().superRefine((r, ctx) => {
  if (r in AWS_REGION_ZONES) return;
  const known = Object.keys(AWS_REGION_ZONES);
  ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${r}" is not one of the supported regions (lib/aws-regions.ts); ${suggestion(r, known, 'supported')}` });
});
