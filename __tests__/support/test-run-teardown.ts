/** Jest global teardown: removes the run's shared directory (support/test-run.ts). */
import { rmSync } from 'fs';
import { setTestRunDir, testRunDir } from './test-run';

export default function globalTeardown(): void {
  const dir = testRunDir();
  if (dir) rmSync(dir, { recursive: true, force: true });
  setTestRunDir(undefined);
}
