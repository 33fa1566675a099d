/**
 * The architecture diagram in docs/architecture.svg, drawn from the synthesized stacks of one environment so it
 * cannot drift from the code: one box per stack, one node per top-level construct (its resource count and main
 * resource types), arrows for references between them, dashed arrows across stacks (remote state, state bucket).
 * Rendered offline by Graphviz compiled to WebAssembly (@viz-js/viz, pinned exactly).
 *
 *   npm run diagram              regenerate docs/architecture.svg
 *   npm run diagram -- --check   exit 1 when the committed file is stale (npm test runs the same check)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { instance } from '@viz-js/viz';
import { ENVIRONMENT_INPUTS, loadEnvironments } from '../environments';
import { buildPlatform } from '../stacks/app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A synthesized stack: its name and the parsed cdk.tf.json. */
export interface StackJson {
  readonly name: string;
  readonly json: Json;
}

/** The environment the diagram shows; the others have the same shape (docs/environments.md). */
export const DIAGRAM_ENVIRONMENT = 'production';
export const DIAGRAM_FILE = join(__dirname, '..', 'docs', 'architecture.svg');
export const DIAGRAM_COMMAND = 'npm run diagram';

/**
 * Construct paths (`<layer>/<child>` below the stack) drawn as one node, first match wins; `$1` is the first
 * capture. Any path not listed is drawn under its top-level construct id.
 */
const GROUP_OF: readonly (readonly [RegExp, string])[] = [
  [/^data\/(postgres|redis|backup|buckets|secrets|alarms)(\/|$)/, 'data: $1'],
  [/^data\/key(\/|$)/, 'data: kms key'],
  [/^eks\/(node-group|node-role)/, 'eks: node groups'],
  [/^eks\/(app-)?role-/, 'eks: pod identity roles'],
  [/^eks(-nodes-sg)?\//, 'eks: cluster'],
  [/^edge\/cloudflare-/, 'edge: cloudflare'],
  [/^edge\/(origin-zone|origin-dnssec|private-zone|health-checks)/, 'edge: route53'],
  [/^edge\/(origin-certificate|origin-lb-sg)/, 'edge: $1'],
  [/^(logs-key|state-key)\//, 'kms keys'],
  [/^monitoring(-crds)?\//, 'monitoring'],
  [/^service-/, 'app services'],
  [/^(state-bucket|state-access-logs)\//, 'state bucket'],
];

function groupName(path: string): string {
  const below = path.split('/').slice(1, 3).join('/');
  const rule = GROUP_OF.find(([re]) => re.test(below));
  return rule ? below.replace(new RegExp(`${rule[0].source}.*$`), rule[1]) : below.split('/')[0];
}
const providerOf = (type: string) => type.split('_')[0];
const REF = /\$\{([^}]*)\}/g;
const ADDRESS = /\b((?:data\.)?[a-z0-9]+_[a-z0-9_]+\.[A-Za-z0-9_-]+)\b/g;
const REMOTE_OUTPUT = /data\.terraform_remote_state\.[A-Za-z0-9_-]+\.outputs\.([A-Za-z0-9_-]+)/g;

/** Addresses a resource uses: `${...}` interpolations and `depends_on` entries. */
function referencedAddresses(value: unknown): string[] {
  const found = new Set<string>();
  for (const m of JSON.stringify(value).matchAll(REF)) for (const a of m[1].matchAll(ADDRESS)) found.add(a[1]);
  const dependsOn = (value as Json)?.depends_on;
  if (Array.isArray(dependsOn)) for (const d of dependsOn) found.add(String(d));
  return [...found];
}

function remoteOutputs(value: unknown): string[] {
  return [...new Set([...JSON.stringify(value).matchAll(REMOTE_OUTPUT)].map((m) => m[1]))];
}

interface Resource { readonly address: string; readonly type: string; readonly group: string; readonly attrs: Json }

/** Every resource of a stack with the node it is drawn in (a group that mixes providers splits per provider). */
function resourcesOf(stack: StackJson): Resource[] {
  const raw = Object.entries(stack.json.resource ?? {}).flatMap(([type, byName]) => Object.entries(byName as Json).map(([name, attrs]) => {
    const path = String((attrs as Json)['//']?.metadata?.path ?? `${stack.name}/${name}`);
    return { address: `${type}.${name}`, type, group: groupName(path), attrs: attrs as Json };
  }));
  const providers = new Map<string, Set<string>>();
  for (const r of raw) providers.set(r.group, (providers.get(r.group) ?? new Set()).add(providerOf(r.type)));
  return raw.map((r) => (providers.get(r.group)!.size > 1 ? { ...r, group: `${r.group} (${providerOf(r.type)})` } : r));
}

const nodeId = (stack: string, group: string) => `${stack}/${group}`;
const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

function nodeLabel(group: string, members: readonly Resource[]): string {
  const byType = new Map<string, number>();
  for (const r of members) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
  const top = [...byType].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3)
    .map(([type, n]) => `${type.slice(type.indexOf('_') + 1)}${n > 1 ? ` ×${n}` : ''}`);
  const more = byType.size > 3 ? `\n+ ${byType.size - 3} more types` : '';
  return `${group} · ${members.length}\n${top.join('\n')}${more}`;
}

/** The stacks the diagram shows: `<env>`, `<env>-workloads`, `<env>-gpu` and the stack that creates their state bucket. */
export function diagramStacks(all: readonly StackJson[], env = DIAGRAM_ENVIRONMENT): StackJson[] {
  const own = all.filter((s) => [env, `${env}-workloads`, `${env}-gpu`].includes(s.name));
  const buckets = new Set(own.map((s) => s.json.terraform?.backend?.s3?.bucket).filter(Boolean));
  const stateOwners = all.filter((s) => !own.includes(s) && resourcesOf(s).some((r) => r.type === 'aws_s3_bucket' && buckets.has(r.attrs.bucket)));
  return [...own, ...stateOwners];
}

/** Graphviz source of the diagram (deterministic: sorted everywhere). */
export function architectureDot(stacks: readonly StackJson[]): string {
  const lines = [
    'digraph architecture {',
    '  compound=true;',
    '  graph [rankdir=LR, fontname="Helvetica", fontsize=12, nodesep=0.25, ranksep=0.9, labelloc=t,',
    '         label="Synthesized production stacks (staging has the same shape), drawn by npm run diagram.\\nNode: construct · resource count, main resource types. Arrow: uses (reference or depends_on). Dashed: across stacks (remote state; grey: state bucket)."];',
    '  node [shape=box, style="rounded,filled", fillcolor="#f5f7fa", color="#5b6b7f", fontname="Helvetica", fontsize=10, margin="0.3,0.08"];',
    '  edge [color="#5b6b7f", arrowsize=0.6];',
    '  clients [label="clients\\n(browsers, apps)", shape=ellipse, fillcolor="#ffffff"];',
  ];
  const groupOfAddress = new Map<string, string>();
  const outputsGroup = new Map<string, string>();
  const edges = new Set<string>();
  const perStack = stacks.map((stack) => ({ stack, resources: resourcesOf(stack) }));
  const bucketNodes = new Map(perStack.flatMap(({ stack, resources }) => resources
    .filter((r) => r.type === 'aws_s3_bucket').map((r) => [r.attrs.bucket, nodeId(stack.name, r.group)] as const)));
  for (const { stack, resources } of perStack) {
    for (const r of resources) groupOfAddress.set(`${stack.name}:${r.address}`, nodeId(stack.name, r.group));
    for (const [name, out] of Object.entries(stack.json.output ?? {})) {
      const target = referencedAddresses(out).map((a) => groupOfAddress.get(`${stack.name}:${a}`)).find(Boolean);
      if (target) outputsGroup.set(name, target);
    }
  }
  for (const { stack, resources } of perStack) {
    const providers = Object.keys(stack.json.provider ?? {}).sort().join(', ');
    lines.push(`  subgraph ${quote(`cluster_${stack.name}`)} {`,
      `    label=${quote(`stack ${stack.name} · ${resources.length} resources · providers: ${providers}`)}; style="rounded"; color="#9aa7b5";`);
    const groups = [...new Set(resources.map((r) => r.group))].sort();
    for (const g of groups) {
      const members = resources.filter((r) => r.group === g);
      const fill = members.some((r) => providerOf(r.type) === 'cloudflare') ? '#fdebd3' : members.some((r) => providerOf(r.type) === 'aws') ? '#e8f0fb' : '#e9f6ec';
      lines.push(`    ${quote(nodeId(stack.name, g))} [label=${quote(nodeLabel(g, members))}, fillcolor="${fill}"];`);
      if (fill === '#fdebd3') edges.add(`  clients -> ${quote(nodeId(stack.name, g))};`);
    }
    lines.push('  }');
    for (const r of resources) {
      const from = nodeId(stack.name, r.group);
      for (const a of referencedAddresses(r.attrs)) {
        const to = groupOfAddress.get(`${stack.name}:${a}`);
        if (to && to !== from) edges.add(`  ${quote(from)} -> ${quote(to)};`);
      }
      for (const o of remoteOutputs(r.attrs)) {
        const to = outputsGroup.get(o);
        if (to) edges.add(`  ${quote(from)} -> ${quote(to)} [style=dashed, constraint=false];`);
      }
    }
    const stateBucket = bucketNodes.get(stack.json.terraform?.backend?.s3?.bucket);
    if (stateBucket && resources.length > 0) {
      const first = nodeId(stack.name, resources.map((r) => r.group).sort()[0]);
      edges.add(`  ${quote(first)} -> ${quote(stateBucket)} [style=dashed, color="#9aa7b5", ltail=${quote(`cluster_${stack.name}`)}, constraint=false];`);
    }
  }
  return [...lines, ...[...edges].sort(), '}', ''].join('\n');
}

/** Renders Graphviz source to SVG with the pinned WebAssembly build (no binaries, no network). */
export async function renderSvg(dot: string): Promise<string> {
  return (await instance()).renderString(dot, { format: 'svg', engine: 'dot' });
}

/** Synthesizes every stack into a temporary directory, as `npm run synth` does, and reads the JSON back. */
export function synthesizeStacks(): StackJson[] {
  const outdir = mkdtempSync(join(tmpdir(), 'diagram-'));
  try {
    const platform = buildPlatform(loadEnvironments({}, ENVIRONMENT_INPUTS), { outdir });
    platform.app.synth();
    return platform.app.node.children.filter((c) => 'toTerraform' in c)
      .map((c) => ({ name: c.node.id, json: JSON.parse(readFileSync(join(outdir, 'stacks', c.node.id, 'cdk.tf.json'), 'utf8')) as Json }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The diagram as it should be committed, from the given (or freshly synthesized) stacks. */
export async function currentDiagram(stacks: readonly StackJson[] = synthesizeStacks()): Promise<string> {
  return renderSvg(architectureDot(diagramStacks(stacks)));
}

/** Undefined when `committed` matches `current`, else the one-line instruction to fix it. */
export function staleness(current: string, committed: string | undefined): string | undefined {
  if (committed === current) return undefined;
  return `docs/architecture.svg is ${committed === undefined ? 'missing' : 'stale (the stacks changed)'}: run \`${DIAGRAM_COMMAND}\` and commit the result`;
}

async function main(): Promise<void> {
  const svg = await currentDiagram();
  if (process.argv.includes('--check')) {
    let committed: string | undefined;
    try { committed = readFileSync(DIAGRAM_FILE, 'utf8'); } catch { committed = undefined; }
    const problem = staleness(svg, committed);
    if (problem) { console.error(problem); process.exit(1); }
    console.log('docs/architecture.svg is up to date');
    return;
  }
  writeFileSync(DIAGRAM_FILE, svg);
  console.log(`wrote docs/architecture.svg (${DIAGRAM_ENVIRONMENT} stacks)`);
}

if (require.main === module) void main();
