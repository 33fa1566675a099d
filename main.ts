/**
 * Entry point for `npm run synth`, `cdktf synth|diff|deploy` (run from its ahead-of-time build, see
 * docs/performance.md). Validates every environment first: on invalid config it prints every problem and
 * exits non-zero before any stack is synthesized.
 */
import { loadEnvironments, placeholderWarnings } from './environments';
import { kubernetesVersionWarnings } from './environments/kubernetes-upgrade';
import { ConfigValidationError } from './environments/validate';

function main(): void {
  let envs;
  try {
    envs = loadEnvironments();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // Loaded once the config is valid: a config error is reported before cdktf and the provider classes load.
  const { buildPlatform } = require('./stacks/app') as typeof import('./stacks/app');
  const { printSynthSummary, stackCounts } = require('./lib/synth-summary') as typeof import('./lib/synth-summary');
  const { removeStaleStackFolders } = require('./lib/stale-stacks') as typeof import('./lib/stale-stacks');
  const { app } = buildPlatform(envs);
  app.synth();
  // The output holds exactly today's stacks: a stack that no longer exists leaves no folder to deploy by mistake.
  for (const name of removeStaleStackFolders(app.outdir, stackCounts(app).map((s) => s.name))) console.error(`removed ${name}: no such stack any more`);
  // Example values synthesize (so the project can be tried), but each is named here; plan and deploy refuse them.
  // Also: Kubernetes standard support running out, object models behind the cluster (docs/operating.md).
  printSynthSummary(app, [...placeholderWarnings(envs), ...kubernetesVersionWarnings(envs)]);
}

main();
