/**
 * A small IAM policy evaluator for tests: identity policy, resource policy (bucket, key, role trust) and the
 * same-account / cross-account rules, over the policy JSON the stacks synthesize. It knows the condition operators
 * the stacks use and throws on any other, so a new operator cannot silently evaluate as "no match".
 */
import type { Json } from './synth';

export interface AccessRequest {
  /** The calling principal (a role ARN: `aws:PrincipalArn`). */
  readonly principalArn: string;
  readonly action: string;
  /** ARN of the resource, or the Terraform reference standing for it (`${aws_kms_key.x.arn}`). */
  readonly resource: string;
  /** Condition keys of the request besides `aws:PrincipalArn`. */
  readonly context?: Readonly<Record<string, string>>;
}

export interface PolicySet {
  /** Identity-based statements of the principal (all its policies). */
  readonly identity: readonly Json[];
  /** Resource-based statements (bucket policy, key policy, trust policy). */
  readonly resource: readonly Json[];
  /** Account owning the resource. */
  readonly resourceAccount: string;
  /**
   * KMS key policies and role trust policies must allow the call themselves; an allow for the account root delegates
   * to IAM (then the identity policy must allow too). S3: the usual same-account rule, either policy may allow.
   */
  readonly kind: 's3' | 'kms' | 'sts';
}

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
export const accountOfArn = (arn: string) => arn.split(':')[4];

function wildcard(pattern: string, value: string, ignoreCase = false): boolean {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, ignoreCase ? 'i' : '').test(value);
}

/** Does the statement's Principal name the caller? The account root stands for every principal of the account. */
function principalMatches(principal: Json | string | undefined, principalArn: string): boolean {
  if (principal === '*') return true;
  if (!principal || typeof principal !== 'object') return false;
  return asArray<string>(principal.AWS).some((p) => p === '*' || p === principalArn || p === `arn:aws:iam::${accountOfArn(principalArn)}:root`);
}

/** Is the caller named explicitly (not through the root delegation)? */
function namesPrincipal(principal: Json | string | undefined, principalArn: string): boolean {
  return typeof principal === 'object' && asArray<string>(principal?.AWS).includes(principalArn);
}

const OPERATORS: Record<string, (actual: string | undefined, expected: string[]) => boolean> = {
  StringEquals: (a, e) => a !== undefined && e.includes(a),
  StringNotEquals: (a, e) => a === undefined || !e.includes(a),
  StringNotEqualsIfExists: (a, e) => a === undefined || !e.includes(a),
  StringLike: (a, e) => a !== undefined && e.some((p) => wildcard(p, a)),
  ArnEquals: (a, e) => a !== undefined && e.includes(a),
  ArnNotEquals: (a, e) => a === undefined || !e.includes(a),
  ArnLike: (a, e) => a !== undefined && e.some((p) => wildcard(p, a)),
  Bool: (a, e) => a !== undefined && e.map(String).includes(a),
  NumericLessThan: (a, e) => a !== undefined && e.some((x) => Number(a) < Number(x)),
};

function conditionsHold(condition: Json | undefined, request: AccessRequest): boolean {
  const context: Record<string, string> = { 'aws:PrincipalArn': request.principalArn, ...request.context };
  return Object.entries(condition ?? {}).every(([operator, pairs]) => {
    const test = OPERATORS[operator];
    if (!test) throw new Error(`iam-evaluator: condition operator ${operator} is not modelled`);
    return Object.entries(pairs as Json).every(([key, expected]) => test(context[key], asArray<string>(expected as string | string[]).map(String)));
  });
}

function applies(statement: Json, request: AccessRequest, checkPrincipal: boolean): boolean {
  if (checkPrincipal && !principalMatches(statement.Principal, request.principalArn)) return false;
  const actions = asArray<string>(statement.Action);
  if (!actions.some((a) => wildcard(a, request.action, true))) return false;
  const resources = asArray<string>(statement.Resource ?? '*');
  if (!resources.some((r) => wildcard(r, request.resource))) return false;
  return conditionsHold(statement.Condition, request);
}

/** Is the request allowed? Explicit denies win; see `PolicySet.kind` for which allows are needed. */
export function isAllowed(policies: PolicySet, request: AccessRequest): boolean {
  const identity = policies.identity.filter((s) => applies(s, request, false));
  const resource = policies.resource.filter((s) => applies(s, request, true));
  if ([...identity, ...resource].some((s) => s.Effect === 'Deny')) return false;
  const identityAllows = identity.some((s) => s.Effect === 'Allow');
  const resourceAllows = resource.filter((s) => s.Effect === 'Allow');
  const sameAccount = accountOfArn(request.principalArn) === policies.resourceAccount;
  if (policies.kind !== 's3') {
    if (resourceAllows.some((s) => namesPrincipal(s.Principal, request.principalArn))) return true;
    return resourceAllows.length > 0 && sameAccount && identityAllows;
  }
  if (sameAccount) return identityAllows || resourceAllows.length > 0;
  return identityAllows && resourceAllows.length > 0;
}

/** Statements of a policy attribute (JSON string or object). */
export function statementsOf(policy: unknown): Json[] {
  const doc = typeof policy === 'string' ? JSON.parse(policy) : policy;
  return asArray<Json>((doc as Json)?.Statement);
}
