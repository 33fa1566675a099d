/**
 * Terraform Cloud runs → AWS without stored keys (dynamic provider credentials): the account's OIDC provider for
 * the Terraform Cloud host and two roles per environment with the pipeline's plan and deploy permissions
 * (pipeline-permissions.ts). A run's plan phase gets the plan role, its apply phase the apply role
 * (`TFC_AWS_PLAN_ROLE_ARN` / `TFC_AWS_APPLY_ROLE_ARN`).
 *
 * Trust follows the token Terraform Cloud issues (HCP Terraform docs, "Dynamic credentials with the AWS provider",
 * read 2026-12-06): audience `aws.workload.identity`, subject
 * `organization:<org>:project:<project>:workspace:<workspace>:run_phase:<plan|apply>`. Each role lists the exact
 * subjects of this environment's workspaces and one phase: no wildcards.
 */
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { Construct } from 'constructs';
import { terraformCloudRoleName } from '../../environments/schema/pipeline';
import { federatedRolePair, type PipelinePermissionsProps } from './pipeline-permissions';

/** The audience Terraform Cloud puts in its AWS tokens unless a workspace sets TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE. */
export const TERRAFORM_CLOUD_AUDIENCE = 'aws.workload.identity';

export interface TerraformCloudRolesProps extends PipelinePermissionsProps {
  /** Names the roles `<namePrefix>-tfc-plan` / `-tfc-apply`. */
  readonly namePrefix: string;
  readonly organization: string;
  /** The Terraform Cloud project of the workspaces (`project` is the IAM name prefix of the permissions). */
  readonly terraformCloudProject: string;
  /** The workspaces whose runs may assume the roles (the environment's deployed stacks). */
  readonly workspaces: readonly string[];
  /** @default 'app.terraform.io' */
  readonly hostname?: string;
  /** Create the OIDC provider here, else use the account's existing one. @default true */
  readonly createOidcProvider?: boolean;
}

export class TerraformCloudRoles extends Construct {
  public readonly providerArn: string;
  public readonly planRoleArn: string;
  public readonly applyRoleArn: string;
  /** The exact `sub` claims each role trusts. */
  public readonly planSubjects: readonly string[];
  public readonly applySubjects: readonly string[];

  constructor(scope: Construct, id: string, props: TerraformCloudRolesProps) {
    super(scope, id);
    if (props.workspaces.length === 0) throw new Error(`TerraformCloudRoles ${props.namePrefix}: workspaces is empty`);
    const partition = props.partition ?? 'aws';
    const host = props.hostname ?? 'app.terraform.io';
    this.providerArn = `arn:${partition}:iam::${props.accountId}:oidc-provider/${host}`;
    // No thumbprint: IAM fetches the issuer's own when the list is left out (CreateOpenIDConnectProvider).
    const provider = props.createOidcProvider ?? true
      ? new IamOpenidConnectProvider(this, 'provider', { url: `https://${host}`, clientIdList: [TERRAFORM_CLOUD_AUDIENCE] })
      : undefined;
    const subjects = (phase: 'plan' | 'apply') => props.workspaces.map((w) => `organization:${props.organization}:project:${props.terraformCloudProject}:workspace:${w}:run_phase:${phase}`);
    this.planSubjects = subjects('plan');
    this.applySubjects = subjects('apply');
    ({ planRoleArn: this.planRoleArn, deployRoleArn: this.applyRoleArn } = federatedRolePair(this, {
      providerArn: this.providerArn, host, audience: TERRAFORM_CLOUD_AUDIENCE,
      plan: { id: 'plan', name: terraformCloudRoleName(props.namePrefix, 'plan'), description: 'Terraform Cloud plan phase (dynamic credentials)', subjects: this.planSubjects },
      deploy: { id: 'apply', name: terraformCloudRoleName(props.namePrefix, 'apply'), description: 'Terraform Cloud apply phase (dynamic credentials)', subjects: this.applySubjects },
    }, props, provider));
  }
}
