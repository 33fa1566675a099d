/**
 * Runs the real Terraform CLI on the AWS part of a synthesized stack: `init` from a local provider
 * mirror, `validate`, and `plan -refresh=false` with fake credentials (no network, no AWS account).
 * Discovery of the CLI and mirror and the AWS part live in lib/offline-plan/ (shared with `npm run plan -- --offline`).
 */
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { awsPartOf, type PartOptions } from '../../lib/offline-plan/aws-part';
import { installedAwsProvider, offlineEnv, type TerraformToolchain } from '../../lib/offline-plan/toolchain';
import { testRunDir } from './test-run';

export {
  awsPartOf, awsResourceCount, hasAwsPart, mergeIdenticalProviders, OFFLINE_ARN_PLACEHOLDER, OFFLINE_PLACEHOLDER, type PartOptions,
} from '../../lib/offline-plan/aws-part';
export {
  AWS_PROVIDER_VERSION, findAwsProviderMirror, findTerraform, installedAwsProvider, terraformToolchain, type TerraformToolchain,
} from '../../lib/offline-plan/toolchain';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * An executable in `dir` that runs Terraform with its own attached aws provider process (attached-provider.mjs):
 * one provider process per command instead of one per configuration and walk. Sound only where the command
 * configures the provider at most once: `validate` of any configuration, any command on a configuration with a
 * single aws provider block.
 */
export function attachedTerraformCommand(dir: string, toolchain: TerraformToolchain): string {
  const provider = installedAwsProvider(dir);
  if (!provider) throw new Error(`no aws provider installed under ${dir}/.terraform: run terraform init first`);
  const command = join(dir, 'terraform-attached');
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  writeFileSync(command, `#!/bin/sh\nexec ${[process.execPath, join(__dirname, 'attached-provider.mjs'), provider, toolchain.terraform].map(quote).join(' ')} "$@"\n`, { mode: 0o755 });
  return command;
}

export interface TerraformRun {
  readonly ok: boolean;
  readonly output: string;
}

/**
 * A fresh directory whose Terraform installs hashicorp/aws from the mirror and runs with fake credentials; inside
 * the run directory when there is one (support/test-run.ts), so the end of the run removes it.
 */
export function offlineWorkdir(toolchain: TerraformToolchain, name: string): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(testRunDir() ?? tmpdir(), `tf-${name}-`));
  mkdirSync(dir, { recursive: true });
  const env = offlineEnv(dir, toolchain);
  return { dir, env };
}

/** Writes the AWS part into a fresh directory and runs init, validate and plan; stops at the first failure. */
export function validateAndPlan(toolchain: TerraformToolchain, name: string, stack: Json, options: PartOptions = {}): Record<'init' | 'validate' | 'plan', TerraformRun | undefined> {
  const { dir, env } = offlineWorkdir(toolchain, name);
  writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(awsPartOf(stack, options), null, 2));
  const run = (args: string[]): TerraformRun => {
    const result = spawnSync(toolchain.terraform, args, { cwd: dir, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
  };
  const init = run(['init', '-input=false', '-no-color', '-backend=false']);
  const validate = init.ok ? run(['validate', '-no-color']) : undefined;
  const plan = validate?.ok ? run(['plan', '-refresh=false', '-input=false', '-lock=false', '-no-color', '-out=plan.out']) : undefined;
  return { init, validate, plan };
}
