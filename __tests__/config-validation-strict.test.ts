/**
 * The strictness mechanism itself: any schema passed through strictDeep rejects unknown keys at every depth (so fields
 * added later are covered without code), and a value of the wrong type anywhere in a real environment is a
 * validation line for that field, never a crash.
 */
import { z } from 'zod';
import { closest, suggestion } from '../lib/did-you-mean';
import { production } from '../environments/production';
import { strictDeep } from '../environments/schema/strict';
import { ConfigValidationError, validateEnvironment } from '../environments/validate';

describe('strictDeep', () => {
  const schema = strictDeep(z.object({
    list: z.array(z.object({ name: z.string() })),
    byName: z.record(z.object({ size: z.number() })),
    later: z.object({ runnerSubnet: z.string() }).optional(),
    withDefault: z.object({ enabled: z.boolean() }).default({ enabled: false }),
    union: z.discriminatedUnion('kind', [z.object({ kind: z.literal('a'), alpha: z.string() }), z.object({ kind: z.literal('b') })]),
    refined: z.object({ min: z.number(), max: z.number() }).refine((r) => r.min <= r.max, 'min above max'),
    piped: z.string().transform((s) => ({ s })).pipe(z.object({ s: z.string() })),
    open: z.object({ known: z.string() }).passthrough(),
  }));
  const valid = { list: [{ name: 'x' }], byName: { a: { size: 1 } }, later: { runnerSubnet: 's' }, union: { kind: 'a', alpha: 'y' }, refined: { min: 1, max: 2 }, piped: 'p', open: { known: 'k', extra: 1 } };
  const issues = (input: unknown) => (schema.safeParse(input).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

  test('accepts the declared shape, and extra keys where passthrough is declared', () => {
    expect(issues(valid)).toEqual([]);
  });

  test.each([
    ['top level', { ...valid, lsit: [] }, 'lsit: unknown key; did you mean "list"?'],
    ['inside an array', { ...valid, list: [{ name: 'x', nmae: 'y' }] }, 'list.0.nmae: unknown key; did you mean "name"?'],
    ['inside a record', { ...valid, byName: { a: { size: 1, sise: 2 } } }, 'byName.a.sise: unknown key; did you mean "size"?'],
    ['inside an optional object (a field added later)', { ...valid, later: { runnerSubnet: 's', runnerSubnets: [] } }, 'later.runnerSubnets: unknown key; did you mean "runnerSubnet"?'],
    ['inside a defaulted object', { ...valid, withDefault: { enabled: true, enable: true } }, 'withDefault.enable: unknown key; did you mean "enabled"?'],
    ['inside a discriminated union option', { ...valid, union: { kind: 'a', alpha: 'y', alfa: 'z' } }, 'union.alfa: unknown key; did you mean "alpha"?'],
    ['inside a refined object', { ...valid, refined: { min: 1, max: 2, maks: 3 } }, 'refined.maks: unknown key; did you mean "max"?'],
  ])('rejects an unknown key %s', (_where, input, expected) => {
    expect(issues(input)).toEqual([expected]);
  });
});

describe('did you mean', () => {
  test.each([
    ['diskSizeGb', ['diskSizeGiB', 'minSize'], 'diskSizeGiB'],
    ['natGateway', ['natGateways', 'vpcCidr'], 'natGateways'],
    ['ownsZoneConfig', ['ownsZoneConfiguration', 'zone'], 'ownsZoneConfiguration'],
    ['eu-nort-1', ['eu-north-1', 'eu-west-1'], 'eu-north-1'],
    ['replcias', ['replicas', 'port'], 'replicas'],
  ])('%s → %s', (word, candidates, expected) => {
    expect(closest(word, candidates)).toBe(expected);
  });

  test('without a near miss it lists the choices instead of guessing', () => {
    expect(closest('ipv6', ['vpcCidr', 'subnets'])).toBeUndefined();
    expect(suggestion('ipv6', ['vpcCidr', 'subnets'])).toBe('known keys: vpcCidr, subnets');
  });
});

/** Every leaf of the production config with its path. */
function leaves(value: unknown, path: (string | number)[] = []): [(string | number)[], unknown][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [[path, value]];
}

const wrongType = (value: unknown) => (typeof value === 'string' ? 42 : 'not-a-value');
const pathText = (path: (string | number)[]) => path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${p}` : p), '');

test('a value of the wrong type anywhere in production is a validation line for that field, never a crash', () => {
  const unreported: string[] = [];
  for (const [path, value] of leaves(production)) {
    if (path[0] === 'workloads' && path[1] === 'services') continue; // the list is keyed by name below
    const copy = structuredClone(production) as Record<string, unknown>;
    const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((node, key) => node[key] as Record<string | number, unknown>, copy);
    parent[path[path.length - 1]] = wrongType(value);
    try {
      validateEnvironment('production', copy);
      unreported.push(`${pathText(path)}: accepted`);
    } catch (error) {
      if (!(error instanceof ConfigValidationError)) { unreported.push(`${pathText(path)}: crashed with ${String(error)}`); continue; }
      if (!error.problems.some((p) => p.startsWith(`environment "production": ${pathText(path)}`))) unreported.push(`${pathText(path)}: ${error.problems.join(' | ')}`);
    }
  }
  expect(unreported).toEqual([]);
});
