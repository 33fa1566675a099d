/**
 * The guided Kubernetes upgrade (docs/operating.md "Upgrading Kubernetes"): version errors name the version table
 * and exactly what a minor's row lacks; the skew rule between staging and production; support-end warnings with an
 * injectable today; the choice of object models per cluster minor. Every rule sees a planted defect, and the
 * shipped config and table pass. Expectations derive from the table and config, never from today's minors.
 */
import { production } from '../environments/production';
import { staging } from '../environments/staging';
import {
  kubernetesVersionProblem, kubernetesVersionWarnings, minorRank, objectModelsFor, ROW_ENTRIES, rowProblems,
  SUPPORT_WARNING_DAYS, supportWarnings, versionSkewProblems, versionTableProblems,
} from '../environments/kubernetes-upgrade';
import { EKS_ADDON_NAMES, KUBERNETES_OBJECT_MODELS, KUBERNETES_VERSIONS, type KubernetesVersionRow, type KubernetesVersionTable } from '../environments/versions';
import type { EnvironmentConfig } from '../environments';
import { mutated, problemsOf } from './support/config';
import { testEnvironments } from './support/synth';
import { validateClusters } from './support/kube-validate';
import { DOC_TABLES, staleDocs } from '../scripts/docs-tables';

const minors = Object.keys(KUBERNETES_VERSIONS).sort((a, b) => minorRank(a)! - minorRank(b)!);
const newest = minors[minors.length - 1];
const oldest = minors[0];
const shift = (minor: string, by: number) => `${minor.split('.')[0]}.${Number(minor.split('.')[1]) + by}`;
const next = shift(newest, 1);
const newestRow: KubernetesVersionRow = KUBERNETES_VERSIONS[newest as keyof typeof KUBERNETES_VERSIONS];
/** A complete row for `minor`, built from the newest one as an engineer would. */
const rowFor = (minor: string): KubernetesVersionRow => ({
  standardSupportEnds: '2099-01-31',
  addons: { ...newestRow.addons, 'kube-proxy': `v${minor}.0-eksbuild.1` },
  clusterAutoscalerImage: `v${minor}.0`,
});
const withRow = (minor: string, row: unknown): KubernetesVersionTable => ({ ...KUBERNETES_VERSIONS, [minor]: row as KubernetesVersionRow });
const allProblems = (inputs: Record<string, unknown>): string[] => {
  try {
    testEnvironments(inputs as never);
    return [];
  } catch (error) {
    return [...(error as { problems: string[] }).problems];
  }
};

describe('version errors name environments/versions.ts and exactly what is missing', () => {
  test('a minor without a row: one line, naming the table and every entry of a row', () => {
    const problems = problemsOf('staging', mutated(staging, (e) => { (e.eks as { kubernetesVersion: string }).kubernetesVersion = next; }));
    expect(problems).toEqual([`environment "staging": eks.kubernetesVersion: "${next}" is not in the version table (environments/versions.ts KUBERNETES_VERSIONS: ${minors.join(', ')}): add a "${next}" row with ${ROW_ENTRIES.join(', ')} (docs/operating.md "Upgrading Kubernetes")`]);
    expect(problems[0]).not.toMatch(/Invalid enum value|did you mean/);
  });

  test('the entries a row needs: the support end, every managed add-on, the autoscaler image', () => {
    expect(ROW_ENTRIES).toEqual(['standardSupportEnds', ...EKS_ADDON_NAMES.map((a) => `addons.${a}`), 'clusterAutoscalerImage']);
  });

  test('a minor older than the table: it left standard support', () => {
    expect(kubernetesVersionProblem(shift(oldest, -1))).toMatch(/is not in the version table .*minors leave the table when their EKS standard support ends/);
  });

  test('an incomplete row names exactly the missing entries', () => {
    const row = rowFor(next) as { addons: Record<string, string>; clusterAutoscalerImage?: string };
    delete row.addons.coredns;
    delete row.clusterAutoscalerImage;
    expect(kubernetesVersionProblem(next, withRow(next, row))).toBe(`"${next}" is incomplete in the version table (environments/versions.ts KUBERNETES_VERSIONS["${next}"]): missing addons.coredns, clusterAutoscalerImage (docs/operating.md "Upgrading Kubernetes")`);
    expect(kubernetesVersionProblem(next, withRow(next, { standardSupportEnds: '2099-01-31' }))).toMatch(`missing ${ROW_ENTRIES.filter((e) => e !== 'standardSupportEnds').join(', ')} (`);
  });

  test('a row copied from the previous minor: kube-proxy and the autoscaler image of the wrong minor', () => {
    const problems = rowProblems(next, newestRow);
    expect(problems).toEqual([
      `addons.kube-proxy "${newestRow.addons['kube-proxy']}" must be a ${next} build (v${next}.<patch>-eksbuild.<n>)`,
      `clusterAutoscalerImage "${newestRow.clusterAutoscalerImage}" must be a ${next} tag (v${next}.<patch>): cluster-autoscaler supports only its own minor`,
    ]);
  });

  test('misspelt entries, malformed dates and add-on versions are named', () => {
    const { clusterAutoscalerImage, ...rest } = rowFor(next);
    expect(rowProblems(next, { ...rest, clusterAutoscalerimage: clusterAutoscalerImage })).toEqual([
      'missing clusterAutoscalerImage', 'unknown entry clusterAutoscalerimage (did you mean clusterAutoscalerImage?)',
    ]);
    expect(rowProblems(next, { ...rowFor(next), standardSupportEnds: '2099-02-30' })).toEqual(['standardSupportEnds "2099-02-30" must be a date YYYY-MM-DD']);
    expect(rowProblems(next, { ...rowFor(next), addons: { ...rowFor(next).addons, 'vpc-cni': '1.22.4' } })).toEqual(['addons.vpc-cni "1.22.4" must be an EKS add-on version (v<x.y.z>-eksbuild.<n>)']);
    expect(rowProblems(next, { ...rowFor(next), addons: { ...rowFor(next).addons, 'ebs-csi-driver': 'v1.0.0-eksbuild.1' } })).toEqual(['unknown add-on addons.ebs-csi-driver (did you mean addons.aws-ebs-csi-driver?)']);
    expect(rowProblems(next, rowFor(next))).toEqual([]);
  });

  test('every row of the table is checked, also of minors no environment runs', () => {
    expect(versionTableProblems()).toEqual([]);
    expect(versionTableProblems(withRow(next, { standardSupportEnds: '2099-01-31', addons: newestRow.addons }))).toEqual([
      `environments/versions.ts KUBERNETES_VERSIONS["${next}"]: missing clusterAutoscalerImage; addons.kube-proxy "${newestRow.addons['kube-proxy']}" must be a ${next} build (v${next}.<patch>-eksbuild.<n>) (docs/operating.md "Upgrading Kubernetes")`,
    ]);
    expect(versionTableProblems(withRow(next, rowFor(next)))).toEqual([]);
  });

  test('every shipped minor is accepted', () => {
    for (const minor of minors) expect(kubernetesVersionProblem(minor)).toBeUndefined();
  });
});

describe('skew: production never ahead of staging, staging at most one minor ahead', () => {
  const envs = testEnvironments();
  const withVersions = (p: string, s: string): Record<string, EnvironmentConfig> => ({
    production: { ...envs.production, eks: { ...envs.production.eks, kubernetesVersion: p as never } },
    staging: { ...envs.staging, eks: { ...envs.staging.eks, kubernetesVersion: s as never } },
  });

  test('the shipped environments keep the rule', () => {
    expect(versionSkewProblems(envs)).toEqual([]);
  });

  test('equal minors, and staging one ahead, pass', () => {
    expect(versionSkewProblems(withVersions(newest, newest))).toEqual([]);
    expect(versionSkewProblems(withVersions(newest, next))).toEqual([]);
  });

  test('staging two minors ahead is reported on staging', () => {
    expect(versionSkewProblems(withVersions(shift(next, -2), next))).toEqual([
      `environment "staging": eks.kubernetesVersion: ${next} is 2 minors ahead of ${shift(next, -2)} of environment "production": staging may lead production by at most one minor; upgrade production first (docs/operating.md "Upgrading Kubernetes")`,
    ]);
  });

  test('production ahead of staging is reported on production, through validation', () => {
    const problems = allProblems({
      production: mutated(production, (e) => { e.eks.kubernetesVersion = newest as never; }),
      staging: mutated(staging, (e) => { e.eks.kubernetesVersion = oldest as never; }),
    });
    expect(problems).toEqual([
      `environment "production": eks.kubernetesVersion: ${newest} is ahead of ${oldest} of environment "staging": production may not run ahead of staging; upgrade staging first (docs/operating.md "Upgrading Kubernetes")`,
    ]);
  });
});

describe('standard support end: a warning within 60 days, today injected', () => {
  const envs = testEnvironments();
  const ends = KUBERNETES_VERSIONS[envs.production.eks.kubernetesVersion].standardSupportEnds;
  const daysBefore = (days: number) => new Date(Date.parse(`${ends}T12:00:00Z`) - days * 86_400_000);
  const productionWarnings = (today: Date) => supportWarnings(envs, today).filter((w) => w.includes('"production"'));

  test('nothing more than 60 days before', () => {
    expect(productionWarnings(daysBefore(SUPPORT_WARNING_DAYS + 1))).toEqual([]);
  });

  test('a warning at 60 days, naming the date and what happens after it', () => {
    expect(productionWarnings(daysBefore(SUPPORT_WARNING_DAYS))).toEqual([
      `warning: environment "production": eks.kubernetesVersion: EKS standard support of ${envs.production.eks.kubernetesVersion} ends on ${ends} (in ${SUPPORT_WARNING_DAYS} days); after that EKS upgrades the cluster itself (supportType STANDARD); upgrade (docs/operating.md "Upgrading Kubernetes")`,
    ]);
  });

  test('after the end: it ended, and extended support is billed when chosen', () => {
    const extended = { ...envs, production: { ...envs.production, eks: { ...envs.production.eks, supportType: 'EXTENDED' as const } } };
    expect(supportWarnings(extended, daysBefore(-3)).filter((w) => w.includes('"production"'))).toEqual([
      expect.stringMatching(new RegExp(`standard support of ${envs.production.eks.kubernetesVersion} ended on ${ends} \\(3 days ago\\): extended support is billed per cluster hour`)),
    ]);
  });

  test('synth prints them with the other warnings', () => {
    expect(kubernetesVersionWarnings(envs, daysBefore(SUPPORT_WARNING_DAYS))).toEqual(expect.arrayContaining(productionWarnings(daysBefore(SUPPORT_WARNING_DAYS))));
  });
});

describe('object models: the cluster\'s own minor, else the closest older one, with a warning', () => {
  const installed = Object.keys(KUBERNETES_OBJECT_MODELS).sort((a, b) => minorRank(a)! - minorRank(b)!);
  const newestModels = installed[installed.length - 1];
  const planted = { '1.30': { npm: 'models-130', version: '1.0.0', confirmed: 'planted' }, '1.33': { npm: 'models-133', version: '2.0.0', confirmed: 'planted' } };

  test('own minor, closest older, and (nothing older installed) closest newer', () => {
    expect(objectModelsFor('1.33', planted)).toEqual({ minor: '1.33', npm: 'models-133', version: '2.0.0', fallback: undefined, note: undefined });
    expect(objectModelsFor('1.32', planted)).toMatchObject({ minor: '1.30', fallback: 'older', note: expect.stringMatching(/^objects of Kubernetes 1\.32 are validated against the 1\.30 object models \(models-130 1\.0\.0\), the closest older minor installed/) });
    expect(objectModelsFor('1.29', planted)).toMatchObject({ minor: '1.30', fallback: 'newer', note: expect.stringMatching(/none of 1\.29 or older is installed/) });
  });

  test('a cluster a minor past the installed models: validated with them, and synth says so', () => {
    const upgraded = shift(newestModels, 1);
    const envs = testEnvironments();
    const bumped = { ...envs, staging: { ...envs.staging, eks: { ...envs.staging.eks, kubernetesVersion: upgraded as never } } };
    expect(kubernetesVersionWarnings(bumped, new Date(0)).filter((w) => w.includes('object models'))).toEqual([
      `warning: environment "staging": eks.kubernetesVersion: objects of Kubernetes ${upgraded} are validated against the ${newestModels} object models (${KUBERNETES_OBJECT_MODELS[newestModels].npm} ${KUBERNETES_OBJECT_MODELS[newestModels].version}), the closest older minor installed: fields new in ${upgraded} are reported as unknown; install ${upgraded} models and list them in KUBERNETES_OBJECT_MODELS (environments/versions.ts)`,
    ]);
    const warned: string[] = [];
    const pod = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'b' }, dta: {} };
    const [result] = validateClusters([{ kubernetesVersion: upgraded, objects: [pod] }], (m) => warned.push(m));
    expect(result.models.minor).toBe(newestModels);
    expect(warned).toEqual([expect.stringContaining(`validated against the ${newestModels} object models`)]);
    expect(result.problems).toEqual([[expect.stringMatching(/^ConfigMap\/x: dta: unknown field/)]]);
  });

  test('the shipped environments: no model warning at synth for a cluster at or below the models', () => {
    const envs = testEnvironments();
    const behind = Object.values(envs).filter((e) => minorRank(e.eks.kubernetesVersion)! > minorRank(newestModels)!);
    expect(kubernetesVersionWarnings(envs, new Date(0)).filter((w) => w.includes('object models'))).toHaveLength(behind.length);
  });
});

describe('docs name the versions from the config, never by hand', () => {
  test('the version table and who runs which minor are generated; a bump makes docs/eks.md stale', () => {
    const envs = testEnvironments();
    for (const [minor, row] of Object.entries(KUBERNETES_VERSIONS)) expect(DOC_TABLES.versions(envs)).toContain(`| \`${minor}\` | ${row.standardSupportEnds} |`);
    for (const env of Object.values(envs)) expect(DOC_TABLES['kubernetes-versions'](envs)).toContain(`\`${env.eks.kubernetesVersion}\` (${env.name})`);
    const bumped = testEnvironments({ production, staging: mutated(staging, (e) => { e.eks.kubernetesVersion = envs.production.eks.kubernetesVersion; }) });
    expect(staleDocs(bumped)).toEqual(expect.arrayContaining([expect.stringMatching(/^docs\/eks\.md is stale/)]));
  });
});
