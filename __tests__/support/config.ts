/** Helpers for validation tests: change one field of a shipped environment and collect the problems. */
import type { EnvironmentInput } from '../../environments';
import { ConfigValidationError, validateEnvironment } from '../../environments/validate';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

/** A deep copy of `base` with `change` applied. */
export function mutated(base: EnvironmentInput, change: (env: Mutable<EnvironmentInput>) => void): EnvironmentInput {
  const copy = structuredClone(base) as Mutable<EnvironmentInput>;
  change(copy);
  return copy;
}

/** Every problem validation reports for `input` registered as `key` (empty when valid). */
export function problemsOf(key: string, input: unknown): string[] {
  try {
    validateEnvironment(key, input);
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return [...error.problems];
    throw error;
  }
}

export type ValidationCase = [label: string, input: EnvironmentInput, path: string, rule: RegExp];

/** Asserts that a problem for `path` starts with the environment and field and matches the rule. */
export function expectProblem(input: EnvironmentInput, path: string, rule: RegExp): void {
  const matching = problemsOf(input.name, input).filter((p) => p.startsWith(`environment "${input.name}": ${path}: `));
  expect(matching.length).toBeGreaterThan(0);
  expect(matching.join('\n')).toMatch(rule);
}

/**
 * `input` with S3 state in its own account (the layout of docs/state.md), whatever backend the shipped config uses:
 * for tests of the S3 rules, so they hold when an environment moves to Terraform Cloud.
 */
export function withS3State(input: EnvironmentInput): EnvironmentInput {
  if (input.state.backend === 's3') return input;
  const account = input.aws.accountId;
  return mutated(input, (e) => {
    e.state = {
      backend: 's3', bucket: `${e.project}-${e.name}-terraform-state`, region: e.aws.region, keyPrefix: e.project,
      roleArn: `arn:aws:iam::${account}:role/${e.project}-${e.name}-terraform-state`, trustedRoleArns: [`arn:aws:iam::${account}:role/terraform-deploy`],
    };
  });
}
