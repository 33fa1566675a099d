/**
 * Tables and phrases in the docs that restate config are generated from it (scripts/docs-tables.ts): the committed
 * files must equal what `npm run docs:tables` would write now, and a config change makes them stale.
 */
import { readFileSync } from 'fs';
import { ENVIRONMENT_INPUTS, loadEnvironments } from '../environments';
import {
  countWord, DOC_TABLES, docFiles, DOCS_TABLES_COMMAND, documentedEnvironments, referenceEnvironment, regenerate, staleDocs,
} from '../scripts/docs-tables';
import { mutated } from './support/config';

const envs = documentedEnvironments();
const reference = referenceEnvironment(envs);
const referenceInput = ENVIRONMENT_INPUTS[reference.name];
type Entry = { name: string; port: number; ingressFrom?: string[]; egressTo?: string[] };

test('the committed docs match the config', () => {
  expect(staleDocs(envs)).toEqual([]);
});

test('every registered generator is placed in some doc, and the README names the service count', () => {
  const all = docFiles().map((f) => readFileSync(f, 'utf8')).join('\n');
  for (const id of Object.keys(DOC_TABLES)) expect({ id, placed: all.includes(`<!-- generated:${id} -->`) }).toEqual({ id, placed: true });
  const readme = readFileSync(docFiles()[0], 'utf8');
  expect(readme).toContain(`<!-- generated:service-count -->${countWord(Object.keys(reference.workloads.services).length)}<!-- /generated --> app services`);
});

test('every service of every environment, its port and each environment\'s public name are in the services table', () => {
  const table = DOC_TABLES.services(envs);
  for (const env of Object.values(envs)) {
    for (const [name, svc] of Object.entries(env.workloads.services)) {
      expect(table).toContain(`| \`${name}\` | ${svc.port} | \`http://${name}:${svc.port}\``);
      if (svc.hostname) expect(table).toContain(`\`${svc.hostname}\``);
    }
  }
});

describe('a config change makes the docs stale, and the message names the command', () => {
  const withInput = (input: typeof referenceInput) => loadEnvironments({}, { ...ENVIRONMENT_INPUTS, [reference.name]: input });

  test('a service added to the catalog (an internal one, called by an existing service)', () => {
    const caller = Object.keys(reference.workloads.services)[0];
    const changed = withInput(mutated(referenceInput, (e) => {
      const services = e.workloads.services as unknown as Entry[];
      const template = services.find((s) => s.name === caller)!;
      services.push({ ...structuredClone(template), name: 'scratch-worker', port: 8090, ingressFrom: [caller], egressTo: [], env: {}, hostname: undefined, metrics: undefined } as Entry);
      template.egressTo = [...(template.egressTo ?? []), 'scratch-worker'];
    }));
    const stale = staleDocs(changed);
    expect(stale).toEqual(expect.arrayContaining([
      `README.md is stale: run \`${DOCS_TABLES_COMMAND}\` and commit the result`,
      expect.stringMatching(/^docs\/platform-facts.md is stale/),
      expect.stringMatching(/^docs\/workloads.md is stale/),
    ]));
    expect(DOC_TABLES['service-count'](changed)).toBe(countWord(Object.keys(reference.workloads.services).length + 1));
    expect(DOC_TABLES.services(changed)).toContain('| `scratch-worker` | 8090 | `http://scratch-worker:8090`');
  });

  test('a port changed by an environment override shows per environment', () => {
    const other = Object.keys(envs).find((n) => n !== reference.name);
    if (!other) return;
    const name = Object.keys(envs[other].workloads.services).find((n) => n in reference.workloads.services)!;
    const svc = envs[other].workloads.services[name];
    const referencePort = reference.workloads.services[name].port;
    const changed = loadEnvironments({}, { ...ENVIRONMENT_INPUTS, [other]: mutated(ENVIRONMENT_INPUTS[other], (e) => {
      const services = e.workloads.services as unknown as (Entry & { env?: Record<string, string> })[];
      services.find((s) => s.name === name)!.port = svc.port + 1;
      // Callers that name the port in a URL, and the service's own listen address, move with it (validation insists).
      for (const s of services) for (const [k, v] of Object.entries(s.env ?? {})) s.env![k] = v.replace(`${name}:${svc.port}`, `${name}:${svc.port + 1}`).replace(`0.0.0.0:${svc.port}`, `0.0.0.0:${svc.port + 1}`);
    }) });
    expect(DOC_TABLES.services(changed)).toContain(`| \`${name}\` | ${reference.name}: ${referencePort}, ${other}: ${svc.port + 1} |`);
    expect(staleDocs(changed)).toContainEqual(expect.stringMatching(/^docs\/platform-facts.md is stale/));
  });
});

describe('markers', () => {
  const tables = { one: () => 'inline', many: () => '| a |\n| --- |' };

  test('inline generators stay inside the sentence, tables get lines of their own', () => {
    expect(regenerate('x <!-- generated:one -->old<!-- /generated --> y', envs, 'f.md', tables)).toBe('x <!-- generated:one -->inline<!-- /generated --> y');
    expect(regenerate('<!-- generated:many --><!-- /generated -->', envs, 'f.md', tables)).toBe('<!-- generated:many -->\n| a |\n| --- |\n<!-- /generated -->');
  });

  test('an unknown generator and an unclosed region are errors naming the file', () => {
    expect(() => regenerate('<!-- generated:nope --><!-- /generated -->', envs, 'docs/x.md', tables)).toThrow(/docs\/x.md: no generator "nope" .*register it in DOC_TABLES/);
    expect(() => regenerate('<!-- generated:one -->', envs, 'docs/x.md', tables)).toThrow(/docs\/x.md: 1 generated region\(s\) opened, 0 closed/);
  });
});
