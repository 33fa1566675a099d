'use strict';
/**
 * Prints an exception thrown while the app runs from its build: the error's own message and a short stack of
 * the project's source files, mapped back through the build's source map (`main.js.map`, read only here).
 * Without this, Node prints the failing line of the bundle, which is minified to a few very long lines: megabytes
 * of code on stderr for one TypeError. Frames inside dependencies are counted, not printed.
 */
const { Module, SourceMap } = require('node:module');
const { existsSync, readFileSync } = require('node:fs');
const { join, relative, resolve, sep } = require('node:path');

/** Frames of the project's own sources printed at most: enough to see the call path from the config to the throw. */
const MAX_FRAMES = 8;
/** Top-level folders whose files count as the project's own. */
const OWN_SOURCES = /^(constructs|stacks|environments|lib|cost|main\.ts)/;
const FRAME = /^\s*at (?:(.*?) \()?(.*?):(\d+):(\d+)\)?$/;

function loadMap(bundleFile) {
  const mapFile = `${bundleFile}.map`;
  if (!existsSync(mapFile)) return undefined;
  try {
    return new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')));
  } catch {
    return undefined;
  }
}

/**
 * `[function, file:line:column]` of each frame in the project's sources, in call order (innermost first).
 * Frames of the bundle are mapped; line 1 of a module run through `Module.wrap` is shifted by the wrapper.
 */
function ownFrames(stack, bundleFile, root) {
  const map = loadMap(bundleFile);
  const frames = [];
  let skipped = 0;
  for (const line of String(stack).split('\n')) {
    const match = FRAME.exec(line);
    if (!match) continue;
    const [, fn, file, lineText, columnText] = match;
    let source = file;
    let row = Number(lineText);
    let column = Number(columnText);
    if (resolve(file) === resolve(bundleFile)) {
      if (!map) { skipped += 1; continue; }
      const wrapped = row === 1 ? Module.wrapper[0].length : 0;
      const entry = map.findEntry(row - 1, column - 1 - wrapped);
      if (!entry || !entry.originalSource) { skipped += 1; continue; }
      source = resolve(join(bundleFile, '..'), entry.originalSource.replace(/^file:\/\//, ''));
      row = entry.originalLine + 1;
      column = entry.originalColumn + 1;
    }
    const own = relative(root, source).split(sep).join('/');
    if (own.startsWith('..') || own.includes('node_modules/') || !OWN_SOURCES.test(own)) { skipped += 1; continue; }
    // A module's top level runs in the bundle's wrapper, which esbuild names after the transpiled file's path.
    const name = !fn ? '<anonymous>' : /transpiled\/.*\.js$/.test(fn) ? '<module>' : fn;
    frames.push(`at ${name} (${own}:${row}:${column})`);
  }
  return { frames, skipped };
}

/** The report printed for an exception from the app: message, then at most MAX_FRAMES own frames. */
function describeSynthError(error, bundleFile, root) {
  const headline = error instanceof Error ? `${error.name}: ${error.message}` : `thrown: ${String(error)}`;
  if (!(error instanceof Error) || !error.stack) return headline;
  const { frames, skipped } = ownFrames(error.stack, bundleFile, root);
  const shown = frames.slice(0, MAX_FRAMES);
  const more = frames.length - shown.length + skipped;
  const lines = [`synth failed: ${headline}`, ...shown.map((f) => `    ${f}`)];
  if (more > 0) lines.push(`    (${more} more frame${more === 1 ? '' : 's'} in dependencies or deeper; full stack: SYNTH_FULL_STACK=1 npm run synth)`);
  if (shown.length === 0) lines.push('    (no frame in the project sources: the error comes from a dependency; SYNTH_FULL_STACK=1 shows it)');
  return lines.join('\n');
}

module.exports = { describeSynthError, MAX_FRAMES };
