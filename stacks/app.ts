/** Builds every stack of every environment into one cdktf App. */
import { App, type TerraformStack } from 'cdktf';
import { attachedManagedPolicyArns, awsProviderRegions } from '../constructs/aws-provider';
import { PlaceholderGuard } from '../constructs/placeholder-guard';
import { placeholdersOf, type Placeholder } from '../environments/placeholders';
import type { EnvironmentConfig } from '../environments/schema/environment';
import { BootstrapStack, bootstrapGroups } from './bootstrap-stack';
import { GpuStack } from './gpu-stack';
import { InfraStack } from './infra-stack';
import { hasPipeline, PipelineStack } from './pipeline-stack';
import { TerraformCloudStack } from './terraform-cloud-stack';
import { WorkloadsStack } from './workloads-stack';

export interface PlatformStacks {
  readonly app: App;
  readonly infra: Readonly<Record<string, InfraStack>>;
  readonly workloads: Readonly<Record<string, WorkloadsStack>>;
  /** `<env>-gpu`: GPU node groups and GPU services, applied after the workloads stack. */
  readonly gpu: Readonly<Record<string, GpuStack>>;
  /** One `bootstrap-<env>` stack per state bucket (per account), empty when no environment uses the s3 backend. */
  readonly bootstrap: readonly BootstrapStack[];
}

export interface BuildOptions {
  /** Output directory. @default cdktf's (`cdktf.out`, or CDKTF_OUTDIR) */
  readonly outdir?: string;
}

/** `<env>`, `<env>-workloads` and `<env>-gpu` per environment, plus a `bootstrap-<env>` stack per S3 state bucket (one per account). */
export function buildPlatform(envs: Readonly<Record<string, EnvironmentConfig>>, options: BuildOptions = {}): PlatformStacks {
  const app = new App({ outdir: options.outdir, skipValidation: false });
  const infra: Record<string, InfraStack> = {};
  const workloads: Record<string, WorkloadsStack> = {};
  const gpu: Record<string, GpuStack> = {};
  for (const env of Object.values(envs)) {
    infra[env.name] = new InfraStack(app, env);
    workloads[env.name] = new WorkloadsStack(app, env, infra[env.name]);
    gpu[env.name] = new GpuStack(app, env, infra[env.name], workloads[env.name]);
    workloads[env.name].grantPlanAccess([gpu[env.name]]);
    for (const stack of [infra[env.name], workloads[env.name], gpu[env.name]]) guardPlaceholders(stack, env.name, placeholdersOf(env));
    // The OIDC roles of GitHub Actions and Terraform Cloud in the environment's account (`pipeline-<env>`), applied
    // by an administrator.
    const deployed = [infra[env.name], workloads[env.name], gpu[env.name]];
    const pipeline = hasPipeline(env) ? new PipelineStack(app, env, {
      regions: awsProviderRegions(deployed), attachablePolicyArns: attachedManagedPolicyArns(deployed), stacks: deployed.map((s) => s.node.id),
    }) : undefined;
    if (pipeline) guardPlaceholders(pipeline, env.name, placeholdersOf(env).filter((p) => /^(aws|state|pipeline)\./.test(p.path)));
    // The Terraform Cloud side (`tfc-<env>`): workspaces of the deployed stacks, and of pipeline-<env> for its state.
    if (env.state.backend === 'cloud') {
      new TerraformCloudStack(app, { ...env, state: env.state }, { infra: infra[env.name], stacks: deployed, adminStacks: pipeline ? [pipeline] : [] });
    }
  }
  const bootstrap = bootstrapGroups(Object.values(envs)).map((group) => {
    const stack = new BootstrapStack(app, group);
    // The state bucket needs only the account and the state settings to be real.
    guardPlaceholders(stack, group.map((e) => e.name).join(', '), group.flatMap((env) => placeholdersOf(env).filter((p) => /^(aws|state)\./.test(p.path))));
    return stack;
  });
  return { app, infra, workloads, gpu, bootstrap };
}

/** Makes `terraform plan` of the stack refuse while the environment still has example values (none: no guard). */
function guardPlaceholders(stack: TerraformStack, environment: string, placeholders: readonly Placeholder[]): void {
  new PlaceholderGuard(stack, 'placeholder-guard', { environment, placeholders });
}
