/** Jest global setup: the run's shared directory (support/test-run.ts) and what the system temp dir held before. */
import { mkdirSync, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { recordSystemTemp } from './temp-leftovers';
import { setTestRunDir } from './test-run';

export default function globalSetup(): void {
  const systemTmp = tmpdir();
  const dir = mkdtempSync(join(systemTmp, 'aifeedback-test-run-'));
  setTestRunDir(dir);
  // The teardown compares against this: the suite must leave the system temp dir as it found it.
  recordSystemTemp(dir, systemTmp);
  // Every temporary directory of the run (cdktf's Testing makes one per synth) lands inside the run's directory:
  // the workers and their children inherit TMPDIR. Each test removes its own; the teardown fails on leftovers.
  process.env.AIFEEDBACK_TEST_ORIGINAL_TMPDIR = process.env.TMPDIR ?? '';
  mkdirSync(join(dir, 'tmp'));
  process.env.TMPDIR = join(dir, 'tmp');
}
