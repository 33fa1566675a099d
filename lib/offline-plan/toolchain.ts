/**
 * The Terraform toolchain for offline plans: the CLI and a local filesystem mirror holding hashicorp/aws at the
 * pinned version, discovered rather than assumed (nothing here names a machine path that must exist), and the
 * environment that makes Terraform install from that mirror and run with fake credentials (no network, no AWS).
 * Used by `npm run plan -- --offline` and by the tests that run real Terraform.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'fs';
import { homedir, tmpdir } from 'os';
import { delimiter, join } from 'path';

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

/** The toolchain, or the reason it is unavailable (said loudly by the tests and the offline plan). */
export function terraformToolchain(env = process.env): TerraformToolchain | { missing: string } {
  const terraform = findTerraform(env);
  if (!terraform) return { missing: env.TERRAFORM_BIN ? `no terraform CLI at TERRAFORM_BIN=${env.TERRAFORM_BIN}` : 'no terraform CLI (set TERRAFORM_BIN or put terraform on PATH)' };
  const mirror = findAwsProviderMirror(env);
  if (!mirror) return { missing: `no local mirror with hashicorp/aws ${AWS_PROVIDER_VERSION} (set TF_PROVIDER_MIRROR to a directory in Terraform's mirror layout)` };
  return { terraform, mirror };
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
 * The environment of an offline Terraform run in `dir`: a CLI config there that installs hashicorp/aws from the
 * mirror only, fake credentials, no metadata service, no prompts, no update checks.
 */
export function offlineEnv(dir: string, toolchain: TerraformToolchain): NodeJS.ProcessEnv {
  const cliConfig = join(dir, 'terraform.rc');
  const pluginTmp = join(dir, '.tmp');
  mkdirSync(pluginTmp, { recursive: true });
  writeFileSync(cliConfig, `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(toolchain.mirror)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`);
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    // The provider plugins' sockets go to TMPDIR, and outlive a killed plugin: keep them in the work directory.
    TMPDIR: pluginTmp,
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
}
