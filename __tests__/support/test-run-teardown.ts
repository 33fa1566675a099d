/**
 * Jest global teardown: removes the run's shared directory (support/test-run.ts), then fails the run if a test
 * left a temporary file or directory behind, in the run's TMPDIR or in the system temp dir itself.
 */
import { rmSync } from 'fs';
import { tmpdir } from 'os';
import { runLeftovers } from './temp-leftovers';
import { setTestRunDir, testRunDir } from './test-run';

export default function globalTeardown(): void {
  const dir = testRunDir();
  const original = process.env.AIFEEDBACK_TEST_ORIGINAL_TMPDIR;
  if (original) process.env.TMPDIR = original;
  else delete process.env.TMPDIR;
  delete process.env.AIFEEDBACK_TEST_ORIGINAL_TMPDIR;
  setTestRunDir(undefined);
  if (!dir) return;
  const { ours: problems, foreign } = runLeftovers(dir, tmpdir());
  rmSync(dir, { recursive: true, force: true });
  if (foreign.length > 0) console.warn(`other processes wrote ${foreign.length} entr${foreign.length === 1 ? 'y' : 'ies'} to ${tmpdir()} during the run (not the suite's): ${foreign.join(', ')}`);
  if (problems.length > 0) {
    throw new Error(`the test run left ${problems.length} temporary entr${problems.length === 1 ? 'y' : 'ies'} behind:\n  - ${problems.join('\n  - ')}`);
  }
}
