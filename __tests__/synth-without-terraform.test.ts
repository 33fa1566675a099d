/**
 * `npm run synth` needs no credentials, no network and no Terraform binary: a newcomer synthesizes before installing
 * anything else. cdktf constructs that validate the Terraform version at synth (its DataResource runs
 * `terraform version`) would break that, so `npm run synth`'s own command (scripts/run-app.cjs: the app's build,
 * rebuilt first if a source changed) runs here with a PATH that holds only node.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const ROOT = join(__dirname, '..');

test('synthesizes every stack with no terraform on PATH', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'synth-no-terraform-'));
  // Only node (cdktf zips file assets with a `node` child process), and no terraform.
  const nodeOnly = mkdtempSync(join(tmpdir(), 'node-only-'));
  symlinkSync(process.execPath, join(nodeOnly, 'node'));
  const result = spawnSync(process.execPath, ['scripts/run-app.cjs'], {
    cwd: ROOT,
    encoding: 'utf8',
    // PATH without the directory of any terraform binary; node itself is called by absolute path.
    env: { HOME: process.env.HOME ?? tmpdir(), PATH: nodeOnly, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' },
  });
  expect(`${result.stderr}`).not.toMatch(/Could not determine version of terraform/);
  expect(result.status).toBe(0);
  const stacks = readdirSync(join(outdir, 'stacks'));
  expect(stacks).toEqual(expect.arrayContaining(['production', 'production-workloads', 'staging', 'staging-workloads']));
  for (const stack of stacks) expect(existsSync(join(outdir, 'stacks', stack, 'cdk.tf.json'))).toBe(true);
  expect(existsSync(join(nodeOnly, 'terraform'))).toBe(false);
});
