/** Jest global setup: the run's shared directory (support/test-run.ts). */
import { mkdirSync, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { setTestRunDir } from './test-run';

export default function globalSetup(): void {
  const dir = mkdtempSync(join(tmpdir(), 'aifeedback-test-run-'));
  setTestRunDir(dir);
  // Every temporary directory of the run (cdktf's Testing makes one per synth) lands inside the run's directory, which
  // the teardown removes: the workers and their children inherit TMPDIR.
  process.env.AIFEEDBACK_TEST_ORIGINAL_TMPDIR = process.env.TMPDIR ?? '';
  mkdirSync(join(dir, 'tmp'));
  process.env.TMPDIR = join(dir, 'tmp');
}
