/**
 * `npm run synth` needs no credentials, no network and no Terraform binary: a newcomer synthesizes before installing
 * anything else. cdktf constructs that validate the Terraform version at synth (its DataResource runs
 * `terraform version`) would break that, so `npm run synth`'s own command (scripts/run-app.cjs: the app's build,
 * rebuilt first if a source changed) runs here with a PATH that holds only node.
 */
import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { tempDir } from './support/temp-dir';

const ROOT = join(__dirname, '..');

/** A PATH with only node (cdktf zips archive assets with a `node` child process), and no terraform. */
const runs = tempDir('synth-without-terraform-');

function nodeOnlyPath(): string {
  const dir = mkdtempSync(join(runs, 'node-only-'));
  symlinkSync(process.execPath, join(dir, 'node'));
  return dir;
}

test('synthesizes every stack with no terraform on PATH', () => {
  const outdir = mkdtempSync(join(runs, 'synth-no-terraform-'));
  const nodeOnly = nodeOnlyPath();
  const result = spawnSync(process.execPath, ['scripts/run-app.cjs'], {
    cwd: ROOT,
    encoding: 'utf8',
    // PATH without the directory of any terraform binary; node itself is called by absolute path.
    env: { HOME: process.env.HOME ?? tmpdir(), TMPDIR: tmpdir(), PATH: nodeOnly, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' },
  });
  expect(`${result.stderr}`).not.toMatch(/Could not determine version of terraform/);
  expect(result.status).toBe(0);
  const stacks = readdirSync(join(outdir, 'stacks'));
  expect(stacks).toEqual(expect.arrayContaining(['production', 'production-workloads', 'staging', 'staging-workloads']));
  for (const stack of stacks) expect(existsSync(join(outdir, 'stacks', stack, 'cdk.tf.json'))).toBe(true);
  expect(existsSync(join(nodeOnly, 'terraform'))).toBe(false);
});

test('with staging on Terraform Cloud, the built app synthesizes tfc-staging and its run task bundle with no terraform on PATH', () => {
  // A copy of the repository whose staging keeps its state in Terraform Cloud, run exactly as `npm run synth` runs.
  const copy = mkdtempSync(join(runs, 'synth-cloud-copy-'));
  const skipped = new Set(['node_modules', '.git', '.build', 'cdktf.out', 'coverage', '.bench', '.gen', '.terraform']);
  cpSync(ROOT, copy, { recursive: true, filter: (src) => !skipped.has(relative(ROOT, src).split('/')[0]) });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const staging = join(copy, 'environments', 'staging.ts');
  const edited = readFileSync(staging, 'utf8').replace(/ {2}state: \{\n {4}backend: 's3',[\s\S]*?\n {2}\},\n/, "  state: { backend: 'cloud', organization: 'acme-infra', workspacePrefix: 'aifeedback', agentPool: 'aifeedback-staging' },\n");
  expect(edited).toContain("backend: 'cloud'");
  writeFileSync(staging, edited);
  const outdir = join(copy, 'out');
  const result = spawnSync(process.execPath, ['scripts/run-app.cjs'], {
    cwd: copy, encoding: 'utf8', env: { HOME: process.env.HOME ?? tmpdir(), TMPDIR: tmpdir(), PATH: nodeOnlyPath(), CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' }, timeout: 120_000,
  });
  expect({ status: result.status, stderr: result.status === 0 ? '' : result.stderr.slice(-2000) }).toEqual({ status: 0, stderr: '' });
  const stacks = readdirSync(join(outdir, 'stacks'));
  expect(stacks).toContain('tfc-staging');
  expect(stacks).not.toContain('bootstrap-staging');
  const fn = Object.values<{ filename: string }>(JSON.parse(readFileSync(join(outdir, 'stacks', 'tfc-staging', 'cdk.tf.json'), 'utf8')).resource.aws_lambda_function)[0];
  expect(existsSync(join(outdir, 'stacks', 'tfc-staging', fn.filename))).toBe(true);
});
