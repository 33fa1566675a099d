/**
 * Runs the real Terraform CLI on the AWS part of a synthesized stack: `init` from a local provider
 * mirror, `validate`, and `plan -refresh=false` with fake credentials (no network, no AWS account).
 * Discovers the CLI and the mirror; nothing here names a machine path that must exist.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'fs';
import { homedir, tmpdir } from 'os';
import { delimiter, join } from 'path';
import { testRunDir } from './test-run';

export const AWS_PROVIDER_VERSION = '5.100.0';
const AWS_PROVIDER_PATH = join('registry.terraform.io', 'hashicorp', 'aws', AWS_PROVIDER_VERSION);

/** `TERRAFORM_BIN`, else the first `terraform` on PATH. */
export function findTerraform(env = process.env): string | undefined {
  if (env.TERRAFORM_BIN) return existsSync(env.TERRAFORM_BIN) ? env.TERRAFORM_BIN : undefined;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'terraform');
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** A directory in Terraform's mirror layout holding hashicorp/aws at the pinned version. */
export function findAwsProviderMirror(env = process.env): string | undefined {
  const explicit = [env.TF_PROVIDER_MIRROR, env.TF_PLUGIN_CACHE_DIR].filter((d): d is string => !!d);
  const conventional = [
    join(homedir(), '.terraform.d', 'plugins'),
    join(homedir(), '.local', 'share', 'terraform', 'plugins'),
    '/usr/local/share/terraform/plugins',
    '/usr/share/terraform/plugins',
  ];
  for (const dir of [...explicit, ...conventional]) {
    if (existsSync(join(dir, AWS_PROVIDER_PATH))) return dir;
  }
  // Last resort: a shallow search of the usual install roots for a mirror directory.
  for (const root of ['/opt', '/usr/local', '/srv']) {
    const found = searchMirror(root, 3);
    if (found) return found;
  }
  return undefined;
}

function searchMirror(dir: string, depth: number): string | undefined {
  if (existsSync(join(dir, AWS_PROVIDER_PATH))) return dir;
  if (depth === 0) return undefined;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    const child = join(dir, entry);
    try {
      if (entry.startsWith('.') || entry === 'node_modules' || !statSync(child).isDirectory()) continue;
    } catch {
      continue;
    }
    const found = searchMirror(child, depth - 1);
    if (found) return found;
  }
  return undefined;
}

export interface TerraformToolchain {
  readonly terraform: string;
  readonly mirror: string;
}

/** The toolchain, or the reason it is unavailable (printed loudly by the tests). */
export function terraformToolchain(): TerraformToolchain | { missing: string } {
  const terraform = findTerraform();
  if (!terraform) return { missing: 'no terraform CLI (set TERRAFORM_BIN or put terraform on PATH)' };
  const mirror = findAwsProviderMirror();
  if (!mirror) return { missing: `no local mirror with hashicorp/aws ${AWS_PROVIDER_VERSION} (set TF_PROVIDER_MIRROR)` };
  return { terraform, mirror };
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const isAws = (type: string) => type.startsWith('aws_');

export interface PartOptions {
  /** Also keep `terraform_data` resources (built into Terraform, no provider), e.g. the placeholder guard. @default false */
  readonly builtin?: boolean;
}

/** The AWS part of a stack: aws resources, data sources and provider, no backend, offline provider flags. */
export function awsPartOf(stack: Json, options: PartOptions = {}): Json {
  const keep = (type: string) => isAws(type) || (options.builtin === true && type === 'terraform_data');
  const pick = (blocks: Json | undefined) =>
    Object.fromEntries(Object.entries(blocks ?? {}).filter(([type]) => keep(type)));
  // allowed_account_ids needs the caller's real account id (an STS call): unit tests assert it instead.
  const providers = ([] as Json[]).concat(stack.provider?.aws ?? []).map(({ allowed_account_ids: _pinned, ...p }) => ({
    ...p,
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: 'true',
  }));
  const { kept, replacedBy } = mergeIdenticalProviders(providers);
  const part: Json = {
    terraform: { required_providers: { aws: stack.terraform?.required_providers?.aws } },
    provider: { aws: kept },
  };
  const resources = withProviders(pick(stack.resource), replacedBy);
  if (Object.keys(resources).length > 0) part.resource = resources;
  const data = withProviders(pick(stack.data), replacedBy);
  if (Object.keys(data).length > 0) part.data = data;
  if (stack.locals) part.locals = stack.locals;
  // Variables the deploy supplies as TF_VAR_* (e.g. a PagerDuty URL) get a placeholder: plan -input=false needs a value.
  if (stack.variable) {
    part.variable = Object.fromEntries(Object.entries(stack.variable as Json).map(([name, v]) => [name, 'default' in v ? v : { ...v, default: OFFLINE_PLACEHOLDER }]));
  }
  // Cross-stack inputs come from another stack's state, which an offline plan cannot read: use a placeholder, shaped
  // like an ARN where the output is one (the provider validates ARNs at plan, e.g. a node group's role).
  return JSON.parse(JSON.stringify(part).replace(REMOTE_STATE_REFERENCE, (ref) => (/arn\}$/.test(ref) ? OFFLINE_ARN_PLACEHOLDER : OFFLINE_PLACEHOLDER)));
}

/**
 * Provider configurations identical but for their alias (production's `dr` and `backup-copy` are both eu-central-1
 * with the same settings) become one. Terraform starts a provider process per configuration for every walk, most of a
 * CPU second each, and identical configurations answer every call identically. Returns the configurations kept and,
 * per dropped reference (`aws.backup-copy`), the one that replaces it (`aws.dr`, or `aws` for the default).
 */
export function mergeIdenticalProviders(providers: readonly Json[]): { kept: Json[]; replacedBy: Map<string, string> } {
  const kept: Json[] = [];
  const replacedBy = new Map<string, string>();
  const reference = (p: Json) => (p.alias ? `aws.${p.alias}` : 'aws');
  const settings = (p: Json) => JSON.stringify(Object.entries(p).filter(([key]) => key !== 'alias').sort(([a], [b]) => a.localeCompare(b)));
  // The default configuration first, so a duplicate of it is replaced by plain `aws`.
  for (const provider of [...providers].sort((a, b) => Number(!!a.alias) - Number(!!b.alias))) {
    const same = kept.find((k) => settings(k) === settings(provider));
    if (same && provider.alias) replacedBy.set(reference(provider), reference(same));
    else kept.push(provider);
  }
  return { kept, replacedBy };
}

/** Blocks (resource or data) whose `provider` names a merged configuration, pointed at the one that replaced it. */
function withProviders(blocks: Json, replacedBy: ReadonlyMap<string, string>): Json {
  if (replacedBy.size === 0) return blocks;
  return Object.fromEntries(Object.entries(blocks).map(([type, byName]) => [type, Object.fromEntries(Object.entries(byName as Json).map(
    ([name, attrs]) => [name, replacedBy.has(attrs.provider) ? { ...attrs, provider: replacedBy.get(attrs.provider) } : attrs],
  ))]));
}

const REMOTE_STATE_REFERENCE = /\$\{data\.terraform_remote_state\.[^}]*\}/g;
export const OFFLINE_PLACEHOLDER = 'offline-plan-remote-state-value';
export const OFFLINE_ARN_PLACEHOLDER = 'arn:aws:iam::000000000000:role/offline-plan-remote-state-value';

/** Does the stack have an AWS part worth running through Terraform? */
export function hasAwsPart(stack: Json): boolean {
  return [stack.resource, stack.data].some((blocks) => Object.keys(blocks ?? {}).some(isAws));
}

/** How many AWS resources the stack declares (what a plan against empty state must create). */
export function awsResourceCount(stack: Json): number {
  return Object.entries(stack.resource ?? {}).filter(([type]) => isAws(type)).reduce((n, [, byName]) => n + Object.keys(byName as object).length, 0);
}

/** The aws provider binary `terraform init` installed in `dir` (from the mirror), if any. */
export function installedAwsProvider(dir: string): string | undefined {
  const versionDir = join(dir, '.terraform', 'providers', AWS_PROVIDER_PATH);
  if (!existsSync(versionDir)) return undefined;
  for (const platform of readdirSync(versionDir)) {
    const binary = readdirSync(join(versionDir, platform)).find((f) => f.startsWith('terraform-provider-aws'));
    if (binary) return join(versionDir, platform, binary);
  }
  return undefined;
}

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
  const cliConfig = join(dir, 'terraform.rc');
  writeFileSync(cliConfig, `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(toolchain.mirror)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`);
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    AWS_ACCESS_KEY_ID: 'AKIAOFFLINEPLANFAKE00',
    AWS_SECRET_ACCESS_KEY: 'offline-plan-fake-secret',
    AWS_EC2_METADATA_DISABLED: 'true',
    // Terraform starts an aws provider process per provider configuration and walk; each builds the whole provider
    // schema, mostly garbage. Collecting only above 512 MiB a process cuts about a quarter of the CPU time.
    GOGC: 'off',
    GOMEMLIMIT: '512MiB',
  };
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
