/**
 * Synchronous IAM decisions for tests that reason over policy statements directly (state access across accounts):
 * identity statements, a resource policy (bucket, key or trust policy) and the same-account / cross-account rules,
 * decided by `@cloud-copilot/iam-simulate`'s engine, the one the access review uses (lib/access-review). Resources may
 * be Terraform references (`${aws_kms_key.x.arn}`): this path does not validate ARNs, it evaluates them as strings.
 */
import { runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import type { Json } from './synth';

export interface AccessRequest {
  /** The calling principal (a role ARN). */
  readonly principalArn: string;
  readonly action: string;
  /** ARN of the resource, or the Terraform reference standing for it (`${aws_kms_key.x.arn}`). */
  readonly resource: string;
  /** Condition keys of the request; `aws:PrincipalArn` and `aws:PrincipalAccount` are added. */
  readonly context?: Readonly<Record<string, string>>;
}

export interface PolicySet {
  /** Identity-based statements of the principal (all its policies). */
  readonly identity: readonly Json[];
  /** Resource-based statements (bucket policy, key policy, trust policy). */
  readonly resource: readonly Json[];
  /** Account owning the resource. */
  readonly resourceAccount: string;
}

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
export const accountOfArn = (arn: string) => arn.split(':')[4];
const document = (statements: readonly Json[]) => ({ Version: '2012-10-17', Statement: [...statements] });

/** Is the request allowed? AWS's evaluation logic, including what KMS key and role trust policies require themselves. */
export function isAllowed(policies: PolicySet, request: AccessRequest): boolean {
  const result = runUnsafeSimulation({
    request: {
      principal: request.principalArn,
      action: request.action,
      resource: { resource: request.resource, accountId: policies.resourceAccount },
      contextVariables: { 'aws:PrincipalArn': request.principalArn, 'aws:PrincipalAccount': accountOfArn(request.principalArn), ...request.context },
    },
    identityPolicies: policies.identity.length > 0 ? [{ name: 'identity', policy: document(policies.identity) }] : [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    // The unvalidated engine needs the resource policy in its pre-validated form (with a name).
    resourcePolicy: policies.resource.length > 0 ? { __validated: true, policyDocument: document(policies.resource), metadata: { name: 'resource' }, errors: [] } : undefined,
  }, {});
  return result === 'Allowed';
}

/** Statements of a policy attribute (JSON string or object). */
export function statementsOf(policy: unknown): Json[] {
  const doc = typeof policy === 'string' ? JSON.parse(policy) : policy;
  return asArray<Json>((doc as Json)?.Statement);
}
