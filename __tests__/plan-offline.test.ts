/**
 * `npm run plan -- --offline`: a change rehearsed without credentials against a baseline built from a synth output
 * (here the run's synth of the real environments; by default the command synthesizes git HEAD). Run as the command,
 * on the bootstrap stack (small, single provider): an unchanged configuration plans no changes and passes; a planted
 * bucket rename replaces the protected state bucket and the guard blocks it; without Terraform the command says so.
 */
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { OFFLINE_PLAN_JSON, parseOfflineArgs } from '../lib/offline-plan/command';
import { synthAtRef } from '../lib/offline-plan/rehearsal';
import { EXIT } from '../lib/plan-guard/cli';
import { platformOutdir, platformStack, type Json } from './support/synth';
import { terraformToolchain } from './support/terraform';

const ROOT = join(__dirname, '..');
const STACK = 'bootstrap-production';
const toolchain = terraformToolchain();
const work = mkdtempSync(join(tmpdir(), 'plan-offline-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

platformStack(STACK); // the run's synth: the baseline
const allowList = join(work, 'allow.yaml');
writeFileSync(allowList, 'entries: []\n');

/** A synth output holding `stack` (changed by `change`) under the baseline's manifest. */
function headOutdir(name: string, change: (json: Json) => void = () => undefined): string {
  const outdir = join(work, name);
  const manifest = JSON.parse(readFileSync(join(platformOutdir, 'manifest.json'), 'utf8'));
  const entry = manifest.stacks[STACK];
  mkdirSync(join(outdir, entry.workingDirectory), { recursive: true });
  writeFileSync(join(outdir, 'manifest.json'), JSON.stringify(manifest));
  const json = JSON.parse(readFileSync(join(platformOutdir, entry.synthesizedStackPath), 'utf8'));
  change(json);
  writeFileSync(join(outdir, entry.synthesizedStackPath), JSON.stringify(json));
  return outdir;
}

function offlinePlan(headDir: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/plan.ts', '--offline', STACK, '--base-outdir', platformOutdir, '--no-synth', '--allow-list', allowList], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDKTF_OUTDIR: headDir, ...env },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('arguments', () => {
  test('the baseline is git HEAD unless --base or --base-outdir names another', () => {
    expect(parseOfflineArgs(['--offline', 'staging*'])).toMatchObject({ patterns: ['staging*'], base: { ref: 'HEAD' }, synth: true });
    expect(parseOfflineArgs(['--offline', 'staging', '--base', 'origin/main'])).toMatchObject({ base: { ref: 'origin/main' } });
    expect(parseOfflineArgs(['--offline', 'staging', '--base-outdir', 'out', '--no-synth'])).toMatchObject({ base: { outdir: join(process.cwd(), 'out') }, synth: false });
  });

  test.each([
    [['--offline'], /usage: npm run plan -- --offline/],
    [['--offline', 'staging', '--base'], /--base needs a value/],
    [['--offline', 'staging', '--base', 'HEAD', '--base-outdir', 'out'], /not both/],
    [['--offline', 'staging', '--bogus'], /unknown option --bogus/],
  ])('planted: %j is refused', (argv, message) => {
    expect(parseOfflineArgs(argv)).toMatch(message);
  });

  test('an unknown git ref is named in the error', () => {
    const dir = mkdtempSync(join(work, 'ref-'));
    expect(() => synthAtRef('no-such-ref-for-the-offline-plan', dir)).toThrow(/git archive no-such-ref-for-the-offline-plan failed/);
  });
});

test('without terraform the command says what is missing and where to read on (exit 2)', () => {
  const result = offlinePlan(headOutdir('no-terraform'), { TERRAFORM_BIN: join(work, 'absent', 'terraform') });
  expect(result.code).toBe(EXIT.unusable);
  expect(result.err).toMatch(/plan --offline: cannot rehearse: no terraform CLI at TERRAFORM_BIN=.*absent\/terraform/);
  expect(result.err).toMatch(/hashicorp\/aws 5\.100\.0 from a local filesystem mirror .*docs\/operating\.md#rehearsing-a-change-offline/);
});

if ('missing' in toolchain) {
  process.stderr.write(`\n${'!'.repeat(78)}\n!! OFFLINE PLAN CHECKS SKIPPED: ${toolchain.missing}\n${'!'.repeat(78)}\n`);
  test.skip(`offline plan against real Terraform (SKIPPED: ${toolchain.missing})`, () => undefined);
} else {
  const unchanged = headOutdir('unchanged');
  const renamed = headOutdir('renamed', (json) => {
    const buckets = json.resource.aws_s3_bucket as Record<string, Json>;
    const [state] = Object.values(buckets).filter((b) => String(b.bucket).endsWith('-terraform-state'));
    state.bucket = `${state.bucket}-v2`;
  });

  test('an unchanged configuration plans no changes and passes (exit 0)', () => {
    const result = offlinePlan(unchanged);
    expect(result.err).not.toMatch(/PLAN FAILED|error:/);
    expect(result.code).toBe(EXIT.safe);
    expect(result.out).toMatch(new RegExp(`^${STACK}: 0 to add, 0 to change, 0 to replace, 0 to delete, 0 blocked`, 'm'));
    expect(result.out).toMatch(/plan-guard: OK/);
    expect(result.out).toMatch(/offline rehearsal against .*AWS part only, no refresh, fake credentials/);
  });

  test('planted: a state bucket rename replaces the protected bucket and the guard blocks it (exit 1), JSON plan kept', () => {
    const result = offlinePlan(renamed);
    expect(result.code).toBe(EXIT.blocked);
    expect(result.err).toMatch(/plan-guard: BLOCKED stack bootstrap-production/);
    expect(result.err).toMatch(/BLOCKED replace aws_s3_bucket\.state-bucket\S*: S3 bucket: .*replace forced by bucket/);
    const manifest = JSON.parse(readFileSync(join(renamed, 'manifest.json'), 'utf8'));
    const plan = JSON.parse(readFileSync(join(renamed, manifest.stacks[STACK].workingDirectory, OFFLINE_PLAN_JSON), 'utf8'));
    expect(plan.resource_changes.some((c: Json) => c.type === 'aws_s3_bucket' && c.change.actions.includes('delete'))).toBe(true);
  });

  test('nothing is left behind but the JSON plan: no plan file, no state in the synth output', () => {
    const manifest = JSON.parse(readFileSync(join(renamed, 'manifest.json'), 'utf8'));
    expect(readdirSync(join(renamed, manifest.stacks[STACK].workingDirectory)).sort()).toEqual(['cdk.tf.json', OFFLINE_PLAN_JSON]);
  });
}
