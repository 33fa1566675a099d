/**
 * `pipeline-<env>`: the GitHub OIDC provider and the plan/deploy roles of one environment's account. Applied by an
 * administrator (like `bootstrap`), never by the pipeline itself: its name stays outside the `<env>*` globs the
 * pipeline deploys, and the deploy role is denied IAM changes on these roles.
 */
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { GithubDeployRoles, githubRoleName } from '../constructs/pipeline/github-deploy-roles';
import { configureBackend } from '../constructs/state-backend';
import type { EnvironmentConfig } from '../environments/schema/environment';
import type { PipelineConfig } from '../environments/schema/pipeline';
import { partitionOf } from '../lib/aws-regions';
import { awsProvider } from '../constructs/aws-provider';

export const pipelineStackName = (env: string) => `pipeline-${env}`;

const pipelineNamePrefix = (env: EnvironmentConfig) => `${env.project}-${env.name}`;

/** The GitHub plan and deploy roles of an environment with a pipeline: the state backend role must trust them. */
export function pipelineRoleArns(env: EnvironmentConfig): string[] {
  if (!env.pipeline) return [];
  const role = (kind: 'plan' | 'deploy') => `arn:${partitionOf(env.aws.region)}:iam::${env.aws.accountId}:role/${githubRoleName(pipelineNamePrefix(env), kind)}`;
  return [role('plan'), role('deploy')];
}

export class PipelineStack extends TerraformStack {
  public readonly roles: GithubDeployRoles;

  constructor(scope: Construct, env: EnvironmentConfig & { pipeline: PipelineConfig }) {
    const name = pipelineStackName(env.name);
    super(scope, name);
    awsProvider(this, env, name);
    configureBackend(this, env.state, name);
    this.roles = new GithubDeployRoles(this, 'github', {
      repository: env.pipeline.repository,
      namePrefix: pipelineNamePrefix(env),
      project: env.project,
      accountId: env.aws.accountId,
      region: env.aws.region,
      branch: env.pipeline.branch,
      githubEnvironment: env.pipeline.githubEnvironment ?? env.name,
      planOnPullRequests: env.pipeline.planOnPullRequests,
      createOidcProvider: env.pipeline.createOidcProvider,
      stateRoleArn: env.state.backend === 's3' ? env.state.roleArn : undefined,
      partition: partitionOf(env.aws.region),
    });
    new TerraformOutput(this, 'plan_role_arn', { value: this.roles.planRoleArn });
    new TerraformOutput(this, 'deploy_role_arn', { value: this.roles.deployRoleArn });
  }
}
