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

/**
 * What the suite's own processes make in a temp dir when they ignore TMPDIR: `mkdtemp` names (`<prefix>-XXXXXX`),
 * cdktf's `cdktf.outdir.*`, Terraform's provider sockets (`plugin<digits>`), tsx's cache. Other processes of the
 * machine (a CI runner's own files) also write to the system temp dir while the suite runs; those are not ours.
 */
const LOOKS_LIKE_OURS = [/^[\w.-]+-[A-Za-z0-9]{6}(\.[\w.]+)?$/, /^cdktf\.outdir\./, /^plugin\d+$/, /^tsx-\d+$/];

export interface Leftovers {
  /** Left by the suite: the run fails. */
  readonly ours: string[];
  /** Added to the system temp dir by something that does not look like the suite: printed, not failed. */
  readonly foreign: string[];
}

/** Entries left in the run's TMPDIR (`<runDir>/tmp`) or added to the system temp dir since the start. */
export function runLeftovers(runDir: string, systemTmp: string): Leftovers {
  const before = new Set(JSON.parse(readFileSync(join(runDir, BEFORE_FILE), 'utf8')) as string[]);
  const added = readdirSync(systemTmp).filter((name) => !before.has(name) && !NOT_OURS.some((p) => p.test(name))).sort();
  const looksOurs = (name: string) => LOOKS_LIKE_OURS.some((p) => p.test(name));
  return {
    ours: [
      ...readdirSync(join(runDir, 'tmp')).filter((name) => !TOOL_CACHES.some((p) => p.test(name))).sort().map((name) => `$TMPDIR/${name} (a test's temporary directory that was not removed)`),
      ...added.filter(looksOurs).map((name) => `${join(systemTmp, name)} (written outside the run's TMPDIR)`),
    ],
    foreign: added.filter((name) => !looksOurs(name)).map((name) => join(systemTmp, name)),
  };
}
