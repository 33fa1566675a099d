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
  expect(runLeftovers(run, system)).toEqual({ ours: [], foreign: [] });
});

test('a temporary directory left in the run TMPDIR is named', () => {
  const { run, system } = fakeRun('in-run');
  mkdirSync(join(run, 'tmp', 'cdktf.outdir.abc'));
  expect(runLeftovers(run, system).ours).toEqual(["$TMPDIR/cdktf.outdir.abc (a test's temporary directory that was not removed)"]);
});

test('an entry the suite added to the system temp dir is named; another process\'s is only reported', () => {
  const { run, system } = fakeRun('in-system');
  for (const name of ['values-production-Ab12Cd', 'plugin1301045513', 'cdktf.outdir.x1y2z3', 'ci-runner-log_6ec732de-1291-4ac0-ab16']) writeFileSync(join(system, name), '');
  expect(runLeftovers(run, system)).toEqual({
    ours: ['cdktf.outdir.x1y2z3', 'plugin1301045513', 'values-production-Ab12Cd'].map((name) => `${join(system, name)} (written outside the run's TMPDIR)`),
    foreign: [join(system, 'ci-runner-log_6ec732de-1291-4ac0-ab16')],
  });
});
