/** Whole-environment properties: provider pinning, tags, the bootstrap stack's state bucket. */
import { asList, parsePolicy, platformStack, platformStacks, testEnvironments } from './support/synth';

const envs = testEnvironments();

test('synthesizes exactly the expected stacks: per environment its three stacks, then what its backend and pipeline imply', () => {
  const cloud = (env: (typeof envs)[string]) => env.state.backend === 'cloud';
  const expected = Object.values(envs).flatMap((env) => [env.name, `${env.name}-workloads`, `${env.name}-gpu`,
    ...(env.state.backend === 's3' ? [`bootstrap-${env.name}`] : []), ...(env.pipeline || cloud(env) ? [`pipeline-${env.name}`] : []), ...(cloud(env) ? [`tfc-${env.name}`] : [])]);
  expect(platformStacks().map((s) => s.name).sort()).toEqual(expected.sort());
  expect(Object.keys(envs)).toEqual(expect.arrayContaining(['production', 'staging']));
});

describe.each(Object.keys(envs))('%s infra stack', (name) => {
  const stack = platformStack(name);

  test('the AWS provider is pinned to the configured account and region, and tags everything', () => {
    const provider = asList(stack.json.provider.aws)[0];
    expect(provider.region).toBe(envs[name].aws.region);
    expect(provider.allowed_account_ids).toEqual([envs[name].aws.accountId]);
    expect(asList(provider.default_tags)[0].tags).toMatchObject({ Project: 'aifeedback', Environment: name, ManagedBy: 'cdktf', Stack: name });
  });

  test('pins hashicorp/aws 5.100.0 exactly', () => {
    expect(stack.json.terraform.required_providers.aws.version).toBe('5.100.0');
  });

  test('the logs key encrypts every log group of the region', () => {
    const key = stack.resources('aws_kms_key').find((k) => k.attrs.description.endsWith('CloudWatch Logs encryption'))!;
    const groups = stack.resources('aws_cloudwatch_log_group').filter((g) => !g.attrs.provider);
    expect(groups.map((g) => g.attrs.name)).toEqual(expect.arrayContaining([`/aws/vpc/aifeedback-${name}/flow-logs`, `/aws/eks/aifeedback-${name}/cluster`]));
    for (const group of groups) expect(group.attrs.kms_key_id).toBe(`\${${key.address}.arn}`);
  });

  test('stateful resources are protected from destroy', () => {
    for (const r of stack.resources('aws_kms_key', 'aws_s3_bucket')) expect(r.attrs.lifecycle?.prevent_destroy).toBe(true);
  });
});

describe('bootstrap stack', () => {
  const stack = platformStack('bootstrap-production');

  test('creates the state bucket with SSE-KMS under its own key, logging to the access-log bucket', () => {
    const state = stack.one('aws_s3_bucket', 'state-bucket');
    const logs = stack.one('aws_s3_bucket', 'access-logs');
    expect(state.attrs.bucket).toBe('aifeedback-production-terraform-state');
    const sse = stack.referencing(state.address, 'aws_s3_bucket_server_side_encryption_configuration')[0];
    expect(asList(sse.attrs.rule)[0].apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: 'aws:kms', kms_master_key_id: `\${${stack.one('aws_kms_key').address}.arn}`,
    });
    const logging = stack.resources('aws_s3_bucket_logging').find((l) => l.attrs.bucket === `\${${state.address}.id}`);
    expect(logging?.attrs.target_bucket).toBe(`\${${logs.address}.bucket}`);
  });

  test('the log bucket accepts log delivery only from the state bucket of this account', () => {
    const logs = stack.one('aws_s3_bucket', 'access-logs');
    const policy = stack.resources('aws_s3_bucket_policy').find((p) => p.attrs.bucket === `\${${logs.address}.id}`);
    const delivery = parsePolicy(policy?.attrs.policy).Statement.find((s: { Sid: string }) => s.Sid === 'S3ServerAccessLogDelivery');
    expect(delivery.Condition.ArnLike['aws:SourceArn']).toEqual(['arn:aws:s3:::aifeedback-production-terraform-state']);
    expect(delivery.Condition.StringEquals['aws:SourceAccount']).toBe('111111111111');
  });

  test('both buckets and the key refuse destroy', () => {
    for (const r of stack.resources('aws_s3_bucket', 'aws_kms_key')) expect(r.attrs.lifecycle.prevent_destroy).toBe(true);
  });
});

test('depends_on entries are plain resource addresses (Terraform rejects interpolations there)', () => {
  for (const stack of platformStacks()) {
    for (const r of stack.resources()) {
      for (const dep of r.attrs.depends_on ?? []) expect({ at: r.address, dep }).toEqual({ at: r.address, dep: expect.stringMatching(/^(data\.)?[a-z0-9_]+\.[\w-]+$/) });
    }
  }
});
