/**
 * State across accounts, proven from the synthesized JSON: for every environment, the bucket policy, the state key's
 * policy and the backend role's trust and permissions are evaluated together. The role its backends assume may read and
 * write exactly its own state objects and lock files (under the state CMK), nothing of another environment's; only
 * the configured deploy roles may assume it; every S3 backend names the state key.
 */
import { Testing } from 'cdktf';
import { production } from '../environments/production';
import { staging } from '../environments/staging';
import { stateKmsKeyId, type S3StateConfig } from '../environments/schema/state';
import { BootstrapStack, bootstrapStackName } from '../stacks/bootstrap-stack';
import { accountOfArn, isAllowed, statementsOf, type AccessRequest } from './support/iam-evaluator';
import { mutated, problemsOf, withS3State } from './support/config';
import { platformStacks, SynthStack, testEnvironments, toJson, type Json } from './support/synth';

const stacks = platformStacks();
const envs = testEnvironments();
const s3Of = (name: string) => envs[name].state as S3StateConfig;
const ref = (address: string, attr: string) => `\${${address}.${attr}}`;

/** Everything about one state bucket, read from its bootstrap stack. */
function bucketModel(bootstrap: SynthStack) {
  const bucket = bootstrap.one('aws_s3_bucket', 'state-bucket');
  const bucketArn = `arn:aws:s3:::${bucket.attrs.bucket}`;
  const bucketPolicy = bootstrap.resources('aws_s3_bucket_policy').find((p) => p.attrs.bucket === ref(bucket.address, 'id'))!;
  const key = bootstrap.one('aws_kms_key');
  const alias = bootstrap.one('aws_kms_alias');
  const provider = (bootstrap.json.provider.aws as Json[])[0];
  const account = provider.allowed_account_ids[0] as string;
  const roles = bootstrap.resources('aws_iam_role').map((role) => ({
    arn: `arn:aws:iam::${account}:role${role.attrs.path === '/' ? '/' : role.attrs.path}${role.attrs.name}`,
    trust: statementsOf(role.attrs.assume_role_policy),
    identity: bootstrap.resources('aws_iam_role_policy').filter((p) => p.attrs.role === ref(role.address, 'name')).flatMap((p) => statementsOf(p.attrs.policy)),
  }));
  return { bootstrap, bucket, bucketArn, bucketStatements: statementsOf(bucketPolicy.attrs.policy), key, keyRef: ref(key.address, 'arn'), keyStatements: statementsOf(key.attrs.policy), alias, account, region: provider.region as string, roles };
}
type BucketModel = ReturnType<typeof bucketModel>;

const bootstraps = stacks.filter((s) => s.name.startsWith('bootstrap-'));
const models: Record<string, BucketModel> = Object.fromEntries(bootstraps.map((b) => bucketModel(b)).map((m) => [m.bucket.attrs.bucket as string, m]));

const TLS = { 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.3' };

/** Can `principalArn` (identity statements `identity`) do `action` on a state object, including the KMS call S3 makes? */
function canObject(model: BucketModel, principalArn: string, identity: Json[], action: string, key: string, sse = 'aws:kms'): boolean {
  const s3: AccessRequest = { principalArn, action, resource: `${model.bucketArn}/${key}`, context: { ...TLS, ...(action === 's3:PutObject' ? { 's3:x-amz-server-side-encryption': sse } : {}) } };
  if (!isAllowed({ identity, resource: model.bucketStatements, resourceAccount: model.account }, s3)) return false;
  if (action === 's3:DeleteObject') return true;
  const kmsAction = action === 's3:PutObject' ? 'kms:GenerateDataKey' : 'kms:Decrypt';
  return isAllowed({ identity, resource: model.keyStatements, resourceAccount: model.account },
    { principalArn, action: kmsAction, resource: model.keyRef, context: { 'kms:ViaService': `s3.${model.region}.amazonaws.com` } });
}

const OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'];
const ADMIN = [{ Effect: 'Allow', Action: '*', Resource: '*' }];

const s3Envs = Object.values(envs).filter((e) => e.state.backend === 's3').map((e) => e.name);

describe.each(s3Envs)('%s state', (name) => {
  const state = s3Of(name);
  const model = models[state.bucket];
  const role = model.roles.find((r) => r.arn === state.roleArn)!;
  // Every stack keeping its state in this environment's bucket, whatever its kind (a new kind of stack included).
  const ownStacks = stacks.filter((s) => s.json.terraform?.backend?.s3?.bucket === state.bucket);
  const ownKeys = ownStacks.map((s) => s.json.terraform.backend.s3.key as string);
  const others = s3Envs.filter((e) => e !== name);

  test('its stacks keep their state in its bucket', () => {
    expect(ownStacks.map((s) => s.name).sort()).toEqual([name, `${name}-gpu`, `${name}-workloads`, `pipeline-${name}`].sort());
  });

  test('lives in its own account: bootstrap stack, bucket, key and backend role pinned to aws.accountId', () => {
    expect(model.bootstrap.name).toBe(bootstrapStackName(envs[name]));
    expect(model.account).toBe(envs[name].aws.accountId);
    expect(role).toBeDefined();
    expect(ownStacks).toHaveLength(4); // <env>, -workloads, -gpu, pipeline- (named in the test above)
  });

  test('every backend of the environment names the state key (the alias of the bootstrap key) and assumes the backend role', () => {
    for (const stack of ownStacks) {
      const backend = stack.json.terraform.backend.s3;
      expect(backend).toMatchObject({ bucket: state.bucket, encrypt: true, use_lockfile: true, kms_key_id: stateKmsKeyId(state), assume_role: { role_arn: state.roleArn } });
      expect(backend.kms_key_id).toBe(`arn:aws:kms:${state.region}:${model.account}:${model.alias.attrs.name}`);
    }
    expect(model.alias.attrs.target_key_id).toBe(ref(model.key.address, 'key_id'));
  });

  test('cross-stack reads (terraform_remote_state) use the same role', () => {
    const workloads = ownStacks.find((s) => s.name.endsWith('-workloads'))!;
    const remote = Object.values(workloads.json.data.terraform_remote_state as Json) as Json[];
    expect(remote.length).toBeGreaterThan(0);
    for (const r of remote) expect(r.config).toMatchObject({ bucket: state.bucket, key: `${state.keyPrefix}/${name}.tfstate`, assume_role: { role_arn: state.roleArn } });
  });

  test('the backend role reads, writes and unlocks its own state objects and lock files under the CMK', () => {
    for (const key of ownKeys.flatMap((k) => [k, `${k}.tflock`])) {
      for (const action of OBJECT_ACTIONS) expect({ key, action, allowed: canObject(model, role.arn, role.identity, action, key) }).toEqual({ key, action, allowed: true });
    }
  });

  test('a write asking for SSE-S3 (what a backend without kms_key_id sends) is refused by the bucket', () => {
    expect(canObject(model, role.arn, role.identity, 's3:PutObject', ownKeys[0], 'AES256')).toBe(false);
  });

  test('planted defect: without the bucket policy\'s per-environment deny, an administrator of the account would read state', () => {
    const weakened = { ...model, bucketStatements: model.bucketStatements.filter((s) => !String(s.Sid).startsWith('OnlyBackendRoleOf')) };
    expect(canObject(weakened, `arn:aws:iam::${model.account}:role/platform-admin`, ADMIN, 's3:GetObject', ownKeys[0])).toBe(true);
  });

  test('only the configured deploy roles may assume the backend role', () => {
    const trust = (principalArn: string) => isAllowed({ identity: ADMIN, resource: role.trust, resourceAccount: model.account }, { principalArn, action: 'sts:AssumeRole', resource: role.arn });
    for (const trusted of state.trustedRoleArns) expect(trust(trusted)).toBe(true);
    expect(trust(`arn:aws:iam::${model.account}:role/some-other-role`)).toBe(false);
    for (const other of others) for (const foreign of s3Of(other).trustedRoleArns) expect(trust(foreign)).toBe(false);
  });

  test('no other principal of the account reaches the state objects, even an administrator', () => {
    const admin = `arn:aws:iam::${model.account}:role/platform-admin`;
    for (const action of OBJECT_ACTIONS) expect(canObject(model, admin, ADMIN, action, ownKeys[0])).toBe(false);
  });

  // Another environment with S3 state (one on Terraform Cloud has nothing in any bucket).
  if (others.length > 0) test.each(others)('nothing of %s: neither its objects nor its lock files nor its key', (other) => {
    const theirs = models[s3Of(other).bucket];
    const theirKeys = stacks.filter((s) => s.name === other || s.name === `${other}-workloads`).map((s) => s.json.terraform.backend.s3.key as string);
    for (const key of theirKeys.flatMap((k) => [k, `${k}.tflock`])) {
      for (const action of OBJECT_ACTIONS) expect(canObject(theirs, role.arn, role.identity, action, key)).toBe(false);
    }
    expect(accountOfArn(role.arn)).not.toBe(theirs.account);
  });
});

describe('environments sharing one account and bucket', () => {
  // Two environments in one account: one bootstrap stack, one bucket, one role each, isolated by the bucket policy.
  const shared = { bucket: 'acme-shared-state', region: 'eu-north-1', keyPrefix: 'acme' };
  const s3 = testEnvironments({ production: withS3State(production), staging: withS3State(staging) });
  const a = { ...s3.production, state: { ...(s3.production.state as S3StateConfig), ...shared } };
  const b = {
    ...s3.staging, aws: { ...s3.staging.aws, accountId: '111111111111' },
    state: { ...(s3.staging.state as S3StateConfig), ...shared, roleArn: 'arn:aws:iam::111111111111:role/acme-staging-state', trustedRoleArns: ['arn:aws:iam::111111111111:role/staging-deploy'] },
  };
  const model = bucketModel(new SynthStack('bootstrap', toJson(new BootstrapStack(Testing.app(), [a, b]))));
  const roleOf = (arn: string) => model.roles.find((r) => r.arn === arn)!;
  const keysOf = (env: string) => [`acme/${env}.tfstate`, `acme/${env}-workloads.tfstate`].flatMap((k) => [k, `${k}.tflock`]);

  test('each role reaches its own objects and none of the other\'s', () => {
    for (const [self, other, arn] of [['production', 'staging', a.state.roleArn], ['staging', 'production', b.state.roleArn]] as const) {
      for (const action of OBJECT_ACTIONS) {
        for (const key of keysOf(self)) expect(canObject(model, arn, roleOf(arn).identity, action, key)).toBe(true);
        for (const key of keysOf(other)) expect(canObject(model, arn, roleOf(arn).identity, action, key)).toBe(false);
        // Even with an identity policy allowing everything, the bucket policy keeps the other role out.
        for (const key of keysOf(other)) expect(canObject(model, arn, ADMIN, action, key)).toBe(false);
      }
    }
  });
});

describe('validation of the state layout', () => {
  test('one bucket name in two accounts is refused (a bucket lives in one account)', () => {
    const problems = (() => {
      try {
        testEnvironments({ production: withS3State(production), staging: mutated(withS3State(staging), (e) => { (e.state as { bucket: string }).bucket = 'aifeedback-production-terraform-state'; }) });
        return [];
      } catch (error) {
        return (error as { problems: string[] }).problems;
      }
    })();
    expect(problems.join('\n')).toMatch(/^environment "staging": state\.bucket: "aifeedback-production-terraform-state" is also the state bucket of environment "production" in account 111111111111/m);
  });

  test('a backend role or trusted role in another account is refused', () => {
    const input = mutated(withS3State(staging), (e) => {
      const state = e.state as { roleArn: string; trustedRoleArns: string[] };
      state.roleArn = 'arn:aws:iam::111111111111:role/aifeedback-staging-terraform-state';
      state.trustedRoleArns = ['arn:aws:iam::111111111111:role/terraform-deploy'];
    });
    const problems = problemsOf('staging', input).join('\n');
    expect(problems).toMatch(/environment "staging": state\.roleArn: the backend role is in account 111111111111, not aws\.accountId 222222222222/);
    expect(problems).toMatch(/environment "staging": state\.trustedRoleArns\[0\]: the role is in account 111111111111/);
  });

  test('TF_STATE_BUCKET keeps working: "{env}" gives each account its own bucket', async () => {
    const { loadEnvironments } = await import('../environments');
    const inputs = { production: withS3State(production), staging: withS3State(staging) };
    const loaded = loadEnvironments({ TF_STATE_BUCKET: 'fork-{env}-state' }, inputs);
    expect([loaded.production.state, loaded.staging.state].map((s) => (s as S3StateConfig).bucket)).toEqual(['fork-production-state', 'fork-staging-state']);
    expect(stateKmsKeyId(loaded.staging.state as S3StateConfig)).toBe('arn:aws:kms:eu-north-1:222222222222:alias/fork-staging-state');
    expect(() => loadEnvironments({ TF_STATE_BUCKET: 'one-bucket' }, inputs)).toThrow(/state\.bucket: "one-bucket" is also the state bucket of environment "production"/);
  });
});
