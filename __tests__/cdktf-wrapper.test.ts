/**
 * scripts/cdktf.mjs (`npm run diff|deploy|cdktf`): no checkpoint call, and no spinner frames or colour
 * codes when output is not a terminal, except where cdktf must show an interactive approval prompt.
 */
import { spawnSync } from 'child_process';
import { join } from 'path';

interface Tty { stdinTty: boolean; stdoutTty: boolean }
interface Invocation { args: string[]; env: Record<string, string | undefined> }
type Case = [args: string[], env: Record<string, string>, tty: Tty];

/** quietInvocation() of the wrapper for each case, all in one child node (the wrapper is an ES module). */
function invocations(cases: readonly Case[]): Invocation[] {
  const script = `import('./scripts/cdktf.mjs').then((m) => console.log(JSON.stringify(${JSON.stringify(cases)}.map((c) => m.quietInvocation(...c)))))`;
  const result = spawnSync(process.execPath, ['-e', script], { cwd: join(__dirname, '..'), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as Invocation[];
}

const piped: Tty = { stdinTty: false, stdoutTty: false };
const terminal: Tty = { stdinTty: true, stdoutTty: true };

test('the checkpoint call is always disabled, unless the caller decided otherwise', () => {
  const [plain, decided] = invocations([[['synth'], {}, terminal], [['synth'], { CHECKPOINT_DISABLE: '' }, terminal]]);
  expect(plain.env.CHECKPOINT_DISABLE).toBe('1');
  expect(decided.env.CHECKPOINT_DISABLE).toBe('');
});

test('output to a log: CI mode (no spinner frames) and --no-color where the command takes it', () => {
  const [diff, deploy, synth, alreadyPlain] = invocations([
    [['diff', 'production'], {}, piped],
    [['deploy', 'staging', '--auto-approve'], {}, piped],
    [['synth'], {}, piped],
    [['diff', '--no-color'], {}, piped],
  ]);
  expect(diff).toMatchObject({ args: ['diff', 'production', '--no-color'], env: { CI: '1' } });
  expect(deploy.env.CI).toBe('1');
  expect(synth).toMatchObject({ args: ['synth'], env: { CI: '1' } });
  expect(alreadyPlain.args).toEqual(['diff', '--no-color']);
});

test('a terminal keeps the live UI; an approval typed on a terminal keeps it even when output is piped', () => {
  const [live, tee] = invocations([[['deploy', 'staging'], {}, terminal], [['deploy', 'staging'], {}, { stdinTty: true, stdoutTty: false }]]);
  expect(live.args).toEqual(['deploy', 'staging']);
  expect(live.env.CI).toBeUndefined();
  expect(tee.env.CI).toBeUndefined();
  expect(tee.args).toContain('--no-color');
});
