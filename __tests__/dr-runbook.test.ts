/** docs/disaster-recovery.md: every repository command in it exists, and the fail-over steps fit in the 4 h objective. */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { loadEnvironments } from '../environments';

const root = join(__dirname, '..');
const runbook = readFileSync(join(root, 'docs', 'disaster-recovery.md'), 'utf8');
const scripts = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts);
const envs = loadEnvironments({ RECOVERY_ENVIRONMENTS: 'dr-production' });
const stacks = Object.keys(envs).flatMap((name) => [name, `${name}-workloads`, `${name}-gpu`]);
const RTO_MINUTES = 240;

/** Rows of the fail-over table: step number and minutes. */
function stepMinutes(text: string): { step: number; minutes: number }[] {
  return [...text.matchAll(/^\| (\d+) \|[^\n]*?\| (\d+) \| [^|\n]+ \|$/gm)].map((m) => ({ step: Number(m[1]), minutes: Number(m[2]) }));
}

test('every `npm run` script the runbook names exists in package.json', () => {
  const named = [...runbook.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]);
  expect(named).toEqual(expect.arrayContaining(['rpo', 'dr:commands', 'dr:release-names', 'synth']));
  for (const name of named) expect(scripts).toContain(name);
});

test('every cdktf command names a stack the app builds (with RECOVERY_ENVIRONMENTS=dr-production)', () => {
  const named = [...runbook.matchAll(/npx cdktf (?:deploy|diff|output|destroy) ([\w-]+)/g)].map((m) => m[1]);
  // The workloads and GPU stacks are deployed through the 'dr-production*' glob (cdktf-commands.test.ts checks globs).
  expect(named).toEqual(expect.arrayContaining(['dr-production', 'dr-production-gpu', 'production']));
  for (const stack of named) expect(stacks).toContain(stack);
});

test('every repository file the runbook names exists', () => {
  const files = [...runbook.matchAll(/`((?:environments|scripts|docs|constructs|stacks)\/[\w./-]+\.(?:ts|md))`/g)].map((m) => m[1]);
  expect(files.length).toBeGreaterThan(3);
  for (const file of files) expect(existsSync(join(root, file))).toBe(true);
});

test('the fail-over steps are numbered 0..9, each with a source, and add up to less than 4 h as stated', () => {
  const steps = stepMinutes(runbook);
  expect(steps.map((s) => s.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const total = steps.reduce((sum, s) => sum + s.minutes, 0);
  expect(total).toBeLessThan(RTO_MINUTES);
  expect(runbook).toContain(`Total: **${total} minutes**, ${RTO_MINUTES - total} minutes under the 4 h objective`);
});

test('planted defect: a table whose steps exceed 4 h is caught', () => {
  const slow = runbook.replace(/^(\| 4 \|[^\n]*?\| )90( \|)/m, '$1200$2');
  expect(slow).not.toBe(runbook);
  expect(stepMinutes(slow).reduce((sum, s) => sum + s.minutes, 0)).toBeGreaterThanOrEqual(RTO_MINUTES);
});

test('the worst-case data loss the runbook states matches npm run rpo', async () => {
  const { rpoOf } = await import('../environments/rpo');
  const minutes = Object.fromEntries(rpoOf(envs.production).lines.map((l) => [l.data, l.minutes]));
  expect(runbook).toContain(`the writes of the last **${minutes.database} minutes**`);
  expect(runbook).toContain(`objects uploaded in the last **${minutes.buckets} minutes**`);
  expect(runbook).toContain(`changes of the last **${minutes.secrets} minutes**`);
});
