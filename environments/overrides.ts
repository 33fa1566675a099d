/** Process-environment overrides, so CI and forks point state elsewhere without a code change. */

/** Variables read, and what they replace. */
export const STATE_OVERRIDE_VARIABLES = {
  /** Replaces `state.bucket` of every environment using the s3 backend; `{env}` becomes the environment's name (one bucket per account). */
  bucket: 'TF_STATE_BUCKET',
  /** Replaces `state.organization` of every environment using the cloud backend (Terraform's own variable name). */
  organization: 'TF_CLOUD_ORGANIZATION',
} as const;

type Env = Readonly<Record<string, string | undefined>>;

/** Which field each variable replaces, for the backend it applies to. */
const OVERRIDDEN_FIELD = { bucket: { backend: 's3', field: 'bucket' }, organization: { backend: 'cloud', field: 'organization' } } as const;

/** The variables that apply to this input, as `state.<field>` → variable name (validation names them in its messages). */
export function stateOverrideOrigins(input: unknown, env: Env): Record<string, string> {
  const backend = (input as { state?: { backend?: unknown } } | undefined)?.state?.backend;
  const origins: Record<string, string> = {};
  for (const [key, variable] of Object.entries(STATE_OVERRIDE_VARIABLES) as [keyof typeof STATE_OVERRIDE_VARIABLES, string][]) {
    const target = OVERRIDDEN_FIELD[key];
    // An empty variable counts as unset, as in the shell idiom VAR= command.
    if (backend === target.backend && env[variable]) origins[`state.${target.field}`] = variable;
  }
  return origins;
}

/** Returns a copy of the raw environment input with state overrides applied (validation runs after). */
export function applyStateOverrides<T>(input: T, env: Env): T {
  const raw = input as { name?: unknown; state?: Record<string, unknown> };
  if (!raw?.state || typeof raw.state !== 'object') return input;
  const name = typeof raw.name === 'string' ? raw.name : '';
  const replaced = Object.entries(stateOverrideOrigins(input, env)).map(([path, variable]) => [path.slice('state.'.length), env[variable]?.replace(/\{env\}/g, name)]);
  return replaced.length > 0 ? { ...input, state: { ...raw.state, ...Object.fromEntries(replaced) } } : input;
}
