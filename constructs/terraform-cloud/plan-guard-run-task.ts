/**
 * The plan guard as a mandatory post-plan run task of every workspace of the environment: an AWS Lambda function
 * URL running lib/plan-guard/run-task.ts (bundled at synth with the repository's allow-list), the HMAC key in
 * Secrets Manager, and the Terraform Cloud run task attached to each workspace. A blocked plan cannot be applied.
 *
 * The HMAC key comes from the administrator (`TF_VAR_run_task_hmac_key`, e.g. `openssl rand -hex 32`) and is
 * written through write-only arguments (Terraform >= 1.11): it is in neither the code, the synthesized JSON nor state.
 */
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionUrl } from '@cdktf/provider-aws/lib/lambda-function-url';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { OrganizationRunTask } from '@cdktf/provider-tfe/lib/organization-run-task';
import { WorkspaceRunTask } from '@cdktf/provider-tfe/lib/workspace-run-task';
import { AssetType, TerraformAsset, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { createHash } from 'crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'fs';
import { join } from 'path';
import { policyDocument } from '../../lib/iam';
import { PROJECT_ROOT } from '../../lib/project-root';
import { singleFileZip } from '../../lib/zip';
import { KmsKey, cloudWatchLogsGrant } from '../kms-key';

/** Lambda runtime: Node.js 22 (Node.js 20 reached its Lambda deprecation on 2026-04-30). */
export const RUN_TASK_RUNTIME = 'nodejs22.x';

export interface PlanGuardRunTaskProps {
  /** Names the function, role, secret and run task. */
  readonly name: string;
  readonly organization: string;
  readonly accountId: string;
  readonly region: string;
  /** @default 'aws' */
  readonly partition?: string;
  readonly hostname: string;
  /** Workspace names are `<workspacePrefix>-<stack>`: the task maps a workspace back to its stack's allow-list entries. */
  readonly workspacePrefix: string;
  /** Workspace ids the task is attached to, as mandatory, by stack name (stable addresses when stacks are added). */
  readonly workspaceIds: Readonly<Record<string, string>>;
  readonly logRetentionDays: number;
}

/** The Lambda bundle (the handler and the allow-list) as `index.js` in a zip, content-addressed under .build/run-task/. */
export function bundleRunTask(): string {
  const esbuild = require(require.resolve('esbuild', { paths: [PROJECT_ROOT] })) as typeof import('esbuild');
  const out = esbuild.buildSync({
    entryPoints: [join(PROJECT_ROOT, 'lib', 'plan-guard', 'run-task-lambda.ts')], bundle: true, write: false, platform: 'node', target: 'node22',
    format: 'cjs', loader: { '.yaml': 'text' }, external: ['@aws-sdk/*'], legalComments: 'none', logLevel: 'error', absWorkingDir: PROJECT_ROOT, outfile: 'index.js',
    // Module paths in the bundle stay relative to the project even where node_modules is a symlink: same bytes anywhere.
    preserveSymlinks: true,
  });
  const code = out.outputFiles[0].text;
  const dir = join(PROJECT_ROOT, '.build', 'run-task', createHash('sha256').update(code).digest('hex').slice(0, 16));
  const zip = join(dir, 'code.zip');
  if (!existsSync(zip)) {
    // Written under a temporary name and renamed: a concurrent synth sees the whole file or none.
    mkdirSync(dir, { recursive: true });
    const temporary = `${zip}.${process.pid}`;
    writeFileSync(temporary, singleFileZip('index.js', Buffer.from(code)));
    renameSync(temporary, zip);
  }
  return dir;
}

export class PlanGuardRunTask extends Construct {
  public readonly url: string;

  constructor(scope: Construct, id: string, props: PlanGuardRunTaskProps) {
    super(scope, id);
    const partition = props.partition ?? 'aws';
    const hmac = new TerraformVariable(this, 'hmac-key', { type: 'string', sensitive: true, nullable: false, description: 'HMAC key of the plan-guard run task (TF_VAR_run_task_hmac_key); the same value on every apply' });
    hmac.overrideLogicalId('run_task_hmac_key');
    // An ephemeral input: the key is in no plan file either.
    hmac.addOverride('ephemeral', true);
    // Write-only values are not compared: a new key reaches Secrets Manager only with a new version number (the run
    // task itself is replaced when its key's hash changes).
    const hmacVersion = new TerraformVariable(this, 'hmac-key-version', { type: 'number', default: 1, nullable: false, description: 'Bump with every new TF_VAR_run_task_hmac_key (TF_VAR_run_task_hmac_key_version)' });
    hmacVersion.overrideLogicalId('run_task_hmac_key_version');

    const key = new KmsKey(this, 'key', {
      alias: `${props.name}`, description: `${props.name}: run task HMAC key and logs`, accountId: props.accountId, partition,
      serviceGrants: [cloudWatchLogsGrant(props.region, props.accountId, partition)],
    });
    const secret = new SecretsmanagerSecret(this, 'hmac-secret', { name: `${props.name}-hmac`, kmsKeyId: key.arn, recoveryWindowInDays: 7, description: 'HMAC key Terraform Cloud signs run task requests with' });
    const secretValue = new SecretsmanagerSecretVersion(this, 'hmac-value', { secretId: secret.id, secretStringWo: hmac.stringValue, secretStringWoVersion: hmacVersion.numberValue });
    const logs = new CloudwatchLogGroup(this, 'logs', { name: `/aws/lambda/${props.name}`, retentionInDays: props.logRetentionDays, kmsKeyId: key.arn });

    const role = new IamRole(this, 'role', {
      name: props.name,
      assumeRolePolicy: policyDocument([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': props.accountId } } }]),
    });
    const rolePolicy = new IamRolePolicy(this, 'policy', {
      role: role.name, name: 'least-privilege',
      policy: policyDocument([
        { Sid: 'ReadHmacKey', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secret.arn },
        { Sid: 'DecryptHmacKey', Effect: 'Allow', Action: 'kms:Decrypt', Resource: key.arn, Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${props.region}.amazonaws.com` } } },
        { Sid: 'WriteLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${logs.arn}:*` },
      ]),
    });
    // A file asset: cdktf's archive assets zip in a child process that does not work from the bundled app.
    const code = new TerraformAsset(this, 'code', { path: join(bundleRunTask(), 'code.zip'), type: AssetType.FILE });
    const fn = new LambdaFunction(this, 'function', {
      functionName: props.name, role: role.arn, runtime: RUN_TASK_RUNTIME, handler: 'index.handler', filename: code.path, sourceCodeHash: code.assetHash,
      timeout: 60, memorySize: 256, architectures: ['arm64'],
      // A public URL: cap what unsigned calls can cost (each is refused at the signature check).
      reservedConcurrentExecutions: 5,
      environment: { variables: { HMAC_SECRET_ARN: secret.arn, TFC_HOSTNAME: props.hostname, WORKSPACE_PREFIX: `${props.workspacePrefix}-` } },
      loggingConfig: { logFormat: 'Text', logGroup: logs.name },
      dependsOn: [logs],
    });
    // Terraform Cloud cannot sign AWS requests: the URL is public, and every request must carry the HMAC signature.
    const url = new LambdaFunctionUrl(this, 'url', { functionName: fn.functionName, authorizationType: 'NONE' });
    // A URL with auth type NONE answers 403 until the function's policy lets anyone invoke it through the URL: since
    // October 2025 both lambda:InvokeFunctionUrl and lambda:InvokeFunction (Lambda developer guide, "Control access to
    // Lambda function URLs", read 2026-12-06). aws 5.100.0 cannot add the lambda:InvokedViaFunctionUrl condition to the
    // second (6.28.0 can): until then a direct Invoke is allowed too, and meets the same signature check.
    const invoke = [
      new LambdaPermission(this, 'public-url', { functionName: fn.functionName, action: 'lambda:InvokeFunctionUrl', principal: '*', functionUrlAuthType: 'NONE', statementId: 'TerraformCloudRunTask' }),
      new LambdaPermission(this, 'public-invoke', { functionName: fn.functionName, action: 'lambda:InvokeFunction', principal: '*', statementId: 'TerraformCloudRunTaskInvoke' }),
    ];
    this.url = url.functionUrl;

    // Terraform Cloud checks the URL when it creates the task: the function must answer by then.
    const task = new OrganizationRunTask(this, 'run-task', {
      organization: props.organization, name: props.name.replace(/[^A-Za-z0-9_-]/g, '-'), url: this.url, enabled: true, category: 'task',
      hmacKeyWo: hmac.stringValue, description: 'plan-guard: blocks unreviewed deletes and replacements of stateful resources',
      dependsOn: [...invoke, secretValue, rolePolicy, fn],
    });
    for (const [stack, workspaceId] of Object.entries(props.workspaceIds)) {
      new WorkspaceRunTask(this, `attach-${stack}`, { workspaceId, taskId: task.id, enforcementLevel: 'mandatory', stages: ['post_plan'] });
    }
  }
}
