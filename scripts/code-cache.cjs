'use strict';
/**
 * Runs a CommonJS file (the app's build, .build/app/<fingerprint>/main.js) with a V8 code cache kept beside
 * it, so a run compiles none of the ~4 MB bundle the previous run already compiled (docs/performance.md).
 *
 * The cache (`<file>.v8-cache`) is written after the first complete run, so it also holds the functions V8
 * compiled lazily during synth, not only the top level. V8 checks a cache against the source, its own
 * version and flags before using it; a cache it rejects (or a missing one) means a normal compile, and a new
 * cache is written after that run. The file lives in the fingerprinted build directory: a new build starts
 * without one. Written when Node 20 (no `module.enableCompileCache`) was still supported.
 */
const { Module, createRequire } = require('node:module');
const { readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { dirname } = require('node:path');
const vm = require('node:vm');

function readCache(path) {
  try {
    return readFileSync(path);
  } catch {
    return undefined; // first run of this build
  }
}

/** Writes the cache atomically: a concurrent run reads the old file or the new one, never half of one. */
function writeCache(path, data) {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch {
    // A cache that cannot be written only costs the next run its speed.
    rmSync(tmp, { force: true });
  }
}

/**
 * Runs `file` as a CommonJS module (as `require(file)` would, with `require`, `module`, `__filename` and
 * `__dirname` of its own), compiled from its code cache when V8 accepts it. Returns whether the cache was used.
 * SYNTH_CODE_CACHE=off runs it without (npm run profile does: V8's profiler misattributes cached functions).
 */
function runWithCodeCache(file, env = process.env) {
  // The profiler attributes samples in functions loaded from a code cache to the wrong functions.
  if (env.SYNTH_CODE_CACHE === 'off') {
    require(file);
    return false;
  }
  const cacheFile = `${file}.v8-cache`;
  const cachedData = readCache(cacheFile);
  const source = readFileSync(file, 'utf8');
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const used = cachedData !== undefined && !script.cachedDataRejected;
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(dirname(file));
  const moduleFunction = script.runInThisContext();
  // Written once the app has run to a successful end (it may call process.exit itself), so it covers synth.
  if (!used) process.once('exit', (code) => code === 0 && writeCache(cacheFile, script.createCachedData()));
  moduleFunction.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
  mod.loaded = true;
  return used;
}

module.exports = { runWithCodeCache };
