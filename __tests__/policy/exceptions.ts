/**
 * The only place a policy rule may be waived. Each exception names the rule, the stacks and the resource
 * address it covers (a regular expression), and why. A test fails if an exception no longer matches anything.
 */
export interface PolicyException {
  readonly rule: string;
  /** Stack names, or `*` for every stack. */
  readonly stacks: readonly string[] | '*';
  /** Matches the Terraform address of the waived resource. */
  readonly address: RegExp;
  readonly reason: string;
}

export const POLICY_EXCEPTIONS: readonly PolicyException[] = [
  {
    rule: 'CKV_AWS_145',
    stacks: '*',
    address: /^aws_s3_bucket\..*access-logs/,
    reason: 'S3 server access log delivery cannot write to SSE-KMS buckets; log buckets use SSE-S3 (AES256).',
  },
  {
    rule: 'CKV_AWS_18',
    stacks: '*',
    address: /^aws_s3_bucket\..*access-logs/,
    reason: 'An access-log bucket does not log into itself (that would loop); it is the logging target of the others.',
  },
  {
    rule: 'CKV_AWS_338',
    stacks: ['staging'],
    address: /^aws_cloudwatch_log_group\./,
    reason: 'Staging keeps logs 90 days by decision (cost); config validation enforces >= 365 days for production.',
  },
];

export function isExcepted(rule: string, stack: string, address: string): PolicyException | undefined {
  return POLICY_EXCEPTIONS.find((e) => e.rule === rule && (e.stacks === '*' || e.stacks.includes(stack)) && e.address.test(address));
}
