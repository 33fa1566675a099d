/**
 * Who may touch Terraform state in a state bucket: one backend role per environment, allowed exactly its own state
 * objects and lock files, and a bucket policy that keeps every other principal out of them and refuses SSE-S3 writes.
 */
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { policyDocument, type PolicyStatement } from '../lib/iam';
import { LOCK_FILE_SUFFIX } from './state-backend';

/** Object actions a backend needs: read/write state, write and delete its lock file, read old versions for recovery. */
export const STATE_OBJECT_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:DeleteObject'] as const;
/** What S3 asks of KMS for SSE-KMS objects written and read by the caller. */
export const STATE_KEY_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'] as const;

export interface EnvironmentStateAccess {
  /** Environment name (role description, statement ids). */
  readonly environment: string;
  /** The backend role (`state.roleArn`). */
  readonly roleArn: string;
  /** Roles that may assume it (`state.trustedRoleArns`), all in `accountId`. */
  readonly trustedRoleArns: readonly string[];
  /** State keys of the environment's stacks (`<keyPrefix>/<stack>.tfstate`); lock files are derived. */
  readonly stateKeys: readonly string[];
}

/** The exact object ARNs (state and lock file) of the given keys. */
export function stateObjectArns(bucketArn: string, keys: readonly string[]): string[] {
  return keys.flatMap((key) => [`${bucketArn}/${key}`, `${bucketArn}/${key}${LOCK_FILE_SUFFIX}`]);
}

/** Bucket-policy statements: only the owning role reaches an environment's objects; no write may ask for SSE-S3. */
export function stateBucketStatements(bucketArn: string, environments: readonly EnvironmentStateAccess[]): PolicyStatement[] {
  return [
    {
      Sid: 'DenyStateWritesNotUnderKms',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: `${bucketArn}/*`,
      // IfExists: a write without the header gets the bucket's SSE-KMS default; one asking for AES256 is refused.
      Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
    },
    ...environments.map((env): PolicyStatement => ({
      Sid: `OnlyBackendRoleOf${sidPart(env.environment)}`,
      Effect: 'Deny',
      Principal: '*',
      Action: [...STATE_OBJECT_ACTIONS, 's3:DeleteObjectVersion'],
      Resource: stateObjectArns(bucketArn, env.stateKeys),
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': env.roleArn } },
    })),
  ];
}

const sidPart = (name: string) => name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());

export interface StateBackendRoleProps {
  readonly access: EnvironmentStateAccess;
  readonly accountId: string;
  /** ARN partition. @default 'aws' */
  readonly partition?: string;
  readonly bucketArn: string;
  /** The state key's ARN (not an alias: KMS authorizes on the key). */
  readonly keyArn: string;
  /** Region of the bucket: the key is usable only through S3 there. */
  readonly region: string;
}

/** The backend role of one environment: trusted by its deploy roles, allowed its own state objects and the state key. */
export class StateBackendRole extends Construct {
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: StateBackendRoleProps) {
    super(scope, id);
    const partition = props.partition ?? 'aws';
    const { access } = props;
    const [, path, name] = /^arn:[^:]+:iam::\d{12}:role(\/(?:.*\/)?)?([^/]+)$/.exec(access.roleArn) ?? [];
    if (!name) throw new Error(`StateBackendRole: "${access.roleArn}" is not a role ARN`);
    this.role = new IamRole(this, 'role', {
      name,
      path: path ?? '/',
      description: `Terraform state of ${access.environment}: its state objects and lock files only`,
      maxSessionDuration: 3600,
      // The account as principal plus a PrincipalArn condition: the trusted roles need not exist yet when bootstrap runs
      // (IAM refuses trust policies naming missing roles), and no other principal of the account qualifies.
      assumeRolePolicy: policyDocument([{
        Sid: 'DeployRolesOfThisEnvironment',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${props.accountId}:root` },
        Action: 'sts:AssumeRole',
        Condition: { ArnEquals: { 'aws:PrincipalArn': [...access.trustedRoleArns] } },
      }]),
    });
    new IamRolePolicy(this, 'state', {
      role: this.role.name,
      name: 'terraform-state',
      policy: policyDocument([
        // Terraform lists the bucket to find workspaces; names only, no content.
        { Sid: 'ListStateBucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: props.bucketArn },
        { Sid: 'OwnStateObjects', Effect: 'Allow', Action: [...STATE_OBJECT_ACTIONS], Resource: stateObjectArns(props.bucketArn, access.stateKeys) },
        {
          Sid: 'StateKeyThroughS3',
          Effect: 'Allow',
          Action: [...STATE_KEY_ACTIONS],
          Resource: props.keyArn,
          Condition: { StringEquals: { 'kms:ViaService': `s3.${props.region}.amazonaws.com` } },
        },
      ]),
    });
  }
}
