/**
 * `tfc-<env>`: the Terraform Cloud side of an environment whose state is in Terraform Cloud (docs/deploying.md,
 * "Terraform Cloud"). Applied once by an administrator with a Terraform Cloud token (`TFE_TOKEN`), like
 * `bootstrap-<env>`, and again when it changes; local state, since the workspaces it creates cannot hold their own
 * creator's state. Its name stays outside the `<env>*` globs the pipeline deploys.
 */
import { TfeProvider } from '@cdktf/provider-tfe/lib/provider';
import { LocalBackend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { awsProvider } from '../constructs/aws-provider';
import { stateLocation } from '../constructs/state-backend';
import { PlanGuardRunTask } from '../constructs/terraform-cloud/plan-guard-run-task';
import { TerraformCloudWorkspaces, type SensitiveVariable, type WorkspaceSpec } from '../constructs/terraform-cloud/terraform-cloud-workspaces';
import type { EnvironmentConfig } from '../environments/schema/environment';
import { terraformCloudProject, terraformCloudRoleArns } from '../environments/schema/pipeline';
import type { StateConfig } from '../environments/schema/state';
import { partitionOf } from '../lib/aws-regions';

export const terraformCloudStackName = (env: string) => `tfc-${env}`;

type CloudState = Extract<StateConfig, { backend: 'cloud' }>;

export interface TerraformCloudStackProps {
  /** `<env>`: the workspace that gets Cloudflare's token and the alarm variables. */
  readonly infra: TerraformStack;
  /** Every stack the pipeline runs in Terraform Cloud, in deploy order. */
  readonly stacks: readonly TerraformStack[];
  /**
   * Stacks an administrator applies from their machine whose state is in Terraform Cloud (`pipeline-<env>`): their
   * workspaces run locally (state only), so the first `cdktf deploy` does not land in a workspace Terraform Cloud
   * made with the organization's default execution mode. @default []
   */
  readonly adminStacks?: readonly TerraformStack[];
}

export class TerraformCloudStack extends TerraformStack {
  public readonly workspaces: TerraformCloudWorkspaces;

  constructor(scope: Construct, env: EnvironmentConfig & { state: CloudState }, props: TerraformCloudStackProps) {
    const name = terraformCloudStackName(env.name);
    super(scope, name);
    const state = env.state;
    new TfeProvider(this, 'tfe', { hostname: state.hostname, organization: state.organization });
    // The run task's function lives in the environment's account and region.
    awsProvider(this, env, name);
    // Write-only arguments (the run task's HMAC key) need Terraform 1.11.
    this.addOverride('terraform.required_version', '>= 1.11');
    new LocalBackend(this, { path: `${name}.tfstate` });
    const roles = terraformCloudRoleArns(env)!;
    const execution = (stack: TerraformStack): WorkspaceSpec['executionMode'] => (stack === props.infra ? state.infraExecution : state.clusterExecution);
    const secrets: SensitiveVariable[] = [
      { key: 'CLOUDFLARE_API_TOKEN', category: 'env', stack: props.infra, description: 'Cloudflare API token scoped to the zone (docs/first-deploy.md)' },
      ...env.alarmNotifications.subscribers.flatMap((s) => (s.kind === 'pagerduty'
        ? [{ key: s.variable, category: 'terraform' as const, stack: props.infra, description: 'PagerDuty CloudWatch integration URL for alarm delivery' }] : [])),
    ];
    const emails = env.alarmNotifications.subscribers.flatMap((s) => (s.kind === 'email' ? [s.address] : []));
    this.workspaces = new TerraformCloudWorkspaces(this, 'terraform-cloud', {
      organization: state.organization,
      project: terraformCloudProject(env),
      workspaces: [
        ...props.stacks.map((stack) => ({ stack, name: stateLocation(state, stack.node.id), executionMode: execution(stack) })),
        ...(props.adminStacks ?? []).map((stack) => ({ stack, name: stateLocation(state, stack.node.id), executionMode: 'local' as const })),
      ],
      agentPool: state.agentPool,
      // The Terraform Cloud roles of pipeline-<env>.
      planRoleArn: roles.plan,
      applyRoleArn: roles.apply,
      sensitiveVariables: secrets,
      notify: state.hostname.startsWith('app.terraform.io') ? { userIds: state.notificationUserIds } : { addresses: emails },
      healthAssessments: state.healthAssessments,
      runTriggers: state.runTriggers,
    });
    new PlanGuardRunTask(this, 'plan-guard', {
      name: `${env.project}-${env.name}-plan-guard`, organization: state.organization, accountId: env.aws.accountId, region: env.aws.region,
      partition: partitionOf(env.aws.region), hostname: state.hostname, workspacePrefix: state.workspacePrefix, logRetentionDays: env.logRetentionDays,
      // Local workspaces run on the administrator's machine, where Terraform Cloud runs no run tasks.
      workspaceIds: Object.fromEntries(props.stacks.map((stack) => [stack.node.id, this.workspaces.workspaces[stack.node.id].id])),
    });
  }
}

