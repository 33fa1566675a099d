/**
 * One IAM decision by `@cloud-copilot/iam-simulate`: identity policies, permission boundary, resource policy (key
 * policy, bucket policy, trust policy), same- and cross-account rules. Every result names the statement that decided
 * it, so a failing check says which policy and statement to change.
 */
import { runSimulation, runUnsafeSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import type { Json } from './stack-model';

export interface NamedPolicy {
  readonly name: string;
  readonly policy: Json;
}

/** An identity as the simulator sees it: a principal ARN and every policy that applies to it. */
export interface Identity {
  /** What reports call it (`aifeedback-production-github-deploy`). */
  readonly label: string;
  /** The principal: a role ARN, a service (`pods.eks.amazonaws.com`) or a federated provider ARN. */
  readonly principal: string;
  readonly identityPolicies: readonly NamedPolicy[];
  readonly permissionBoundary?: readonly NamedPolicy[];
}

export interface AccessRequest {
  readonly action: string;
  /** Resource ARN (`*` for actions that take none). */
  readonly resource: string;
  readonly resourceAccount: string;
  readonly context?: Readonly<Record<string, string | string[]>>;
  /** The resource's own policy (key policy, bucket policy, trust policy), if it has one. */
  readonly resourcePolicy?: NamedPolicy;
}

export interface Decision {
  readonly allowed: boolean;
  readonly result: 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied' | 'Error';
  /** `policy#statement` entries that decided it: the denying statements, or the allowing ones. */
  readonly statements: readonly string[];
  /** Why, in one line: for a denial, which statement denies or that none allows. */
  readonly reason: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Analysis = any;

const named = (s: Analysis, policy?: string) => `${policy ?? s.policyId}#${s.explain?.identifier ?? s.statement?.index?.() ?? '?'}`;

/** `policy#statement` of the deciding statements; the simulator does not know the resource policy's name, the request does. */
function statementsOf(analysis: Analysis, kind: 'denyStatements' | 'allowStatements', resourcePolicy?: string): string[] {
  return [
    ...[analysis?.identityAnalysis, analysis?.permissionBoundaryAnalysis].flatMap((p: Analysis) => (p?.[kind] ?? []).map((s: Analysis) => named(s))),
    ...(analysis?.resourceAnalysis?.[kind] ?? []).map((s: Analysis) => named(s, resourcePolicy ?? 'resource policy')),
  ];
}

export async function evaluate(identity: Identity, request: AccessRequest): Promise<Decision> {
  const simulation: Simulation = {
    request: {
      principal: identity.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.resourceAccount },
      contextVariables: { ...request.context },
    },
    identityPolicies: identity.identityPolicies.map((p) => ({ name: p.name, policy: p.policy })),
    permissionBoundaryPolicies: identity.permissionBoundary?.map((p) => ({ name: p.name, policy: p.policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: request.resourcePolicy?.policy,
  };
  const response = await runSimulation(simulation, {});
  // The unvalidated engine loads the resource policy without a name (and fails on it) unless it comes pre-validated.
  const unsafe = () => runUnsafeSimulation({
    ...simulation,
    resourcePolicy: request.resourcePolicy && { __validated: true, policyDocument: request.resourcePolicy.policy, metadata: { name: request.resourcePolicy.name }, errors: [] },
  }, {}) as Decision['result'];
  if (response.resultType === 'error' && response.errors.message === 'multiple.resource.types') {
    // Some services' ARN formats overlap (AWS Backup's): the reference cannot say which type an ARN is, so decide
    // on the same engine without that validation.
    const result = unsafe();
    const denies = result === 'ExplicitlyDenied' ? denyingStatements(simulation, identity) : [];
    const reason = result === 'ExplicitlyDenied' ? `explicitly denied by ${denies.join(', ')}` : 'no statement allows it';
    return { allowed: result === 'Allowed', result, statements: denies, reason: result === 'Allowed' ? 'allowed' : reason };
  }
  if (response.resultType === 'error') {
    return { allowed: false, result: 'Error', statements: [], reason: `simulator rejected the request: ${JSON.stringify(response.errors)}` };
  }
  const analysis = response.resultType === 'single' ? response.result.analysis : response.results[0]?.analysis;
  const ignored = response.resultType === 'single' ? response.result.ignoredContextKeys ?? [] : [];
  if (ignored.length > 0) {
    // The service authorization reference does not list some keys AWS does evaluate (an OIDC provider's `sub` and
    // `aud` for AssumeRoleWithWebIdentity): decide with every key given, on the same engine without key validation.
    const result = unsafe();
    const allowed = result === 'Allowed';
    const considered = [...identity.identityPolicies, ...(request.resourcePolicy ? [request.resourcePolicy] : [])].map((p) => p.name).join(', ') || 'none';
    return { allowed, result, statements: [], reason: allowed ? 'allowed' : `${result === 'ExplicitlyDenied' ? 'explicitly denied' : 'no statement allows it'} (policies: ${considered}; evaluated with ${ignored.join(', ')}, which the reference does not list)` };
  }
  const result = response.overallResult as Decision['result'];
  if (result === 'Allowed') return { allowed: true, result, statements: statementsOf(analysis, 'allowStatements', request.resourcePolicy?.name), reason: 'allowed' };
  const denies = statementsOf(analysis, 'denyStatements', request.resourcePolicy?.name);
  const policies = [...identity.identityPolicies, ...(request.resourcePolicy ? [request.resourcePolicy] : [])].map((p) => p.name).join(', ');
  const reason = result === 'ExplicitlyDenied'
    ? `explicitly denied by ${denies.join(', ') || 'a deny statement'}`
    : `no statement allows it (policies: ${policies || 'none'}${identity.permissionBoundary ? '; boundary applies' : ''})`;
  return { allowed: false, result, statements: denies, reason };
}

/** The identity statements that deny on their own, found with the engine itself one statement at a time. */
function denyingStatements(simulation: Simulation, identity: Identity): string[] {
  return identity.identityPolicies.flatMap((p) => [p.policy.Statement ?? []].flat().map((statement: Analysis, i: number) => {
    const alone = runUnsafeSimulation({ ...simulation, resourcePolicy: undefined, permissionBoundaryPolicies: undefined,
      identityPolicies: [{ name: p.name, policy: { Version: '2012-10-17', Statement: [statement] } }] }, {});
    return alone === 'ExplicitlyDenied' ? `${p.name}#${statement.Sid ?? i + 1}` : undefined;
  })).filter((x): x is string => x !== undefined);
}

