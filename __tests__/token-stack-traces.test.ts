/**
 * The synth launcher skips cdktf's token creation stacks (scripts/token-stack-traces.cjs), a fifth of synth
 * CPU time: tokens get none, real errors keep theirs, and SYNTH_TOKEN_STACKS=full restores cdktf's behaviour.
 * Runs in a child node so jest's own Error is left alone.
 */
import { spawnSync } from 'child_process';
import { join } from 'path';

const PROBE = `
  const { Lazy } = require('cdktf');
  require('./scripts/token-stack-traces.cjs').skipTokenStackTraces();
  const token = Lazy.anyValue({ produce: () => 1 });
  console.log(JSON.stringify({ tokenFrames: token.creationStack.length, errorFrames: new Error('x').stack.split('\\n').length - 1 }));
`;

function probe(env: Record<string, string> = {}): { tokenFrames: number; errorFrames: number } {
  const result = spawnSync(process.execPath, ['-e', PROBE], { cwd: join(__dirname, '..'), env: { ...process.env, ...env }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

test('tokens get no creation stack; errors keep their stack', () => {
  const frames = probe();
  expect(frames.tokenFrames).toBe(0);
  expect(frames.errorFrames).toBeGreaterThan(0);
});

test('SYNTH_TOKEN_STACKS=full keeps cdktf recording creation stacks', () => {
  expect(probe({ SYNTH_TOKEN_STACKS: 'full' }).tokenFrames).toBeGreaterThan(0);
});
