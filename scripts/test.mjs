#!/usr/bin/env node
/**
 * `npm test [-- <jest args>]`: type-check, lint and jest, all at once. The two checks are single-threaded; run
 * one after the other before jest they kept a core idle for about 20 s. Their output is printed whole when each
 * ends (jest's streams as usual); the exit code is 1 if any of the three failed.
 *
 * Both checks keep a cache under node_modules/.cache (a clean clone checks everything): tsc's incremental build
 * info (tsconfig.json) records every file's dependencies, so a changed file re-checks whatever depends on it;
 * the lint rules look at one file at a time (no type information), so ESLint's cache, keyed by file content,
 * config and ESLint version, only skips files whose result cannot have changed.
 */
import { spawn } from 'child_process';
import { setPriority } from 'os';
import { dirname, join } from 'path';
import { fileURLToPath } from 'url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHECKS = [
  { name: 'typecheck', command: 'tsc', args: ['--noEmit'] },
  { name: 'lint', command: 'eslint', args: ['.', '--cache', '--cache-strategy', 'content', '--cache-location', 'node_modules/.cache/eslint/'] },
];

/** Runs a tool from node_modules/.bin; resolves with its exit code. `buffer`: print its output only at the end. */
function run(command, args, buffer) {
  return new Promise((resolve) => {
    const child = spawn(join(root, 'node_modules', '.bin', command), args, { cwd: root, stdio: buffer ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (buffer) {
      child.stdout.on('data', (d) => { output += d; });
      child.stderr.on('data', (d) => { output += d; });
      // Behind jest for the CPU: jest's longest suite decides when the run ends, the checks fit around it.
      try { setPriority(child.pid, 10); } catch { /* not permitted here: run at normal priority */ }
    }
    child.on('error', (error) => { output += String(error); resolve(1); });
    child.on('close', (code) => {
      if (buffer) process.stdout.write(`\n> ${command} ${args.join(' ')}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`}\n${output}`);
      resolve(code ?? 1);
    });
  });
}

const codes = await Promise.all([
  ...CHECKS.map((check) => run(check.command, check.args, true)),
  run('jest', process.argv.slice(2), false),
]);
const failed = [...CHECKS.map((c) => c.name), 'jest'].filter((_, i) => codes[i] !== 0);
if (failed.length > 0) process.stderr.write(`\nnpm test: failed: ${failed.join(', ')}\n`);
process.exit(failed.length > 0 ? 1 : 0);
