#!/usr/bin/env node
/**
 * Launcher of `npm run cost`: bundles cost/main.ts (and the chart renderer) into one file with esbuild, rebuilt only
 * when one of its inputs changed, then runs it with plain node. Loading one bundle instead of resolving a TypeScript
 * tree and some fifty renderer packages through a loader keeps the report well under two seconds.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(root, 'node_modules', '.cache', 'cost');
const bundle = join(cacheDir, 'cost.mjs');
const inputsFile = join(cacheDir, 'inputs.json');

function upToDate() {
  if (!existsSync(bundle) || !existsSync(inputsFile)) return false;
  const built = statSync(bundle).mtimeMs;
  const inputs = JSON.parse(readFileSync(inputsFile, 'utf8'));
  return inputs.every((input) => existsSync(join(root, input)) && statSync(join(root, input)).mtimeMs <= built);
}

if (!upToDate()) {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(root, 'cost', 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundle,
    metafile: true,
    logLevel: 'warning',
    // Bundled CommonJS dependencies (zod, yaml) call require: give the ES module one.
    banner: { js: "import { createRequire as __costRequire } from 'node:module'; const require = __costRequire(import.meta.url);" },
  });
  // Dependencies change only with the lock file: watch that instead of every bundled package file.
  const sources = Object.keys(result.metafile.inputs).filter((input) => !input.startsWith('node_modules/'));
  writeFileSync(inputsFile, JSON.stringify([...sources, 'package-lock.json', 'scripts/cost.mjs']));
}

await import(pathToFileURL(bundle).href);
