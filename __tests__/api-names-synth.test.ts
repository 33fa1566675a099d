/**
 * The name table against what the stacks really synthesize: every literal name of a listed Terraform type in every
 * stack is within its API's limits; every config-driven name of a kind validation derives is one it derives (a
 * construct building a name the table does not know fails here); and an environment with the longest project slug
 * validation accepts synthesizes only names the APIs accept.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ENVIRONMENT_INPUTS, loadEnvironments, type EnvironmentConfig } from '../environments';
import { derivedNames } from '../environments/schema/derived-names';
import { NAME_RULES, nameKindOf, nameProblem, type NameKind } from '../environments/schema/name-limits';
import { mutated, problemsOf } from './support/config';
import { platformStacks, synthesizeApp, SynthStack, terraformCloudOnlyStacks, testEnvironments } from './support/synth';

interface SynthName { readonly stack: string; readonly kind: NameKind; readonly name: string }

/** Every literal (reference-free) name of a type in NAME_RULES. */
function synthesizedNames(stacks: readonly SynthStack[]): SynthName[] {
  return stacks.flatMap((stack) => stack.resources().flatMap((r) => Object.entries(r.attrs).flatMap(([attribute, value]) => {
    const kind = nameKindOf(`${r.type}.${attribute}`);
    return kind && typeof value === 'string' && !value.includes('${') ? [{ stack: stack.name, kind, name: value }] : [];
  })));
}

/** The environment a stack belongs to (`<env>`, `<env>-workloads`, `<env>-gpu`, `pipeline-<env>`, `bootstrap-<env>`, `tfc-<env>`). */
const environmentOf = (stack: string, envs: Record<string, EnvironmentConfig>) =>
  envs[stack.replace(/^(bootstrap|pipeline|tfc)-/, '').replace(/-(workloads|gpu)$/, '')];

/** Synthesized names of a kind validation derives that depend on config but are not among the derived names. */
function unknownNames(names: readonly SynthName[], configs: Record<string, EnvironmentConfig>): string[] {
  return names.flatMap((n) => {
    const env = environmentOf(n.stack, configs);
    const derived = derivedNames(env);
    if (!derived.some((d) => d.kind === n.kind)) return [];
    // Fixed names (an inline policy called "least-privilege") do not change with config; the limit test covers them.
    if (!n.name.includes(env.project) && !n.name.includes(env.name) && !derived.some((d) => d.name === n.name)) return [];
    return derived.some((d) => d.kind === n.kind && d.name === n.name) ? [] : [`${n.stack}: ${n.kind} "${n.name}"`];
  });
}

describe('synthesized names and the name table', () => {
  const envs = testEnvironments();
  const cloudEnvs = loadEnvironments({}, Object.fromEntries(Object.entries(ENVIRONMENT_INPUTS).map(([name, input]) => [name, input.state.backend === 'cloud' ? input : {
    ...input, state: { backend: 'cloud' as const, organization: 'acme-infra', workspacePrefix: input.project ?? 'aifeedback', agentPool: `${input.project ?? 'aifeedback'}-${name}` },
  }])));
  const platform = synthesizedNames(platformStacks());
  const cloud = synthesizedNames(terraformCloudOnlyStacks());

  it('finds names of most listed kinds (the scan reads the right attributes)', () => {
    const kinds = new Set([...platform, ...cloud].map((n) => n.kind));
    expect(kinds.size).toBeGreaterThan(Object.keys(NAME_RULES).length / 2);
  });

  it('every synthesized name is within the limits of its resource type', () => {
    const broken = [...platform, ...cloud].flatMap((n) => { const p = nameProblem(n.kind, n.name); return p ? [`${n.stack}: ${n.name} ${p}`] : []; });
    expect(broken).toEqual([]);
  });

  it('every config-driven name of a derived kind is one validation derives', () => {
    expect([...unknownNames(platform, envs), ...unknownNames(cloud, cloudEnvs)]).toEqual([]);
  });

  it('a construct that builds a name the templates do not list is caught (planted)', () => {
    const env = Object.values(envs)[0];
    const planted = new SynthStack(env.name, { resource: { aws_iam_role: { x: { name: `${env.project}-${env.name}-brand-new-role` } } } });
    expect(unknownNames(synthesizedNames([planted]), envs)).toEqual([`${env.name}: iamRole "${env.project}-${env.name}-brand-new-role"`]);
  });

  it('the longest project slug validation accepts synthesizes only names the APIs accept', () => {
    const base = Object.values(ENVIRONMENT_INPUTS).reduce((a, b) => (`${b.project}-${b.name}`.length > `${a.project}-${a.name}`.length ? b : a));
    // Grow the slug one character at a time until validation refuses it; synthesize the last accepted one.
    let accepted = base;
    for (let extra = 1; extra <= 32; extra++) {
      const project = `${base.project}${'x'.repeat(extra)}`.slice(0, 32);
      const candidate = mutated(base, (e) => { e.project = project; });
      if (problemsOf(base.name, candidate).length > 0) break;
      accepted = candidate;
    }
    expect(accepted.project.length).toBeGreaterThan(base.project.length);
    const outdir = mkdtempSync(join(tmpdir(), 'api-names-'));
    let stacks: SynthStack[];
    try {
      stacks = synthesizeApp(loadEnvironments({}, { [base.name]: accepted }), outdir);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
      rmSync(`${outdir}.stacks.json`, { force: true });
    }
    const broken = synthesizedNames(stacks).flatMap((n) => { const p = nameProblem(n.kind, n.name); return p ? [`${n.stack}: ${n.name} ${p}`] : []; });
    expect(broken).toEqual([]);
  });

  it('the scan catches a name over its limit (planted)', () => {
    const planted = new SynthStack('planted', { resource: { aws_iam_role: { x: { name: 'r'.repeat(NAME_RULES.iamRole.max + 1) } } } });
    expect(synthesizedNames([planted]).map((n) => nameProblem(n.kind, n.name))).toEqual([expect.stringMatching(/IAM role names allow at most/)]);
  });
});
