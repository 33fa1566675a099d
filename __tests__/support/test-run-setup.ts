/** Jest global setup: the run's shared directory (support/test-run.ts). */
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { setTestRunDir } from './test-run';

export default function globalSetup(): void {
  setTestRunDir(mkdtempSync(join(tmpdir(), 'aifeedback-test-run-')));
}
