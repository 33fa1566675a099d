/**
 * Terraform Cloud state for one stack: the `cloud` block naming its workspace, and cross-stack reads of it through
 * `terraform_remote_state` (backend `remote`). cdktf's own CloudBackend writes the same JSON, but it also checks the
 * installed Terraform's version at synth (`terraform version`), so synth would fail on a machine without Terraform;
 * synth needs no Terraform binary and no network (docs/decisions/0012-offline-deterministic-synth.md).
 */
import { DataTerraformRemoteState, TerraformBackend, type TerraformRemoteState, type TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';

export interface WorkspaceCloudBackendProps {
  /** Terraform Cloud or Enterprise organization. */
  readonly organization: string;
  /** The stack's workspace. */
  readonly workspace: string;
  /** The Terraform Cloud project the workspace belongs to. @default the organization's default project */
  readonly project?: string;
  /** @default 'app.terraform.io' */
  readonly hostname?: string;
}

export class WorkspaceCloudBackend extends TerraformBackend {
  constructor(scope: TerraformStack, private readonly props: WorkspaceCloudBackendProps) {
    super(scope, 'backend', 'cloud');
  }

  public toTerraform(): Record<string, unknown> {
    const { organization, hostname, workspace, project } = this.props;
    return { terraform: { cloud: { organization, hostname, workspaces: { name: workspace, ...(project ? { project } : {}) } } } };
  }

  /** cdktf-cli tells Terraform Cloud (`tfc`) from Enterprise (`tfe`) by this. */
  public toMetadata(): Record<string, unknown> {
    return { ...super.toMetadata(), cloud: (this.props.hostname ?? 'app.terraform.io').startsWith('app.terraform.io') ? 'tfc' : 'tfe' };
  }

  public getRemoteStateDataSource(scope: Construct, name: string, _fromStack: string): TerraformRemoteState {
    const { organization, hostname, workspace } = this.props;
    return new DataTerraformRemoteState(scope, name, { organization, hostname, workspaces: { name: workspace } });
  }
}
