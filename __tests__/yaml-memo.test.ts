/**
 * The build remembers YAML results between runs (lib/yaml-memo.ts): what it returns is always what `yaml`
 * returns for that input, values JSON cannot carry exactly are never remembered, and the memo file holds
 * exactly what the last run used.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';

import { join } from 'path';
import { stringify } from 'yaml';
import { isJsonExact, parseYaml, saveYamlMemo, stringifyYaml, useYamlMemoFile } from '../lib/yaml-memo';
import { tempDir } from './support/temp-dir';

const dir = tempDir('yaml-memo-');
const memoFile = join(dir, 'yaml-memo.json');
const stored = (): Record<string, string> => JSON.parse(readFileSync(memoFile, 'utf8'));

test('a later run gets its results from the memo file, and the file keeps only what the last run used', () => {
  useYamlMemoFile(memoFile);
  expect(stringifyYaml({ a: [1, 'two'] })).toBe(stringify({ a: [1, 'two'] }));
  expect(parseYaml('b: 2\n')).toEqual({ b: 2 });
  saveYamlMemo();
  expect(Object.keys(stored())).toHaveLength(2);

  // The next run reads the file: plant a different result under the stringify key to see it is used.
  const planted = Object.fromEntries(Object.entries(stored()).map(([key, value]) => [key, value.startsWith('a:') ? 'planted\n' : value]));
  writeFileSync(memoFile, JSON.stringify(planted));
  useYamlMemoFile(memoFile);
  expect(stringifyYaml({ a: [1, 'two'] })).toBe('planted\n');
  saveYamlMemo();
  expect(Object.keys(stored())).toHaveLength(1); // the parse result went unused: dropped
  expect(saveYamlMemo).not.toThrow();
});

test('a remembered parse result is a fresh object on every call', () => {
  useYamlMemoFile(memoFile);
  const first = parseYaml('list: [1, 2]\n') as { list: number[] };
  first.list.push(3);
  saveYamlMemo();
  useYamlMemoFile(memoFile);
  expect(parseYaml('list: [1, 2]\n')).toEqual({ list: [1, 2] });
  const again = parseYaml('list: [1, 2]\n') as { list: number[] };
  again.list.push(4);
  expect(parseYaml('list: [1, 2]\n')).toEqual({ list: [1, 2] });
});

test('values JSON cannot carry exactly are serialised afresh, as yaml does', () => {
  useYamlMemoFile(memoFile);
  const shared = { k: 'v' };
  const anchored = { a: shared, b: shared }; // yaml writes an anchor and an alias
  const twin = { a: { k: 'v' }, b: { k: 'v' } }; // same JSON, no anchor
  expect(stringifyYaml(twin)).toBe(stringify(twin));
  expect(stringifyYaml(anchored)).toBe(stringify(anchored));
  expect(stringifyYaml(anchored)).toContain('*a1');
  expect(stringifyYaml(twin)).not.toContain('*a1');
  for (const odd of [{ z: -0 }, { u: undefined, n: 1 }, [undefined], { x: NaN }, { d: new Date(0) }]) {
    expect(isJsonExact(odd)).toBe(false);
    expect(stringifyYaml(odd)).toBe(stringify(odd));
  }
  expect(Object.is((parseYaml('z: -0\n') as { z: number }).z, -0)).toBe(true);
  // And in a later run, from the memo file.
  saveYamlMemo();
  useYamlMemoFile(memoFile);
  expect(Object.is((parseYaml('z: -0\n') as { z: number }).z, -0)).toBe(true);
  expect(stringifyYaml(twin)).toBe(stringify(twin));
  expect(stringifyYaml(anchored)).toBe(stringify(anchored));
});

test('an unreadable memo file is ignored', () => {
  writeFileSync(memoFile, '{ not json');
  useYamlMemoFile(memoFile);
  expect(stringifyYaml({ fine: true })).toBe('fine: true\n');
  writeFileSync(memoFile, JSON.stringify({ whatever: 5 }));
  useYamlMemoFile(memoFile);
  expect(stringifyYaml({ fine: true })).toBe('fine: true\n');
});

test('a memo that cannot be written costs nothing but speed, and leaves no temporary file', () => {
  const unwritable = join(dir, 'no-such-directory', 'yaml-memo.json');
  useYamlMemoFile(unwritable);
  expect(stringifyYaml({ fine: true })).toBe('fine: true\n');
  expect(() => saveYamlMemo()).not.toThrow();
  const target = join(dir, 'a-directory');
  mkdirSync(target);
  useYamlMemoFile(target); // renaming onto a directory fails after the temporary file was written
  expect(stringifyYaml({ fine: true })).toBe('fine: true\n');
  expect(() => saveYamlMemo()).not.toThrow();
  expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
});
