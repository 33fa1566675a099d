/** Builds every stack of every environment into one cdktf App. */
import { App } from 'cdktf';
import { PlaceholderGuard } from '../constructs/placeholder-guard';
import { placeholdersOf } from '../environments/placeholders';
import type { EnvironmentConfig } from '../environments/schema/environment';
import { BootstrapStack } from './bootstrap-stack';
import { InfraStack } from './infra-stack';
import { WorkloadsStack } from './workloads-stack';

export interface PlatformStacks {
  readonly app: App;
  readonly infra: Readonly<Record<string, InfraStack>>;
  readonly workloads: Readonly<Record<string, WorkloadsStack>>;
  readonly bootstrap?: BootstrapStack;
}

export interface BuildOptions {
  /** Output directory. @default cdktf's (`cdktf.out`, or CDKTF_OUTDIR) */
  readonly outdir?: string;
}

/** `<env>` and `<env>-workloads` per environment, plus `bootstrap` for the S3 state bucket of the production-tier environment. */
export function buildPlatform(envs: Readonly<Record<string, EnvironmentConfig>>, options: BuildOptions = {}): PlatformStacks {
  const app = new App({ outdir: options.outdir, skipValidation: false });
  const infra: Record<string, InfraStack> = {};
  const workloads: Record<string, WorkloadsStack> = {};
  for (const env of Object.values(envs)) {
    infra[env.name] = new InfraStack(app, env);
    workloads[env.name] = new WorkloadsStack(app, env, infra[env.name]);
    for (const stack of [infra[env.name], workloads[env.name]]) new PlaceholderGuard(stack, 'placeholder-guard', { environment: env.name, placeholders: placeholdersOf(env) });
  }
  const owner = Object.values(envs).find((e) => e.tier === 'production' && e.state.backend === 's3')
    ?? Object.values(envs).find((e) => e.state.backend === 's3');
  const bootstrap = owner ? new BootstrapStack(app, owner) : undefined;
  if (bootstrap && owner) new PlaceholderGuard(bootstrap, 'placeholder-guard', { environment: owner.name, placeholders: placeholdersOf(owner).filter((p) => /^(aws|state)\./.test(p.path)) });
  return { app, infra, workloads, bootstrap };
}
