/**
 * The rules of a Kubernetes upgrade (docs/operating.md "Upgrading Kubernetes"): a minor is offered only with a
 * complete row in the version table (environments/versions.ts), staging leads production by at most one minor,
 * and synth warns as standard support runs out or the object models trail the cluster.
 */
import { closest } from '../lib/did-you-mean';
import { formatPath } from './schema/issues';
import type { EnvironmentConfig } from './schema/environment';
import { EKS_ADDON_NAMES, KUBERNETES_OBJECT_MODELS, KUBERNETES_VERSIONS, type KubernetesVersionTable } from './versions';

const TABLE = 'environments/versions.ts KUBERNETES_VERSIONS';
const RUNBOOK = 'docs/operating.md "Upgrading Kubernetes"';
/** Synth warns this many days before a version's standard support ends. */
export const SUPPORT_WARNING_DAYS = 60;

/** `1.36` → 1036, so that minors compare and subtract as numbers; undefined when not `<major>.<minor>`. */
export function minorRank(version: string): number | undefined {
  const match = /^(\d+)\.(\d+)$/.exec(version);
  return match ? Number(match[1]) * 1000 + Number(match[2]) : undefined;
}

const byRank = (a: string, b: string) => (minorRank(a) ?? 0) - (minorRank(b) ?? 0);

/** Every entry a row needs, in the order the runbook lists them. */
export const ROW_ENTRIES: readonly string[] = ['standardSupportEnds', ...EKS_ADDON_NAMES.map((a) => `addons.${a}`), 'clusterAutoscalerImage'];

const isDate = (value: unknown): value is string =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

/** What is missing or wrong in one row, as short phrases (empty when complete). */
export function rowProblems(minor: string, row: unknown): string[] {
  const entries = (typeof row === 'object' && row !== null ? row : {}) as Record<string, unknown>;
  const addons = (typeof entries.addons === 'object' && entries.addons !== null ? entries.addons : {}) as Record<string, unknown>;
  const valueOf = (entry: string): unknown => (entry.startsWith('addons.') ? addons[entry.slice('addons.'.length)] : entries[entry]);
  const missing = ROW_ENTRIES.filter((e) => valueOf(e) === undefined || valueOf(e) === '');
  const problems = missing.length > 0 ? [`missing ${missing.join(', ')}`] : [];
  const known = ['standardSupportEnds', 'addons', 'clusterAutoscalerImage'];
  for (const key of Object.keys(entries).filter((k) => !known.includes(k))) {
    const near = closest(key, known);
    problems.push(`unknown entry ${key}${near ? ` (did you mean ${near}?)` : ''}`);
  }
  for (const key of Object.keys(addons).filter((k) => !(EKS_ADDON_NAMES as readonly string[]).includes(k))) {
    const near = closest(key, EKS_ADDON_NAMES);
    problems.push(`unknown add-on addons.${key}${near ? ` (did you mean addons.${near}?)` : ''}`);
  }
  const wrong = (entry: string, rule: string) => problems.push(`${entry} ${JSON.stringify(valueOf(entry))} must be ${rule}`);
  if (valueOf('standardSupportEnds') !== undefined && !isDate(valueOf('standardSupportEnds'))) wrong('standardSupportEnds', 'a date YYYY-MM-DD');
  for (const addon of EKS_ADDON_NAMES) {
    const version = valueOf(`addons.${addon}`);
    if (version === undefined || version === '') continue;
    // kube-proxy is built for exactly one minor: a row copied from the previous minor keeps the old build.
    const pattern = addon === 'kube-proxy' ? new RegExp(`^v${minor.replace('.', '\\.')}\\.\\d+-eksbuild\\.\\d+$`) : /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;
    if (typeof version !== 'string' || !pattern.test(version)) wrong(`addons.${addon}`, addon === 'kube-proxy' ? `a ${minor} build (v${minor}.<patch>-eksbuild.<n>)` : 'an EKS add-on version (v<x.y.z>-eksbuild.<n>)');
  }
  const image = valueOf('clusterAutoscalerImage');
  if (image !== undefined && image !== '' && (typeof image !== 'string' || !new RegExp(`^v${minor.replace('.', '\\.')}\\.\\d+$`).test(image))) {
    wrong('clusterAutoscalerImage', `a ${minor} tag (v${minor}.<patch>): cluster-autoscaler supports only its own minor`);
  }
  return problems;
}

/**
 * The rule `eks.kubernetesVersion` breaks, naming the table and exactly what to add; undefined when the minor has
 * a complete row.
 */
export function kubernetesVersionProblem(version: string, table: KubernetesVersionTable = KUBERNETES_VERSIONS): string | undefined {
  const offered = Object.keys(table).sort(byRank);
  if (minorRank(version) === undefined) return undefined; // malformed: reported by the schema
  if (!Object.hasOwn(table, version)) {
    const oldest = offered[0];
    if (oldest && byRank(version, oldest) < 0) {
      return `"${version}" is not in the version table (${TABLE}: ${offered.join(', ')}): minors leave the table when their EKS standard support ends; upgrade to one of those (${RUNBOOK})`;
    }
    return `"${version}" is not in the version table (${TABLE}: ${offered.join(', ') || 'empty'}): add a "${version}" row with ${ROW_ENTRIES.join(', ')} (${RUNBOOK})`;
  }
  const problems = rowProblems(version, table[version]);
  return problems.length > 0 ? `"${version}" is incomplete in the version table (${TABLE}["${version}"]): ${problems.join('; ')} (${RUNBOOK})` : undefined;
}

/** Every incomplete row of the table, also of minors no environment runs yet: one line each. */
export function versionTableProblems(table: KubernetesVersionTable = KUBERNETES_VERSIONS): string[] {
  return Object.keys(table).sort(byRank).flatMap((minor) => {
    const problems = minorRank(minor) === undefined ? [`"${minor}" is not a Kubernetes minor such as "1.36"`] : rowProblems(minor, table[minor]);
    return problems.length > 0 ? [`${TABLE}["${minor}"]: ${problems.join('; ')} (${RUNBOOK})`] : [];
  });
}

const PATH = formatPath(['eks', 'kubernetesVersion']);

/**
 * Upgrades go through staging: production may not run ahead of staging, and staging may lead production by at
 * most one minor (EKS upgrades a cluster one minor at a time, so a larger lead is a path production cannot
 * rehearse). Compared per tier: every production-tier environment against every staging-tier one.
 */
export function versionSkewProblems(configs: Readonly<Record<string, EnvironmentConfig>>): string[] {
  const envs = Object.values(configs);
  const problems: string[] = [];
  for (const production of envs.filter((e) => e.tier === 'production')) {
    for (const staging of envs.filter((e) => e.tier === 'staging')) {
      const p = production.eks.kubernetesVersion;
      const s = staging.eks.kubernetesVersion;
      const lead = (minorRank(s) ?? 0) - (minorRank(p) ?? 0);
      if (lead < 0) {
        problems.push(`environment "${production.name}": ${PATH}: ${p} is ahead of ${s} of environment "${staging.name}": production may not run ahead of staging; upgrade staging first (${RUNBOOK})`);
      } else if (lead > 1) {
        problems.push(`environment "${staging.name}": ${PATH}: ${s} is ${lead} minors ahead of ${p} of environment "${production.name}": staging may lead production by at most one minor; upgrade production first (${RUNBOOK})`);
      }
    }
  }
  return problems;
}

/** Whole days from `today` to the start of `date` (UTC). */
const daysUntil = (date: string, today: Date) =>
  Math.ceil((Date.parse(`${date}T00:00:00Z`) - Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())) / 86_400_000);

/** A warning per environment whose version leaves EKS standard support within SUPPORT_WARNING_DAYS (or has left it). */
export function supportWarnings(envs: Readonly<Record<string, EnvironmentConfig>>, today: Date = new Date(), table: KubernetesVersionTable = KUBERNETES_VERSIONS): string[] {
  return Object.values(envs).flatMap((env) => {
    const version = env.eks.kubernetesVersion;
    const ends = table[version]?.standardSupportEnds;
    if (!ends || !isDate(ends)) return [];
    const days = daysUntil(ends, today);
    const after = env.eks.supportType === 'EXTENDED' ? 'extended support is billed per cluster hour' : 'EKS upgrades the cluster itself (supportType STANDARD)';
    if (days < 0) return [`warning: environment "${env.name}": ${PATH}: EKS standard support of ${version} ended on ${ends} (${-days} days ago): ${after}; upgrade (${RUNBOOK})`];
    if (days <= SUPPORT_WARNING_DAYS) return [`warning: environment "${env.name}": ${PATH}: EKS standard support of ${version} ends on ${ends} (in ${days} days); after that ${after}; upgrade (${RUNBOOK})`];
    return [];
  });
}

/** The object models a minor's objects are validated with, and why when they are not the minor's own. */
export interface ObjectModelChoice {
  /** Kubernetes minor the chosen models were generated from. */
  readonly minor: string;
  /** Package (or npm alias) holding them, and its version. */
  readonly npm: string;
  readonly version: string;
  /** `older`: closest older minor installed; `newer`: none older installed, the closest newer. */
  readonly fallback?: 'older' | 'newer';
  /** Says which models and why, when not the minor's own. */
  readonly note?: string;
}

/** The cluster's own minor's models, else the closest older, else (nothing older installed) the closest newer. */
export function objectModelsFor(version: string, models: typeof KUBERNETES_OBJECT_MODELS = KUBERNETES_OBJECT_MODELS): ObjectModelChoice {
  const minors = Object.keys(models).sort(byRank);
  if (minors.length === 0) throw new Error('KUBERNETES_OBJECT_MODELS (environments/versions.ts) lists no object models');
  const pick = (minor: string, fallback?: 'older' | 'newer', note?: string): ObjectModelChoice => ({ minor, npm: models[minor].npm, version: models[minor].version, fallback, note });
  if (Object.hasOwn(models, version)) return pick(version);
  const older = minors.filter((m) => byRank(m, version) < 0).pop();
  const install = `install ${version} models and list them in KUBERNETES_OBJECT_MODELS (environments/versions.ts)`;
  if (older) {
    return pick(older, 'older', `objects of Kubernetes ${version} are validated against the ${older} object models (${models[older].npm} ${models[older].version}), the closest older minor installed: fields new in ${version} are reported as unknown; ${install}`);
  }
  const newer = minors[0];
  return pick(newer, 'newer', `objects of Kubernetes ${version} are validated against the ${newer} object models (${models[newer].npm} ${models[newer].version}): none of ${version} or older is installed, so a field ${version} does not know yet passes; ${install}`);
}

/**
 * Warnings synth prints about Kubernetes versions: support ending, and object models older than the cluster
 * (the gap an upgrade opens; models newer than the cluster are reported by the render tests).
 */
export function kubernetesVersionWarnings(envs: Readonly<Record<string, EnvironmentConfig>>, today: Date = new Date()): string[] {
  const models = Object.values(envs).flatMap((env) => {
    const choice = objectModelsFor(env.eks.kubernetesVersion);
    return choice.fallback === 'older' ? [`warning: environment "${env.name}": ${PATH}: ${choice.note}`] : [];
  });
  return [...supportWarnings(envs, today), ...models];
}
