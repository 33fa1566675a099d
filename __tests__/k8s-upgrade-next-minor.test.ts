/**
 * Done-when check of the upgrade runbook (docs/operating.md "Upgrading Kubernetes"), on a hypothetical next minor:
 * environments/versions.ts is replaced by a copy whose table has one more row, as an engineer would add it. With
 * the row complete, raising staging to it validates and synthesizes (cluster, add-ons and autoscaler from the row);
 * with one entry left out, validation stops with one readable line. Each case loads the app in its own module
 * registry, so the copied table is what every module sees.
 */
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse } from 'yaml';
import { production } from '../environments/production';
import { staging } from '../environments/staging';
import * as actualVersions from '../environments/versions';
import type { KubernetesVersionRow } from '../environments/versions';
import { mutated } from './support/config';
import type { Json } from './support/synth';

type Versions = typeof actualVersions;
const rank = (minor: string) => Number(minor.split('.')[0]) * 1000 + Number(minor.split('.')[1]);
const minors = Object.keys(actualVersions.KUBERNETES_VERSIONS).sort((a, b) => rank(a) - rank(b));
const newest = minors[minors.length - 1];
const next = `${newest.split('.')[0]}.${Number(newest.split('.')[1]) + 1}`;
const newestRow: KubernetesVersionRow = actualVersions.KUBERNETES_VERSIONS[newest as keyof Versions['KUBERNETES_VERSIONS']];
const nextRow: KubernetesVersionRow = {
  standardSupportEnds: '2099-01-31',
  addons: { ...newestRow.addons, 'kube-proxy': `v${next}.0-eksbuild.1` },
  clusterAutoscalerImage: `v${next}.0`,
};

/** Runs `body` with environments/versions.ts replaced by a copy whose table also has `row` for the next minor. */
function withNextMinor<T>(row: unknown, body: (load: <M>(path: string) => M) => T): T {
  let result: T | undefined;
  jest.isolateModules(() => {
    jest.doMock('../environments/versions', () => {
      const actual = jest.requireActual<Versions>('../environments/versions');
      const table = { ...actual.KUBERNETES_VERSIONS, [next]: row as KubernetesVersionRow };
      return { ...actual, KUBERNETES_VERSIONS: table, ...actual.versionTableViews(table) };
    });
    result = body((path) => require(path));
  });
  return result as T;
}

/** The runbook's order: production first reaches the minor staging runs, then staging moves to the new one. */
const inputs = {
  production: mutated(production, (e) => { e.eks.kubernetesVersion = newest as never; }),
  staging: mutated(staging, (e) => { e.eks.kubernetesVersion = next as never; }),
};

test('a complete row for the next minor: staging raised to it validates and synthesizes from the row', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'k8s-next-minor-'));
  try {
    const stacks = withNextMinor(nextRow, (load) => {
      const { loadEnvironments } = load<typeof import('../environments')>('../environments');
      const { buildPlatform } = load<typeof import('../stacks/app')>('../stacks/app');
      const envs = loadEnvironments({}, inputs);
      expect(envs.staging.eks.kubernetesVersion).toBe(next);
      // Only staging is synthesized: it is the environment the new row reaches.
      buildPlatform({ staging: envs.staging }, { outdir }).app.synth();
      const read = (stack: string): Json => JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
      return { infra: read('staging'), workloads: read('staging-workloads') };
    });
    const cluster = Object.values(stacks.infra.resource.aws_eks_cluster as Record<string, Json>)[0];
    expect(cluster.version).toBe(next);
    const addons = Object.values(stacks.infra.resource.aws_eks_addon as Record<string, Json>);
    expect(Object.fromEntries(addons.map((a) => [a.addon_name, a.addon_version]))).toEqual(nextRow.addons);
    const autoscaler = Object.values(stacks.workloads.resource.helm_release as Record<string, Json>).find((r) => r.name === 'cluster-autoscaler')!;
    expect(parse(autoscaler.values[0]).image.tag).toBe(nextRow.clusterAutoscalerImage);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});

test.each(actualVersions.EKS_ADDON_NAMES.map((a) => `addons.${a}`).concat(['clusterAutoscalerImage', 'standardSupportEnds']))('the row without %s: one readable line, no synth', (entry) => {
  const row = structuredClone(nextRow) as unknown as Record<string, Record<string, string> | string>;
  if (entry.startsWith('addons.')) delete (row.addons as Record<string, string>)[entry.slice('addons.'.length)];
  else delete row[entry];
  const message = withNextMinor(row, (load) => {
    const { loadEnvironments } = load<typeof import('../environments')>('../environments');
    const { ConfigValidationError } = load<typeof import('../environments/validate')>('../environments/validate');
    try {
      loadEnvironments({}, inputs);
    } catch (error) {
      if (error instanceof ConfigValidationError) return error.message;
      throw error;
    }
    return 'validated';
  });
  // What synth prints (main.ts) before it stops.
  expect(message).toBe(`Invalid environment configuration (1 problem):\n  - environment "staging": eks.kubernetesVersion: "${next}" is incomplete in the version table (environments/versions.ts KUBERNETES_VERSIONS["${next}"]): missing ${entry} (docs/operating.md "Upgrading Kubernetes")`);
});

test('staging raised two minors past production: the skew rule stops it', () => {
  const message = withNextMinor(nextRow, (load) => {
    const { loadEnvironments } = load<typeof import('../environments')>('../environments');
    try {
      loadEnvironments({}, { production: mutated(production, (e) => { e.eks.kubernetesVersion = minors[minors.length - 2] as never; }), staging: inputs.staging });
      return 'validated';
    } catch (error) {
      return (error as Error).message;
    }
  });
  expect(message).toMatch(new RegExp(`environment "staging": eks\\.kubernetesVersion: ${next.replace('.', '\\.')} is 2 minors ahead of`));
});
