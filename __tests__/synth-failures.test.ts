/**
 * What an operator sees when synth fails for a reason validation cannot catch: one readable report, never the
 * minified bundle. Each case plants its defect in a temporary copy of the project and runs the launcher
 * (scripts/run-app.cjs) exactly as `npm run synth` does.
 */
import { spawnSync } from 'child_process';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { projectCopy } from './support/project-copy';

const copy = projectCopy('synth-failures-');
/** A failure report is a few lines; the bundle is megabytes, so any fragment of it would blow this. */
const READABLE_BYTES = 4000;

/** Runs synth in the copy with `file` edited by `edit`, then restores the file. */
function synthWith(file: string, edit: (source: string) => string): { status: number | null; stderr: string; outdir: string } {
  const path = join(copy, file);
  const original = readFileSync(path, 'utf8');
  const edited = edit(original);
  expect(edited).not.toBe(original);
  writeFileSync(path, edited);
  const outdir = join(copy, `out-${file.replace(/\W/g, '-')}`);
  try {
    const result = spawnSync(process.execPath, ['scripts/run-app.cjs'], { cwd: copy, env: { ...process.env, CDKTF_OUTDIR: outdir }, encoding: 'utf8' });
    return { status: result.status, stderr: result.stderr, outdir };
  } finally {
    writeFileSync(path, original);
  }
}

test('a key pasted twice in an environment file stops the build, naming the key and the line', () => {
  const { status, stderr, outdir } = synthWith('environments/staging.ts', (s) =>
    s.replace('    serviceOverrides: {', "    serviceOverrides: { ollama: { replicas: 1 } },\n    serviceOverrides: {"));
  expect(status).toBe(1);
  expect(stderr).toMatch(/Duplicate key "serviceOverrides"/);
  expect(stderr).toMatch(/environments\/staging\.ts:\d+:\d+/);
  expect(stderr).toMatch(/The app could not be built/);
  expect(stderr.length).toBeLessThan(READABLE_BYTES);
  expect(existsSync(join(outdir, 'manifest.json'))).toBe(false);
});

test('an exception in a construct prints its message and a short stack of project files mapped to the source line', () => {
  const file = 'constructs/kms-key.ts';
  const marker = '  constructor(scope: Construct, id: string, props: KmsKeyProps) {';
  const plantedLine = readFileSync(join(copy, file), 'utf8').split('\n').indexOf(marker) + 2;
  expect(plantedLine).toBeGreaterThan(1);
  const { status, stderr, outdir } = synthWith(file, (s) =>
    s.replace(marker, `${marker}\n    if (props) throw new TypeError('planted failure');`));
  expect(status).toBe(1);
  const lines = stderr.trimEnd().split('\n');
  expect(lines[0]).toBe('synth failed: TypeError: planted failure');
  // The innermost frame is the planted line; later frames walk back through stacks/ to main.ts.
  expect(lines[1]).toMatch(new RegExp(`^ {4}at [\\w. <>]+ \\(constructs/kms-key\\.ts:${plantedLine}:\\d+\\)$`));
  expect(stderr).toMatch(/\((stacks|constructs)\/[\w/-]+\.ts:\d+:\d+\)/);
  for (const line of lines.slice(1)) expect(line).toMatch(/^ {4}(at [\w. <>]+ \((constructs|stacks|environments|lib)\/[\w/.-]+\.ts:\d+:\d+\)|at [\w. <>]+ \(main\.ts:\d+:\d+\)|\(.*\))$/);
  expect(stderr.length).toBeLessThan(READABLE_BYTES);
  expect(existsSync(join(outdir, 'manifest.json'))).toBe(false);
});
