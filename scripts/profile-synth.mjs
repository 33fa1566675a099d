#!/usr/bin/env node
// CPU profile of one full synth, as `npm run synth` runs it: writes a .cpuprofile (open it in Chrome
// DevTools or speedscope) and prints the top entries by self time and by area. Usage:
//   npm run profile [-- --tsx]      --tsx profiles `node --import tsx main.ts` instead, for comparison
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const app = process.argv.includes('--tsx') ? ['--import', 'tsx', 'main.ts'] : ['scripts/run-app.cjs'];
const profileDir = join(root, '.build', 'profile');
rmSync(profileDir, { recursive: true, force: true });
const outdir = mkdtempSync(join(tmpdir(), 'profile-synth-'));
spawnSync(process.execPath, ['scripts/run-app.cjs'], { cwd: root, env: { ...process.env, CDKTF_OUTDIR: outdir } }); // build first
// Without the V8 code cache: the profiler attributes samples in functions loaded from it to the wrong functions
// (scripts/code-cache.cjs). So this profile includes compiling the bundle (`Script`, `__require`), which a warm run skips.
const run = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profileDir, ...app], { cwd: root, env: { ...process.env, CDKTF_OUTDIR: outdir, SYNTH_CODE_CACHE: 'off' }, encoding: 'utf8' });
rmSync(outdir, { recursive: true, force: true });
if (run.status !== 0) {
  console.error(run.stderr);
  process.exit(1);
}
const file = join(profileDir, readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile')));
const profile = JSON.parse(readFileSync(file, 'utf8'));

const selfTime = new Map();
profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfTime.values()].reduce((a, b) => a + b, 0);

/** Where a function lives: a package, node's internals, the app, or V8 itself (GC, compiler). */
function area(frame) {
  if (!frame.url) return `(${frame.functionName.replace(/[()]/g, '') || 'native'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url);
  if (pkg) return pkg[1];
  if (frame.url.startsWith('node:')) return 'node internals (module loading, fs, stack formatting)';
  if (frame.url.includes('/.build/app/')) return 'bundle (app + cdktf + providers)';
  if (!frame.url.startsWith('file:')) return frame.url;
  return /\.ts(\?|$)/.test(frame.url) ? 'app sources' : relative(root, fileURLToPath(frame.url));
}

const byFunction = new Map();
const byArea = new Map();
for (const node of profile.nodes) {
  const ms = (selfTime.get(node.id) ?? 0) / 1000;
  if (!ms) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/\.build\/app\/[^/]+\//, 'bundle:')}:${lineNumber + 1}` : '';
  const key = `${functionName || '(anonymous)'} ${where}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
  byArea.set(area(node.callFrame), (byArea.get(area(node.callFrame)) ?? 0) + ms);
}
const show = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n)
  .forEach(([key, ms]) => console.log(`${ms.toFixed(0).padStart(7)} ms ${((100 * ms * 1000) / total).toFixed(1).padStart(5)}%  ${key}`));
console.log(`${app.join(' ')}: ${(total / 1000).toFixed(0)} ms sampled (the profiler slows the run down; compiling included, as without the code cache), profile: ${relative(process.cwd(), file)}`);
console.log('by area (self time):');
show(byArea, 8);
console.log('top functions (self time):');
show(byFunction, 15);
