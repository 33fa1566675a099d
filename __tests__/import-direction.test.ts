/**
 * The ESLint rule that keeps dependencies pointing one way (lib <- environments <- constructs <- stacks <- main.ts)
 * really rejects an import against the direction, and accepts one along it. One ESLint process lints every probe.
 */
import { lintAll, type Probe } from './support/lint-probes';

const use = (line: string) => `${line}\nexport const used = [x];\n`;

const rejected: Probe[] = [
  { file: 'constructs/data/probe.ts', code: use("import { x } from '../../stacks/infra-stack';") },
  { file: 'constructs/probe.ts', code: use("import type { x } from '../stacks/app';") },
  { file: 'constructs/eks/probe.ts', code: use("import { x } from '../../main';") },
  { file: 'environments/probe.ts', code: use("import { x } from '../constructs/kms-key';") },
  { file: 'environments/schema/probe.ts', code: use("import { x } from '../../stacks/app';") },
  { file: 'lib/probe.ts', code: use("import { x } from '../environments';") },
  { file: 'lib/probe.ts', code: use("import { x } from '../constructs/network';") },
  // The per-folder override must keep the deep-provider-import rule (built at run time: never literal in the tree).
  { file: 'constructs/probe.ts', code: use(`import { x } from '${['@cdktf', 'provider-aws'].join('/')}';`) },
];

const accepted: Probe[] = [
  { file: 'stacks/probe.ts', code: use("import { x } from '../constructs/aws-provider';") },
  { file: 'constructs/data/probe.ts', code: use("import { x } from '../aws-provider';") },
  { file: 'constructs/data/probe.ts', code: use("import { x } from '../../environments';") },
  { file: 'environments/probe.ts', code: use("import { x } from '../lib/cidr';") },
];

const results = lintAll([...rejected, ...accepted]);

test.each(rejected.map((p, i) => [p.file, p.code.split('\n')[0], i] as const))('%s rejects %s', (_file, _code, i) => {
  expect(results[i]).toContain('no-restricted-imports');
});

test.each(accepted.map((p, i) => [p.file, p.code.split('\n')[0], rejected.length + i] as const))('%s accepts %s', (_file, _code, i) => {
  expect(results[i]).toBe('');
});
