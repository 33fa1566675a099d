/**
 * Day two: "Adding a service" (docs/workloads.md) followed literally. The doc's snippets are pasted into a copy of
 * environments/services.ts where the steps say, type-checked with the project's compiler options, evaluated, and the
 * resulting catalog (today's services plus the example) is validated, synthesized, rendered and checked with the
 * same invariants as the shipped catalog: so the documented steps stay correct, and the suite holds for one service more.
 */
import { readFileSync, rmSync, writeFileSync } from 'fs';

import { dirname, join } from 'path';
import * as ts from 'typescript';
import { ENVIRONMENT_INPUTS, type EnvironmentInput } from '../environments';
import type { ServiceEntryInput } from '../environments/schema/workloads';
import { serviceCatalog } from '../environments/services';
import { appPortProblems } from './support/app-service-ports';
import { renderReleases, substituteInterpolations, type ChartRelease } from './support/chart-releases';
import { problemsOf } from './support/config';
import { networkFacts } from './support/k8s-environment';
import { allowedPaths, declaredPaths, envUrlProblems, oneSidedPaths } from './support/network-paths';
import { asList, sharedSynth, testEnvironments, type Json, type SynthStack } from './support/synth';
import { toKubeObject } from './support/terraform-kube';
import { tempDir } from './support/temp-dir';

const ROOT = join(__dirname, '..');
const SERVICES_FILE = join(ROOT, 'environments', 'services.ts');
const DOC = readFileSync(join(ROOT, 'docs', 'workloads.md'), 'utf8');

/** The ```ts blocks of the doc's "Adding a service" section, dedented (they sit inside a numbered list). */
function stepSnippets(doc: string): string[] {
  const section = doc.slice(doc.indexOf('## Adding a service')).split(/\n## /)[0];
  return [...section.matchAll(/^( *)```ts\n([\s\S]*?)^\1```/gm)].map(([, indent, body]) => body.split('\n').map((l) => l.slice(indent.length)).join('\n'));
}

/** services.ts with the port pasted into PORTS and the entry pasted at the top of the list serviceCatalog() returns. */
function pasted(source: string, port: string, entry: string): string {
  const ports = source.indexOf('const PORTS = {\n');
  const list = source.indexOf('  return [\n', source.indexOf('export function serviceCatalog('));
  expect({ ports, list }).toEqual({ ports: expect.any(Number), list: expect.any(Number) });
  expect(ports >= 0 && list > ports).toBe(true);
  const afterPorts = ports + 'const PORTS = {\n'.length;
  const afterList = list + '  return [\n'.length;
  return source.slice(0, afterPorts) + port + source.slice(afterPorts, afterList) + entry + source.slice(afterList);
}

/** Compiler diagnostics of `source` standing in for environments/services.ts (its imports read from disk). */
function diagnostics(source: string): string[] {
  const { config } = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
  const host = ts.createCompilerHost({ ...options, incremental: false, noEmit: true });
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, ...rest) => (file === SERVICES_FILE ? ts.createSourceFile(file, source, language) : read(file, language, ...rest));
  const program = ts.createProgram([SERVICES_FILE], { ...options, incremental: false, noEmit: true, types: ['node'] }, host);
  const file = program.getSourceFile(SERVICES_FILE)!;
  return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]
    .map((d) => `${d.start !== undefined ? `line ${file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

/** Runs the pasted module (imports resolved next to the real file) and returns its exports. */
function evaluate(source: string): { serviceCatalog: typeof serviceCatalog; serviceUrl: (name: string) => string } {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
  const exports = {};
  const load = (id: string) => require(id.startsWith('.') ? join(dirname(SERVICES_FILE), id) : id);
  new Function('exports', 'require', js)(exports, load);
  return exports as ReturnType<typeof evaluate>;
}

/** Catalog hosts for any set of fields: a field an operator adds to CatalogHosts needs no edit here. */
const ANY_HOSTS = new Proxy({}, { get: (_, field) => `${String(field)}.aifeedback.se` }) as Parameters<typeof serviceCatalog>[0];
/** The services the shipped catalog already has. */
const known = new Set(serviceCatalog(ANY_HOSTS).map((s) => s.name));
/**
 * The doc's snippets; when an operator has added the doc's own example to the catalog (followed the steps to the
 * letter), the example is pasted under another name, so the steps stay checked against the catalog as it is now.
 */
const snippets = ((raw) => {
  const name = /^'([a-z][a-z0-9-]*)'/.exec(raw[0] ?? '')?.[1];
  return name && known.has(name) ? raw.map((text) => text.split(`'${name}'`).join(`'${name}-again'`)) : raw;
})(stepSnippets(DOC));
const source = pasted(readFileSync(SERVICES_FILE, 'utf8'), snippets[0] ?? '', snippets[1] ?? '');

test('docs/workloads.md "Adding a service" has the two snippets its steps paste (a port for PORTS, an entry for the list)', () => {
  expect(snippets).toHaveLength(2);
  expect(snippets[0]).toMatch(/^'[a-z][a-z0-9-]*': \d+,\n$/);
  expect(snippets[1]).toMatch(/^\{\n[\s\S]*\},\n$/);
});

test('pasted where docs/workloads.md says, services.ts still compiles and type-checks', () => {
  expect(diagnostics(source)).toEqual([]);
});

test('the old object-key form of the example is caught by the same check (a syntax error in the list)', () => {
  const objectKey = snippets[1].replace(/^\{\n {2}name: '([^']+)',\n/, "'$1': {\n");
  expect(objectKey).not.toEqual(snippets[1]);
  expect(diagnostics(pasted(readFileSync(SERVICES_FILE, 'utf8'), snippets[0], objectKey)).join('\n')).toMatch(/expected/);
});

describe('the catalog with the example service added as docs/workloads.md says', () => {
  const module = evaluate(source);
  const base = ENVIRONMENT_INPUTS.production;
  const added = module.serviceCatalog(ANY_HOSTS).filter((s) => !known.has(s.name));
  const entry = added[0] as ServiceEntryInput;
  const urlVariable = (name: string) => `${name.toUpperCase().replace(/-/g, '_')}_URL`;

  /** Steps 1–2 of docs/workloads.md (the entry), and with `wire` step 3: each caller's egressTo and URL, each callee's ingressFrom. */
  function withNewService(input: EnvironmentInput, wire: boolean): EnvironmentInput {
    const copy = structuredClone(input) as EnvironmentInput & { workloads: { services: ServiceEntryInput[] } };
    const services = copy.workloads.services as (ServiceEntryInput & { egressTo: string[]; ingressFrom: string[]; env: Record<string, string> })[];
    services.push(structuredClone(entry) as (typeof services)[number]);
    if (!wire) return copy;
    const names = new Set(services.map((s) => s.name));
    for (const caller of (entry.ingressFrom ?? []).filter((p) => names.has(p))) {
      const svc = services.find((s) => s.name === caller)!;
      svc.egressTo = [...(svc.egressTo ?? []), entry.name];
      svc.env = { ...svc.env, [urlVariable(entry.name)]: module.serviceUrl(entry.name) };
    }
    for (const callee of (entry.egressTo ?? []).filter((p) => names.has(p))) {
      const svc = services.find((s) => s.name === callee)!;
      svc.ingressFrom = [...(svc.ingressFrom ?? []), entry.name];
    }
    return copy;
  }

  test('the example is one new service that some existing service calls', () => {
    expect(added).toHaveLength(1);
    expect((entry.ingressFrom ?? []).some((p) => known.has(p))).toBe(true);
  });

  test.each(Object.keys(ENVIRONMENT_INPUTS))('%s: every step done validates; skipping step 3 is rejected naming both services', (name) => {
    expect(problemsOf(name, withNewService(ENVIRONMENT_INPUTS[name], true))).toEqual([]);
    const caller = (entry.ingressFrom ?? []).find((p) => known.has(p))!;
    expect(problemsOf(name, withNewService(ENVIRONMENT_INPUTS[name], false))).toContainEqual(
      expect.stringMatching(new RegExp(`^environment "${name}": workloads.services.${entry.name}.ingressFrom\\[\\d+\\]: admits "${caller}", but workloads.services.${caller}.egressTo does not list "${entry.name}"`)));
  });

  describe('synthesized, rendered and checked like the shipped catalog', () => {
    const input = withNewService(base, true);
    const config = testEnvironments({ [base.name]: input })[base.name];
    const services = config.workloads.services;
    let stacks: SynthStack[] = [];
    let objects: Json[] = [];
    let ports: string[] = [];
    const valuesDir = tempDir('new-service-values-');

    beforeAll(async () => {
      const synth = sharedSynth({ [base.name]: input });
      stacks = synth.stacks.filter((s) => s.name === `${base.name}-workloads` || s.name === `${base.name}-gpu`);
      const releases: ChartRelease[] = stacks.flatMap((stack) => stack.resources('helm_release')
        .filter((r) => String(r.attrs.chart).includes('chart-app-service'))
        .map((r) => {
          const file = join(valuesDir, `${r.attrs.name}.yaml`);
          writeFileSync(file, substituteInterpolations(asList<string>(r.attrs.values)[0]));
          return {
            environment: base.name, stack: stack.name, address: r.address, name: r.attrs.name, namespace: r.attrs.namespace, chart: 'app-service',
            chartDir: join(synth.outdir, 'stacks', stack.name, String(r.attrs.chart)), kubeVersion: config.eks.kubernetesVersion, valueArgs: ['--values', file],
          };
        }));
      const rendered = await renderReleases(releases);
      expect(rendered.filter((r) => r.renderError || r.lintError).map((r) => `${r.release.name}: ${r.renderError ?? r.lintError}`)).toEqual([]);
      const managed = stacks.flatMap((s) => s.resources()).filter((r) => r.type.startsWith('kubernetes_')).map(toKubeObject).filter((o): o is Json => typeof o !== 'string');
      objects = [...rendered.flatMap((r) => r.objects), ...managed];
      ports = rendered.flatMap((r) => appPortProblems(r.objects, services[r.release.name].port).map((p) => `${r.release.name}: ${p}`));
    });
    afterAll(() => rmSync(valuesDir, { recursive: true, force: true }));

    test('one app-service release per catalog entry, the new one included', () => {
      const released = stacks.flatMap((s) => s.resources('helm_release')).filter((r) => String(r.attrs.chart).includes('chart-app-service')).map((r) => r.attrs.name);
      expect(released.sort()).toEqual(Object.keys(services).sort());
      expect(released).toContain(entry.name);
    });

    test('every container port, probe and Service port is the configured port', () => expect(ports).toEqual([]));

    test('network policies allow exactly the declared paths, on both sides, including the new service', () => {
      const namespace = config.workloads.namespace;
      const allowed = allowedPaths(objects, namespace);
      const declared = declaredPaths(services, networkFacts(config));
      expect(oneSidedPaths(allowed)).toEqual([]);
      expect({ missing: [...declared].filter((p) => !allowed.has(p)), extra: [...allowed].filter((p) => !declared.has(p)) }).toEqual({ missing: [], extra: [] });
      expect(objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name)).toContain(`${entry.name}-traffic`);
      expect([...allowed].some((p) => p.startsWith(`ingress pod:${entry.name} <- pod:`))).toBe(true);
    });

    test('URLs in service environments are reachable under the catalog', () => {
      expect(envUrlProblems(services, config.edge.hostnames.map((h) => h.name))).toEqual([]);
    });
  });
});
