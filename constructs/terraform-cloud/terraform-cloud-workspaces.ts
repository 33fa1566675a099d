/**
 * What Terraform Cloud needs to run one environment: its project, one workspace per stack, where each workspace's
 * runs execute, who may read each workspace's state, the order runs follow, the dynamic AWS credentials, the secrets
 * the runs need (as sensitive variables whose values come from the administrator's shell, never from code), the
 * notifications, and drift detection.
 *
 * State sharing and run triggers are derived from the stacks themselves at synth: a workspace shares its state
 * exactly with the workspaces whose stacks read it (their `terraform_remote_state` inputs), and a run of a stack's
 * workspace triggers the runs of the stacks that depend on it directly (the manifest's dependencies, transitively
 * reduced, so `<env>` → `<env>-workloads` → `<env>-gpu` runs once each, in order).
 */
import { AgentPool } from '@cdktf/provider-tfe/lib/agent-pool';
import { AgentPoolAllowedWorkspaces } from '@cdktf/provider-tfe/lib/agent-pool-allowed-workspaces';
import { NotificationConfiguration } from '@cdktf/provider-tfe/lib/notification-configuration';
import { Project } from '@cdktf/provider-tfe/lib/project';
import { ProjectVariableSet } from '@cdktf/provider-tfe/lib/project-variable-set';
import { RunTrigger } from '@cdktf/provider-tfe/lib/run-trigger';
import { Variable } from '@cdktf/provider-tfe/lib/variable';
import { VariableSet } from '@cdktf/provider-tfe/lib/variable-set';
import { Workspace } from '@cdktf/provider-tfe/lib/workspace';
import { WorkspaceSettings } from '@cdktf/provider-tfe/lib/workspace-settings';
import { Lazy, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';

export type ExecutionMode = 'remote' | 'agent' | 'local';

export interface WorkspaceSpec {
  /** The stack whose state the workspace holds. */
  readonly stack: TerraformStack;
  /** Workspace name (`<workspacePrefix>-<stack>`). */
  readonly name: string;
  readonly executionMode: ExecutionMode;
}

export interface SensitiveVariable {
  /** Variable key in the workspace (`CLOUDFLARE_API_TOKEN`, `pagerduty_url`). */
  readonly key: string;
  readonly category: 'env' | 'terraform';
  /** The stack whose workspace gets it. */
  readonly stack: TerraformStack;
  /** What the value is, for the administrator (`TF_VAR_<input>` supplies it). */
  readonly description: string;
}

export interface TerraformCloudWorkspacesProps {
  readonly organization: string;
  /** The Terraform Cloud project of the environment. */
  readonly project: string;
  readonly workspaces: readonly WorkspaceSpec[];
  /** Agent pool for workspaces with `agent` execution. @default none (no workspace may use agents) */
  readonly agentPool?: string;
  /** The dynamic-credentials roles (pipeline-<env>). */
  readonly planRoleArn: string;
  readonly applyRoleArn: string;
  /** Secrets the runs need, set as sensitive variables from the administrator's `TF_VAR_*`. @default [] */
  readonly sensitiveVariables?: readonly SensitiveVariable[];
  /** Who gets run and drift notifications: user ids (Terraform Cloud) or addresses (Enterprise). @default none */
  readonly notify?: { readonly userIds?: readonly string[]; readonly addresses?: readonly string[] };
  /** Health assessments (drift detection). @default false */
  readonly healthAssessments?: boolean;
  /** Run triggers along the stacks' dependencies (for runs started in Terraform Cloud). @default true */
  readonly runTriggers?: boolean;
}

/** Notification triggers: a run that failed or waits for someone, and drift or a failed assessment. */
export const NOTIFICATION_TRIGGERS = ['run:errored', 'run:needs_attention', 'assessment:drifted', 'assessment:failed'];

export class TerraformCloudWorkspaces extends Construct {
  /** Workspace resources by stack name. */
  public readonly workspaces: Record<string, Workspace> = {};

  constructor(scope: Construct, id: string, props: TerraformCloudWorkspacesProps) {
    super(scope, id);
    if (props.workspaces.some((w) => w.executionMode === 'agent') && !props.agentPool) {
      throw new Error(`TerraformCloudWorkspaces ${props.project}: a workspace runs on agents, give agentPool`);
    }
    const organization = props.organization;
    const project = new Project(this, 'project', { organization, name: props.project, lifecycle: { preventDestroy: true } });
    const pool = props.agentPool ? new AgentPool(this, 'agent-pool', { organization, name: props.agentPool, organizationScoped: false }) : undefined;

    for (const spec of props.workspaces) {
      // Keyed by stack name: adding a stack adds a workspace and changes no existing address.
      this.workspaces[spec.stack.node.id] = new Workspace(this, `workspace-${spec.stack.node.id}`, {
        organization, name: spec.name, projectId: project.id,
        description: `cdktf stack ${spec.stack.node.id}`,
        autoApply: false, // a person confirms every apply, after the plan guard's run task passed
        lifecycle: { preventDestroy: true },
      });
    }
    const idOf = (stack: TerraformStack) => this.workspaces[stack.node.id]?.id;
    // The pool's permission for the workspaces first: a workspace may use the pool only once it is allowed to, so
    // the settings take the pool's id from the permission (the tfe provider's documented pattern).
    const allowed = pool ? new AgentPoolAllowedWorkspaces(this, 'agent-pool-workspaces', {
      agentPoolId: pool.id,
      allowedWorkspaceIds: props.workspaces.filter((w) => w.executionMode === 'agent').map((w) => idOf(w.stack)!),
    }) : undefined;
    for (const spec of props.workspaces) {
      new WorkspaceSettings(this, `settings-${spec.stack.node.id}`, {
        workspaceId: idOf(spec.stack)!,
        executionMode: spec.executionMode,
        agentPoolId: spec.executionMode === 'agent' ? allowed!.id : undefined,
        globalRemoteState: false,
        remoteStateConsumerIds: Lazy.listValue({ produce: () => readersOf(spec.stack, props.workspaces).map((r) => idOf(r)!) }),
        assessmentsEnabled: props.healthAssessments ?? false,
      });
    }
    // Runs triggered in a workspace use the configuration it last received: with CI deploying every stack in order
    // (CLI-driven), they queue ahead of CI's own run and need discarding, so CI-driven setups turn them off.
    const triggers = props.runTriggers ?? true;
    for (const [consumer, source] of triggers ? runTriggerEdges(props.workspaces.map((w) => w.stack)) : []) {
      new RunTrigger(this, `run-after-${source.node.id}-${consumer.node.id}`, { workspaceId: idOf(consumer)!, sourceableId: idOf(source)! });
    }

    // Dynamic AWS credentials for every workspace of the project: plan phase and apply phase get their own role.
    // Every aws provider alias of a stack is in the same account and region list, so one configuration serves them.
    const credentials = new VariableSet(this, 'aws-credentials', { organization, name: `${props.project}-aws-dynamic-credentials`, description: 'AWS dynamic provider credentials (pipeline-<env> roles)' });
    const env = (key: string, value: string) => new Variable(this, `credentials-${key}`, { key, value, category: 'env', variableSetId: credentials.id });
    env('TFC_AWS_PROVIDER_AUTH', 'true');
    env('TFC_AWS_PLAN_ROLE_ARN', props.planRoleArn);
    env('TFC_AWS_APPLY_ROLE_ARN', props.applyRoleArn);
    new ProjectVariableSet(this, 'aws-credentials-project', { projectId: project.id, variableSetId: credentials.id });

    for (const secret of props.sensitiveVariables ?? []) {
      const input = new TerraformVariable(this, `input-${secret.key.toLowerCase()}`, { type: 'string', sensitive: true, nullable: false, description: `${secret.description} (TF_VAR_${secret.key.toLowerCase()})` });
      // A plain name, so the administrator sets TF_VAR_<key in lower case>; ephemeral, so it is in no plan file.
      input.overrideLogicalId(secret.key.toLowerCase());
      input.addOverride('ephemeral', true);
      // Write-only: sent to Terraform Cloud, kept in neither this stack's state nor its plan (a changed value
      // replaces the variable).
      new Variable(this, `secret-${spec(secret)}`, {
        key: secret.key, valueWo: input.stringValue, category: secret.category, sensitive: true, description: secret.description, workspaceId: idOf(secret.stack)!,
      });
    }

    const { userIds = [], addresses = [] } = props.notify ?? {};
    if (userIds.length > 0 || addresses.length > 0) {
      for (const spec of props.workspaces) {
        new NotificationConfiguration(this, `notify-${spec.stack.node.id}`, {
          name: 'platform alarms', destinationType: 'email', enabled: true, triggers: NOTIFICATION_TRIGGERS,
          workspaceId: idOf(spec.stack)!, ...(userIds.length > 0 ? { emailUserIds: [...userIds] } : { emailAddresses: [...addresses] }),
        });
      }
    }
  }
}

const spec = (secret: SensitiveVariable) => `${secret.stack.node.id}-${secret.key.toLowerCase()}`;

/** The stacks among `workspaces` that read `producer`'s state (their cross-stack inputs, created at synth). */
export function readersOf(producer: TerraformStack, workspaces: readonly WorkspaceSpec[]): TerraformStack[] {
  return workspaces.map((w) => w.stack).filter((s) => s !== producer && s.node.tryFindChild(`cross-stack-reference-input-${producer.node.id}`) !== undefined);
}

/** `[consumer, source]` for every direct dependency between the stacks, without the edges a longer path implies. */
export function runTriggerEdges(stacks: readonly TerraformStack[]): [TerraformStack, TerraformStack][] {
  const deps = new Map(stacks.map((s) => [s, s.dependencies.filter((d): d is TerraformStack => stacks.includes(d as TerraformStack))]));
  const reaches = (from: TerraformStack, to: TerraformStack, seen = new Set<TerraformStack>()): boolean =>
    (deps.get(from) ?? []).some((d) => d === to || (!seen.has(d) && (seen.add(d), reaches(d, to, seen))));
  return stacks.flatMap((consumer) => (deps.get(consumer) ?? [])
    .filter((source) => !(deps.get(consumer) ?? []).some((other) => other !== source && reaches(other, source)))
    .map((source): [TerraformStack, TerraformStack] => [consumer, source]));
}
