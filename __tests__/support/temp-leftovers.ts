/** What a test run left in the temp dirs: used by the global teardown, and tested with planted leftovers. */
import { readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

/** Entries other runs of the suite may add at the same time (their own run directories), and jest's cache. */
const NOT_OURS = [/^aifeedback-test-run-/, /^jest_/];
/** Caches tools keep in TMPDIR on purpose (tsx's transpile cache, `tsx-<uid>`): removed with the run's directory. */
const TOOL_CACHES = [/^tsx-\d+$/];
const BEFORE_FILE = 'tmp-before.json';

/** Records what the system temp dir holds as the run starts (in the run's directory). */
export function recordSystemTemp(runDir: string, systemTmp: string): void {
  writeFileSync(join(runDir, BEFORE_FILE), JSON.stringify(readdirSync(systemTmp)));
}

/** One line per entry left in the run's TMPDIR (`<runDir>/tmp`) or added to the system temp dir since the start. */
export function runLeftovers(runDir: string, systemTmp: string): string[] {
  const before = new Set(JSON.parse(readFileSync(join(runDir, BEFORE_FILE), 'utf8')) as string[]);
  const added = readdirSync(systemTmp).filter((name) => !before.has(name) && !NOT_OURS.some((p) => p.test(name))).sort();
  return [
    ...readdirSync(join(runDir, 'tmp')).filter((name) => !TOOL_CACHES.some((p) => p.test(name))).sort().map((name) => `$TMPDIR/${name} (a test's temporary directory that was not removed)`),
    ...added.map((name) => `${join(systemTmp, name)} (written outside the run's TMPDIR)`),
  ];
}
