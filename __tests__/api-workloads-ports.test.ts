/**
 * A service's port, the URLs other services call it at, the address it listens on, and the two sides of each
 * pod-to-pod path are checked against each other at synth: realistic mistakes, each reported with the environment,
 * the field and the rule, and valid variations that must stay accepted. Services and ports come from the catalog.
 */
import { ENVIRONMENT_INPUTS, loadEnvironments, type EnvironmentInput } from '../environments';
import { SERVICE_HTTP_PORT } from '../environments/schema/workloads';
import { expectProblem, mutated, problemsOf } from './support/config';

type Entry = { name: string; port: number; env?: Record<string, string>; ingressFrom?: string[]; egressTo?: string[] };
type Env = Parameters<Parameters<typeof mutated>[1]>[0];
const entry = (e: Env, name: string) => (e.workloads.services as unknown as Entry[]).find((s) => s.name === name)!;

const configs = loadEnvironments({});
const envName = Object.keys(configs).find((n) => configs[n].tier === 'production') ?? Object.keys(configs)[0];
const input: EnvironmentInput = ENVIRONMENT_INPUTS[envName];
const { services, namespace } = configs[envName].workloads;

/** Every env value of the catalog that calls another catalog service by URL: caller, variable, callee. */
const calls = Object.entries(services).flatMap(([caller, svc]) => Object.entries(svc.env).flatMap(([key, value]) => {
  const host = /^[a-z]+:\/\/([^/:]+)/.exec(value)?.[1];
  return host && host in services && host !== caller ? [{ caller, key, callee: host }] : [];
}));
/** Env values that tell the app which port to listen on (e.g. OLLAMA_HOST=0.0.0.0:<port>). */
const listens = Object.entries(services).flatMap(([name, svc]) => Object.entries(svc.env)
  .filter(([, value]) => /^(0\.0\.0\.0|\[::\])?:\d+$/.test(value)).map(([key]) => ({ name, key })));
/** Pod-to-pod paths of the catalog: caller → callee. */
const paths = Object.entries(services).flatMap(([from, svc]) => svc.egressTo.filter((p) => p in services).map((to) => ({ from, to })));

test('the catalog has what these tests plant mistakes in (a call by URL, a listen address, a pod-to-pod path)', () => {
  expect(calls.length).toBeGreaterThan(0);
  expect(listens.length).toBeGreaterThan(0);
  expect(paths.length).toBeGreaterThan(0);
  for (const name of Object.keys(configs)) expect(problemsOf(name, ENVIRONMENT_INPUTS[name])).toEqual([]);
});

describe('mistakes are reported with both ends named', () => {
  const call = calls[0];
  const port = services[call.callee].port;
  const at = `workloads.services.${call.caller}.env.${call.key}`;

  test('a port moved by an override while callers still use the old one', () => {
    const moved = mutated(input, (e) => { e.workloads.serviceOverrides = { ...e.workloads.serviceOverrides, [call.callee]: { port: port + 1 } }; });
    expectProblem(moved, at, new RegExp(`calls ${call.callee} on ${port}, but workloads.services.${call.callee}.port is ${port + 1}`));
  });

  test('a port changed in the entry but not in the URL (the typo the other way round)', () => {
    const typo = mutated(input, (e) => { entry(e, call.caller).env![call.key] = `http://${call.callee}:${port + 10}`; });
    expectProblem(typo, at, new RegExp(`calls ${call.callee} on ${port + 10}, but .*port is ${port}.*use http://${call.callee}:${port}`));
  });

  test('https to a pod that serves plain HTTP', () => {
    const tls = mutated(input, (e) => { entry(e, call.caller).env![call.key] = `https://${call.callee}:${port}`; });
    expectProblem(tls, at, /serves plain HTTP inside the cluster/);
  });

  test('a URL to a service the caller may not reach', () => {
    const blocked = mutated(input, (e) => {
      entry(e, call.caller).egressTo = entry(e, call.caller).egressTo!.filter((p) => p !== call.callee);
      entry(e, call.callee).ingressFrom = entry(e, call.callee).ingressFrom!.filter((p) => p !== call.caller);
    });
    expectProblem(blocked, at, new RegExp(`calls ${call.callee}, which is not in workloads.services.${call.caller}.egressTo`));
  });

  test('a listen address left behind when the port moves', () => {
    const { name, key } = listens[0];
    const moved = mutated(input, (e) => { entry(e, name).port = services[name].port + 1; });
    expectProblem(moved, `workloads.services.${name}.env.${key}`, new RegExp(`listen on ${services[name].port}, but workloads.services.${name}.port is ${services[name].port + 1}`));
  });

  test('a PORT variable that disagrees with the port', () => {
    const name = Object.keys(services)[0];
    const wrong = mutated(input, (e) => { entry(e, name).env = { ...entry(e, name).env, PORT: String(services[name].port + 1) }; });
    expectProblem(wrong, `workloads.services.${name}.env.PORT`, /makes the app listen on/);
  });

  test('egress declared on the caller only', () => {
    const { from, to } = paths[0];
    const oneSided = mutated(input, (e) => { entry(e, to).ingressFrom = entry(e, to).ingressFrom!.filter((p) => p !== from); });
    const i = services[from].egressTo.indexOf(to);
    expectProblem(oneSided, `workloads.services.${from}.egressTo[${i}]`, new RegExp(`calls "${to}", but workloads.services.${to}.ingressFrom does not list "${from}"`));
  });

  test('ingress declared on the callee only (a new service that forgot its caller)', () => {
    const { from, to } = paths[0];
    const oneSided = mutated(input, (e) => { entry(e, from).egressTo = entry(e, from).egressTo!.filter((p) => p !== to); });
    const i = services[to].ingressFrom.indexOf(from);
    expectProblem(oneSided, `workloads.services.${to}.ingressFrom[${i}]`, new RegExp(`admits "${from}", but workloads.services.${from}.egressTo does not list "${to}"`));
  });
});

describe('a misspelled peer is one problem: the path and URL lines that follow from it are not repeated', () => {
  test.each([
    ['on the callee side (ingressFrom)', (e: Env) => {
      const { from, to } = paths[0];
      entry(e, to).ingressFrom = entry(e, to).ingressFrom!.map((p) => (p === from ? `${from}x` : p));
    }],
    ['on the caller side (egressTo), with a URL to the callee', (e: Env) => {
      const { caller, callee } = calls[0];
      entry(e, caller).egressTo = entry(e, caller).egressTo!.map((p) => (p === callee ? `${callee}x` : p));
    }],
  ])('%s', (_label, change) => {
    const problems = problemsOf(input.name, mutated(input, change));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/"[a-z-]+x" is neither a service nor/);
  });
});

describe('valid variations pass', () => {
  const call = calls[0];
  const port = services[call.callee].port;
  const withUrl = (url: string) => mutated(input, (e) => { entry(e, call.caller).env![call.key] = url; });

  test.each([
    ['the Service port (no port in the URL)', `http://${call.callee}`],
    ['the Service port, explicitly', `http://${call.callee}:${SERVICE_HTTP_PORT}/v1`],
    ['the namespace-qualified name', `http://${call.callee}.${namespace}.svc.cluster.local:${port}`],
    ['a WebSocket URL', `ws://${call.callee}:${port}/ws`],
    ['a same-named host in another namespace (not a catalog service)', `https://${call.callee}.elsewhere:9443`],
  ])('%s', (_label, url) => expect(problemsOf(input.name, withUrl(url))).toEqual([]));

  test('a port moved by an override together with every URL and listen address that names it', () => {
    const moved = mutated(input, (e) => {
      const overrides: Record<string, Record<string, unknown>> = { ...e.workloads.serviceOverrides } as never;
      const target = call.callee;
      overrides[target] = { ...overrides[target], port: port + 1 };
      for (const c of calls.filter((x) => x.callee === target)) {
        overrides[c.caller] = { ...overrides[c.caller], env: { ...(overrides[c.caller]?.env as object), [c.key]: `http://${target}:${port + 1}` } };
      }
      for (const l of listens.filter((x) => x.name === target)) {
        overrides[target] = { ...overrides[target], env: { ...(overrides[target].env as object), [l.key]: `0.0.0.0:${port + 1}` } };
      }
      e.workloads.serviceOverrides = overrides as never;
    });
    expect(problemsOf(input.name, moved)).toEqual([]);
  });
});
