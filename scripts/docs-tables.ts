/**
 * Tables (and short phrases) in the docs that restate config, generated from the validated environments so they
 * cannot drift: `npm run docs:tables` rewrites what sits between `<!-- generated:<id> -->` and `<!-- /generated -->`
 * in README.md and docs/**.md; `--check` (and __tests__/docs-tables.test.ts) fails when a file is stale.
 *
 * Adding a table: write a `DocTable` generator below and register it in DOC_TABLES under its id, then put the
 * markers where it belongs and run the command. A generator returning one line is written inline (inside a sentence);
 * one with several lines becomes a block on lines of its own.
 */
import { readdirSync, readFileSync, writeFileSync } from 'fs';
import { join, relative } from 'path';
import { ENVIRONMENT_INPUTS, loadEnvironments, type EnvironmentConfig } from '../environments';
import type { ServiceConfig } from '../environments/schema/workloads';
import { KUBERNETES_VERSIONS, type KubernetesVersionTable } from '../environments/versions';

export const DOCS_TABLES_COMMAND = 'npm run docs:tables';
const ROOT = join(__dirname, '..');

/** A generator: the validated environments (in registry order) in, Markdown out. */
export type DocTable = (envs: Readonly<Record<string, EnvironmentConfig>>) => string;

/** The environment a catalog-wide table describes: the first production-tier one (else the first). */
export const referenceEnvironment = (envs: Readonly<Record<string, EnvironmentConfig>>): EnvironmentConfig =>
  Object.values(envs).find((e) => e.tier === 'production') ?? Object.values(envs)[0];

/** Builds a Markdown table; cells are escaped for `|`. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
/** A count as prose writes it: a word up to twelve, digits above. */
export const countWord = (n: number): string => WORDS[n] ?? String(n);

/** How many app services the reference environment runs, as a word (README: "the six app services"). */
export const serviceCount: DocTable = (envs) => countWord(Object.keys(referenceEnvironment(envs).workloads.services).length);

function replicasOf(svc: ServiceConfig): string {
  const a = svc.autoscaling;
  if (!a) return String(svc.replicas);
  const targets = [a.cpuPercent && `CPU ${a.cpuPercent} %`, a.memoryPercent && `memory ${a.memoryPercent} %`].filter(Boolean).join(', ');
  return `${a.minReplicas}–${a.maxReplicas} autoscaled (${targets})`;
}

/** One environment's facts about a service: replicas, public name, where it runs. */
function deployment(svc: ServiceConfig | undefined): string {
  if (!svc) return 'not deployed';
  return [replicasOf(svc), svc.hostname ? `\`${svc.hostname}\`` : 'internal', svc.gpu ? 'GPU node' : undefined].filter(Boolean).join('; ');
}

/** The ports each environment gives a service, as one cell (one value when they agree). */
function portsOf(name: string, envs: Readonly<Record<string, EnvironmentConfig>>): string {
  const ports = Object.values(envs).map((e) => [e.name, e.workloads.services[name]?.port] as const).filter(([, p]) => p !== undefined);
  const distinct = [...new Set(ports.map(([, p]) => p))];
  return distinct.length === 1 ? String(distinct[0]) : ports.map(([env, p]) => `${env}: ${p}`).join(', ');
}

/** The app services: port, in-cluster URL, volume and metrics, and per environment replicas, public name, GPU. */
export const servicesTable: DocTable = (envs) => {
  const reference = referenceEnvironment(envs);
  const names = [...new Set(Object.values(envs).flatMap((e) => Object.keys(e.workloads.services)))];
  const rows = names.map((name) => {
    const svc = reference.workloads.services[name] ?? Object.values(envs).map((e) => e.workloads.services[name]).find(Boolean)!;
    const extras = [svc.persistence && `${svc.persistence.sizeGi} Gi volume at \`${svc.persistence.mountPath}\``, svc.metrics && `metrics \`${svc.metrics.path}\``];
    return [`\`${name}\``, portsOf(name, envs), `\`http://${name}:${svc.port}\``, `\`${svc.image.repository}\``,
      ...Object.values(envs).map((e) => deployment(e.workloads.services[name])), extras.filter(Boolean).join('; ') || '–'];
  });
  return markdownTable(['service', 'port', 'called at', 'image', ...Object.keys(envs), 'volume, metrics'], rows);
};

const PEER_LABELS: Record<string, string> = {
  alb: 'the load balancer (public subnets)', monitoring: 'Prometheus (`monitoring` namespace)', postgres: 'PostgreSQL', redis: 'Redis',
  'internet-https': 'HTTPS outside the VPC', 'public-api': 'the public API through Cloudflare',
};
const peers = (list: readonly string[]) => list.map((p) => PEER_LABELS[p] ?? `\`${p}\``).join(', ') || 'nothing';

/** Who may connect to each service and what it may connect to (the network policies), in the reference environment. */
export const serviceTrafficTable: DocTable = (envs) => markdownTable(['service', 'accepts connections from', 'connects to'],
  Object.entries(referenceEnvironment(envs).workloads.services).map(([name, svc]) => [`\`${name}\``, peers(svc.ingressFrom), peers(svc.egressTo)]));

/** Which environment runs which Kubernetes minor, as a phrase: `1.35` (production), `1.36` (staging). */
export const kubernetesVersionsPhrase: DocTable = (envs) =>
  Object.values(envs).map((e) => `\`${e.eks.kubernetesVersion}\` (${e.name})`).join(', ');

/** The Kubernetes version table (environments/versions.ts): per minor, support end, who runs it, what it pins. */
export const kubernetesVersionsTable: DocTable = (envs) => markdownTable(
  ['minor', 'EKS standard support ends', 'run by', 'cluster-autoscaler', 'managed add-ons'],
  Object.entries(KUBERNETES_VERSIONS as KubernetesVersionTable).map(([minor, row]) => [
    `\`${minor}\``, row.standardSupportEnds,
    Object.values(envs).filter((e) => e.eks.kubernetesVersion === minor).map((e) => e.name).join(', ') || '–',
    `\`${row.clusterAutoscalerImage}\``, Object.entries(row.addons).map(([name, version]) => `${name} \`${version}\``).join(', '),
  ]));

/** One environment's node group as one cell: instance types (first preferred), size range, disk, GPU placement. */
function nodeGroupCell(group: EnvironmentConfig['eks']['nodeGroups'][string] | undefined): string {
  if (!group) return 'none';
  const [first, ...fallbacks] = group.instanceTypes;
  const types = `\`${first}\`${fallbacks.length ? ` (fallback ${fallbacks.map((t) => `\`${t}\``).join(', ')})` : ''}`;
  const placement = group.gpu ? '; label `gpu=true`, taint `nvidia.com/gpu=true:NoSchedule`' : '';
  return `${types}, ${group.minSize}–${group.maxSize} (desired ${group.desiredSize}), ${group.diskSizeGiB} GiB disk${placement}`;
}

/** The managed node groups of every environment (eks.nodeGroups), one row per group name. */
export const nodeGroupsTable: DocTable = (envs) => {
  const names = [...new Set(Object.values(envs).flatMap((e) => Object.keys(e.eks.nodeGroups)))];
  return markdownTable(['node group', ...Object.keys(envs)],
    names.map((name) => [`\`${name}\``, ...Object.values(envs).map((e) => nodeGroupCell(e.eks.nodeGroups[name]))]));
};

/** Every generated table by marker id. Register new ones here. */
export const DOC_TABLES: Readonly<Record<string, DocTable>> = {
  services: servicesTable,
  'service-count': serviceCount,
  'service-traffic': serviceTrafficTable,
  versions: kubernetesVersionsTable,
  'kubernetes-versions': kubernetesVersionsPhrase,
  'node-groups': nodeGroupsTable,
};

const MARKER = /<!-- generated:([a-z0-9-]+) -->([\s\S]*?)<!-- \/generated -->/g;

/** `text` with every generated region rewritten; unknown ids and unclosed markers are errors naming the file. */
export function regenerate(text: string, envs: Readonly<Record<string, EnvironmentConfig>>, file: string, tables: Readonly<Record<string, DocTable>> = DOC_TABLES): string {
  const opened = (text.match(/<!-- generated:[a-z0-9-]+ -->/g) ?? []).length;
  const closed = (text.match(/<!-- \/generated -->/g) ?? []).length;
  if (opened !== closed) throw new Error(`${file}: ${opened} generated region(s) opened, ${closed} closed`);
  return text.replace(MARKER, (_whole, id: string) => {
    const table = tables[id];
    if (!table) throw new Error(`${file}: no generator "${id}" (known: ${Object.keys(tables).join(', ')}); register it in DOC_TABLES of scripts/docs-tables.ts`);
    const out = table(envs).trim();
    return `<!-- generated:${id} -->${out.includes('\n') ? `\n${out}\n` : out}<!-- /generated -->`;
  });
}

/** README.md and every Markdown file under docs/. */
export function docFiles(root = ROOT): string[] {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : d.name.endsWith('.md') ? [join(dir, d.name)] : []));
  return [join(root, 'README.md'), ...walk(join(root, 'docs'))];
}

/** The environments the tables describe: the registry, validated without process-environment overrides. */
export const documentedEnvironments = (): Record<string, EnvironmentConfig> => loadEnvironments({}, ENVIRONMENT_INPUTS);

/** One line per stale file (empty when every generated region is current). */
export function staleDocs(envs: Readonly<Record<string, EnvironmentConfig>> = documentedEnvironments(), files = docFiles()): string[] {
  return files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return regenerate(text, envs, relative(ROOT, file)) === text ? [] : [`${relative(ROOT, file)} is stale: run \`${DOCS_TABLES_COMMAND}\` and commit the result`];
  });
}

function main(): void {
  const envs = documentedEnvironments();
  if (process.argv.includes('--check')) {
    const stale = staleDocs(envs);
    if (stale.length > 0) {
      console.error(stale.join('\n'));
      process.exit(1);
    }
    return;
  }
  for (const file of docFiles()) {
    const text = readFileSync(file, 'utf8');
    const next = regenerate(text, envs, relative(ROOT, file));
    if (next !== text) {
      writeFileSync(file, next);
      console.log(`wrote ${relative(ROOT, file)}`);
    }
  }
}

if (require.main === module) main();
