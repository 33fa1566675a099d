/**
 * Every `npx cdktf deploy|destroy` command the docs and `npm run dr:commands` give passes cdktf's own stack checks:
 * a deploy must include every stack its stacks depend on, a destroy every stack that depends on its stacks, unless
 * the command says `--ignore-missing-stack-dependencies` (the rules of @cdktf/cli-core's stack helpers, which refuse
 * such a command before Terraform starts). Stack dependencies come from cdktf's manifest of a full synth.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { loadEnvironments } from '../environments';
import { matchesStackPattern } from '../lib/plan-guard/stacks';
import { failoverCommands } from '../scripts/dr-commands';
import { RECOVERY, recoverySynth } from './support/recovery';

const root = join(__dirname, '..');
const envs = loadEnvironments(RECOVERY);
const { outdir } = recoverySynth();
const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')).stacks as Record<string, { dependencies: string[] }>;
const stacks = [
  ...Object.entries(manifest).map(([name, s]) => ({ name, dependencies: s.dependencies })),
  // `tfc-<env>` exists with Terraform Cloud state and `bootstrap-<env>` with S3 state; the docs name both for every
  // environment. Neither depends on a stack (state-cloud.test.ts and the bootstrap tests check that in manifests).
  ...Object.keys(envs).flatMap((e) => [`tfc-${e}`, `bootstrap-${e}`]).filter((n) => !(n in manifest)).map((name) => ({ name, dependencies: [] as string[] })),
];

/** Why cdktf refuses the command, or undefined when it runs. */
function cdktfRefusal(command: string): string | undefined {
  // Docs write `<env>` for any environment: check those with production's stacks.
  const [, verb, rest] = /npx cdktf (deploy|destroy) (.*)$/.exec(command.replace(/<env>/g, 'production')) ?? [];
  if (!verb) return undefined;
  const words = rest.split(/\s+/).map((w) => w.replace(/^['"]|['"]$/g, ''));
  if (words.includes('--ignore-missing-stack-dependencies')) return undefined;
  const chosen = new Set<string>();
  for (const pattern of words.filter((w) => w && !w.startsWith('-'))) {
    const hit = stacks.filter((s) => matchesStackPattern(s.name, pattern));
    if (hit.length === 0) return `no stack matches "${pattern}"`;
    hit.forEach((s) => chosen.add(s.name));
  }
  const missing = verb === 'deploy'
    ? stacks.filter((s) => chosen.has(s.name)).flatMap((s) => s.dependencies).filter((d) => !chosen.has(d))
    : stacks.filter((s) => !chosen.has(s.name) && s.dependencies.some((d) => chosen.has(d))).map((s) => s.name);
  return missing.length > 0 ? `${verb === 'deploy' ? 'dependencies' : 'dependant stacks'} not included: ${[...new Set(missing)].join(', ')}` : undefined;
}

/** Commands in backticks or code blocks of the README and docs/, one per `npx cdktf` occurrence. */
function documentedCommands(): { where: string; command: string }[] {
  const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];
  return files.flatMap((file) => [...readFileSync(join(root, file), 'utf8').matchAll(/npx cdktf (?:deploy|destroy) [^`\n#]*/g)]
    .map((m) => ({ where: file, command: m[0].trim() })));
}

test('every documented cdktf deploy/destroy command passes cdktf\'s stack dependency checks', () => {
  const commands = documentedCommands();
  expect(commands.length).toBeGreaterThan(5);
  const refused = commands.map((c) => ({ ...c, refusal: cdktfRefusal(c.command) })).filter((c) => c.refusal);
  expect(refused).toEqual([]);
});

test('every deploy of the fail-over commands passes them too', () => {
  const lines = failoverCommands(envs['dr-production'], envs.production).filter((l) => l.startsWith('npx cdktf'));
  expect(lines.length).toBeGreaterThan(1);
  expect(lines.map((l) => ({ l, refusal: cdktfRefusal(l) })).filter((c) => c.refusal)).toEqual([]);
});

describe('planted defects: the commands cdktf refuses', () => {
  test.each([
    ['npx cdktf deploy production-gpu', 'dependencies not included: production-workloads, production'],
    ['npx cdktf deploy production-workloads', 'dependencies not included: production'],
    ['npx cdktf destroy dr-production-workloads', 'dependant stacks not included: dr-production-gpu'],
    ['npx cdktf deploy produktion', 'no stack matches "produktion"'],
  ])('%s', (command, refusal) => {
    expect(cdktfRefusal(command)).toBe(refusal);
  });

  test.each([
    "npx cdktf deploy 'production*'",
    'npx cdktf deploy production-gpu --ignore-missing-stack-dependencies',
    'npx cdktf destroy dr-production-gpu dr-production-workloads',
  ])('%s runs', (command) => {
    expect(cdktfRefusal(command)).toBeUndefined();
  });
});
