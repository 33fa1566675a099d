'use strict';
/**
 * Ahead-of-time build of the cdktf app: main.ts and everything it imports, dependencies included, bundled
 * by esbuild into `.build/app/<fingerprint>/main.js` (CommonJS). One file instead of ~600 modules: no module
 * resolution, and none of the ~9 MB of inline source maps the provider packages ship, so synth loads faster
 * in less memory. The source map (`main.js.map`, no sources inlined) is read only when synth throws, to print a
 * short stack of the project's own files (scripts/synth-errors.cjs); synth itself never loads it. Names of
 * functions and classes stay as written, and `node --import tsx main.ts` runs the sources directly.
 *
 * A key written twice in one object literal is a build error, not esbuild's warning: in an environment file it
 * means a pasted block silently replaced another (JavaScript keeps the last one).
 *
 * The fingerprint hashes the contents of every TypeScript source, tsconfig.json, the lock files (so any
 * dependency change through npm rebuilds), this file and the esbuild version. A run whose inputs hash
 * differently finds no directory of that name and builds one, so a stale build can never be loaded; an
 * unchanged tree reuses it. Files read at synth time (charts/, helm-values/) are read from the project root
 * (lib/project-root.ts), not bundled. Type-checking stays with `npm run typecheck`. See docs/performance.md.
 *
 * Plain CommonJS with no dependency on the warm path: the launcher pays only for hashing (a few ms);
 * esbuild is loaded only when a build is needed.
 */
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { join, relative, sep } = require('node:path');

/** Where builds live, relative to the project root (git-ignored). */
const BUILD_DIR = join('.build', 'app');
/** Marks a finished build: written last, so a half-written directory is never used. */
const COMPLETE_MARKER = '.complete';
/** Directories that hold no app source (tests run through jest's own transform). */
const SKIPPED_DIRS = new Set(['node_modules', '__tests__', 'cdktf.out', 'coverage', 'charts', 'helm-values', 'docs']);

/** Every app source file (`*.ts`, not declarations), relative to `root`, sorted. */
function sourceFiles(root) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        found.push(relative(root, path));
      }
    }
  };
  walk(root);
  return found.sort();
}

/** Dependency state: any npm install, update or removal rewrites one of these. */
const LOCK_FILES = ['package-lock.json', join('node_modules', '.package-lock.json')];

function esbuildVersion(root) {
  return JSON.parse(readFileSync(require.resolve('esbuild/package.json', { paths: [root] }), 'utf8')).version;
}

/** Hash over everything that decides the build output: file names and contents, compiler settings, builder. */
function fingerprint(root, files) {
  const hash = createHash('sha256');
  const add = (label, content) => hash.update(`${label}\0${content.length}\0`).update(content);
  add('builder', readFileSync(__filename));
  add('esbuild', esbuildVersion(root));
  add('tsconfig.json', readFileSync(join(root, 'tsconfig.json')));
  for (const lock of LOCK_FILES) add(lock, existsSync(join(root, lock)) ? readFileSync(join(root, lock)) : '');
  for (const file of files) add(file.split(sep).join('/'), readFileSync(join(root, file)));
  return hash.digest('hex').slice(0, 20);
}

/**
 * The bundle's entry: the app (main.ts) after the synth fast paths only the build uses; `node --import tsx
 * main.ts` runs without them, so the build test's byte comparison checks them (docs/performance.md).
 */
const BUILD_ENTRY = [
  "require('./lib/fast-token-resolve').installFastTokenResolve();",
  "require('./lib/yaml-memo').useYamlMemoFile(require('path').join(__dirname, 'yaml-memo.json'));",
  "require('./main');",
].join('\n');

/**
 * Two steps, so that names stay exactly as written without paying for esbuild's keepNames on all of cdktf and
 * the providers (it wraps every function they define; a tenth of synth time): the app's own sources are first
 * transpiled file by file to CommonJS (each module keeps its own scope, as under tsx), then that output is
 * bundled with the dependencies. Bundled CommonJS modules keep their scopes too, so nothing is renamed.
 */
function bundle(root, files, outdir) {
  const esbuild = require(require.resolve('esbuild', { paths: [root] }));
  const common = { absWorkingDir: root, format: 'cjs', platform: 'node', target: 'node20', logLevel: 'error' };
  const transpiled = join(outdir, 'transpiled');
  esbuild.buildSync({
    ...common,
    entryPoints: files,
    outbase: root,
    outdir: transpiled,
    keepNames: true, // as tsx transforms
    tsconfig: join(root, 'tsconfig.json'),
    sourcemap: 'inline', // chained into main.js.map by the bundle step
    logOverride: { 'duplicate-object-key': 'error' },
  });
  const result = esbuild.buildSync({
    ...common,
    stdin: { contents: BUILD_ENTRY, resolveDir: transpiled, sourcefile: 'build-entry.js' },
    outfile: join(outdir, 'main.js'),
    bundle: true,
    minifyWhitespace: true,
    legalComments: 'none',
    metafile: true,
    sourcemap: 'external', // main.js.map without a sourceMappingURL comment: loaded only on an error
    sourcesContent: false,
  });
  rmSync(transpiled, { recursive: true, force: true });
  // Everything bundled from outside node_modules must come from the fingerprinted sources.
  const ours = relative(root, transpiled).split(sep).join('/') + '/';
  const foreign = Object.keys(result.metafile.inputs).filter((input) => !/(^|\/)node_modules\//.test(input) && !input.startsWith(ours));
  if (foreign.length > 0) throw new Error(`app-build: inputs not covered by the build fingerprint: ${foreign.slice(0, 5).join(', ')}`);
}

function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Removes older builds and temporary directories left by builds that died; leaves running builds alone. */
function prune(buildRoot, keep) {
  for (const name of readdirSync(buildRoot)) {
    const tmpOf = /^\.tmp-[0-9a-f]+-(\d+)$/.exec(name);
    if (name === keep || (tmpOf && isRunning(Number(tmpOf[1])))) continue;
    rmSync(join(buildRoot, name), { recursive: true, force: true });
  }
}

/**
 * Builds in a child process (`node scripts/app-build.cjs`), so the process that then synthesizes does not
 * carry the build's memory (esbuild's results for ~700 inputs: about 10 MB more peak memory on a first run).
 * esbuild's own errors reach stderr from there; the error thrown here says so (`reported`).
 */
function buildInChildProcess(root) {
  const child = spawnSync(process.execPath, [__filename], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (child.status !== 0) throw Object.assign(new Error(`the build process failed (${child.status ?? child.signal})`), { reported: true });
}

/**
 * The directory of an up-to-date build of the app under `root`, building it first when no build matches
 * the current sources. `built` says whether this call built it; `files` is the number of sources.
 * `inChildProcess`: build in a separate node process (the launcher does: see buildInChildProcess).
 */
function ensureAppBuilt(root, { inChildProcess = false } = {}) {
  const files = sourceFiles(root);
  const id = fingerprint(root, files);
  const buildRoot = join(root, BUILD_DIR);
  const dir = join(buildRoot, id);
  if (existsSync(join(dir, COMPLETE_MARKER))) return { dir, built: false, files: files.length, ms: 0 };

  const started = process.hrtime.bigint();
  if (inChildProcess) {
    buildInChildProcess(root);
    // The child fingerprints the sources again; if they changed in between, build what is there now, here.
    if (existsSync(join(dir, COMPLETE_MARKER))) return { dir, built: true, files: files.length, ms: Number(process.hrtime.bigint() - started) / 1e6 };
    return ensureAppBuilt(root);
  }
  mkdirSync(buildRoot, { recursive: true });
  const tmp = join(buildRoot, `.tmp-${id}-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  bundle(root, files, tmp);
  writeFileSync(join(tmp, COMPLETE_MARKER), `${files.length} files\n`);
  try {
    renameSync(tmp, dir);
  } catch (error) {
    // A concurrent run finished the same build first: its output is identical, use it.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(join(dir, COMPLETE_MARKER))) throw error;
  }
  prune(buildRoot, id);
  return { dir, built: true, files: files.length, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

module.exports = { ensureAppBuilt, sourceFiles, fingerprint, BUILD_DIR };

if (require.main === module) {
  const root = join(__dirname, '..');
  try {
    const result = ensureAppBuilt(root);
    const where = relative(process.cwd(), result.dir) || '.';
    console.log(result.built ? `built ${result.files} files into ${where} in ${(result.ms / 1000).toFixed(2)} s` : `up to date: ${where}`);
  } catch (error) {
    // esbuild has already printed source errors with their locations; anything else gets one line.
    if (!(Array.isArray(error.errors) && error.errors.length > 0)) console.error(`app-build: ${error.message}`);
    process.exitCode = 1;
  }
}
