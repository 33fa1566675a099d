import { Testing, TerraformStack } from 'cdktf';
import { configureBackend, stateLocation } from '../constructs/state-backend';
import { cloudStateSchema, type StateConfig } from '../environments/schema/state';
import { platformStack, testEnvironments, toJson } from './support/synth';

function backendOf(state: StateConfig, stackName: string) {
  const stack = new TerraformStack(Testing.app(), stackName);
  configureBackend(stack, state, stackName);
  return toJson(stack).terraform;
}

const S3 = {
  backend: 's3', bucket: 'acme-state', region: 'eu-north-1', keyPrefix: 'acme',
  roleArn: 'arn:aws:iam::111111111111:role/acme-state', trustedRoleArns: ['arn:aws:iam::111111111111:role/deploy'],
} as const satisfies StateConfig;

describe('state backends', () => {
  test('s3: key per stack, encrypted under the state key (its alias by default), backend role, S3-native lock file', () => {
    const terraform = backendOf({ ...S3, bucket: 'acme-state' }, 'production-workloads');
    expect(terraform.backend.s3).toEqual({
      bucket: 'acme-state', key: 'acme/production-workloads.tfstate', region: 'eu-north-1', encrypt: true, use_lockfile: true,
      kms_key_id: 'arn:aws:kms:eu-north-1:111111111111:alias/acme-state',
      assume_role: { role_arn: S3.roleArn, session_name: 'cdktf-production-workloads' },
    });
    expect(backendOf({ ...S3, kmsKeyId: 'arn:aws:kms:eu-north-1:111111111111:key/abc' }, 'x').backend.s3.kms_key_id).toBe('arn:aws:kms:eu-north-1:111111111111:key/abc');
  });

  test('cloud: one named workspace per stack in the organization', () => {
    const terraform = backendOf(cloudStateSchema.parse({ backend: 'cloud', organization: 'acme', workspacePrefix: 'aifeedback', agentPool: 'aifeedback-staging' }), 'staging');
    expect(terraform.cloud).toEqual({ organization: 'acme', hostname: 'app.terraform.io', workspaces: { name: 'aifeedback-staging' } });
  });

  test('local: a file per stack', () => {
    expect(backendOf({ backend: 'local', directory: 'state' }, 'dev').backend.local).toEqual({ path: 'state/dev.tfstate' });
  });

  test('stacks of one environment never share a state location', () => {
    const s3: StateConfig = { ...S3, bucket: 'b', keyPrefix: 'p' };
    expect(stateLocation(s3, 'production')).not.toBe(stateLocation(s3, 'production-workloads'));
  });

  test('each environment uses its configured state (S3 with locking, or its workspaces); the bootstrap and tfc stacks keep local state', () => {
    for (const env of Object.values(testEnvironments())) {
      const terraform = platformStack(env.name).json.terraform;
      if (env.state.backend === 's3') {
        expect(terraform.backend.s3).toMatchObject({ key: `${env.state.keyPrefix}/${env.name}.tfstate`, use_lockfile: true, encrypt: true });
        expect(platformStack(`bootstrap-${env.name}`).json.terraform.backend).toEqual({ local: { path: `bootstrap-${env.name}.tfstate` } });
      } else if (env.state.backend === 'cloud') {
        expect(terraform.cloud.workspaces).toEqual({ name: `${env.state.workspacePrefix}-${env.name}` });
        expect(platformStack(`tfc-${env.name}`).json.terraform.backend).toEqual({ local: { path: `tfc-${env.name}.tfstate` } });
      }
    }
  });
});
