/**
 * Every identity can do what it runs, and nothing more: the offline access review (lib/access-review) over the
 * synthesized stacks of every environment, the recovery environment included. Expectations come from the stacks
 * and the config, never from a fixed list, so a config-only change needs no edit here.
 */
import { findingLines, reviewPlatform, reviewedEnvironment, type EnvironmentReview } from '../lib/access-review/environment-review';
import { loadEnvironments, ENVIRONMENT_INPUTS } from '../environments';
import { recoverySynth, RECOVERY } from './support/recovery';

const configs = loadEnvironments(RECOVERY, ENVIRONMENT_INPUTS);
let reviews: EnvironmentReview[];

beforeAll(async () => {
  const stacks = recoverySynth().stacks.map((s) => ({ name: s.name, json: s.json }));
  reviews = await reviewPlatform(Object.values(configs).map(reviewedEnvironment), stacks);
});

const review = (name: string) => reviews.find((r) => r.environment === name)!;

describe.each(Object.keys(configs))('%s', (name) => {
  test('every role, key and cluster identity passes the review (one line per finding)', () => {
    expect(findingLines(review(name))).toEqual([]);
  });

  test('the review covered the stacks: every aws_* type is mapped and every role is evaluated', () => {
    const r = review(name);
    expect(r.unmapped).toEqual([]);
    expect(r.unreviewedRoles).toEqual([]);
    if (configs[name].pipeline) {
      // The deploy role was asked about every lifecycle phase, the plan role about reads and writes.
      const phases = new Set(r.rows.filter((x) => x.role.endsWith('-github-deploy')).map((x) => x.phase));
      expect([...phases].sort()).toEqual(['create', 'delete', 'read', 'update']);
      expect(r.rows.some((x) => x.role.endsWith('-github-plan') && x.phase === 'read')).toBe(true);
    }
  });
});
