/** The ESLint rule that keeps provider imports deep (docs/performance.md) really rejects package-root imports. One ESLint process lints every probe. */
import { lintAll } from './support/lint-probes';

// Built at run time so the forbidden import never appears literally in the source tree.
const root_ = (provider: string) => ['@cdktf', `provider-${provider}`].join('/');

const REJECTED: Array<[string, string]> = [
  [`import { Vpc } from '${root_('aws')}';`, 'Vpc'],
  [`import { provider } from '${root_('kubernetes')}';`, 'provider'],
  [`import * as lib from '${root_('helm')}/lib';`, 'lib'],
];
const DEEP = "import { Vpc } from '@cdktf/provider-aws/lib/vpc';\nexport const used = [Vpc];\n";

const results = lintAll([
  ...REJECTED.map(([code, name]) => ({ file: 'constructs/probe.ts', code: `${code}\nexport const used = [${name}];\n` })),
  { file: 'constructs/probe.ts', code: DEEP },
]);

test.each(REJECTED.map(([code], i) => [code, i] as const))('rejects %s', (_code, i) => {
  expect(results[i]).toContain('no-restricted-imports');
});

test('accepts a deep import', () => {
  expect(results[REJECTED.length]).toBe('');
});
