/**
 * Names and identities the APIs refuse at apply, refused by validation instead: each planted mistake is reported as
 * `environment "<env>": <field>: <rule>`, and the shipped environments pass. Limits come from the rule table
 * (environments/schema/name-limits.ts), never from today's names.
 */
import { ENVIRONMENT_INPUTS, loadEnvironments, type EnvironmentInput } from '../environments';
import { derivedNames } from '../environments/schema/derived-names';
import { NAME_RULES } from '../environments/schema/name-limits';
import { usesPodIdentity } from '../environments/schema/workloads';
import { ConfigValidationError } from '../environments/validate';
import { expectProblem, mutated, problemsOf } from './support/config';

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const inputs = Object.values(ENVIRONMENT_INPUTS);
const configs = loadEnvironments({}, ENVIRONMENT_INPUTS);
/** The shipped environment with the longest `<project>-<name>` prefix: the one a longer slug breaks first. */
const longest = inputs.reduce((a, b) => (`${b.project}-${b.name}`.length > `${a.project}-${a.name}`.length ? b : a));

/** A lower-case slug of exactly `length` characters that the `project` field itself accepts. */
const slug = (length: number) => `ai${'feedback-platform-'.repeat(4)}`.slice(0, length - 1).replace(/-$/, 'x') + 'z';

/** The tightest headroom of any prefix-derived name of `env`: how many characters longer the prefix may get. */
function prefixHeadroom(env: EnvironmentInput): number {
  const config = loadEnvironments({}, { [env.name]: env })[env.name];
  return Math.min(...derivedNames(config).filter((d) => d.field[0] === 'project').map((d) => NAME_RULES[d.kind].max - d.name.length));
}

describe('names derived from config', () => {
  it.each(inputs.map((i) => [i.name, i] as const))('%s: every derived name is within its API limits', (_name, input) => {
    expect(problemsOf(input.name, input)).toEqual([]);
  });

  it('a project slug that makes some derived name too long is refused at `project`', () => {
    const headroom = prefixHeadroom(longest);
    const project = slug(longest.project.length + headroom + 1);
    expect(project.length).toBeLessThanOrEqual(32); // still a valid slug on its own: only the derived names break
    expectProblem(mutated(longest, (e) => { e.project = project; }), 'project', /allow at most \d+.*shorten project or name/);
  });

  it('the longest project slug the derived names allow is accepted', () => {
    const project = slug(longest.project.length + prefixHeadroom(longest));
    expect(problemsOf(longest.name, mutated(longest, (e) => { e.project = project; }))).toEqual([]);
  });

  it('an environment name that makes the ElastiCache id longer than 40 characters is refused at `project` naming both fields', () => {
    const name = slug(40 - longest.project.length); // `<project>-<name>-redis` is then 46
    const input = mutated(longest, (e) => { e.name = name; });
    const lines = problemsOf(name, input).filter((p) => p.startsWith(`environment "${name}": project: `));
    expect(lines.join('\n')).toMatch(/ElastiCache replication group ids allow at most 40/);
    expect(lines.join('\n')).toContain(`"${longest.project}-${name}"`);
  });

  it('a long service name that uses Pod Identity is refused at its own field', () => {
    const [service] = Object.entries(configs[longest.name].workloads.services).find(([, s]) => usesPodIdentity(s))!;
    const roleBudget = NAME_RULES.iamRole.max - `${longest.project}-${longest.name}-app-`.length;
    const name = `${service}-${'x'.repeat(40)}`.slice(0, Math.min(41, roleBudget + 5)).replace(/-$/, 'x');
    expect(name.length).toBeGreaterThan(roleBudget);
    const input = mutated(longest, (e) => {
      const entry = (e.workloads.services as Any[]).find((s) => s.name === service);
      entry.name = name;
      // Clear what names the service elsewhere so the only remaining problem is the role name.
      delete entry.hostname;
      for (const s of e.workloads.services as Any[]) {
        for (const list of ['ingressFrom', 'egressTo'] as const) if (Array.isArray(s[list])) s[list] = s[list].map((x: string) => (x === service ? name : x));
      }
    });
    expectProblem(input, `workloads.services.${name}`, new RegExp(`Pod Identity role of service "${name}".*IAM role names allow at most ${NAME_RULES.iamRole.max}`));
  });

  it('a state bucket that fits S3 but not with its access-log suffix is refused at state.bucket', () => {
    const s3 = inputs.find((i) => i.state.backend === 's3')!;
    const bucket = slug(NAME_RULES.s3Bucket.max - 5); // valid on its own; `-access-logs` pushes it past 63
    expectProblem(mutated(s3, (e) => { (e.state as Any).bucket = bucket; }), 'state.bucket', /access log bucket.*S3 bucket names allow at most 63/);
  });

  it('upper case or underscores in a bucket-derived field are refused', () => {
    const s3 = inputs.find((i) => i.state.backend === 's3')!;
    expectProblem(mutated(s3, (e) => { (e.state as Any).bucket = 'AIFeedback_State'; }), 'state.bucket', /no upper case/);
    expectProblem(mutated(s3, (e) => { e.project = 'AI_feedback'; }), 'project', /a-z, 0-9 and "-"/);
  });

  it('a project slug with a double hyphen is refused: RDS and ElastiCache identifiers may not contain "--"', () => {
    const project = `${longest.project.slice(0, 4)}--${longest.project.slice(4)}`;
    expect(project).toMatch(/^[a-z][a-z0-9-]{1,30}[a-z0-9]$/); // the slug's own rule accepts it
    expectProblem(mutated(longest, (e) => { e.project = project; }), 'project', /RDS DB instance and proxy identifiers: must not contain two consecutive hyphens/);
  });

  it('a backend role name over 64 characters is refused at state.roleArn', () => {
    const s3 = inputs.find((i) => i.state.backend === 's3')!;
    const input = mutated(s3, (e) => {
      const state = e.state as Any;
      state.roleArn = `${state.roleArn.slice(0, state.roleArn.lastIndexOf('/') + 1)}${'terraform-state-backend-'.repeat(3)}`.replace(/-$/, '');
    });
    expectProblem(input, 'state.roleArn', /backend role.*IAM role names allow at most 64/);
  });

  it('prints one line per field and limit, not one per derived name', () => {
    const project = slug(32);
    try {
      loadEnvironments({}, { ...ENVIRONMENT_INPUTS, [longest.name]: mutated(longest, (e) => { e.project = project; }) });
      throw new Error('expected a validation error');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigValidationError);
      const lines = (error as ConfigValidationError).problems.filter((p) => p.includes(': project: makes the name'));
      const kinds = lines.map((l) => /which is \d+ characters: (.*?) allow/.exec(l)?.[1]);
      expect(lines.length).toBeGreaterThan(1);
      expect(new Set(kinds).size).toBe(kinds.length);
    }
  });
});
