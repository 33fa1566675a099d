/**
 * GitHub Actions → AWS without long-lived keys: the account's GitHub OIDC provider and two roles per environment.
 *
 * - plan role: trusted by pull requests of the one repository and by runs on its deploy branch. Read-only
 *   (ReadOnlyAccess) with secret values denied, plus the environment's state backend role (docs/state.md).
 * - deploy role: trusted only by jobs that run in the GitHub environment (which carries the required reviewers).
 *   PowerUserAccess (no IAM) plus IAM limited to the project's own roles/policies; it may not touch the pipeline's
 *   own roles or OIDC provider (no self-escalation) and may not act outside the regions the environment's stacks
 *   use (every aws provider region, derived from the stacks) and the global services. Why not narrower:
 *   docs/deploying.md ("Least privilege").
 *
 * Every trust statement pins `aud` to sts.amazonaws.com and `sub` to exact values: no wildcard subjects.
 */
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { githubRoleName } from '../../environments/schema/pipeline';
import { policyDocument, type PolicyStatement } from '../../lib/iam';

/** A plan job's credentials: one hour covers every plan. */
export const PLAN_SESSION_SECONDS = 3600;
/**
 * A deploy job's credentials (the workflow asks for exactly this): a first apply of an environment (EKS, RDS
 * Multi-AZ and its proxy, CloudFront, node groups) can pass an hour, and the job's Terraform must not lose its
 * credentials mid-apply (state lock left behind, resources created but not recorded).
 */
export const DEPLOY_SESSION_SECONDS = 3 * 3600;

export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

/** GitHub's OIDC certificate thumbprints (AWS validates GitHub through its own CA store; the provider still asks for them). */
const GITHUB_THUMBPRINTS = ['6938fd4d98bab03faadb97b34396831e3780aea1', '1c58a3a8518e8759bf075b76b750d4f2df264fcd'];
/** Services without a region, allowed outside the environment's region. */
const GLOBAL_ACTIONS = ['iam:*', 'sts:*', 'route53:*', 'route53domains:*', 'cloudfront:*', 'support:*', 'health:*', 'organizations:Describe*', 'account:Get*'];


export interface GithubDeployRolesProps {
  /** `owner/name`, exact. */
  readonly repository: string;
  /** Names the roles `<namePrefix>-github-plan` / `-github-deploy`. */
  readonly namePrefix: string;
  /** Project prefix of the IAM roles and policies the deploy role may manage (`<project>-*`). */
  readonly project: string;
  readonly accountId: string;
  /**
   * Every region the deploy role applies resources in: the regions of all aws providers of the environment's stacks
   * (`awsProviderRegions`), never a hand-typed list; anything else is denied (`OnlyStackRegions`).
   */
  readonly regions: readonly string[];
  /**
   * The AWS managed policies the deployed stacks attach (`attachedManagedPolicyArns`): the only managed policies the
   * deploy role may attach to the project's roles, so it cannot hand one of them AdministratorAccess.
   */
  readonly attachablePolicyArns: readonly string[];
  /** Branch whose runs may plan. @default 'main' */
  readonly branch?: string;
  /** GitHub environment whose jobs may deploy. */
  readonly githubEnvironment: string;
  /** Pull requests may plan. @default true */
  readonly planOnPullRequests?: boolean;
  /** Create the OIDC provider here, else use the account's existing one. @default true */
  readonly createOidcProvider?: boolean;
  /**
   * The S3 backend role both roles assume for state (plans take the lock too); the bootstrap stack lists the roles
   * among its trusted principals. @default none (Terraform Cloud state has its own credentials)
   */
  readonly stateRoleArn?: string;
  /** @default 'aws' */
  readonly partition?: string;
}

export class GithubDeployRoles extends Construct {
  public readonly providerArn: string;
  public readonly planRoleArn: string;
  public readonly deployRoleArn: string;
  /** The exact `sub` claims each role trusts. */
  public readonly planSubjects: readonly string[];
  public readonly deploySubjects: readonly string[];

  constructor(scope: Construct, id: string, props: GithubDeployRolesProps) {
    super(scope, id);
    if (props.regions.length === 0) throw new Error(`GithubDeployRoles ${props.namePrefix}: regions is empty (give the regions of the stacks the role deploys)`);
    const partition = props.partition ?? 'aws';
    const branch = props.branch ?? 'main';
    const iam = (resource: string) => `arn:${partition}:iam::${props.accountId}:${resource}`;
    // The provider's ARN is fixed by its URL: trust names it literally (readable, and the same whether created here or not).
    this.providerArn = iam(`oidc-provider/${GITHUB_OIDC_HOST}`);
    const provider = props.createOidcProvider ?? true
      ? new IamOpenidConnectProvider(this, 'provider', { url: `https://${GITHUB_OIDC_HOST}`, clientIdList: ['sts.amazonaws.com'], thumbprintList: GITHUB_THUMBPRINTS })
      : undefined;

    const repo = `repo:${props.repository}`;
    this.planSubjects = [`${repo}:ref:refs/heads/${branch}`, ...(props.planOnPullRequests ?? true ? [`${repo}:pull_request`] : [])];
    this.deploySubjects = [`${repo}:environment:${props.githubEnvironment}`];
    const trust = (subjects: readonly string[]) => policyDocument([{
      Effect: 'Allow',
      Principal: { Federated: this.providerArn },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com', [`${GITHUB_OIDC_HOST}:sub`]: [...subjects] } },
    }]);

    // State is reached only through the environment's backend role: the bucket policy keeps every other principal out.
    const stateStatements: PolicyStatement[] = props.stateRoleArn
      ? [{ Sid: 'AssumeStateRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: props.stateRoleArn }]
      : [];
    const pipelineRoles = iam(`role/${props.namePrefix}-github-*`);

    const plan = this.role('plan', githubRoleName(props.namePrefix, 'plan'), trust(this.planSubjects), PLAN_SESSION_SECONDS, 'ReadOnlyAccess', [
      ...stateStatements,
      // Plans run pull-request code: no secret values, no object contents beyond the state.
      { Sid: 'NoSecretValues', Effect: 'Deny', Action: ['secretsmanager:GetSecretValue', 'ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'], Resource: '*' },
    ], partition, provider);
    this.planRoleArn = plan.arn;

    const deploy = this.role('deploy', githubRoleName(props.namePrefix, 'deploy'), trust(this.deploySubjects), DEPLOY_SESSION_SECONDS, 'PowerUserAccess', [
      ...stateStatements,
      {
        Sid: 'ProjectIam', Effect: 'Allow',
        Action: ['iam:Get*', 'iam:List*', 'iam:CreateRole', 'iam:DeleteRole', 'iam:UpdateRole', 'iam:UpdateRoleDescription', 'iam:UpdateAssumeRolePolicy', 'iam:TagRole', 'iam:UntagRole',
          'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:DetachRolePolicy', 'iam:PassRole',
          'iam:CreatePolicy', 'iam:DeletePolicy', 'iam:CreatePolicyVersion', 'iam:DeletePolicyVersion', 'iam:TagPolicy', 'iam:UntagPolicy',
          'iam:CreateInstanceProfile', 'iam:DeleteInstanceProfile', 'iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile', 'iam:TagInstanceProfile'],
        Resource: [iam(`role/${props.project}-*`), iam(`policy/${props.project}-*`), iam(`instance-profile/${props.project}-*`)],
      },
      {
        Sid: 'AttachStackPolicies', Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: iam(`role/${props.project}-*`),
        Condition: { ArnLike: { 'iam:PolicyARN': [...props.attachablePolicyArns, iam(`policy/${props.project}-*`)] } },
      },
      { Sid: 'EksOidcProvider', Effect: 'Allow', Action: ['iam:CreateOpenIDConnectProvider', 'iam:DeleteOpenIDConnectProvider', 'iam:TagOpenIDConnectProvider', 'iam:GetOpenIDConnectProvider'], Resource: iam('oidc-provider/oidc.eks.*') },
      { Sid: 'ServiceLinkedRoles', Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: iam('role/aws-service-role/*') },
      { Sid: 'NoSelfEscalation', Effect: 'Deny', Action: 'iam:*', Resource: [pipelineRoles, this.providerArn] },
      {
        Sid: 'OnlyStackRegions', Effect: 'Deny', NotAction: GLOBAL_ACTIONS, Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': [...props.regions] } },
      },
    ], partition, provider);
    this.deployRoleArn = deploy.arn;
  }

  private role(id: string, name: string, assumeRolePolicy: string, maxSessionDuration: number, managedPolicy: string, statements: PolicyStatement[], partition: string, provider?: IamOpenidConnectProvider): IamRole {
    const role = new IamRole(this, `${id}-role`, {
      name, assumeRolePolicy, maxSessionDuration, description: `GitHub Actions ${id} role (OIDC)`, dependsOn: provider ? [provider] : undefined,
    });
    new IamRolePolicyAttachment(this, `${id}-managed`, { role: role.name, policyArn: `arn:${partition}:iam::aws:policy/${managedPolicy}` });
    new IamRolePolicy(this, `${id}-policy`, { role: role.name, name: `${name}-scoped`, policy: policyDocument(statements) });
    return role;
  }
}
