/** The AWS provider of a stack: pinned to the environment's account and tagging everything it creates. */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../environments/schema/environment';

export function environmentTags(env: EnvironmentConfig, stackName: string): Record<string, string> {
  return { Project: env.project, Environment: env.name, Stack: stackName, ManagedBy: 'cdktf', ...env.tags };
}

/** Default provider in the environment's region; `alias` + `region` for a second region (backup copies, DNSSEC keys). */
export function awsProvider(scope: Construct, env: EnvironmentConfig, stackName: string, alias?: { alias: string; region: string }): AwsProvider {
  return new AwsProvider(scope, alias ? `aws-${alias.alias}` : 'aws', {
    region: alias?.region ?? env.aws.region,
    alias: alias?.alias,
    allowedAccountIds: [env.aws.accountId],
    defaultTags: [{ tags: environmentTags(env, stackName) }],
  });
}
