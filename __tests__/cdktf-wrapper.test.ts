/**
 * scripts/cdktf.mjs (`npm run diff|deploy|cdktf`): no checkpoint call, and no spinner frames or colour
 * codes when output is not a terminal, except where cdktf must show an interactive approval prompt.
 */
import { spawnSync } from 'child_process';
import { join } from 'path';

interface Tty { stdinTty: boolean; stdoutTty: boolean }
interface Invocation { args: string[]; env: Record<string, string | undefined> }

/** quietInvocation() of the wrapper, called in a child node (the wrapper is an ES module). */
function invocation(args: string[], env: Record<string, string>, tty: Tty): Invocation {
  const script = `import('./scripts/cdktf.mjs').then((m) => console.log(JSON.stringify(m.quietInvocation(${JSON.stringify(args)}, ${JSON.stringify(env)}, ${JSON.stringify(tty)}))))`;
  const result = spawnSync(process.execPath, ['-e', script], { cwd: join(__dirname, '..'), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as Invocation;
}

const piped: Tty = { stdinTty: false, stdoutTty: false };
const terminal: Tty = { stdinTty: true, stdoutTty: true };

test('the checkpoint call is always disabled, unless the caller decided otherwise', () => {
  expect(invocation(['synth'], {}, terminal).env.CHECKPOINT_DISABLE).toBe('1');
  expect(invocation(['synth'], { CHECKPOINT_DISABLE: '' }, terminal).env.CHECKPOINT_DISABLE).toBe('');
});

test('output to a log: CI mode (no spinner frames) and --no-color where the command takes it', () => {
  expect(invocation(['diff', 'production'], {}, piped)).toMatchObject({ args: ['diff', 'production', '--no-color'], env: { CI: '1' } });
  expect(invocation(['deploy', 'staging', '--auto-approve'], {}, piped).env.CI).toBe('1');
  expect(invocation(['synth'], {}, piped)).toMatchObject({ args: ['synth'], env: { CI: '1' } });
  expect(invocation(['diff', '--no-color'], {}, piped).args).toEqual(['diff', '--no-color']);
});

test('a terminal keeps the live UI; an approval typed on a terminal keeps it even when output is piped', () => {
  const live = invocation(['deploy', 'staging'], {}, terminal);
  expect(live.args).toEqual(['deploy', 'staging']);
  expect(live.env.CI).toBeUndefined();
  const tee = invocation(['deploy', 'staging'], {}, { stdinTty: true, stdoutTty: false });
  expect(tee.env.CI).toBeUndefined();
  expect(tee.args).toContain('--no-color');
});
