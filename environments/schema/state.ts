/**
 * Where Terraform keeps each stack's state. S3 state lives in the environment's own account (docs/state.md): a
 * `bootstrap-<env>` stack per account creates the bucket, its KMS key and the environment's backend role.
 */
import { z } from 'zod';
import { awsRegion, bucketName, resourceName } from './primitives';
import type { IssueReporter } from './issues';

const roleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)');

export const s3StateSchema = z.object({
  backend: z.literal('s3'),
  /** State bucket in aws.accountId (created by the `bootstrap-<env>` stack). Overridable with TF_STATE_BUCKET. */
  bucket: bucketName,
  /** Region of the state bucket. */
  region: awsRegion,
  /** Prefix of every state key; the key is `<keyPrefix>/<stack>.tfstate`. */
  keyPrefix: z.string().regex(/^[a-z0-9][a-z0-9/_-]*[a-z0-9]$/, 'must be a path of a-z, 0-9, "/", "_" and "-"'),
  /**
   * The backend role every stack of this environment assumes for its state (and the bootstrap stack creates): it alone
   * may read and write this environment's state objects and lock files.
   */
  roleArn,
  /** Who may assume `roleArn`: deploy roles (CI, Terraform Cloud) and the people running cdktf. Same account. */
  trustedRoleArns: z.array(roleArn).min(1, 'needs at least one role that deploys this environment'),
  /** KMS key (ARN or alias ARN) that encrypts state objects. @default the bootstrap key's alias, `alias/<bucket>` in the role's account */
  kmsKeyId: z.string().regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w/-]+$/, 'must be a KMS key ARN or alias ARN').optional(),
});

/** Where a Terraform Cloud workspace's runs execute (Terraform Cloud's "execution mode"). */
const executionMode = z.enum(['remote', 'agent', 'local']);

export const cloudStateSchema = z.object({
  backend: z.literal('cloud'),
  /** Terraform Cloud / Enterprise organization. Overridable with TF_CLOUD_ORGANIZATION. */
  organization: z.string().superRefine((org, ctx) => {
    // The run's OIDC sub claim (`organization:<org>:project:…`) carries the bare name; a pasted URL matches no token.
    const fromUrl = /^(?:https?:\/\/)?[\w.-]+\/app\/([A-Za-z0-9_-]+)/.exec(org)?.[1];
    if (fromUrl) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be the bare organization name "${fromUrl}", not a URL` });
    else if (!/^[A-Za-z0-9_-]{3,40}$/.test(org)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a Terraform Cloud organization name (3-40 letters, digits, "-" and "_")' });
  }),
  /** Workspaces are `<workspacePrefix>-<stack>`, one per stack. */
  workspacePrefix: resourceName,
  /** Terraform Cloud or Enterprise host. */
  hostname: z.string().regex(/^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/, 'must be the bare lower-case host name, such as app.terraform.io (no https://, no path): it names the OIDC provider and the token issuer').default('app.terraform.io'),
  /** The Terraform Cloud project holding the environment's workspaces. @default `<project>-<env>` */
  project: z.string().regex(/^[A-Za-z0-9 _-]{3,40}$/, 'must be a Terraform Cloud project name (3-40 letters, digits, spaces, "-" or "_")').optional(),
  /**
   * Where runs of `<env>` execute: `remote` on Terraform Cloud's runners (it reaches only public APIs), `agent` on the
   * agent pool, `local` on the machine running Terraform (state only). @default 'remote'
   */
  infraExecution: executionMode.default('remote'),
  /**
   * Where runs of `<env>-workloads` and `<env>-gpu` execute. They talk to the cluster API: Terraform Cloud's own runners
   * reach only a public endpoint, and have no aws CLI for `kubernetesAuth: 'exec'`. @default 'agent'
   */
  clusterExecution: executionMode.default('agent'),
  /** The agent pool that runs `agent` workspaces, inside (or routed to) the environment's VPC. */
  agentPool: resourceName.optional(),
  /**
   * Create the account's OIDC provider for the Terraform Cloud host in `pipeline-<env>`; false when another
   * environment in the same account creates it. @default true
   */
  createOidcProvider: z.boolean().default(true),
  /** Health assessments (drift detection) on the workspaces; Terraform Cloud offers them on its Plus tier. @default false */
  healthAssessments: z.boolean().default(false),
  /**
   * Run triggers `<env>` → `<env>-workloads` → `<env>-gpu`, for runs started in Terraform Cloud. Turn them off when CI
   * deploys every stack in order itself: a triggered run uses the workspace's last configuration and queues ahead of
   * CI's own. @default true
   */
  runTriggers: z.boolean().default(true),
  /**
   * Terraform Cloud user ids (`user-…`) of the alarm subscribers, who get the workspaces' run and drift
   * notifications by email: Terraform Cloud mails only organization members. On Terraform Enterprise the email
   * subscribers of `alarmNotifications` are used as they are. @default []
   */
  notificationUserIds: z.array(z.string().regex(/^user-[A-Za-z0-9]+$/, 'must be a Terraform Cloud user id (user-…)')).default([]),
});

export const localStateSchema = z.object({
  backend: z.literal('local'),
  /** Directory (relative to each stack's working directory) holding state files. */
  directory: z.string().default('terraform.tfstate.d'),
});

export const stateSchema = z.discriminatedUnion('backend', [s3StateSchema, cloudStateSchema, localStateSchema]);

export type StateConfig = z.output<typeof stateSchema>;
export type S3StateConfig = z.output<typeof s3StateSchema>;

const accountOf = (arn: string) => arn.split(':')[4];
const partitionOf = (arn: string) => arn.split(':')[1];

/** The state key: an explicit `kmsKeyId`, else the alias the bootstrap stack gives its key (`alias/<bucket>`). */
export function stateKmsKeyId(state: S3StateConfig): string {
  return state.kmsKeyId ?? `arn:${partitionOf(state.roleArn)}:kms:${state.region}:${accountOf(state.roleArn)}:alias/${state.bucket}`;
}

/** What the cloud rules need to know about the environment besides its state. */
export interface ClusterAccess {
  readonly kubernetesAuth: 'token' | 'exec';
  /** The cluster API has a public endpoint. */
  readonly publicEndpoint: boolean;
}

/** Terraform Cloud settings that cannot work: runs that cannot reach the cluster API or authenticate to it. */
export function checkCloudExecution(state: StateConfig, cluster: ClusterAccess, report: IssueReporter): void {
  if (state.backend !== 'cloud') return;
  const uses = [state.infraExecution, state.clusterExecution];
  if (uses.includes('agent') && !state.agentPool) {
    report(['state', 'agentPool'], 'must name the agent pool: a workspace runs on agents (state.infraExecution or state.clusterExecution is "agent")');
  }
  if (state.clusterExecution !== 'remote') return;
  if (cluster.kubernetesAuth === 'exec') {
    report(['workloads', 'kubernetesAuth'], '"exec" runs `aws eks get-token`, and Terraform Cloud\'s remote runners have no aws CLI: use "token", or run the cluster workspaces on an agent with the aws CLI (state.clusterExecution: "agent")');
  }
  if (!cluster.publicEndpoint) {
    report(['state', 'clusterExecution'], 'is "remote", but the cluster API is private (eks.endpoint.publicAccess is false): Terraform Cloud\'s runners cannot reach it; use "agent" with an agent pool in the runner network');
  }
}

/** Per-environment rules: the bucket, key and backend role live in the environment's own account. */
export function checkState(state: StateConfig, accountId: string, report: IssueReporter): void {
  // A malformed aws.accountId is reported by its own rule; comparing against it would only repeat that.
  if (state.backend !== 's3' || !/^\d{12}$/.test(accountId)) return;
  const ownAccount = (arn: string, path: (string | number)[], what: string) => {
    if (accountOf(arn) !== accountId) report(['state', ...path], `${what} is in account ${accountOf(arn)}, not aws.accountId ${accountId}: each environment keeps its state in its own account, so its own credentials need no cross-account trust`);
  };
  ownAccount(state.roleArn, ['roleArn'], 'the backend role');
  state.trustedRoleArns.forEach((arn, index) => ownAccount(arn, ['trustedRoleArns', index], 'the role'));
  if (state.kmsKeyId) ownAccount(state.kmsKeyId, ['kmsKeyId'], 'the state key');
  if (state.kmsKeyId && state.kmsKeyId.split(':')[3] !== state.region) {
    report(['state', 'kmsKeyId'], `is in region ${state.kmsKeyId.split(':')[3]}, not state.region ${state.region}: S3 encrypts only with a key of the bucket's region`);
  }
  if (state.trustedRoleArns.includes(state.roleArn)) report(['state', 'trustedRoleArns'], 'must not list state.roleArn itself');
}

interface StateOwner {
  readonly name: string;
  readonly accountId: string;
  readonly state: StateConfig;
}

/**
 * Rules across environments: a bucket lives in one account and region, and no two environments share a backend role
 * (the role is what keeps one environment out of another's state).
 */
export function stateLayoutProblems(envs: readonly StateOwner[]): string[] {
  const problems: string[] = [];
  const seen: StateOwner[] = [];
  for (const env of envs) {
    const state = env.state;
    if (state.backend !== 's3') continue;
    for (const other of seen) {
      const o = other.state as S3StateConfig;
      if (o.bucket === state.bucket && (other.accountId !== env.accountId || o.region !== state.region)) {
        problems.push(`environment "${env.name}": state.bucket: "${state.bucket}" is also the state bucket of environment "${other.name}" in account ${other.accountId} (${o.region}): a bucket lives in one account and region; give each account its own bucket (TF_STATE_BUCKET accepts "{env}")`);
      }
      if (o.roleArn === state.roleArn) {
        problems.push(`environment "${env.name}": state.roleArn: is also the backend role of environment "${other.name}": each environment needs its own role so neither can read the other's state`);
      }
    }
    seen.push(env);
  }
  return problems;
}
