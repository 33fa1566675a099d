/** Where Terraform keeps each stack's state (design.md §3). */
import { z } from 'zod';
import { awsRegion, bucketName, resourceName } from './primitives';

export const s3StateSchema = z.object({
  backend: z.literal('s3'),
  /** State bucket (created by the `bootstrap` stack). Overridable with TF_STATE_BUCKET. */
  bucket: bucketName,
  /** Region of the state bucket. */
  region: awsRegion,
  /** Prefix of every state key; the key is `<keyPrefix>/<stack>.tfstate`. */
  keyPrefix: z.string().regex(/^[a-z0-9][a-z0-9/_-]*[a-z0-9]$/, 'must be a path of a-z, 0-9, "/", "_" and "-"'),
  /** KMS key (ARN or alias) that encrypts state objects; default: the bucket's default key. */
  kmsKeyId: z.string().optional(),
});

export const cloudStateSchema = z.object({
  backend: z.literal('cloud'),
  /** Terraform Cloud / Enterprise organization. Overridable with TF_CLOUD_ORGANIZATION. */
  organization: z.string().regex(/^[A-Za-z0-9_-]{3,40}$/, 'must be a Terraform Cloud organization name'),
  /** Workspaces are `<workspacePrefix>-<stack>`, one per stack. */
  workspacePrefix: resourceName,
  /** Terraform Cloud or Enterprise host. */
  hostname: z.string().default('app.terraform.io'),
});

export const localStateSchema = z.object({
  backend: z.literal('local'),
  /** Directory (relative to each stack's working directory) holding state files. */
  directory: z.string().default('terraform.tfstate.d'),
});

export const stateSchema = z.discriminatedUnion('backend', [s3StateSchema, cloudStateSchema, localStateSchema]);

export type StateConfig = z.output<typeof stateSchema>;
