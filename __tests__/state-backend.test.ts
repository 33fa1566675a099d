import { Testing, TerraformStack } from 'cdktf';
import { configureBackend, stateLocation } from '../constructs/state-backend';
import type { StateConfig } from '../environments/schema/state';
import { platformStack, toJson } from './support/synth';

function backendOf(state: StateConfig, stackName: string) {
  const stack = new TerraformStack(Testing.app(), stackName);
  configureBackend(stack, state, stackName);
  return toJson(stack).terraform;
}

describe('state backends', () => {
  test('s3: key per stack, encrypted, S3-native lock file', () => {
    const terraform = backendOf({ backend: 's3', bucket: 'acme-state', region: 'eu-north-1', keyPrefix: 'acme' }, 'production-workloads');
    expect(terraform.backend.s3).toEqual({
      bucket: 'acme-state', key: 'acme/production-workloads.tfstate', region: 'eu-north-1', encrypt: true, use_lockfile: true,
    });
  });

  test('cloud: one named workspace per stack in the organization', () => {
    const terraform = backendOf({ backend: 'cloud', organization: 'acme', workspacePrefix: 'aifeedback', hostname: 'app.terraform.io' }, 'staging');
    expect(terraform.cloud).toEqual({ organization: 'acme', hostname: 'app.terraform.io', workspaces: { name: 'aifeedback-staging' } });
  });

  test('local: a file per stack', () => {
    expect(backendOf({ backend: 'local', directory: 'state' }, 'dev').backend.local).toEqual({ path: 'state/dev.tfstate' });
  });

  test('stacks of one environment never share a state location', () => {
    const s3: StateConfig = { backend: 's3', bucket: 'b', region: 'eu-north-1', keyPrefix: 'p' };
    expect(stateLocation(s3, 'production')).not.toBe(stateLocation(s3, 'production-workloads'));
  });

  test('the environments use their configured S3 state with locking; bootstrap keeps local state', () => {
    expect(platformStack('production').json.terraform.backend.s3).toMatchObject({ key: 'aifeedback/production.tfstate', use_lockfile: true, encrypt: true });
    expect(platformStack('staging').json.terraform.backend.s3).toMatchObject({ key: 'aifeedback/staging.tfstate', use_lockfile: true });
    expect(platformStack('bootstrap').json.terraform.backend).toEqual({ local: { path: 'bootstrap.tfstate' } });
  });
});
