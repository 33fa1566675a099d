/**
 * Values for upstream charts (helm-values/) cannot be rendered offline (the charts are not downloaded), so keys the
 * pinned charts no longer declare are caught here by rule: PodSecurityPolicy settings (the API was removed in
 * Kubernetes 1.25 and the pinned charts dropped them, e.g. prometheus-redis-exporter 6.x has no rbac.pspEnabled).
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';

const VALUES_DIR = join(__dirname, '..', 'helm-values');
const REMOVED_KEY = /^(psp|pspEnabled|pspAnnotations|podSecurityPolicy|podSecurityPolicies)$/i;

/** Every key path of a parsed YAML value, dotted. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => [`${prefix}${k}`, ...keyPaths(v, `${prefix}${k}.`)]);
}

function removedKeys(yamlText: string): string[] {
  return keyPaths(parse(yamlText)).filter((path) => REMOVED_KEY.test(path.split('.').pop()!));
}

const files = readdirSync(VALUES_DIR).filter((f) => f.endsWith('.yaml'));

test.each(files)('%s sets no PodSecurityPolicy keys', (file) => {
  expect(removedKeys(readFileSync(join(VALUES_DIR, file), 'utf8'))).toEqual([]);
});

test('planted: rbac.pspEnabled and podSecurityPolicy.enabled are caught', () => {
  expect(removedKeys('rbac:\n  pspEnabled: false\nglobal:\n  podSecurityPolicy:\n    enabled: true\n')).toEqual(['rbac.pspEnabled', 'global.podSecurityPolicy']);
});
