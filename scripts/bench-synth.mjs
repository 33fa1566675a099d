#!/usr/bin/env node
// Benchmark (not a test): full synth of every stack as a whole process, exactly as `npm run synth` and
// cdktf.json's `app` run it (`node scripts/run-app.cjs`), in two conditions:
// - cold: the first run after a source change (the app build is removed first, so the run rebuilds it);
// - warm: the build is reused (every later run).
// Prints median/min/max wall time, CPU time (user+sys: less sensitive to other load on a shared machine)
// and peak RSS for each. Usage:
//   npm run bench [-- [WARM_RUNS] [--cold N] [--tsx]]     --tsx also measures `node --import tsx main.ts`
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const warmRuns = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--cold') ?? 7);
const coldRuns = option('--cold', 3);
// GNU time reports the child's peak RSS (ru_maxrss: the largest process of the tree).
const gnuTime = ['/usr/bin/time', '/bin/time'].find((p) => existsSync(p));
if (!gnuTime) console.warn('GNU time not found: peak memory will not be reported (apt-get install time)');

let stacks = [];
/** One synth in a fresh output directory: wall and CPU seconds, peak RSS in MB. */
function synthOnce(command) {
  const outdir = mkdtempSync(join(tmpdir(), 'bench-synth-'));
  const argv = gnuTime ? [gnuTime, '-f', '%e %M %U %S', ...command] : command;
  const started = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), { cwd: root, env: { ...process.env, CDKTF_OUTDIR: outdir }, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    console.error(result.stderr);
    process.exit(1);
  }
  stacks = readdirSync(join(outdir, 'stacks'));
  rmSync(outdir, { recursive: true, force: true });
  const [, kb, user, sys] = (result.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  return { wall, mb: gnuTime ? kb / 1024 : undefined, cpu: gnuTime ? user + sys : undefined };
}

function measure(label, runs, command, before = () => {}) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    before();
    samples.push(synthOnce(command));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const stats = (xs, unit, digits) => `median ${median(xs).toFixed(digits)} ${unit} (min ${Math.min(...xs).toFixed(digits)}, max ${Math.max(...xs).toFixed(digits)})`;
  const walls = samples.map((s) => s.wall);
  const mbs = samples.map((s) => s.mb).filter((mb) => mb !== undefined);
  const cpus = samples.map((s) => s.cpu).filter((cpu) => cpu !== undefined);
  console.log(`${label} (${runs} runs)`);
  console.log(`  wall      ${stats(walls, 's', 2)}`);
  if (cpus.length) console.log(`  CPU       ${stats(cpus, 's', 2)}`);
  if (mbs.length) console.log(`  peak RSS  ${stats(mbs, 'MB', 0)}`);
}

const built = ['node', 'scripts/run-app.cjs'];
const removeBuild = () => rmSync(join(root, '.build', 'app'), { recursive: true, force: true });
synthOnce(built); // warm-up: file cache, and a build for the warm runs
if (coldRuns > 0) measure('cold: first synth after a source change (includes the app build)', coldRuns, built, removeBuild);
synthOnce(built); // leave a build behind for the warm runs
measure('warm: build reused (npm run synth, cdktf synth|diff|deploy)', warmRuns, built);
if (args.includes('--tsx')) {
  synthOnce(['node', '--import', 'tsx', 'main.ts']); // warm-up: tsx's transform cache
  measure('tsx: node --import tsx main.ts (transpiled on every run; for comparison)', warmRuns, ['node', '--import', 'tsx', 'main.ts']);
}
console.log(`full synth of ${stacks.length} stacks [${stacks.join(', ')}]; machine load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);
