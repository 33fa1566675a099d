/**
 * `pipeline-<env>`: the identities that plan and deploy one environment, in its account: the GitHub OIDC provider
 * and plan/deploy roles (with `pipeline`), the Terraform Cloud OIDC provider and plan/apply roles (with `cloud`
 * state). Applied by an administrator (like `bootstrap`), never by the pipeline itself: its name stays outside the
 * `<env>*` globs the pipeline deploys, and the deploy roles are denied IAM changes on every pipeline role.
 */
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { GithubDeployRoles } from '../constructs/pipeline/github-deploy-roles';
import { TerraformCloudRoles } from '../constructs/pipeline/terraform-cloud-roles';
import { configureBackend, stateLocation } from '../constructs/state-backend';
import type { EnvironmentConfig } from '../environments/schema/environment';
import { terraformCloudProject } from '../environments/schema/pipeline';
import { partitionOf } from '../lib/aws-regions';
import { awsProvider } from '../constructs/aws-provider';

/** What the deploy role applies, read off the environment's built stacks (never typed by hand). */
export interface PipelineDeployScope {
  /** Every aws provider region of the stacks. */
  readonly regions: readonly string[];
  /** Every AWS managed policy the stacks attach. */
  readonly attachablePolicyArns: readonly string[];
  /** The names of the stacks the roles plan and apply (`<env>`, `<env>-workloads`, `<env>-gpu`). */
  readonly stacks: readonly string[];
}

/** An environment needs a pipeline stack when GitHub Actions or Terraform Cloud runs it. */
export const hasPipeline = (env: EnvironmentConfig) => env.pipeline !== undefined || env.state.backend === 'cloud';

export const pipelineStackName = (env: string) => `pipeline-${env}`;

const pipelineNamePrefix = (env: EnvironmentConfig) => `${env.project}-${env.name}`;

export class PipelineStack extends TerraformStack {
  public readonly github?: GithubDeployRoles;
  public readonly terraformCloud?: TerraformCloudRoles;

  /** `deployed`: what the deploy roles apply, derived from the environment's stacks (`PipelineDeployScope`). */
  constructor(scope: Construct, env: EnvironmentConfig, deployed: PipelineDeployScope) {
    const name = pipelineStackName(env.name);
    super(scope, name);
    awsProvider(this, env, name);
    configureBackend(this, env.state, name);
    const permissions = {
      namePrefix: pipelineNamePrefix(env),
      project: env.project,
      accountId: env.aws.accountId,
      regions: deployed.regions,
      attachablePolicyArns: deployed.attachablePolicyArns,
      stateRoleArn: env.state.backend === 's3' ? env.state.roleArn : undefined,
      partition: partitionOf(env.aws.region),
    };
    if (env.pipeline) {
      this.github = new GithubDeployRoles(this, 'github', {
        ...permissions,
        repository: env.pipeline.repository,
        branch: env.pipeline.branch,
        githubEnvironment: env.pipeline.githubEnvironment ?? env.name,
        planOnPullRequests: env.pipeline.planOnPullRequests,
        createOidcProvider: env.pipeline.createOidcProvider,
      });
      new TerraformOutput(this, 'plan_role_arn', { value: this.github.planRoleArn });
      new TerraformOutput(this, 'deploy_role_arn', { value: this.github.deployRoleArn });
    }
    if (env.state.backend === 'cloud') {
      this.terraformCloud = new TerraformCloudRoles(this, 'terraform-cloud', {
        ...permissions,
        organization: env.state.organization,
        terraformCloudProject: terraformCloudProject(env),
        workspaces: deployed.stacks.map((stack) => stateLocation(env.state, stack)),
        hostname: env.state.hostname,
        createOidcProvider: env.state.createOidcProvider,
      });
      new TerraformOutput(this, 'tfc_plan_role_arn', { value: this.terraformCloud.planRoleArn });
      new TerraformOutput(this, 'tfc_apply_role_arn', { value: this.terraformCloud.applyRoleArn });
    }
  }
}
