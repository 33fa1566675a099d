/**
 * The ESLint rules this repository relies on really fire, linted with the real config (one ESLint process for every
 * probe, its start costs seconds):
 * - provider imports stay deep (docs/performance.md): package-root imports are rejected;
 * - dependencies point one way (lib <- environments <- constructs <- stacks <- main.ts): an import against the
 *   direction is rejected, one along it accepted.
 */
import { lintAll, type Probe } from './support/lint-probes';

const use = (line: string, name = 'x') => `${line}\nexport const used = [${name}];\n`;
// Built at run time so the forbidden import never appears literally in the source tree.
const root_ = (provider: string) => ['@cdktf', `provider-${provider}`].join('/');

const ROOT_IMPORTS: Probe[] = [
  { file: 'constructs/probe.ts', code: use(`import { Vpc } from '${root_('aws')}';`, 'Vpc') },
  { file: 'constructs/probe.ts', code: use(`import { provider } from '${root_('kubernetes')}';`, 'provider') },
  { file: 'constructs/probe.ts', code: use(`import * as lib from '${root_('helm')}/lib';`, 'lib') },
];
const DEEP_IMPORT: Probe = { file: 'constructs/probe.ts', code: use("import { Vpc } from '@cdktf/provider-aws/lib/vpc';", 'Vpc') };

const AGAINST_DIRECTION: Probe[] = [
  { file: 'constructs/data/probe.ts', code: use("import { x } from '../../stacks/infra-stack';") },
  { file: 'constructs/probe.ts', code: use("import type { x } from '../stacks/app';") },
  { file: 'constructs/eks/probe.ts', code: use("import { x } from '../../main';") },
  { file: 'environments/probe.ts', code: use("import { x } from '../constructs/kms-key';") },
  { file: 'environments/schema/probe.ts', code: use("import { x } from '../../stacks/app';") },
  { file: 'lib/probe.ts', code: use("import { x } from '../environments';") },
  { file: 'lib/probe.ts', code: use("import { x } from '../constructs/network';") },
  // The per-folder override must keep the deep-provider-import rule.
  { file: 'constructs/probe.ts', code: use(`import { x } from '${root_('aws')}';`) },
];
const ALONG_DIRECTION: Probe[] = [
  { file: 'stacks/probe.ts', code: use("import { x } from '../constructs/aws-provider';") },
  { file: 'constructs/data/probe.ts', code: use("import { x } from '../aws-provider';") },
  { file: 'constructs/data/probe.ts', code: use("import { x } from '../../environments';") },
  { file: 'environments/probe.ts', code: use("import { x } from '../lib/cidr';") },
];

const groups = { ROOT_IMPORTS, DEEP_IMPORT: [DEEP_IMPORT], AGAINST_DIRECTION, ALONG_DIRECTION };
const flat = lintAll(Object.values(groups).flat());
/** Each group's results, in probe order. */
const results = Object.fromEntries(Object.entries(groups).map(([name, probes], g, all) => {
  const start = all.slice(0, g).reduce((n, [, p]) => n + p.length, 0);
  return [name, flat.slice(start, start + probes.length)];
})) as Record<keyof typeof groups, string[]>;
const firstLine = (p: Probe) => p.code.split('\n')[0];

describe('provider imports stay deep', () => {
  test.each(ROOT_IMPORTS.map((p, i) => [firstLine(p), i] as const))('rejects %s', (_code, i) => {
    expect(results.ROOT_IMPORTS[i]).toContain('no-restricted-imports');
  });

  test('accepts a deep import', () => {
    expect(results.DEEP_IMPORT[0]).toBe('');
  });
});

describe('dependencies point one way', () => {
  test.each(AGAINST_DIRECTION.map((p, i) => [p.file, firstLine(p), i] as const))('%s rejects %s', (_file, _code, i) => {
    expect(results.AGAINST_DIRECTION[i]).toContain('no-restricted-imports');
  });

  test.each(ALONG_DIRECTION.map((p, i) => [p.file, firstLine(p), i] as const))('%s accepts %s', (_file, _code, i) => {
    expect(results.ALONG_DIRECTION[i]).toBe('');
  });
});
