/** Configures a stack's Terraform backend from environment config (docs/state.md). */
import { LocalBackend, S3Backend, type TerraformStack } from 'cdktf';
import { WorkspaceCloudBackend } from './cloud-backend';
import { stateKmsKeyId, type StateConfig } from '../environments/schema/state';

/** The state key (S3) or workspace name (Terraform Cloud) of a stack. */
export function stateLocation(state: StateConfig, stackName: string): string {
  switch (state.backend) {
    case 's3':
      return `${state.keyPrefix}/${stackName}.tfstate`;
    case 'cloud':
      return `${state.workspacePrefix}-${stackName}`;
    case 'local':
      return `${state.directory}/${stackName}.tfstate`;
  }
}

/** The S3-native lock file Terraform writes next to a state object (`use_lockfile`). */
export const LOCK_FILE_SUFFIX = '.tflock';

/** Adds the backend for `stackName`: one state key or workspace per stack. */
export function configureBackend(stack: TerraformStack, state: StateConfig, stackName: string): void {
  const location = stateLocation(state, stackName);
  switch (state.backend) {
    case 's3':
      new S3Backend(stack, {
        bucket: state.bucket,
        key: location,
        region: state.region,
        encrypt: true,
        // Without a key id the backend sends `ServerSideEncryption: AES256`, which overrides the bucket's SSE-KMS default.
        kmsKeyId: stateKmsKeyId(state),
        // The backend role alone may touch this environment's state (bucket policy); cross-stack reads use it too.
        assumeRole: { roleArn: state.roleArn, sessionName: `cdktf-${stackName}` },
      });
      // S3-native locking (Terraform >= 1.10); cdktf 0.21 has no typed field for it.
      stack.addOverride('terraform.backend.s3.use_lockfile', true);
      return;
    case 'cloud':
      new WorkspaceCloudBackend(stack, { organization: state.organization, hostname: state.hostname, workspace: location });
      return;
    case 'local':
      new LocalBackend(stack, { path: location });
      return;
  }
}
