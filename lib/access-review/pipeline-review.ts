/**
 * The pipeline's identities against what they run: the deploy role must be allowed every call applying the
 * environment's stacks makes, and may not escalate; the plan role must be allowed every call a refresh makes, and
 * no write at all.
 */
import { iamAction, iamActionsMatching, isReadOnly } from './iam-data';
import { pinnedManagedPolicies } from './managed-policies';
import { resourceRequests, type ResourceRequest } from './resource-requests';
import type { ModelRole } from './roles';
import { evaluate, type Decision, type Identity } from './simulate';
import type { EnvironmentModel } from './stack-model';

export interface AccessFinding {
  readonly role: string;
  readonly request: ResourceRequest | { readonly action: string; readonly resource: string; readonly source?: undefined; readonly phase?: string };
  readonly decision: Decision;
  /** What was expected: the role must be allowed, or must be denied. */
  readonly expected: 'allow' | 'deny';
}

export interface ReviewRow {
  readonly role: string;
  readonly type: string;
  readonly phase: string;
  readonly action: string;
  readonly resource: string;
  readonly decision: Decision;
}

/** Identical requests (same action, resource, context, policy) are evaluated once. */
async function decide(identity: Identity, requests: readonly ResourceRequest[]): Promise<Map<ResourceRequest, Decision>> {
  const memo = new Map<string, Promise<Decision>>();
  const out = new Map<ResourceRequest, Decision>();
  for (const request of requests) {
    const key = JSON.stringify([request.action, request.resource, request.context, request.resourcePolicy?.name]);
    if (!memo.has(key)) memo.set(key, evaluate(identity, request));
    out.set(request, await memo.get(key)!);
  }
  return out;
}

export function describeFinding(f: AccessFinding): string {
  const region = f.request.source ? (f.request as ResourceRequest).context?.['aws:RequestedRegion'] : undefined;
  const where = f.request.source ? ` (${f.request.phase} of ${f.request.source.stack}: ${f.request.source.address}, in ${region})` : '';
  const outcome = f.decision.allowed && f.decision.reason === 'allowed' ? `allowed by ${f.decision.statements.join(', ') || 'the role\'s policies'}` : f.decision.reason;
  return `${f.role}: ${f.request.action} on ${f.request.resource}${where}: expected ${f.expected}, ${outcome}`;
}

/** Deploy role: every create/read/update/delete call, PassRole and service-linked role of the stacks is allowed. */
export async function deployRoleReview(model: EnvironmentModel, role: ModelRole, stacks: readonly string[]): Promise<{ findings: AccessFinding[]; rows: ReviewRow[] }> {
  const requests = resourceRequests(model, stacks);
  const decisions = await decide(role.identity, requests);
  const rows = requests.map((r) => ({ role: role.name, type: r.source.type, phase: r.phase, action: r.action, resource: r.resource, decision: decisions.get(r)! }));
  const findings = requests.filter((r) => !decisions.get(r)!.allowed).map((r) => ({ role: role.name, request: r, decision: decisions.get(r)!, expected: 'allow' as const }));
  return { findings, rows };
}

/** Plan role: every read call of the stacks is allowed; every non-read call the stacks' lifecycle makes is denied. */
/** Non-read actions the plan role needs: taking the state role (its own policy keeps it to state and the lock). */
const PLAN_ROLE_NON_READ = new Set(['sts:AssumeRole']);

export async function planRoleReview(model: EnvironmentModel, role: ModelRole, stacks: readonly string[]): Promise<{ findings: AccessFinding[]; rows: ReviewRow[] }> {
  const managed = new Set([...pinnedManagedPolicies().values()].map((p) => p.name));
  const requests = resourceRequests(model, stacks);
  const reads = requests.filter((r) => r.phase === 'read');
  const writes = requests.filter((r) => !r.readOnly && r.phase !== 'read');
  const decisions = await decide(role.identity, [...reads, ...writes]);
  const rows = [...reads, ...writes].map((r) => ({ role: role.name, type: r.source.type, phase: r.phase, action: r.action, resource: r.resource, decision: decisions.get(r)! }));
  const findings: AccessFinding[] = [
    ...reads.filter((r) => !decisions.get(r)!.allowed).map((r) => ({ role: role.name, request: r, decision: decisions.get(r)!, expected: 'allow' as const })),
    ...writes.filter((r) => decisions.get(r)!.allowed).map((r) => ({ role: role.name, request: r, decision: decisions.get(r)!, expected: 'deny' as const })),
  ];
  // Beyond the stacks' own calls: no action this project's own policies allow may write (a planted `ec2:CreateVpc`
  // or `ec2:*` fails here). AWS's ReadOnlyAccess is AWS's definition of read-only and is not second-guessed here.
  for (const policy of role.identity.identityPolicies.filter((p) => !managed.has(p.name))) {
    for (const statement of [policy.policy.Statement ?? []].flat()) {
      if (statement.Effect !== 'Allow') continue;
      for (const action of ([statement.Action ?? []].flat() as string[]).flatMap(iamActionsMatching)) {
        const details = iamAction(action);
        if (!details || isReadOnly(details) || PLAN_ROLE_NON_READ.has(action)) continue;
        const by = `${policy.name}#${statement.Sid ?? '?'}`;
        findings.push({ role: role.name, request: { action, resource: String(statement.Resource) }, decision: { allowed: true, result: 'Allowed', statements: [by], reason: `allowed by ${by} (a ${details.accessLevel} action)` }, expected: 'deny' });
      }
    }
  }
  return { findings, rows };
}

/** Escalation paths the deploy role must not have: IAM outside the project's prefix, the pipeline's own roles, boundaries. */
export async function escalationFindings(role: ModelRole, accountId: string, project: string, pipelineRolePattern: string): Promise<AccessFinding[]> {
  const iam = (r: string) => `arn:aws:iam::${accountId}:${r}`;
  const probes: { action: string; resource: string; context?: Record<string, string> }[] = [
    { action: 'iam:CreateRole', resource: iam('role/not-the-project-admin') },
    { action: 'iam:AttachRolePolicy', resource: iam('role/OrganizationAccountAccessRole') },
    // Inside the prefix too: a project role may not be handed an AWS managed policy the stacks do not attach.
    { action: 'iam:AttachRolePolicy', resource: iam(`role/${project}-anything`), context: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess' } },
    { action: 'iam:AttachRolePolicy', resource: iam(`role/${project}-anything`), context: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/IAMFullAccess' } },
    { action: 'iam:PutRolePolicy', resource: iam(`role/${pipelineRolePattern}`) },
    { action: 'iam:UpdateAssumeRolePolicy', resource: iam(`role/${pipelineRolePattern}`) },
    // Another environment's pipeline role in the same account (a recovery environment shares production's).
    { action: 'iam:PutRolePolicy', resource: iam(`role/${project}-other-github-deploy`) },
    { action: 'iam:UpdateOpenIDConnectProviderThumbprint', resource: iam('oidc-provider/token.actions.githubusercontent.com') },
    { action: 'iam:UpdateOpenIDConnectProviderThumbprint', resource: iam('oidc-provider/app.terraform.io') },
    { action: 'iam:DeleteRolePermissionsBoundary', resource: iam(`role/${project}-anything`) },
    { action: 'iam:PutRolePermissionsBoundary', resource: iam(`role/${project}-anything`) },
    { action: 'iam:CreateUser', resource: iam('user/someone') },
    { action: 'iam:CreateAccessKey', resource: iam('user/someone') },
    { action: 'iam:CreatePolicyVersion', resource: iam('policy/not-the-project') },
    { action: 'iam:PassRole', resource: iam('role/OrganizationAccountAccessRole') },
  ];
  const findings: AccessFinding[] = [];
  for (const probe of probes) {
    const decision = await evaluate(role.identity, { ...probe, resourceAccount: accountId, context: { 'aws:RequestedRegion': 'us-east-1', ...probe.context } });
    const what = { action: probe.action, resource: `${probe.resource}${probe.context ? ` with ${JSON.stringify(probe.context)}` : ''}` };
    if (decision.allowed) findings.push({ role: role.name, request: what, decision: { ...decision, reason: `allowed by ${decision.statements.join(', ')}` }, expected: 'deny' });
  }
  return findings;
}
