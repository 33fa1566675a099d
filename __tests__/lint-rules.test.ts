/** The ESLint rule that keeps provider imports deep (docs/performance.md) really rejects package-root imports. */
import { spawnSync } from 'child_process';
import { join } from 'path';

const root = join(__dirname, '..');

function lint(code: string): string {
  const result = spawnSync(join(root, 'node_modules', '.bin', 'eslint'), ['--stdin', '--stdin-filename', 'constructs/probe.ts', '--format', 'json'], {
    cwd: root, input: code, encoding: 'utf8',
  });
  const [report] = JSON.parse(result.stdout) as { messages: { ruleId: string }[] }[];
  return report.messages.map((m) => m.ruleId).join(',');
}

// Built at run time so the forbidden import never appears literally in the source tree.
const root_ = (provider: string) => ['@cdktf', `provider-${provider}`].join('/');

test.each([
  [`import { Vpc } from '${root_('aws')}';`, 'Vpc'],
  [`import { provider } from '${root_('kubernetes')}';`, 'provider'],
  [`import * as lib from '${root_('helm')}/lib';`, 'lib'],
])('rejects %s', (code, name) => {
  expect(lint(`${code}\nexport const used = [${name}];\n`)).toContain('no-restricted-imports');
});

test('accepts a deep import', () => {
  expect(lint("import { Vpc } from '@cdktf/provider-aws/lib/vpc';\nexport const used = [Vpc];\n")).toBe('');
});
