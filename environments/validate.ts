/** Validates environment config at start-up: every broken rule, with environment and field path, before anything is synthesized. */
import type { ZodIssue } from 'zod';
import { environmentSchema, type EnvironmentConfig } from './schema/environment';
import { formatPath } from './schema/issues';
import { stateLayoutProblems } from './schema/state';

export class ConfigValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid environment configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

function describe(environment: string, issue: ZodIssue): string {
  const path = formatPath(issue.path);
  return `environment "${environment}": ${path || '(root)'}: ${issue.message}`;
}

/** Parses one environment; the registry key must match `name`. */
function problemsOf(key: string, input: unknown): { config?: EnvironmentConfig; problems: string[] } {
  const result = environmentSchema.safeParse(input);
  if (!result.success) return { problems: result.error.issues.map((i) => describe(key, i)) };
  if (result.data.name !== key) {
    return { problems: [`environment "${key}": name: is "${result.data.name}" but the environment is registered as "${key}"`] };
  }
  return { config: result.data, problems: [] };
}

/** Validates one environment or throws a ConfigValidationError naming each field. */
export function validateEnvironment(key: string, input: unknown): EnvironmentConfig {
  return validateEnvironments({ [key]: input })[key];
}

/** Validates all environments and reports every problem of every environment at once. */
export function validateEnvironments(inputs: Readonly<Record<string, unknown>>): Record<string, EnvironmentConfig> {
  const configs: Record<string, EnvironmentConfig> = {};
  const problems: string[] = [];
  for (const [key, input] of Object.entries(inputs)) {
    const outcome = problemsOf(key, input);
    problems.push(...outcome.problems);
    if (outcome.config) configs[key] = outcome.config;
  }
  problems.push(...stateLayoutProblems(Object.values(configs).map((c) => ({ name: c.name, accountId: c.aws.accountId, state: c.state }))));
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return configs;
}
