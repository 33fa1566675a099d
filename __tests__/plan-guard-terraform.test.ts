/**
 * The plan guard against real Terraform plans (aws 5.100.0 from the local mirror, fake credentials, no AWS):
 * the production bootstrap stack is "applied" into an offline baseline state, then config changes are planned against it.
 * Renaming the state bucket must replace the state bucket, its access-log bucket and the state key's alias:
 * Terraform refuses (prevent_destroy), the planner lifts that to see why, and the guard blocks; an allow-list
 * entry lets a named replacement through, an expired one blocks. A tag change passes with the plan kept.
 * Terraform runs: init, schema, the baseline plan (cached between runs), the replacement (plan, lifted plan), the
 * tag change; each plan and show with its own attached provider process (support/attached-provider.mjs).
 */
import { Testing, type TerraformStack } from 'cdktf';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ENVIRONMENT_INPUTS, type EnvironmentInput } from '../environments';
import type { AllowEntry } from '../lib/plan-guard/allow-list';
import { evaluatePlan } from '../lib/plan-guard/guard';
import { parsePlan } from '../lib/plan-guard/plan';
import { planAndGuard, terraform, type GuardedPlan, type TerraformRunner } from '../lib/plan-guard/terraform-plan';
import { buildPlatform } from '../stacks/app';
import { mutated } from './support/config';
import { testEnvironments, type Json } from './support/synth';
import { attachedTerraformCommand, awsPartOf, offlineWorkdir, terraformToolchain } from './support/terraform';
import { baselineKey, OFFLINE_PLAN_ARGS, writeBaselineState } from './support/terraform-baseline';

const STACK = 'bootstrap-production';
const TODAY = new Date('2026-03-10T12:00:00Z');
const toolchain = terraformToolchain();
const production = ENVIRONMENT_INPUTS.production;

/** The bootstrap stack's AWS part for a production config (only production: bootstrap belongs to it). */
function bootstrapFor(input: EnvironmentInput): Json {
  const platform = buildPlatform(testEnvironments({ production: input }));
  return awsPartOf(JSON.parse(Testing.synth(platform.app.node.findChild(STACK) as TerraformStack)));
}

if ('missing' in toolchain) {
  process.stderr.write(`\n${'!'.repeat(78)}\n!! PLAN GUARD TERRAFORM CHECKS SKIPPED: ${toolchain.missing}\n${'!'.repeat(78)}\n`);
  test.skip(`plan guard against real plans (SKIPPED: ${toolchain.missing})`, () => undefined);
} else {
  const { dir, env } = offlineWorkdir(toolchain, 'plan-guard');
  const runner: TerraformRunner = { terraform: toolchain.terraform, cwd: dir, env };
  const configure = (input: EnvironmentInput) => {
    const config = bootstrapFor(input);
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(config, null, 2));
    return config;
  };
  const renamed = mutated(production, (e) => { if (e.state.backend === 's3') e.state.bucket = `${e.state.bucket}-v2`; });
  const retagged = mutated(production, (e) => { e.tags = { ...e.tags, Owner: 'platform-team' }; });

  const baseline = configure(production);
  const init = terraform(runner, ['init', '-input=false', '-no-color', '-backend=false']);
  if (!init.ok) throw new Error(`terraform init failed:\n${init.stdout}${init.stderr}`);
  writeBaselineState(runner, baseline);
  // The bootstrap stack has a single aws provider block, so each command may own one provider process.
  if ([baseline.provider.aws].flat().length !== 1) throw new Error(`${STACK} has several aws provider blocks: one attached provider per command would be configured more than once`);
  const guarded: TerraformRunner = { ...runner, terraform: attachedTerraformCommand(dir, toolchain) };

  const entry = (address: string, expires: string): AllowEntry => ({ stack: STACK, address, action: 'replace', reason: 'state bucket rename, objects copied and verified', expires });
  const address = (plan: GuardedPlan, type: string, fragment: string) =>
    plan.report!.findings.find((f) => f.address.startsWith(`${type}.`) && f.address.includes(fragment))!.address;

  configure(renamed);
  // First pass with no allow-list names what is protected; the second reuses the same JSON plan below.
  const replacement = planAndGuard(guarded, STACK, [], TODAY, OFFLINE_PLAN_ARGS);
  // The directory is reused for the next change: keep what the tests read now.
  const replacementJson = readFileSync(replacement.jsonFile!, 'utf8');
  const replacementPlanFileLeft = existsSync(join(dir, 'plan.out'));
  const replacementPlan = () => parsePlan(replacementJson, 'plan.json');

  configure(retagged);
  const benign = planAndGuard(guarded, STACK, [], TODAY, OFFLINE_PLAN_ARGS);

  describe('a config change that replaces protected resources (state bucket rename)', () => {
    test('Terraform refused on prevent_destroy, so both buckets were re-planned with it lifted', () => {
      expect(replacement.errors).toEqual([]);
      expect(replacement.lifted).toEqual(expect.arrayContaining([expect.stringContaining('state-bucket'), expect.stringContaining('access-logs')]));
    });

    test('the guard blocks each replacement, naming the attribute that forces it', () => {
      expect(replacement.report?.blocked).toBe(true);
      const blocked = replacement.report!.findings.filter((f) => f.status === 'blocked');
      expect(blocked.map((f) => `${f.action} ${f.address.split('.')[0]}`).sort()).toEqual(['replace aws_kms_alias', 'replace aws_s3_bucket', 'replace aws_s3_bucket']);
      expect(blocked.find((f) => f.address === address(replacement, 'aws_s3_bucket', 'state-bucket'))?.why).toMatch(/S3 bucket: .*replace forced by bucket/);
      expect(blocked.find((f) => f.address.startsWith('aws_kms_alias.'))?.why).toMatch(/replace forced by name/);
    });

    test('the blocked plan file is deleted, so it cannot be applied; the JSON stays for review', () => {
      expect(replacement.planFile).toBeUndefined();
      expect(replacementPlanFileLeft).toBe(false);
      expect(replacementJson).toContain('"resource_changes"');
    });

    test('an allow-list entry lets its named replacement through; the others still block', () => {
      const alias = address(replacement, 'aws_kms_alias', '');
      const report = evaluatePlan(replacementPlan(), [entry(alias, '2026-03-31')], STACK, TODAY, replacement.lifted);
      expect(report.findings.find((f) => f.address === alias)?.status).toBe('allowed');
      expect(report.findings.filter((f) => f.status === 'blocked')).toHaveLength(2);
    });

    test('entries for all three let the plan through; an expired one blocks again', () => {
      const entries = replacement.report!.findings.map((f) => entry(f.address, '2026-03-31'));
      expect(evaluatePlan(replacementPlan(), entries, STACK, TODAY, replacement.lifted).blocked).toBe(false);
      const stateBucket = address(replacement, 'aws_s3_bucket', 'state-bucket');
      const expired = entries.map((e) => (e.address === stateBucket ? { ...e, expires: '2026-03-09' } : e));
      const report = evaluatePlan(replacementPlan(), expired, STACK, TODAY, replacement.lifted);
      expect(report.blocked).toBe(true);
      expect(report.findings.find((f) => f.address === stateBucket)?.status).toBe('expired');
    });
  });

  test('the cached baseline is keyed by the configuration: a changed config never reuses it', () => {
    expect(baselineKey(runner, bootstrapFor(retagged))).not.toBe(baselineKey(runner, baseline));
    expect(baselineKey(runner, structuredClone(baseline))).toBe(baselineKey(runner, baseline));
  });

  describe('a benign config change (a tag)', () => {
    test('updates in place only and passes; the plan file is kept for apply', () => {
      expect(benign.errors).toEqual([]);
      expect(benign.report).toMatchObject({ blocked: false, findings: [], counts: { create: 0, replace: 0, delete: 0 } });
      expect(benign.report!.counts.update).toBeGreaterThan(0);
      expect(benign.planFile && existsSync(benign.planFile)).toBe(true);
    });
  });
}
