/** Process-environment overrides, so CI and forks point state elsewhere without a code change. */

/** Variables read, and what they replace. */
export const STATE_OVERRIDE_VARIABLES = {
  /** Replaces `state.bucket` of every environment using the s3 backend; `{env}` becomes the environment's name (one bucket per account). */
  bucket: 'TF_STATE_BUCKET',
  /** Replaces `state.organization` of every environment using the cloud backend (Terraform's own variable name). */
  organization: 'TF_CLOUD_ORGANIZATION',
} as const;

type Env = Readonly<Record<string, string | undefined>>;

/** Returns a copy of the raw environment input with state overrides applied (validation runs after). */
export function applyStateOverrides<T>(input: T, env: Env): T {
  const raw = input as { name?: string; state?: { backend?: string } };
  if (!raw.state) return input;
  const bucket = env[STATE_OVERRIDE_VARIABLES.bucket]?.replace(/\{env\}/g, raw.name ?? '');
  const organization = env[STATE_OVERRIDE_VARIABLES.organization];
  if (raw.state.backend === 's3' && bucket) return { ...input, state: { ...raw.state, bucket } };
  if (raw.state.backend === 'cloud' && organization) return { ...input, state: { ...raw.state, organization } };
  return input;
}
