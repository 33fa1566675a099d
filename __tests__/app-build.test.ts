/**
 * The ahead-of-time build `npm run synth` and cdktf.json's `app` run (scripts/run-app.cjs): it writes exactly
 * what the TypeScript sources synthesize when run unbundled (the test run's shared synth of the same
 * environments, support/synth.ts), and a source change is always seen by the next synth.
 * Works on a temporary copy of the project (node_modules linked), so the real `.build/` is left alone.
 */
import { spawnSync } from 'child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join, relative } from 'path';
import { projectCopy } from './support/project-copy';
import { platformOutdir, platformStacks } from './support/synth';

function run(cwd: string, args: string[], outdir: string): { stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, args, { cwd, env: { ...process.env, CDKTF_OUTDIR: outdir }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
  return { stdout: result.stdout, stderr: result.stderr };
}

/** Every file under `dir` (relative path → contents). */
function tree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

const copy = projectCopy('app-build-');
mkdirSync(join(copy, 'out'));
const out = (name: string): string => join(copy, 'out', name);

// The reference: the TypeScript sources, unbundled, synthesizing the shipped environments (as main.ts does).
platformStacks();
const cold = run(copy, ['scripts/run-app.cjs'], out('built'));

/** Every file the run that wrote `name` wrote is byte-identical to the reference's, and no file is missing or extra. */
function expectSameAsSources(name: string): void {
  const expected = tree(platformOutdir);
  const actual = tree(out(name));
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [file, content] of expected) {
    if (!actual.get(file)?.equals(content)) throw new Error(`${file} differs between the unbundled sources' synth and the ${name} run`);
  }
}

test('the built app writes byte-identical stacks and assets to the unbundled sources, for every stack', () => {
  const stacks = readdirSync(join(platformOutdir, 'stacks'));
  expect(stacks.length).toBeGreaterThanOrEqual(5);
  expectSameAsSources('built');
});

test('later runs, compiled from the V8 code cache with remembered YAML results, write the same bytes', () => {
  const [id] = readdirSync(join(copy, '.build', 'app'));
  const cache = join(copy, '.build', 'app', id, 'main.js.v8-cache');
  expect(statSync(join(copy, '.build', 'app', id, 'yaml-memo.json')).size).toBeGreaterThan(0);
  const written = readFileSync(cache);
  const warm = run(copy, ['scripts/run-app.cjs'], out('warm'));
  expect(warm.stdout).not.toMatch(/rebuild the app/); // nothing changed: the build was reused
  expect(readFileSync(cache).equals(written)).toBe(true); // accepted by V8, so not rewritten
  expectSameAsSources('warm');
});

test('a code cache V8 rejects is ignored and replaced after the run (scripts/code-cache.cjs, on a small module)', () => {
  // The mechanism does not depend on the file it runs: a small module shows it without another full synth.
  const file = join(copy, 'out', 'cached-module.js');
  writeFileSync(file, "globalThis.ran = { dir: __dirname, id: typeof module.id };");
  const script = `const used = require('./scripts/code-cache.cjs').runWithCodeCache(${JSON.stringify(file)}); console.log(JSON.stringify([globalThis.ran, used]));`;
  const runIt = () => JSON.parse(run(copy, ['-e', script], out('none')).stdout);
  expect(runIt()).toEqual([{ dir: join(copy, 'out'), id: 'string' }, false]); // no cache yet: compiled, cache written after
  expect(runIt()[1]).toBe(true); // accepted
  writeFileSync(`${file}.v8-cache`, 'not a code cache');
  expect(runIt()).toEqual([{ dir: join(copy, 'out'), id: 'string' }, false]); // rejected: compiled from source, same result
  expect(runIt()[1]).toBe(true); // and replaced by a cache V8 accepts
});

test('the summary lists every stack with the resource blocks of its cdk.tf.json, and the time taken', () => {
  for (const stack of readdirSync(join(out('built'), 'stacks'))) {
    const json = JSON.parse(readFileSync(join(out('built'), 'stacks', stack, 'cdk.tf.json'), 'utf8'));
    const count = Object.values(json.resource ?? {}).reduce((n: number, byName) => n + Object.keys(byName as object).length, 0);
    expect(cold.stdout).toMatch(new RegExp(`^  ${stack} +${count} resources$`, 'm'));
  }
  expect(cold.stdout).toMatch(/^Synthesized \d+ stacks \(\d+ resources\) into .*stacks\/ in \d+\.\d\d s, including \d+\.\d\d s to rebuild the app:$/m);
  // One line per stack, no more.
  const stackLines = cold.stdout.split('\n').filter((l) => /^ {2}\S+ +\d+ resources$/.test(l));
  expect(stackLines).toHaveLength(readdirSync(join(out('built'), 'stacks')).length);
  // The shipped examples hold placeholder values: the summary ends with one warning line per placeholder.
  const warningBlock = cold.stdout.slice(cold.stdout.search(/^\d+ warnings?:$/m));
  const warningLines = warningBlock.trimEnd().split('\n').slice(1);
  expect(warningBlock).toMatch(new RegExp(`^${warningLines.length} warnings?:\n`));
  expect(warningLines.length).toBeGreaterThan(0);
  // Every warning names its environment and field; the shipped examples' placeholders are among them (support-date and
  // object-model warnings of an upgrade may join them).
  for (const line of warningLines) expect(line).toMatch(/^  - warning: environment "[a-z-]+": \S+: /);
  expect(warningLines.filter((line) => / placeholder /.test(line)).length).toBeGreaterThan(0);
});

test('an edited source is rebuilt before the next synth; an unchanged tree reuses the build', () => {
  const file = join(copy, 'lib', 'aws-regions.ts');
  const source = readFileSync(file, 'utf8');
  expect(source).toContain("return 'aws';");
  writeFileSync(file, source.replace("return 'aws';", "return 'aws-edited';"));

  const edited = run(copy, ['scripts/run-app.cjs'], out('edited'));
  expect(edited.stdout).toMatch(/to rebuild the app/);
  expect(readFileSync(join(out('edited'), 'stacks', 'production', 'cdk.tf.json'), 'utf8')).toContain('arn:aws-edited:');

  // Same sources again: the build is found by its fingerprint and not redone.
  const check = run(copy, ['-e', "console.log(JSON.stringify(require('./scripts/app-build.cjs').ensureAppBuilt(process.cwd())))"], out('none'));
  const build = JSON.parse(check.stdout) as { built: boolean; dir: string };
  expect(build.built).toBe(false);
  expect(readFileSync(join(build.dir, 'main.js'), 'utf8')).toContain('aws-edited');
  // Only the current build is kept.
  expect(readdirSync(join(copy, '.build', 'app'))).toEqual([relative(join(copy, '.build', 'app'), build.dir)]);
});

test('a dependency change through npm (the lock file) changes the build fingerprint', () => {
  const script = "const b = require('./scripts/app-build.cjs'); console.log(b.fingerprint(process.cwd(), b.sourceFiles(process.cwd())))";
  const before = run(copy, ['-e', script], out('none')).stdout;
  const lock = join(copy, 'package-lock.json');
  writeFileSync(lock, readFileSync(lock, 'utf8').replace('"cdktf": "0.21.0"', '"cdktf": "0.21.1"'));
  expect(run(copy, ['-e', script], out('none')).stdout).not.toBe(before);
});
