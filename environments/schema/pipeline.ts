/** The GitHub Actions pipeline's access to this environment's AWS account (docs/deploying.md: "OIDC roles"). */
import { z } from 'zod';
import { partitionOf } from '../../lib/aws-regions';
import type { IssueReporter } from './issues';

const githubName = /^[A-Za-z0-9_.-]+$/;

export const pipelineSchema = z.object({
  /** The GitHub repository (`owner/name`, exact: no wildcards) whose workflows may assume the roles. */
  repository: z.string().regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+$/, 'must be the exact "owner/name" of the GitHub repository (no wildcards)'),
  /** Branch whose workflow runs may plan with the read-only plan role. @default 'main' */
  branch: z.string().regex(/^[A-Za-z0-9._/-]+$/, 'must be a branch name (no wildcards)').default('main'),
  /** GitHub environment whose jobs may assume the deploy role; give it required reviewers. @default the environment's name */
  githubEnvironment: z.string().regex(githubName, 'must be a GitHub environment name (no wildcards)').optional(),
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
  return problems;
}
