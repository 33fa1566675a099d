/** Jest global teardown: removes the run's shared directory (support/test-run.ts) and every temporary directory in it. */
import { rmSync } from 'fs';
import { setTestRunDir, testRunDir } from './test-run';

export default function globalTeardown(): void {
  const dir = testRunDir();
  if (dir) rmSync(dir, { recursive: true, force: true });
  setTestRunDir(undefined);
  const original = process.env.AIFEEDBACK_TEST_ORIGINAL_TMPDIR;
  if (original) process.env.TMPDIR = original;
  else delete process.env.TMPDIR;
  delete process.env.AIFEEDBACK_TEST_ORIGINAL_TMPDIR;
}
