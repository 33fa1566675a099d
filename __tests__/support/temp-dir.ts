/** A temporary directory for one test file, removed after the file's tests (the run fails on leftovers). */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/** `mkdtemp` in the run's TMPDIR, removed by an `afterAll` of the calling file (or by `afterEach` if asked). */
export function tempDir(prefix: string, removeAfter: typeof afterAll = afterAll): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  removeAfter(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
