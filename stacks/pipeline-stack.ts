/**
 * `pipeline-<env>`: the GitHub OIDC provider and the plan/deploy roles of one environment's account. Applied by an
 * administrator (like `bootstrap`), never by the pipeline itself: its name stays outside the `<env>*` globs the
 * pipeline deploys, and the deploy role is denied IAM changes on these roles.
 */
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { GithubDeployRoles } from '../constructs/pipeline/github-deploy-roles';
import { configureBackend } from '../constructs/state-backend';
import type { EnvironmentConfig } from '../environments/schema/environment';
import type { PipelineConfig } from '../environments/schema/pipeline';
import { partitionOf } from '../lib/aws-regions';
import { awsProvider } from '../constructs/aws-provider';

/** What the deploy role applies, read off the environment's built stacks (never typed by hand). */
export interface PipelineDeployScope {
  /** Every aws provider region of the stacks. */
  readonly regions: readonly string[];
  /** Every AWS managed policy the stacks attach. */
  readonly attachablePolicyArns: readonly string[];
}

export const pipelineStackName = (env: string) => `pipeline-${env}`;

const pipelineNamePrefix = (env: EnvironmentConfig) => `${env.project}-${env.name}`;

export class PipelineStack extends TerraformStack {
  public readonly roles: GithubDeployRoles;

  /** `deployed`: what the deploy role applies, derived from the environment's stacks (`PipelineDeployScope`). */
  constructor(scope: Construct, env: EnvironmentConfig & { pipeline: PipelineConfig }, deployed: PipelineDeployScope) {
    const name = pipelineStackName(env.name);
    super(scope, name);
    awsProvider(this, env, name);
    configureBackend(this, env.state, name);
    this.roles = new GithubDeployRoles(this, 'github', {
      repository: env.pipeline.repository,
      namePrefix: pipelineNamePrefix(env),
      project: env.project,
      accountId: env.aws.accountId,
      regions: deployed.regions,
      attachablePolicyArns: deployed.attachablePolicyArns,
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
