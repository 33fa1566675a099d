/**
 * A baseline state for offline plans (`npm run plan -- --offline`, the tests that run real Terraform): Terraform
 * state built from a stack's own planned values, as if the stack had been applied, without AWS. Values known only
 * after apply get typed stand-ins from the provider schema (ARNs look like ARNs); an attribute that is a plain
 * reference to another resource's attribute (`${aws_kms_key.k.key_id}`) gets that resource's stand-in, so references
 * agree and the baseline plans without spurious replacements. Interpolated strings (policies) keep their own stand-in: at most an in-place update.
 */
import { createHash } from 'crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { Json } from '../plan-guard/plan';
import { terraform, type TerraformRunner } from '../plan-guard/terraform-plan';
import { PROJECT_ROOT } from '../project-root';
import { installedAwsProvider } from './toolchain';

const AWS = 'registry.terraform.io/hashicorp/aws';
const FAKE_ACCOUNT = '111111111111';
const OFFLINE = ['-refresh=false', '-lock=false', '-input=false'];

/** A schema node: a cty type (attribute), a block, or a nested block type. */
type Node = unknown;

function childOf(node: Node, key: string | number): Node {
  if (Array.isArray(node)) {
    const [kind, inner] = node as [string, unknown];
    if (kind === 'list' || kind === 'set' || kind === 'map') return inner;
    if (kind === 'tuple') return (inner as unknown[])[key as number];
    if (kind === 'object') return (inner as Json)[key];
    return undefined;
  }
  const n = node as Json | undefined;
  if (n?.nesting_mode) return n.nesting_mode === 'single' || n.nesting_mode === 'group' ? childOf(n.block, key) : n.block;
  return n?.attributes?.[key]?.type ?? n?.block_types?.[key];
}

/** Id prefixes the provider validates where an id is used as input (a node group's launch template id, `lt-…`). */
const ID_PREFIXES: Readonly<Record<string, string>> = {
  aws_launch_template: 'lt-', aws_security_group: 'sg-', aws_subnet: 'subnet-', aws_vpc: 'vpc-', aws_internet_gateway: 'igw-',
  aws_nat_gateway: 'nat-', aws_route_table: 'rtb-', aws_eip: 'eipalloc-', aws_vpc_endpoint: 'vpce-', aws_network_acl: 'acl-',
};

/** Computed strings whose shape the provider validates where they are used (a zone id, a DNS record type). */
const SHAPED_STRINGS: Readonly<Record<string, (hash: string) => string>> = {
  zone_id: (hash) => `Z${hash.slice(0, 13).toUpperCase()}`,
  hosted_zone_id: (hash) => `Z${hash.slice(0, 13).toUpperCase()}`,
  resource_record_type: () => 'CNAME',
  fifo_throughput_scope: () => '', // only FIFO topics may have one
};

function standIn(node: Node, path: string[], address: string): unknown {
  const attr = path.filter((p) => !/^\d+$/.test(p)).at(-1) ?? '';
  const hash = createHash('sha256').update(`${address}.${path.join('.')}`).digest('hex');
  const idPrefix = path.length === 1 && attr === 'id' ? ID_PREFIXES[address.split('.')[0]] : undefined;
  if (node === 'string' && idPrefix) return `${idPrefix}${hash.slice(0, 17)}`;
  if (node === 'string' && SHAPED_STRINGS[attr]) return SHAPED_STRINGS[attr](hash);
  if (node === 'string') {
    return /(^|_)arn$/.test(attr) ? `arn:aws:${address.split('_')[1]}:eu-north-1:${FAKE_ACCOUNT}:${address}` : `offline-${address}-${path.join('.')}`;
  }
  if (node === 'number') return 0;
  if (node === 'bool') return false;
  if (Array.isArray(node)) {
    const [kind, inner] = node as [string, unknown];
    // A computed list of objects gets one element, so `x.resources[0].autoscaling_groups[0].name` has something to index.
    if ((kind === 'list' || kind === 'set') && Array.isArray(inner) && inner[0] === 'object') return [standIn(inner, [...path, '0'], address)];
    if (kind === 'object') return Object.fromEntries(Object.entries(inner as Json).map(([key, type]) => [key, standIn(type, [...path, key], address)]));
    return kind === 'map' ? {} : [];
  }
  const n = node as Json | undefined;
  if (n?.nesting_mode) return n.nesting_mode === 'list' || n.nesting_mode === 'set' ? [] : null;
  return null;
}

/** `value` with every position marked unknown filled: from `prior` when it has one, else a stand-in. */
function fill(value: unknown, unknown: unknown, node: Node, path: string[], address: string, prior: unknown): unknown {
  if (unknown === true) return prior !== undefined && prior !== null ? prior : standIn(node, path, address);
  if (!unknown || typeof unknown !== 'object') return value;
  if (Array.isArray(unknown)) {
    const list = Array.isArray(value) ? [...value] : [];
    unknown.forEach((u, i) => { list[i] = fill(list[i], u, childOf(node, i), [...path, String(i)], address, (prior as unknown[] | undefined)?.[i]); });
    return list;
  }
  const obj: Json = { ...(value as Json) };
  for (const [key, u] of Object.entries(unknown)) obj[key] = fill(obj[key], u, childOf(node, key), [...path, key], address, (prior as Json | undefined)?.[key]);
  return obj;
}

type PathStep = { type: 'get_attr'; value: string } | { type: 'index'; value: { value: number; type: 'number' } };

/** A plan's `sensitive_values` (`{ password: true, rules: [{ key: true }] }`) as state's `sensitive_attributes` paths. */
function sensitivePaths(marks: unknown, at: PathStep[] = []): PathStep[][] {
  if (marks === true) return [at];
  if (Array.isArray(marks)) return marks.flatMap((m, i) => sensitivePaths(m, [...at, { type: 'index', value: { value: i, type: 'number' } }]));
  if (marks && typeof marks === 'object') return Object.entries(marks).flatMap(([key, m]) => sensitivePaths(m, [...at, { type: 'get_attr', value: key }]));
  return [];
}

const PLAIN_REFERENCE = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)\}$/;

/** Replaces stand-ins at positions the configuration sets to a plain reference with the referenced value. */
function resolve(value: unknown, unknown: unknown, config: unknown, lookup: (type: string, name: string, attr: string) => unknown): unknown {
  if (unknown === true) {
    const ref = typeof config === 'string' ? PLAIN_REFERENCE.exec(config) : null;
    const target = ref ? lookup(ref[1], ref[2], ref[3]) : undefined;
    return target === undefined || target === null ? value : target;
  }
  if (!unknown || typeof unknown !== 'object') return value;
  if (Array.isArray(unknown)) {
    const configs = Array.isArray(config) ? config : config === undefined ? [] : [config];
    return (Array.isArray(value) ? value : []).map((v, i) => resolve(v, unknown[i], configs[i], lookup));
  }
  const obj: Json = { ...(value as Json) };
  for (const [key, u] of Object.entries(unknown)) obj[key] = resolve(obj[key], u, (config as Json | undefined)?.[key], lookup);
  return obj;
}

/** State (format 4) from a JSON plan of `config`; `prior` supplies earlier stand-ins by address. */
export function stateFromPlan(plan: Json, schema: Json, config: Json, prior: Json = {}, serial = 1): Json {
  const unknowns = new Map<string, unknown>(plan.resource_changes.map((c: Json) => [c.address, c.change.after_unknown]));
  const providerKeys = new Map<string, string>(plan.configuration.root_module.resources.map((r: Json) => [r.address, r.provider_config_key]));
  const resourceSchemas = schema.provider_schemas[AWS].resource_schemas;
  const byResource = new Map<string, Json>();
  for (const r of plan.planned_values.root_module.resources as Json[]) {
    if (r.mode !== 'managed') continue;
    const alias = (providerKeys.get(r.address.replace(/\[[^\]]*\]$/, '')) ?? 'aws').split('.')[1];
    const key = `${r.type}.${r.name}`;
    const entry = byResource.get(key) ?? { mode: 'managed', type: r.type, name: r.name, provider: `provider["${AWS}"]${alias ? `.${alias}` : ''}`, instances: [] };
    const attributes = fill(r.values, unknowns.get(r.address), resourceSchemas[r.type].block, [], r.address, prior[r.address]) as Json;
    // Many AWS ids are the resource's name (a bucket's id is its bucket name); a long stand-in fails length checks.
    if (typeof attributes.id === 'string' && attributes.id.startsWith('offline-')) attributes.id = attributes.bucket ?? attributes.name ?? attributes.id;
    entry.instances.push({
      ...(r.index !== undefined ? { index_key: r.index } : {}),
      schema_version: r.schema_version ?? 0,
      attributes,
      // Recorded as the plan marks them, or the next plan "updates" each sensitive value just to mark it.
      sensitive_attributes: sensitivePaths(r.sensitive_values),
    });
    byResource.set(key, entry);
  }
  const resources = [...byResource.values()];
  const lookup = (type: string, name: string, attr: string) => byResource.get(`${type}.${name}`)?.instances[0]?.attributes?.[attr];
  for (let pass = 0; pass < 3; pass += 1) { // chains: a reference to a value that is itself a reference
    for (const r of resources) {
      const address = `${r.type}.${r.name}`;
      r.instances[0].attributes = resolve(r.instances[0].attributes, unknowns.get(address), config.resource?.[r.type]?.[r.name], lookup);
    }
  }
  return { version: 4, terraform_version: plan.terraform_version, serial, lineage: 'offline-baseline', outputs: {}, resources, check_results: null };
}

function planJson(runner: TerraformRunner): Json {
  const plan = terraform(runner, ['plan', ...OFFLINE, '-no-color', '-out=baseline.out']);
  if (!plan.ok) throw new Error(`baseline plan failed:\n${plan.stdout}${plan.stderr}`);
  const show = terraform(runner, ['show', '-json', 'baseline.out']);
  if (!show.ok) throw new Error(`baseline show failed:\n${show.stderr}`);
  return JSON.parse(show.stdout);
}

const CACHE_DIR = join(PROJECT_ROOT, 'node_modules', '.cache', 'terraform-baseline');

/**
 * Everything the baseline is derived from: the config, this file's code, and the Terraform and provider binaries
 * (by path, size and modification time). The same key always derives the same state.
 */
export function baselineKey(runner: TerraformRunner, config: Json): string {
  const provider = installedAwsProvider(runner.cwd);
  if (!provider) throw new Error(`no aws provider installed under ${runner.cwd}/.terraform: run terraform init first`);
  const hash = createHash('sha256').update(JSON.stringify(config)).update(readFileSync(__filename));
  // The installed provider is a link into the mirror (this run's directory is new each time): key on the target.
  for (const binary of [realpathSync(runner.terraform), realpathSync(provider)]) {
    const { size, mtimeMs } = statSync(binary);
    hash.update(`${binary}:${size}:${mtimeMs}`);
  }
  return hash.digest('hex').slice(0, 32);
}

/** At most this many plans against the baseline to settle it (one is usually enough). */
const SETTLE_PASSES = 3;

const instanceAddress = (r: Json, i: Json) =>
  `${r.type}.${r.name}${i.index_key === undefined ? '' : `[${JSON.stringify(i.index_key)}]`}`;

/**
 * Writes `terraform.tfstate` in the runner's directory: `config` (already written there), as if applied.
 * Stand-ins inside interpolated strings (a policy naming a bucket ARN) differ from what a plan against that state
 * computes, which would show as updates of an unchanged configuration; so the state is planned against again and
 * takes the planned values until such a plan changes nothing. Deriving it takes several Terraform runs (schema,
 * plans, shows), so the result is kept under node_modules/.cache by baselineKey(); a clean checkout derives it once.
 * The baseline is the starting point of a plan, not what it checks.
 */
export function writeBaselineState(runner: TerraformRunner, config: Json, cacheDir = CACHE_DIR): void {
  const cached = join(cacheDir, `${baselineKey(runner, config)}.tfstate`);
  const target = join(runner.cwd, 'terraform.tfstate');
  if (existsSync(cached)) {
    writeFileSync(target, readFileSync(cached));
    return;
  }
  const schemaRun = terraform(runner, ['providers', 'schema', '-json']);
  if (!schemaRun.ok) throw new Error(`providers schema failed:\n${schemaRun.stderr}`);
  const schema = JSON.parse(schemaRun.stdout);
  let state = stateFromPlan(planJson(runner), schema, config);
  for (let pass = 1; pass <= SETTLE_PASSES; pass += 1) {
    writeFileSync(target, JSON.stringify(state));
    const plan = planJson(runner);
    if (plan.resource_changes.every((c: Json) => c.change.actions.every((a: string) => a === 'no-op' || a === 'read'))) break;
    const prior = Object.fromEntries(state.resources.flatMap((r: Json) => r.instances.map((i: Json) => [instanceAddress(r, i), i.attributes])));
    state = stateFromPlan(plan, schema, config, prior, state.serial + 1);
  }
  const text = JSON.stringify(state);
  writeFileSync(target, text);
  mkdirSync(cacheDir, { recursive: true });
  const partial = `${cached}.${process.pid}.partial`;
  writeFileSync(partial, text);
  renameSync(partial, cached); // atomic: a concurrent reader sees a whole file or none
}

export const OFFLINE_PLAN_ARGS = OFFLINE;
