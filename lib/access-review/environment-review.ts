/**
 * The whole access review of one environment from its synthesized stacks: the pipeline's deploy and plan roles
 * (AWS and Kubernetes), every other role's trust and permissions, and the KMS keys' service principals. Tests assert
 * it finds nothing; `npm run access-review` prints it.
 */
import { describeKeyUseFinding, keyUseFindings, keyUses, type KeyUseFinding } from './key-usage';
import { deployRoleReview, describeFinding, escalationFindings, planRoleReview, type AccessFinding, type ReviewRow } from './pipeline-review';
import { allowingGrant, clusterIdentities, describeRequest, grantsOf, kubernetesCalls, type KubernetesRequest } from './rbac';
import { arnTypes, unmappedTypes } from './resource-requests';
import { rolesOf, type ModelRole } from './roles';
import { describeServiceRoleFinding, expectedCalls, foreignCalls, serviceRoleFindings, type ServiceRoleFinding } from './service-roles';
import { EnvironmentModel, type StackJson } from './stack-model';
import { describeTrustFinding, githubToken, roleUsage, serviceTrustScenarios, trustFindings, type TrustFinding, type TrustScenario } from './trust';

export interface ReviewedEnvironment {
  readonly name: string;
  readonly accountId: string;
  readonly project: string;
  /** `owner/name` of the repository whose workflows the pipeline roles trust, when there is a pipeline. */
  readonly repository?: string;
  /** The branch and GitHub environment the pipeline trusts. */
  readonly branch?: string;
  readonly githubEnvironment?: string;
  /** With Terraform Cloud state: whose runs the Terraform Cloud roles trust. */
  readonly terraformCloud?: { readonly hostname: string; readonly organization: string; readonly project: string; readonly workspaces: readonly string[] };
}

/** Pipeline roles by name: GitHub's plan/deploy and Terraform Cloud's plan/apply. */
const isDeployRole = (name: string) => /-(github-deploy|tfc-apply)$/.test(name);
const isPlanRole = (name: string) => /-(github-plan|tfc-plan)$/.test(name);

export interface RbacFinding {
  readonly identity: string;
  readonly request: KubernetesRequest;
  readonly expected: 'allow' | 'deny';
  readonly reason: string;
}

export interface EnvironmentReview {
  readonly environment: string;
  /** aws_* types of the deployed stacks without an entry in the action map. */
  readonly unmapped: string[];
  readonly deploy: AccessFinding[];
  readonly plan: AccessFinding[];
  readonly escalation: AccessFinding[];
  readonly trust: TrustFinding[];
  readonly serviceRoles: ServiceRoleFinding[];
  /** Roles of the deployed stacks that nothing says what they are for (no usage, no expectations). */
  readonly unreviewedRoles: string[];
  readonly keys: KeyUseFinding[];
  readonly rbac: RbacFinding[];
  /** Every evaluated request of the pipeline roles (the report's table). */
  readonly rows: ReviewRow[];
}

/** Stack names of an environment, as the app names them. */
export const deployedStacks = (env: string) => [env, `${env}-workloads`, `${env}-gpu`];

export async function reviewEnvironment(env: ReviewedEnvironment, stacks: readonly StackJson[], other: { name: string; accountId: string }): Promise<EnvironmentReview> {
  const model = new EnvironmentModel(stacks, { accountId: env.accountId }, arnTypes());
  const deployed = deployedStacks(env.name).filter((s) => stacks.some((x) => x.name === s));
  const pipelineRoles = stacks.some((s) => s.name === `pipeline-${env.name}`) ? rolesOf(model, `pipeline-${env.name}`) : [];
  const deploy = { findings: [] as AccessFinding[], rows: [] as ReviewRow[] };
  const plan = { findings: [] as AccessFinding[], rows: [] as ReviewRow[] };
  const escalation: AccessFinding[] = [];
  for (const role of pipelineRoles.filter((r) => isDeployRole(r.name))) {
    const review = await deployRoleReview(model, role, deployed);
    deploy.findings.push(...review.findings);
    deploy.rows.push(...review.rows);
    escalation.push(...await escalationFindings(role, env.accountId, env.project, `${env.project}-${env.name}-github-plan`));
  }
  for (const role of pipelineRoles.filter((r) => isPlanRole(r.name))) {
    const review = await planRoleReview(model, role, deployed);
    plan.findings.push(...review.findings);
    plan.rows.push(...review.rows);
  }

  // Trust of every role: pipeline roles by their OIDC subjects, the others by how the stacks use them.
  const usage = roleUsage(model);
  const otherCluster = `arn:aws:eks:eu-north-1:${other.accountId}:cluster/${env.project}-${other.name}`;
  const trust: TrustFinding[] = [];
  const serviceRoles: ServiceRoleFinding[] = [];
  const unreviewedRoles: string[] = [];
  for (const role of deployed.flatMap((s) => rolesOf(model, s))) {
    const use = usage.get(role.arn) ?? { services: new Set<string>(), pods: [] };
    const users = model.resources().filter((r) => JSON.stringify(model.resolve(r.attrs, r.stack)).includes(role.arn));
    const calls = expectedCalls(model, role, use, users);
    const scenarios = serviceTrustScenarios(use, env.accountId, otherCluster);
    if (scenarios.length === 0 || !calls) unreviewedRoles.push(role.name);
    trust.push(...await trustFindings(role, scenarios, env.accountId));
    const foreign = (calls ?? []).flatMap((c) => foreignCalls(c, model, env.name, other));
    serviceRoles.push(...await serviceRoleFindings(role, calls ?? [], foreign, env.accountId));
  }
  trust.push(...await pipelineTrust(env, pipelineRoles));

  return {
    environment: env.name,
    unmapped: unmappedTypes(model, deployed),
    deploy: deploy.findings, plan: plan.findings, escalation, trust, serviceRoles, unreviewedRoles,
    keys: await keyUseFindings(model, keyUses(model)),
    rbac: rbacFindings(model, env, deployed, pipelineRoles),
    rows: [...deploy.rows, ...plan.rows],
  };
}

/** The jobs and runs that may and may not assume the pipeline roles (tokens as GitHub and Terraform Cloud form them). */
async function pipelineTrust(env: ReviewedEnvironment, roles: readonly ModelRole[]): Promise<TrustFinding[]> {
  const findings: TrustFinding[] = [];
  for (const role of roles) {
    const provider = String(role.trust.policy.Statement?.[0]?.Principal?.Federated ?? '');
    if (!provider.includes('oidc-provider/')) continue;
    const scenarios = role.name.includes('-tfc-') ? terraformCloudScenarios(env, provider, isPlanRole(role.name)) : githubScenarios(env, provider, isPlanRole(role.name));
    findings.push(...await trustFindings(role, scenarios, env.accountId));
  }
  return findings;
}

/** GitHub: pull requests and the branch may plan; jobs in the GitHub environment may deploy; nothing else may. */
function githubScenarios(env: ReviewedEnvironment, provider: string, isPlan: boolean): TrustScenario[] {
  if (!env.repository) return [];
  const repo = `repo:${env.repository}`;
  const fork = `repo:${env.repository.split('/')[0]}-fork/${env.repository.split('/')[1]}`;
  const branch = env.branch ?? 'main';
  const githubEnv = env.githubEnvironment ?? env.name;
  const job = (label: string, sub: string, expect: 'allow' | 'deny', aud?: string): TrustScenario => ({ label, ...githubToken(provider, sub, aud), expect });
  return [
    job(`a pull request of ${env.repository}`, `${repo}:pull_request`, isPlan ? 'allow' : 'deny'),
    job(`a run on ${branch}`, `${repo}:ref:refs/heads/${branch}`, isPlan ? 'allow' : 'deny'),
    job(`a job in the ${githubEnv} GitHub environment`, `${repo}:environment:${githubEnv}`, isPlan ? 'deny' : 'allow'),
    job('a run on another branch', `${repo}:ref:refs/heads/feature`, 'deny'),
    job('another GitHub environment', `${repo}:environment:${githubEnv}-other`, 'deny'),
    job('a fork', `${fork}:pull_request`, 'deny'),
    job('a fork\'s environment job', `${fork}:environment:${githubEnv}`, 'deny'),
    job('another repository', `repo:someone/else:environment:${githubEnv}`, 'deny'),
    job('a token for another audience', `${repo}:environment:${githubEnv}`, 'deny', 'https://github.com/someone'),
  ];
}

/** Terraform Cloud: each workspace's plan phase may plan, its apply phase apply; other organizations, projects and workspaces may not. */
function terraformCloudScenarios(env: ReviewedEnvironment, provider: string, isPlan: boolean): TrustScenario[] {
  const tfc = env.terraformCloud;
  if (!tfc) return [];
  const run = (label: string, sub: string, expect: 'allow' | 'deny', aud = 'aws.workload.identity'): TrustScenario =>
    ({ label, principal: provider, action: 'sts:AssumeRoleWithWebIdentity', context: { [`${tfc.hostname}:sub`]: sub, [`${tfc.hostname}:aud`]: aud }, expect });
  const sub = (workspace: string, phase: string, org = tfc.organization, project = tfc.project) => `organization:${org}:project:${project}:workspace:${workspace}:run_phase:${phase}`;
  const [first] = tfc.workspaces;
  return [
    ...tfc.workspaces.flatMap((w) => [
      run(`the plan phase of ${w}`, sub(w, 'plan'), isPlan ? 'allow' : 'deny'),
      run(`the apply phase of ${w}`, sub(w, 'apply'), isPlan ? 'deny' : 'allow'),
    ]),
    run('another workspace of the project', sub(`${first}-other`, isPlan ? 'plan' : 'apply'), 'deny'),
    run('the same workspace name in another project', sub(first, isPlan ? 'plan' : 'apply', tfc.organization, `${tfc.project}-other`), 'deny'),
    run('the same workspace name in another organization', sub(first, isPlan ? 'plan' : 'apply', `${tfc.organization}-other`), 'deny'),
    run('a token for another audience', sub(first, isPlan ? 'plan' : 'apply'), 'deny', 'sts.amazonaws.com'),
  ];
}

/** The pipeline roles in the cluster: the plan role reads what refresh needs and no Secret; the deploy role can apply. */
export function rbacFindings(model: EnvironmentModel, env: ReviewedEnvironment, deployed: readonly string[], roles: readonly ModelRole[]): RbacFinding[] {
  const workloads = `${env.name}-workloads`;
  if (!deployed.includes(env.name) || !deployed.includes(workloads)) return [];
  const identities = clusterIdentities(model, env.name);
  const calls = kubernetesCalls(model, deployed);
  const findings: RbacFinding[] = [];
  for (const role of roles) {
    const identity = identities.find((i) => i.principalArn === role.arn);
    const isPlan = isPlanRole(role.name);
    if (!identity) {
      findings.push({ identity: role.name, request: { verb: 'get', apiGroup: '', resource: 'namespaces', source: env.name }, expected: 'allow', reason: 'no EKS access entry for the role' });
      continue;
    }
    const grants = grantsOf(model, identity, workloads);
    const check = (request: KubernetesRequest, expected: 'allow' | 'deny') => {
      const grant = allowingGrant(grants, request);
      if (Boolean(grant) !== (expected === 'allow')) {
        findings.push({ identity: role.name, request, expected, reason: grant ? `granted by ${grant.role} through ${grant.via}` : `no rule of ${grants.map((g) => `${g.role} (${g.via})`).join(', ') || 'any binding'} allows ${describeRequest(request)}` });
      }
    };
    calls.read.forEach((q) => check(q, 'allow'));
    calls.write.forEach((q) => check(q, isPlan ? 'deny' : 'allow'));
    if (isPlan) {
      // Application secrets live in these namespaces: plans run pull-request code and must not read them.
      for (const namespace of calls.namespaces) {
        for (const verb of ['get', 'list', 'watch']) check({ verb, apiGroup: '', resource: 'secrets', namespace, name: verb === 'get' ? 'app-secrets' : undefined, source: `Secrets in ${namespace}` }, 'deny');
      }
    }
  }
  return findings;
}

/** The facts the review needs from an environment's config (structural: lib/ does not import environments/). */
export function reviewedEnvironment(env: {
  name: string; project: string; aws: { accountId: string };
  pipeline?: { repository: string; branch?: string; githubEnvironment?: string };
  state: { backend: string; organization?: string; hostname?: string; project?: string; workspacePrefix?: string };
}): ReviewedEnvironment {
  const { state } = env;
  return {
    name: env.name, accountId: env.aws.accountId, project: env.project,
    repository: env.pipeline?.repository, branch: env.pipeline?.branch, githubEnvironment: env.pipeline?.githubEnvironment,
    terraformCloud: state.backend === 'cloud' ? {
      hostname: state.hostname ?? 'app.terraform.io', organization: state.organization!, project: state.project ?? `${env.project}-${env.name}`,
      workspaces: deployedStacks(env.name).map((stack) => `${state.workspacePrefix}-${stack}`),
    } : undefined,
  };
}

/** The stacks the review of `env` reads: its deployed stacks and its pipeline stack. */
export function stacksOf(env: string, stacks: readonly StackJson[]): StackJson[] {
  return stacks.filter((s) => deployedStacks(env).includes(s.name) || s.name === `pipeline-${env}`);
}

/** Reviews every environment; each one's foreign probes use another environment (one in another account if any). */
export async function reviewPlatform(envs: readonly ReviewedEnvironment[], stacks: readonly StackJson[]): Promise<EnvironmentReview[]> {
  const reviews: EnvironmentReview[] = [];
  for (const env of envs) {
    const others = envs.filter((e) => e.name !== env.name);
    const other = others.find((e) => e.accountId !== env.accountId) ?? others[0] ?? { name: `${env.name}-other`, accountId: '999999999999' };
    reviews.push(await reviewEnvironment(env, stacksOf(env.name, stacks), { name: other.name, accountId: other.accountId === env.accountId ? '999999999999' : other.accountId }));
  }
  return reviews;
}

/** Every finding of a review as one line each (empty when the environment passes). */
export function findingLines(review: EnvironmentReview): string[] {
  return [
    ...review.unmapped.map((t) => `${review.environment}: ${t} has no entry in lib/access-review/aws-actions.ts: add the actions applying and refreshing it calls`),
    ...review.unreviewedRoles.map((r) => `${review.environment}: role ${r}: nothing says what it is for (no service is handed it, no service account is bound to it, no expected calls)`),
    ...[...review.deploy, ...review.plan, ...review.escalation].map(describeFinding),
    ...review.trust.map(describeTrustFinding),
    ...review.serviceRoles.map(describeServiceRoleFinding),
    ...review.keys.map(describeKeyUseFinding),
    ...review.rbac.map((f) => `${f.identity}: Kubernetes ${describeRequest(f.request)} (${f.request.source}): expected ${f.expected}, ${f.reason}`),
  ];
}
