/** The GitHub Actions pipeline's access to this environment's AWS account (docs/deploying.md: "OIDC roles"). */
import { z } from 'zod';
import { partitionOf } from '../../lib/aws-regions';
import type { IssueReporter } from './issues';

/**
 * The identity strings GitHub writes into the OIDC token's `sub` claim, which the roles' trust compares with
 * StringEquals: `repo:<owner>/<name>:ref:refs/heads/<branch>` and `repo:<owner>/<name>:environment:<environment>`. A
 * value in another spelling (a URL, `.git`, `refs/heads/…`) synthesizes a trust no token matches. docs/api-rules.md.
 */
const githubOwner = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const githubRepoName = /^[A-Za-z0-9_.-]{1,100}$/;

/** Why `value` is not `owner/name` as GitHub's `sub` claim spells it, or undefined. */
export function githubRepositoryProblem(value: string): string | undefined {
  const bare = /^(?:https?:\/\/|ssh:\/\/|git@)?(?:[\w.-]*github\.com[/:])?([^/\s]+\/[^/\s]+?)(?:\.git)?\/?$/.exec(value.trim())?.[1];
  if (bare && bare !== value) return `must be the bare "owner/name" GitHub puts in the OIDC sub claim: "${bare}", not a URL, clone address or .git name`;
  const [owner, name, ...rest] = value.split('/');
  if (name === undefined || rest.length > 0) return 'must be the exact "owner/name" of the GitHub repository';
  if (/[*?]/.test(value)) return 'must be the exact "owner/name" of the GitHub repository (no wildcards)';
  if (!githubOwner.test(owner)) return `owner "${owner}" is not a GitHub account name (1-39 letters, digits and single hyphens, no hyphen first or last)`;
  if (!githubRepoName.test(name) || name === '.' || name === '..') return `name "${name}" is not a GitHub repository name (1-100 letters, digits, ".", "-" and "_")`;
  return undefined;
}

/** Why `value` is not a bare branch name git and GitHub accept (git check-ref-format), or undefined. */
export function branchProblem(value: string): string | undefined {
  if (value.startsWith('refs/heads/')) return `must be the bare branch name "${value.slice('refs/heads/'.length)}": the trust adds "refs/heads/" itself`;
  if (value.startsWith('refs/')) return 'must be a branch name: the plan role trusts runs on a branch (refs/heads/<branch>), not tags or other refs';
  if (/[*?[]/.test(value)) return 'must be a branch name (no wildcards)';
  if (/[\x00-\x20~^:\\\x7f]|\.\.|@\{|\/\/|^\/|\/$|\.$|\.lock(?:\/|$)|(?:^|\/)\./.test(value) || value === '@' || value.length === 0) {
    return 'is not a valid git branch name (no spaces, "..", "~", "^", ":", "\\", "@{", "//", leading or trailing "/", trailing "." or ".lock")';
  }
  return undefined;
}

/** GitHub environment names: up to 255 characters, compared case-insensitively; no ":" so the sub claim stays unambiguous. */
const githubEnvironmentName = z.string()
  .max(255, 'must be at most 255 characters (GitHub\'s limit for environment names)')
  .regex(/^[A-Za-z0-9_. -]+$/, 'must be a GitHub environment name: letters, digits, spaces, ".", "-" and "_" (no wildcards, no ":")');

export const pipelineSchema = z.object({
  /** The GitHub repository (`owner/name`, exact: no wildcards, no URL, no `.git`), spelled as GitHub spells it in the OIDC `sub` claim. */
  repository: z.string().superRefine((value, ctx) => {
    const problem = githubRepositoryProblem(value);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  }),
  /** Branch whose workflow runs may plan with the read-only plan role: the bare name, without `refs/heads/`. @default 'main' */
  branch: z.string().superRefine((value, ctx) => {
    const problem = branchProblem(value);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  }).default('main'),
  /** GitHub environment whose jobs may assume the deploy role; give it required reviewers. @default the environment's name */
  githubEnvironment: githubEnvironmentName.optional(),
  /** Pull requests of the repository may plan with the read-only plan role. @default true */
  planOnPullRequests: z.boolean().default(true),
  /** Create the account's GitHub OIDC provider; false when another environment in the same account creates it. @default true */
  createOidcProvider: z.boolean().default(true),
});

export type PipelineConfig = z.output<typeof pipelineSchema>;

/** The name of the GitHub plan or deploy role of `pipeline-<env>`: the state backend role and the cluster's access entries name the same roles. */
export const githubRoleName = (namePrefix: string, kind: 'plan' | 'deploy') => `${namePrefix}-github-${kind}`;
/** The name of the Terraform Cloud plan or apply role of `pipeline-<env>` (dynamic provider credentials). */
export const terraformCloudRoleName = (namePrefix: string, kind: 'plan' | 'apply') => `${namePrefix}-tfc-${kind}`;

/**
 * Kubernetes group of the identities that plan the cluster stacks: bound to read-only RBAC without Secrets (the
 * workloads stack's TerraformPlanAccess). EKS refuses groups starting with system:, eks:, aws:, amazon: or iam:.
 */
export const planKubernetesGroup = (project: string) => `${project}:terraform-plan`;

interface PipelineOwner {
  readonly project: string;
  readonly name: string;
  readonly aws: { readonly accountId: string; readonly region: string };
  readonly pipeline?: PipelineConfig;
  readonly state: { readonly backend: string };
}

/** The Terraform Cloud project of an environment's workspaces. */
export const terraformCloudProject = (env: PipelineOwner & { state: { project?: string } }) => env.state.project ?? `${env.project}-${env.name}`;

/**
 * ARNs of the pipeline's plan roles and deploy roles: GitHub's with a `pipeline`, Terraform Cloud's with `cloud`
 * state. Empty lists without either.
 */
export function pipelineRoleArns(env: PipelineOwner): { plan: string[]; deploy: string[] } {
  const arn = roleArnOf(env);
  const prefix = `${env.project}-${env.name}`;
  const github = env.pipeline ? { plan: [arn(githubRoleName(prefix, 'plan'))], deploy: [arn(githubRoleName(prefix, 'deploy'))] } : { plan: [], deploy: [] };
  const cloud = terraformCloudRoleArns(env);
  return { plan: [...github.plan, ...(cloud ? [cloud.plan] : [])], deploy: [...github.deploy, ...(cloud ? [cloud.apply] : [])] };
}

/** The Terraform Cloud plan and apply roles of an environment with `cloud` state, or undefined. */
export function terraformCloudRoleArns(env: PipelineOwner): { plan: string; apply: string } | undefined {
  if (env.state.backend !== 'cloud') return undefined;
  const arn = roleArnOf(env);
  const prefix = `${env.project}-${env.name}`;
  return { plan: arn(terraformCloudRoleName(prefix, 'plan')), apply: arn(terraformCloudRoleName(prefix, 'apply')) };
}

const roleArnOf = (env: PipelineOwner) => (name: string) => `arn:${partitionOf(env.aws.region)}:iam::${env.aws.accountId}:role/${name}`;

/**
 * The pipeline's roles get their cluster access from the pipeline itself (deploy: cluster admin; plan: the read-only
 * RBAC of the workloads stack). Listed again under eks.access they would need a second access entry, which EKS
 * refuses (one per principal per cluster), and the plan role would gain the broader view policy.
 */
export function checkPipelineClusterAccess(env: PipelineOwner & { eks: { access: Record<string, readonly string[]> } }, report: IssueReporter): void {
  const roles = pipelineRoleArns(env);
  for (const [list, arns] of Object.entries(env.eks.access)) {
    arns.forEach((arn, i) => {
      const kind = roles.plan.includes(arn) ? 'plan' : roles.deploy.includes(arn) ? 'deploy' : undefined;
      if (kind) report(['eks', 'access', list, i], `${arn} is the pipeline's ${kind} role, which gets its cluster access automatically (${kind === 'plan' ? 'read-only RBAC for plans' : 'cluster admin'}): remove it here`);
    });
  }
}

/**
 * IAM keeps one OIDC provider per URL per account: of the environments sharing an account, only the first may
 * create the GitHub provider (`pipeline.createOidcProvider`) or the Terraform Cloud one (`state.createOidcProvider`);
 * the others use it.
 */
export function oidcProviderProblems(envs: readonly { name: string; aws: { accountId: string }; pipeline?: PipelineConfig; state: { backend: string; hostname?: string; createOidcProvider?: boolean } }[]): string[] {
  const creator = new Map<string, string>();
  const problems: string[] = [];
  const claim = (env: { name: string; aws: { accountId: string } }, host: string, field: string) => {
    const key = `${env.aws.accountId} ${host}`;
    const first = creator.get(key);
    if (first) problems.push(`environment "${env.name}": ${field}: must be false: environment "${first}" already creates the ${host} OIDC provider of account ${env.aws.accountId} (IAM allows one per URL and account)`);
    else creator.set(key, env.name);
  };
  for (const env of envs) {
    if (env.pipeline?.createOidcProvider) claim(env, 'token.actions.githubusercontent.com', 'pipeline.createOidcProvider');
    if (env.state.backend === 'cloud' && env.state.createOidcProvider) claim(env, env.state.hostname ?? 'app.terraform.io', 'state.createOidcProvider');
  }
  return [...problems, ...sharedGithubEnvironmentProblems(envs)];
}

/**
 * GitHub compares environment names case-insensitively: two environments of this project naming the same repository's
 * "Production" and "production" would share one GitHub environment, and each deploy role would trust the other's jobs.
 */
function sharedGithubEnvironmentProblems(envs: readonly { name: string; pipeline?: PipelineConfig }[]): string[] {
  const owner = new Map<string, string>();
  const problems: string[] = [];
  for (const env of envs) {
    if (!env.pipeline) continue;
    const githubEnvironment = env.pipeline.githubEnvironment ?? env.name;
    const key = `${env.pipeline.repository.toLowerCase()} ${githubEnvironment.toLowerCase()}`;
    const first = owner.get(key);
    if (first) problems.push(`environment "${env.name}": pipeline.githubEnvironment: "${githubEnvironment}" is the GitHub environment of environment "${first}" too (GitHub compares environment names case-insensitively): give each environment its own, or its deploy role trusts the other's jobs`);
    else owner.set(key, env.name);
  }
  return problems;
}
