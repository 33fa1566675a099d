/** The AWS provider of a stack: pinned to the environment's account and tagging everything it creates. */
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Token } from 'cdktf';
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

/**
 * Every region an aws provider of these stacks works in, sorted: what an identity that applies the stacks must be
 * allowed to act in (the deploy role's region condition is built from this, never typed by hand).
 */
export function awsProviderRegions(stacks: readonly Construct[]): string[] {
  const regions = stacks.flatMap((stack) => stack.node.findAll().filter((c): c is AwsProvider => c instanceof AwsProvider).map((p) => p.region));
  if (regions.some((r) => typeof r !== 'string' || r.includes('${'))) throw new Error('awsProviderRegions: an aws provider has no literal region');
  return [...new Set(regions as string[])].sort();
}

/** Every AWS managed policy the stacks attach to their roles, sorted: the only ones their deployer may attach. */
export function attachedManagedPolicyArns(stacks: readonly Construct[]): string[] {
  const arns = stacks.flatMap((stack) => stack.node.findAll().filter((c): c is IamRolePolicyAttachment => c instanceof IamRolePolicyAttachment).map((a) => a.policyArnInput));
  if (arns.some((a) => typeof a !== 'string' || Token.isUnresolved(a))) throw new Error('attachedManagedPolicyArns: a policy attachment has no literal policy ARN');
  return [...new Set(arns as string[])].sort();
}
