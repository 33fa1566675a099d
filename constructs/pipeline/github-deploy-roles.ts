/**
 * GitHub Actions → AWS without long-lived keys: the account's GitHub OIDC provider and two roles per environment,
 * with the pipeline's plan and deploy permissions (pipeline-permissions.ts).
 *
 * - plan role: trusted by pull requests of the one repository and by runs on its deploy branch.
 * - deploy role: trusted only by jobs that run in the GitHub environment (which carries the required reviewers).
 *
 * Every trust statement pins `aud` to sts.amazonaws.com and `sub` to exact values: no wildcard subjects.
 */
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { Construct } from 'constructs';
import { githubRoleName } from '../../environments/schema/pipeline';
import { federatedRolePair, type PipelinePermissionsProps } from './pipeline-permissions';

export { DEPLOY_SESSION_SECONDS, PLAN_SESSION_SECONDS } from './pipeline-permissions';

export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

/** GitHub's OIDC certificate thumbprints (AWS validates GitHub through its own CA store; the provider still asks for them). */
const GITHUB_THUMBPRINTS = ['6938fd4d98bab03faadb97b34396831e3780aea1', '1c58a3a8518e8759bf075b76b750d4f2df264fcd'];

export interface GithubDeployRolesProps extends PipelinePermissionsProps {
  /** `owner/name`, exact. */
  readonly repository: string;
  /** Names the roles `<namePrefix>-github-plan` / `-github-deploy`. */
  readonly namePrefix: string;
  /** Branch whose runs may plan. @default 'main' */
  readonly branch?: string;
  /** GitHub environment whose jobs may deploy. */
  readonly githubEnvironment: string;
  /** Pull requests may plan. @default true */
  readonly planOnPullRequests?: boolean;
  /** Create the OIDC provider here, else use the account's existing one. @default true */
  readonly createOidcProvider?: boolean;
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
    const partition = props.partition ?? 'aws';
    const branch = props.branch ?? 'main';
    // The provider's ARN is fixed by its URL: trust names it literally (readable, and the same whether created here or not).
    this.providerArn = `arn:${partition}:iam::${props.accountId}:oidc-provider/${GITHUB_OIDC_HOST}`;
    const provider = props.createOidcProvider ?? true
      ? new IamOpenidConnectProvider(this, 'provider', { url: `https://${GITHUB_OIDC_HOST}`, clientIdList: ['sts.amazonaws.com'], thumbprintList: GITHUB_THUMBPRINTS })
      : undefined;

    const repo = `repo:${props.repository}`;
    this.planSubjects = [`${repo}:ref:refs/heads/${branch}`, ...(props.planOnPullRequests ?? true ? [`${repo}:pull_request`] : [])];
    this.deploySubjects = [`${repo}:environment:${props.githubEnvironment}`];
    ({ planRoleArn: this.planRoleArn, deployRoleArn: this.deployRoleArn } = federatedRolePair(this, {
      providerArn: this.providerArn, host: GITHUB_OIDC_HOST, audience: 'sts.amazonaws.com',
      plan: { id: 'plan', name: githubRoleName(props.namePrefix, 'plan'), description: 'GitHub Actions plan role (OIDC)', subjects: this.planSubjects },
      deploy: { id: 'deploy', name: githubRoleName(props.namePrefix, 'deploy'), description: 'GitHub Actions deploy role (OIDC)', subjects: this.deploySubjects },
    }, props, provider));
  }
}
