/**
 * One directory per `npm test` run for work that test files share (the platform synth in support/synth.ts).
 * The jest global setup makes it and the teardown removes it, so no run ever reuses another run's results;
 * a file run without the global setup simply does its own work.
 */
const RUN_DIR_VARIABLE = 'AIFEEDBACK_TEST_RUN_DIR';

/** This run's shared directory, if the global setup made one. */
export function testRunDir(): string | undefined {
  return process.env[RUN_DIR_VARIABLE] || undefined;
}

export function setTestRunDir(dir: string | undefined): void {
  if (dir === undefined) delete process.env[RUN_DIR_VARIABLE];
  else process.env[RUN_DIR_VARIABLE] = dir;
}
