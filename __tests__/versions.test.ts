/** Pinned versions live in environments/versions.ts and agree with package.json and the synthesized JSON. */
import { readFileSync } from 'fs';
import { join } from 'path';
import { versionTableProblems } from '../environments/kubernetes-upgrade';
import { EKS_ADDON_NAMES, EKS_ADDON_VERSIONS, HELM_CHARTS, KUBERNETES_VERSIONS, LOCAL_CHARTS, PROVIDERS } from '../environments/versions';
import { isExactVersion } from './policy/rules-helm';
import { platformStacks } from './support/synth';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));

test.each(Object.values(PROVIDERS).map((p) => [p.npm, p] as const))('%s is pinned exactly in package.json', (_name, provider) => {
  expect(pkg.dependencies[provider.npm]).toBe(provider.npmVersion);
});

test('every stack requires exactly the pinned provider versions', () => {
  for (const stack of platformStacks()) {
    for (const [name, required] of Object.entries(stack.json.terraform.required_providers as Record<string, { version: string }>)) {
      const pinned = Object.values(PROVIDERS).find((p) => p.provider.endsWith(`/${name}`));
      expect({ stack: stack.name, name, version: required.version }).toEqual({ stack: stack.name, name, version: pinned?.version });
    }
  }
});

test('every row of the Kubernetes version table is complete, with a version for every managed add-on', () => {
  expect(versionTableProblems()).toEqual([]);
  for (const version of Object.keys(KUBERNETES_VERSIONS)) {
    expect(Object.keys(EKS_ADDON_VERSIONS[version as keyof typeof EKS_ADDON_VERSIONS]).sort()).toEqual([...EKS_ADDON_NAMES].sort());
  }
});

test('toolchain packages are pinned exactly (no ranges)', () => {
  for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
    expect({ name, version }).toEqual({ name, version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
  }
});

/** Chart tables as `[table, chart, version]`: upstream charts and the charts kept in charts/. */
const chartPins = (upstream: Readonly<Record<string, { version: string }>>, local: Readonly<Record<string, string>>) => [
  ...Object.entries(upstream).map(([name, chart]) => ['HELM_CHARTS', name, chart.version]),
  ...Object.entries(local).map(([name, version]) => ['LOCAL_CHARTS', name, version]),
];
const unpinned = (pins: string[][]) => pins.filter(([, , version]) => !isExactVersion(version));

test('every chart version in the chart tables is one exact SemVer version (no range, wildcard or latest)', () => {
  const pins = chartPins(HELM_CHARTS, LOCAL_CHARTS);
  expect(pins.length).toBe(Object.keys(HELM_CHARTS).length + Object.keys(LOCAL_CHARTS).length);
  expect(unpinned(pins)).toEqual([]);
});

test('a ranged, wildcard or latest chart version planted in either table is caught', () => {
  const [name, chart] = Object.entries(HELM_CHARTS)[0];
  const [localName, localVersion] = Object.entries(LOCAL_CHARTS)[0];
  for (const bad of [`^${chart.version}`, `~${chart.version}`, `>=${chart.version}`, '1.x', 'latest', '*']) {
    const pins = chartPins({ ...HELM_CHARTS, [name]: { ...chart, version: bad } }, { ...LOCAL_CHARTS, [localName]: `^${localVersion}` });
    expect(unpinned(pins)).toEqual([['HELM_CHARTS', name, bad], ['LOCAL_CHARTS', localName, `^${localVersion}`]]);
  }
});

test('every local chart table entry is the version in its Chart.yaml', () => {
  for (const [name, version] of Object.entries(LOCAL_CHARTS)) {
    const chartYaml = readFileSync(join(__dirname, '..', 'charts', name, 'Chart.yaml'), 'utf8');
    expect({ name, version: /^version:\s*(\S+)\s*$/m.exec(chartYaml)?.[1] }).toEqual({ name, version });
  }
});
