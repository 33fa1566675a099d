/** Builds every stack of every environment into one cdktf App. */
import { App } from 'cdktf';
import type { EnvironmentConfig } from '../environments/schema/environment';
import { BootstrapStack, bootstrapGroups } from './bootstrap-stack';
import { InfraStack } from './infra-stack';
import { PipelineStack } from './pipeline-stack';
import { WorkloadsStack } from './workloads-stack';

export interface PlatformStacks {
  readonly app: App;
  readonly infra: Readonly<Record<string, InfraStack>>;
  readonly workloads: Readonly<Record<string, WorkloadsStack>>;
  /** One `bootstrap-<env>` stack per state bucket (per account), empty when no environment uses the s3 backend. */
  readonly bootstrap: readonly BootstrapStack[];
}

export interface BuildOptions {
  /** Output directory. @default cdktf's (`cdktf.out`, or CDKTF_OUTDIR) */
  readonly outdir?: string;
}

/** `<env>` and `<env>-workloads` per environment, plus a `bootstrap-<env>` stack per S3 state bucket (one per account). */
export function buildPlatform(envs: Readonly<Record<string, EnvironmentConfig>>, options: BuildOptions = {}): PlatformStacks {
  const app = new App({ outdir: options.outdir, skipValidation: false });
  const infra: Record<string, InfraStack> = {};
  const workloads: Record<string, WorkloadsStack> = {};
  for (const env of Object.values(envs)) {
    infra[env.name] = new InfraStack(app, env);
    workloads[env.name] = new WorkloadsStack(app, env, infra[env.name]);
    // GitHub OIDC roles of the environment's account (`pipeline-<env>`), applied by an administrator.
    if (env.pipeline) new PipelineStack(app, { ...env, pipeline: env.pipeline });
  }
  const bootstrap = bootstrapGroups(Object.values(envs)).map((group) => new BootstrapStack(app, group));
  return { app, infra, workloads, bootstrap };
}
