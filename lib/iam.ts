/** IAM policy documents as plain data, rendered to the JSON string AWS expects. */

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: '*' | Record<string, string | string[]>;
  /** Action or NotAction (a Deny of everything but a list). */
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

/** Renders statements as an IAM policy JSON string; cdktf tokens inside resolve to Terraform references. */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** Trust policy for an AWS service principal, pinned to our account (confused-deputy guard). */
export function serviceTrustPolicy(service: string, accountId: string): string {
  return policyDocument([{
    Effect: 'Allow',
    Principal: { Service: service },
    Action: 'sts:AssumeRole',
    Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
  }]);
}
