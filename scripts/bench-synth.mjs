#!/usr/bin/env node
// Benchmark (not a test): synthesizes every stack N times as a whole process and prints
// median wall time and peak RSS. Usage: npm run bench [-- RUNS]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.argv[2] ?? 7);
const command = ['node', '--import', 'tsx', 'main.ts'];
// GNU time reports the child's peak RSS (ru_maxrss: the largest process of the tree).
const gnuTime = ['/usr/bin/time', '/bin/time'].find((p) => existsSync(p));
if (!gnuTime) console.warn('GNU time not found: peak memory will not be reported (apt-get install time)');

const walls = [];
const peaks = [];
let stacks = [];
for (let i = 0; i <= runs; i++) {
  const outdir = mkdtempSync(join(tmpdir(), 'bench-synth-'));
  const argv = gnuTime ? [gnuTime, '-f', '%e %M', ...command] : command;
  const started = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), { env: { ...process.env, CDKTF_OUTDIR: outdir }, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    console.error(result.stderr);
    process.exit(1);
  }
  stacks = readdirSync(join(outdir, 'stacks'));
  rmSync(outdir, { recursive: true, force: true });
  if (i === 0) continue; // warm-up: file cache, tsx transform cache
  walls.push(wall);
  const last = result.stderr.trim().split('\n').pop() ?? '';
  const kb = Number(last.split(' ')[1]);
  if (Number.isFinite(kb)) peaks.push(kb / 1024);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs, unit, digits) => `median ${median(xs).toFixed(digits)} ${unit} (min ${Math.min(...xs).toFixed(digits)}, max ${Math.max(...xs).toFixed(digits)})`;
console.log(`full synth of ${stacks.length} stacks [${stacks.join(', ')}], ${runs} runs after 1 warm-up`);
console.log(`wall time: ${fmt(walls, 's', 2)}`);
if (peaks.length) console.log(`peak RSS:  ${fmt(peaks, 'MB', 0)}`);
