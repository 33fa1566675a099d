/** Validates environment config at start-up: every broken rule, with environment and field path, before anything is synthesized. */
import type { ZodIssue } from 'zod';
import { closest, suggestion } from '../lib/did-you-mean';
import { checkAcrossEnvironments } from './cross-environment';
import { environmentSchema, type EnvironmentConfig } from './schema/environment';
import { formatPath, type IssuePath } from './schema/issues';
import { oidcProviderProblems } from './schema/pipeline';
import { stateLayoutProblems } from './schema/state';
import { strictDeep } from './schema/strict';

export class ConfigValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid environment configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
    // The message is the whole report: a stack trace would only bury it.
    this.stack = this.message;
  }
}

/** The environment schema with every object strict (unknown keys named, with the closest known key). */
const strictEnvironmentSchema = strictDeep(environmentSchema);

/** Which process-environment variable set a field (`state.bucket` → `TF_STATE_BUCKET`), per environment. */
export type FieldOrigins = Readonly<Record<string, string>>;

function valueAt(input: unknown, path: IssuePath): unknown {
  return path.reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), input);
}

const isMissing = (issue: ZodIssue) => issue.code === 'invalid_type' && issue.received === 'undefined';
const isUnknownKey = (issue: ZodIssue) => issue.code === 'custom' && issue.params?.unknownKey === true;
const isConsequence = (issue: ZodIssue) => issue.code === 'custom' && issue.params?.consequence === true;

/** A missing key with a near-miss key next to it: the unknown key that is most likely its misspelling. */
function misspellingOf(input: unknown, issue: ZodIssue): string | undefined {
  const parent = valueAt(input, issue.path.slice(0, -1));
  if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) return undefined;
  const missing = String(issue.path[issue.path.length - 1]);
  const present = Object.keys(parent).filter((k) => k !== missing);
  return present.find((k) => closest(k, [missing]) === missing);
}

function ruleOf(input: unknown, issue: ZodIssue): string {
  if (isMissing(issue)) {
    const typo = misspellingOf(input, issue);
    return typo ? `required key is missing; found "${typo}", a misspelling of it?` : 'required key is missing';
  }
  if (issue.code === 'invalid_enum_value') return `${issue.message}; ${suggestion(String(issue.received), issue.options.map(String), 'allowed')}`;
  if (issue.code === 'invalid_union_discriminator') return `${issue.message}; ${suggestion(String(valueAt(input, issue.path)), issue.options.map(String), 'allowed')}`;
  return issue.message;
}

/** One line per issue; an unknown key already named as the misspelling of a missing key is not reported twice. */
function describeAll(environment: string, input: unknown, issues: readonly ZodIssue[], origins: FieldOrigins): string[] {
  const explained = new Set(issues.filter(isMissing).flatMap((i) => {
    const typo = misspellingOf(input, i);
    return typo ? [formatPath([...i.path.slice(0, -1), typo])] : [];
  }));
  const causes = issues.filter((i) => !isConsequence(i));
  return issues
    .filter((i) => !(isUnknownKey(i) && explained.has(formatPath(i.path))))
    .filter((i) => !(isConsequence(i) && causes.length > 0))
    .map((issue) => {
      const path = formatPath(issue.path) || '(root)';
      const origin = origins[path];
      const field = origin ? `${path} (from ${origin}=${JSON.stringify(valueAt(input, issue.path))})` : path;
      return `environment "${environment}": ${field}: ${ruleOf(input, issue)}`;
    });
}

/** Parses one environment; the registry key must match `name`. */
function problemsOf(key: string, input: unknown, origins: FieldOrigins): { config?: EnvironmentConfig; problems: string[] } {
  let result: ReturnType<typeof strictEnvironmentSchema.safeParse>;
  try {
    result = strictEnvironmentSchema.safeParse(input);
  } catch (error) {
    // A rule that trips over a value of the wrong shape must still end in a validation line, not a stack trace.
    return { problems: [`environment "${key}": (root): could not be validated (${error instanceof Error ? error.message : String(error)}); check the types of the fields`] };
  }
  if (!result.success) return { problems: describeAll(key, input, result.error.issues, origins) };
  if (result.data.name !== key) {
    return { problems: [`environment "${key}": name: is "${result.data.name}" but the environment is registered as "${key}"`] };
  }
  return { config: result.data, problems: [] };
}

/** Validates one environment or throws a ConfigValidationError naming each field. */
export function validateEnvironment(key: string, input: unknown): EnvironmentConfig {
  return validateEnvironments({ [key]: input })[key];
}

/**
 * Validates all environments and reports every problem of every environment at once; once each is valid on its
 * own, the rules across environments (no overlapping VPCs, no shared hostnames, zones or cluster names).
 */
export function validateEnvironments(
  inputs: Readonly<Record<string, unknown>>,
  origins: Readonly<Record<string, FieldOrigins>> = {},
): Record<string, EnvironmentConfig> {
  const configs: Record<string, EnvironmentConfig> = {};
  const problems: string[] = [];
  for (const [key, input] of Object.entries(inputs)) {
    const outcome = problemsOf(key, input, origins[key] ?? {});
    problems.push(...outcome.problems);
    if (outcome.config) configs[key] = outcome.config;
  }
  if (problems.length === 0) {
    problems.push(...stateLayoutProblems(Object.values(configs).map((c) => ({ name: c.name, accountId: c.aws.accountId, state: c.state }))));
    problems.push(...checkAcrossEnvironments(configs));
    problems.push(...oidcProviderProblems(Object.values(configs)));
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return configs;
}
