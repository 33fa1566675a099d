/**
 * Adding an environment by docs/environments.md: a third, `development`-tier environment built in memory exactly as
 * docs/environments.md says (support/environments.ts) passes validation next to the shipped two (collides with nothing),
 * synthesizes, passes the policy rules with its tier's waivers, and passes the real `terraform plan` (run in
 * terraform-real.test.ts with every other stack). The same environment with a placeholder left in is refused by the
 * real `terraform plan`, listing the placeholders.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadEnvironments, placeholderWarnings } from '../environments';
import { describePlaceholder, placeholdersOf } from '../environments/placeholders';
import { production } from '../environments/production';
import { staging } from '../environments/staging';
import { POLICY_RULES } from './policy';
import { isExcepted } from './policy/exceptions';
import { developmentEnvironment, withoutPlaceholders } from './support/environments';
import { synthesizeEnvironments, type SynthStack } from './support/synth';
import { terraformToolchain } from './support/terraform';
import { mutated } from './support/config';
import { tempDir } from './support/temp-dir';

const dev = developmentEnvironment();
/** The walkthrough's last step left undone: the example office network of staging still in the EKS allow-list. */
const devWithPlaceholder = mutated(dev, (e) => { e.eks.endpoint.publicAccessCidrs = ['203.0.113.0/24', '91.198.17.0/24']; });

describe('a third, development-tier environment', () => {
  test('validates next to production and staging: no clash of VPC range, names, zones or cluster', () => {
    const envs = loadEnvironments({}, { production, staging, dev });
    expect(Object.keys(envs)).toEqual(['production', 'staging', 'dev']);
    expect(envs.dev.tier).toBe('development');
    expect(placeholderWarnings({ dev: envs.dev })).toEqual([]);
  });

  const stacks = synthesizeEnvironments({ dev });

  test('synthesizes its three stacks with its own names, account and zones', () => {
    // Its own state bucket and backend role in its own account, and its own GitHub roles (kept from staging's copy).
    expect(Object.keys(stacks).sort()).toEqual(['bootstrap-dev', 'dev', 'dev-gpu', 'dev-workloads', 'pipeline-dev']);
    expect([].concat(stacks['bootstrap-dev'].json.provider.aws)[0]).toMatchObject({ allowed_account_ids: ['634512789023'] });
    const infra = stacks.dev;
    expect([].concat(infra.json.provider.aws)[0]).toMatchObject({ allowed_account_ids: ['634512789023'] });
    expect(infra.one('aws_vpc').attrs.cidr_block).toBe('10.30.0.0/16');
    expect(infra.resources('aws_route53_zone').map((z) => z.attrs.name).sort()).toEqual(['dev.aifeedback.internal', 'origin-dev.aifeedback.se']);
    expect(infra.json.terraform.backend.s3).toMatchObject({ key: 'aifeedback/dev.tfstate', bucket: 'aifeedback-dev-terraform-state' });
    // No placeholders left: no refusal in its plan.
    expect(infra.resources('terraform_data')).toEqual([]);
  });

  let zoneOwner: SynthStack | undefined;
  test.each(['dev', 'dev-workloads', 'dev-gpu'])('%s passes every policy rule with only its tier\'s waivers', (name) => {
    // With the zone owner's stack: dev shares production's Cloudflare zone (the same real id), whose settings,
    // WAF and rate limits production's stack owns.
    zoneOwner ??= synthesizeEnvironments({ production: withoutPlaceholders(production) }).production;
    const violations = POLICY_RULES.flatMap((rule) => rule.evaluate(stacks[name], [...Object.values(stacks), zoneOwner!])
      .filter((v) => !isExcepted(rule.id, 'development', v.address))
      .map((v) => `${rule.id} ${v.address}: ${v.message}`));
    expect(violations).toEqual([]);
  });

  const toolchain = terraformToolchain();
  if ('missing' in toolchain) {
    process.stderr.write(`\n!! REAL TERRAFORM CHECKS SKIPPED for the added environment: ${toolchain.missing}\n`);
    test.skip(`terraform plan of the added environment (SKIPPED: ${toolchain.missing})`, () => undefined);
    return;
  }

  // The real `terraform validate` and plan of its infra stack (creates exactly the declared resources) run
  // in terraform-real.test.ts, planned together with every other stack.

  test('with a placeholder left, the real terraform plan refuses, listing every placeholder', () => {
    const refused = synthesizeEnvironments({ dev: devWithPlaceholder }).dev;
    const env = loadEnvironments({}, { dev: devWithPlaceholder }).dev;
    const expected = placeholdersOf(env).map(describePlaceholder);
    expect(expected).toEqual(['eks.endpoint.publicAccessCidrs[0]: "203.0.113.0/24" (a documentation network (TEST-NET), not a real one)']);
    // The guard as synthesized (the terraform_data resource and its local), without the AWS part: a failed
    // precondition fails the whole plan whatever else it holds, and this needs no provider, so it runs in a second.
    const guardOnly = { locals: refused.json.locals, resource: { terraform_data: refused.json.resource.terraform_data } };
    const result = planBuiltinOnly(toolchain.terraform, guardOnly);
    expect(result.status).not.toBe(0);
    const output = result.output.replace(/\s+/g, ' ');
    expect(output).toMatch(/Error: Resource precondition failed/);
    expect(output).toContain('Environment "dev" still has placeholder values');
    for (const line of expected) expect(output).toContain(line);
  });
});

const guardRuns = tempDir('tf-guard-');

/** `terraform init` + `plan` of a configuration that uses only Terraform's built-in provider. */
function planBuiltinOnly(terraform: string, config: object): { status: number | null; output: string } {
  const dir = mkdtempSync(join(guardRuns, 'tf-guard-'));
  writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(config));
  // Terraform's own TMPDIR in the work directory: plugin sockets outlive a killed plugin.
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), TMPDIR: dir, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };
  const init = spawnSync(terraform, ['init', '-input=false', '-no-color', '-backend=false'], { cwd: dir, env, encoding: 'utf8' });
  if (init.status !== 0) return { status: init.status, output: `${init.stdout}${init.stderr}` };
  const plan = spawnSync(terraform, ['plan', '-input=false', '-no-color', '-lock=false'], { cwd: dir, env, encoding: 'utf8' });
  return { status: plan.status, output: `${plan.stdout}${plan.stderr}` };
}
