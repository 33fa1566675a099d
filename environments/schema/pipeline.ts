/** The GitHub Actions pipeline's access to this environment's AWS account (docs/deploying.md: "OIDC roles"). */
import { z } from 'zod';

const githubName = /^[A-Za-z0-9_.-]+$/;

export const pipelineSchema = z.object({
  /** The GitHub repository (`owner/name`, exact: no wildcards) whose workflows may assume the roles. */
  repository: z.string().regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+$/, 'must be the exact "owner/name" of the GitHub repository (no wildcards)'),
  /** Branch whose workflow runs may plan with the read-only plan role. @default 'main' */
  branch: z.string().regex(/^[A-Za-z0-9._/-]+$/, 'must be a branch name (no wildcards)').default('main'),
  /** GitHub environment whose jobs may assume the deploy role; give it required reviewers. @default the environment's name */
  githubEnvironment: z.string().regex(githubName, 'must be a GitHub environment name (no wildcards)').optional(),
  /** Pull requests of the repository may plan with the read-only plan role. @default true */
  planOnPullRequests: z.boolean().default(true),
  /** Create the account's GitHub OIDC provider; false when another environment in the same account creates it. @default true */
  createOidcProvider: z.boolean().default(true),
});

export type PipelineConfig = z.output<typeof pipelineSchema>;
