/**
 * Every in-repo chart release of every environment's workloads stack, rendered with the bundled helm exactly as the
 * synthesized helm_release installs it, linted strictly, and validated together with the stack's own kubernetes_*
 * objects: schemas (unknown fields are errors), Pod Security, references, network paths. docs/kubernetes-checks.md.
 */
import { readdirSync } from 'fs';
import { join } from 'path';
import { inRepoChartReleases, renderReleases, type RenderedRelease } from './support/chart-releases';
import { podSecurityProblems, referenceProblems } from './support/kube-checks';
import { validateObjects } from './support/kube-validate';
import { allowedPaths, declaredPaths, envUrlProblems, hasDefaultDeny, oneSidedPaths } from './support/network-paths';
import { platformStack, testEnvironments, type Json } from './support/synth';
import { toKubeObject } from './support/terraform-kube';
import { environmentObjects, networkFacts } from './support/k8s-environment';

const environments = testEnvironments();
const envNames = Object.keys(environments);
const releases = inRepoChartReleases();
let rendered: RenderedRelease[] = [];

beforeAll(async () => {
  rendered = await renderReleases(releases);
});

const objectsOf = (env: string): Json[] => environmentObjects(env, rendered);

describe('helm lint --strict and helm template of the in-repo charts', () => {
  test('every chart in charts/ is released in every workloads stack', () => {
    const charts = readdirSync(join(__dirname, '..', 'charts'));
    for (const env of envNames) expect(charts.filter((c) => !releases.some((r) => r.environment === env && r.chart === c))).toEqual([]);
  });

  test.each(releases.map((r) => [`${r.stack} ${r.name}`, r] as const))('%s: lints and renders at its Kubernetes version', (_, release) => {
    const result = rendered.find((r) => r.release === release)!;
    expect(result.lintError).toBeUndefined();
    expect(result.renderError).toBeUndefined();
    expect(result.objects.length).toBeGreaterThan(0);
  });
});

describe.each(envNames)('%s: Kubernetes objects', (env) => {
  test('every kubernetes_* resource of the workloads stack has an API mapping', () => {
    const converted = platformStack(`${env}-workloads`).resources().filter((r) => r.type.startsWith('kubernetes_')).map(toKubeObject);
    expect(converted.filter((o) => typeof o === 'string')).toEqual([]);
  });

  test('every rendered and Terraform-managed object passes strict schema validation', () => {
    expect(validateObjects(objectsOf(env)).flat()).toEqual([]);
  });

  test('pods in namespaces that enforce restricted meet the restricted profile', () => {
    expect(podSecurityProblems(objectsOf(env))).toEqual([]);
  });

  test('selectors, named ports and targets (Service, probe, Ingress, PDB, HPA, ServiceMonitor, StatefulSet) resolve', () => {
    expect(referenceProblems(objectsOf(env))).toEqual([]);
  });

  test('network policies allow exactly the declared paths, on both sides, behind a default deny', () => {
    const namespace = environments[env].workloads.namespace;
    const allowed = allowedPaths(objectsOf(env), namespace);
    const declared = declaredPaths(environments[env].workloads.services, networkFacts(environments[env]));
    expect(hasDefaultDeny(objectsOf(env), namespace)).toBe(true);
    expect(oneSidedPaths(allowed)).toEqual([]);
    expect({ missing: [...declared].filter((p) => !allowed.has(p)), extra: [...allowed].filter((p) => !declared.has(p)) }).toEqual({ missing: [], extra: [] });
  });

  test('URLs in service environments are reachable under the catalog', () => {
    const config = environments[env];
    expect(envUrlProblems(config.workloads.services, config.edge.hostnames.map((h) => h.name))).toEqual([]);
  });
});
