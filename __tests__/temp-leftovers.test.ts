/** The run's temp-dir check (support/temp-leftovers.ts, called by the global teardown) catches planted leftovers. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { recordSystemTemp, runLeftovers } from './support/temp-leftovers';

const base = mkdtempSync(join(tmpdir(), 'temp-leftovers-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function fakeRun(name: string): { run: string; system: string } {
  const system = join(base, name, 'system');
  const run = join(system, 'aifeedback-test-run-x');
  mkdirSync(join(run, 'tmp'), { recursive: true });
  writeFileSync(join(system, 'there-before'), '');
  recordSystemTemp(run, system);
  return { run, system };
}

test('a clean run has no leftovers, whatever was there before, other runs and jest cache included', () => {
  const { run, system } = fakeRun('clean');
  mkdirSync(join(system, 'aifeedback-test-run-other'));
  mkdirSync(join(system, 'jest_rs'));
  expect(runLeftovers(run, system)).toEqual([]);
});

test('a temporary directory left in the run TMPDIR is named', () => {
  const { run, system } = fakeRun('in-run');
  mkdirSync(join(run, 'tmp', 'cdktf.outdir.abc'));
  expect(runLeftovers(run, system)).toEqual(["$TMPDIR/cdktf.outdir.abc (a test's temporary directory that was not removed)"]);
});

test('an entry added to the system temp dir during the run is named', () => {
  const { run, system } = fakeRun('in-system');
  writeFileSync(join(system, 'helm-render-123'), '');
  expect(runLeftovers(run, system)).toEqual([`${join(system, 'helm-render-123')} (written outside the run's TMPDIR)`]);
});
