/**
 * Custom resources are validated against the @kubernetes-models packages, which trail the CRDs the workloads stacks
 * install. The fields our charts set were compared with the pinned CRDs (docs/kubernetes-checks.md); this pins the
 * pairing, so bumping either side forces that comparison again.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { HELM_CHARTS, KUBERNETES_OBJECT_MODELS } from '../environments/versions';

const devDependencies: Record<string, string> = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).devDependencies;

/** Model package → its version, the upstream API version it was generated from, and the chart pin it was compared with. */
const CR_MODELS = [
  { npm: '@kubernetes-models/prometheus-operator', version: '6.0.0', generatedFrom: 'prometheus-operator v0.91.0', chart: 'prometheus-operator-crds', chartVersion: '31.0.1' },
  { npm: '@kubernetes-models/external-secrets', version: '2.0.0', generatedFrom: 'external-secrets v0.16.2', chart: 'external-secrets', chartVersion: '2.9.0' },
] as const;

test.each(CR_MODELS)('$npm $version ($generatedFrom) was compared with $chart $chartVersion', (model) => {
  expect(devDependencies[model.npm]).toBe(model.version);
  expect(HELM_CHARTS[model.chart].version).toBe(model.chartVersion);
});

/** The version an installed package reports (an npm alias `npm:kubernetes-models@x` reports x). */
const installedVersion = (npm: string): string => JSON.parse(readFileSync(join(__dirname, '..', 'node_modules', npm, 'package.json'), 'utf8')).version;

test.each(Object.entries(KUBERNETES_OBJECT_MODELS))('the Kubernetes %s object models are pinned and installed as listed in environments/versions.ts', (_minor, models) => {
  // The pin is the package version itself, or an alias to it (two minors' models side by side).
  expect(devDependencies[models.npm]).toMatch(new RegExp(`^(npm:kubernetes-models@)?${models.version.replace(/\./g, '\\.')}$`));
  expect(installedVersion(models.npm)).toBe(models.version);
});
