/**
 * The real Terraform CLI against the AWS part of every synthesized stack, and of the stacks other suites build
 * (the recovery environment, an added development environment, the data layer with every option on, the tfc-<env>
 * stacks of a Terraform Cloud backend): init from
 * the local aws 5.100.0 mirror, validate, and an offline `plan -refresh=false` with fake credentials. All of them
 * are child modules of one root, so one init, one validate and one plan cover them (support/terraform-modules.ts);
 * every result is still read and asserted per stack. Skips loudly without the toolchain.
 */
import { dataLayerOptionsStack } from './support/data-layer-options';
import { developmentEnvironment } from './support/environments';
import { recoveryStacks } from './support/recovery';
import { platformStacks, synthesizeEnvironments, terraformCloudOnlyStacks, type Json } from './support/synth';
import { awsResourceCount, hasAwsPart, terraformToolchain, type PartOptions } from './support/terraform';
import { validateAndPlanModules } from './support/terraform-modules';

interface Subject {
  readonly name: string;
  readonly stack: Json;
  readonly options?: PartOptions;
  /** Resources the plan against empty state must create. */
  readonly declared: number;
}

const allResources = (json: Json) => Object.values(json.resource as Record<string, object>).reduce((n, byName) => n + Object.keys(byName).length, 0);

/** Every platform stack with an AWS part, then the configurations other suites build for their own checks. */
function subjects(): Subject[] {
  const platform = platformStacks().filter((s) => hasAwsPart(s.json)).map((s) => ({ name: s.name, stack: s.json, declared: awsResourceCount(s.json) }));
  const { standby, gpu } = recoveryStacks();
  const [recovery, recoveryGpu] = [standby.json, gpu.json];
  // environment-added.test.ts: the docs' walkthrough environment, placeholder guard kept (a terraform_data resource).
  const added = synthesizeEnvironments({ dev: developmentEnvironment() }).dev.json;
  // data-terraform-options.test.ts: every resource of that stack is an AWS resource.
  const options = dataLayerOptionsStack();
  const others: Subject[] = [
    { name: 'dr-production', stack: recovery, declared: awsResourceCount(recovery) },
    { name: 'dr-production-gpu', stack: recoveryGpu, declared: awsResourceCount(recoveryGpu) },
    { name: 'added-dev', stack: added, options: { builtin: true }, declared: awsResourceCount(added) },
    { name: 'data-options', stack: options, declared: allResources(options) },
  ];
  // The Terraform Cloud stacks the shipped environments would have with that backend (the run task's function).
  const cloud = terraformCloudOnlyStacks().map((s) => ({ name: s.name, stack: s.json, declared: awsResourceCount(s.json) }));
  const all = [...platform, ...others, ...cloud];
  const clash = all.map((s) => s.name).filter((name, i, names) => names.indexOf(name) !== i);
  if (clash.length > 0) throw new Error(`module names must be unique: ${clash.join(', ')}`);
  return all;
}

const toolchain = terraformToolchain();
const all = subjects();

if ('missing' in toolchain) {
  const banner = `\n${'!'.repeat(78)}\n!! REAL TERRAFORM CHECKS SKIPPED: ${toolchain.missing}\n!! terraform validate / plan did NOT run for: ${all.map((s) => s.name).join(', ')}\n${'!'.repeat(78)}\n`;
  process.stderr.write(banner);
  test.skip(`terraform validate + plan (SKIPPED: ${toolchain.missing})`, () => undefined);
} else {
  const run = validateAndPlanModules(toolchain, all.map(({ name, stack, options }) => ({ name, stack, options })));

  describe.each(all.map((s) => [s.name, s] as const))('terraform on the AWS part of %s', (name, subject) => {
    const result = run.modules[name];

    test('terraform init installs hashicorp/aws 5.100.0 from the local mirror', () => {
      expect(run.init.output).toMatch(/Installed hashicorp\/aws v5\.100\.0/);
      expect(run.init.ok).toBe(true);
      expect(result.installed).toBe(true);
    });

    test('terraform validate succeeds', () => {
      expect(result.validateErrors).toEqual([]);
    });

    test('terraform plan -refresh=false succeeds and creates exactly the declared AWS resources', () => {
      expect(result.planErrors).toEqual([]);
      expect(result.changes).toBeDefined();
      const changes = result.changes ?? [];
      if (subject.declared === 0) {
        // Only data sources (e.g. the workloads stack's cluster token): they must evaluate offline, no change at all.
        expect(changes).toEqual([]);
        return;
      }
      // A data source read deferred to apply is no change to the infrastructure (Terraform's summary does not count it).
      expect(changes.filter((c) => c.action !== 'create' && c.action !== 'read')).toEqual([]);
      expect(changes.filter((c) => c.action === 'create').length).toBe(subject.declared);
    });
  });

  test('the shared run: the configuration is valid and the plan adds the sum of the declared resources, nothing else', () => {
    expect(run.valid).toBe(true);
    const total = all.reduce((n, s) => n + s.declared, 0);
    expect(run.planSummary).toBe(`Plan: ${total} to add, 0 to change, 0 to destroy.`);
  });
}
