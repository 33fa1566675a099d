/**
 * What the pipeline's identities may do, whichever system runs them (GitHub Actions, Terraform Cloud): one plan role
 * and one deploy role per system, each an OIDC-federated role with these permissions. Docs: docs/deploying.md
 * ("OIDC roles", "Least privilege").
 *
 * - plan: ReadOnlyAccess, secret values denied, the S3 backend role when state is in S3.
 * - deploy: PowerUserAccess (no IAM) plus IAM limited to the project's own roles, policies and instance profiles;
 *   it may attach only the AWS managed policies the stacks attach; it may not touch any pipeline identity (roles or
 *   OIDC providers) of the project, and may not act outside the regions the environment's stacks use, global
 *   services aside.
 */
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { Construct } from 'constructs';
import { policyDocument, type PolicyStatement } from '../../lib/iam';

/** A plan job's credentials: one hour covers every plan. */
export const PLAN_SESSION_SECONDS = 3600;
/**
 * A deploy job's credentials (the workflow asks for exactly this): a first apply of an environment (EKS, RDS
 * Multi-AZ and its proxy, CloudFront, node groups) can pass an hour, and the job's Terraform must not lose its
 * credentials mid-apply (state lock left behind, resources created but not recorded).
 */
export const DEPLOY_SESSION_SECONDS = 3 * 3600;

/** Services without a region, allowed outside the environment's regions. */
const GLOBAL_ACTIONS = ['iam:*', 'sts:*', 'route53:*', 'route53domains:*', 'cloudfront:*', 'support:*', 'health:*', 'organizations:Describe*', 'account:Get*'];
/** The OIDC hosts of the pipeline identities: the deploy role may touch none of their providers. */
export const PIPELINE_OIDC_HOSTS = ['token.actions.githubusercontent.com', 'app.terraform.io'] as const;

export interface PipelinePermissionsProps {
  /** Project prefix of the IAM roles and policies the deploy role may manage (`<project>-*`). */
  readonly project: string;
  readonly accountId: string;
  /** @default 'aws' */
  readonly partition?: string;
  /** Every region the deploy role applies resources in (`awsProviderRegions` of the environment's stacks). */
  readonly regions: readonly string[];
  /** The AWS managed policies the deployed stacks attach (`attachedManagedPolicyArns`). */
  readonly attachablePolicyArns: readonly string[];
  /** The S3 backend role both roles assume for state. @default none (Terraform Cloud state) */
  readonly stateRoleArn?: string;
}

/** The pipeline roles of every environment of the project: `<project>-<env>-github-*` and `<project>-<env>-tfc-*`. */
export const pipelineRolePatterns = (project: string) => [`${project}-*-github-*`, `${project}-*-tfc-*`];

export function planStatements(props: Pick<PipelinePermissionsProps, 'stateRoleArn'>): PolicyStatement[] {
  return [
    ...stateStatements(props.stateRoleArn),
    // Plans run pull-request code: no secret values, no object contents beyond the state.
    { Sid: 'NoSecretValues', Effect: 'Deny', Action: ['secretsmanager:GetSecretValue', 'ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'], Resource: '*' },
  ];
}

export function deployStatements(props: PipelinePermissionsProps): PolicyStatement[] {
  if (props.regions.length === 0) throw new Error(`pipeline permissions of ${props.project}: regions is empty (give the regions of the stacks the role deploys)`);
  const iam = (resource: string) => `arn:${props.partition ?? 'aws'}:iam::${props.accountId}:${resource}`;
  return [
    ...stateStatements(props.stateRoleArn),
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
    // Every pipeline identity of the project in this account, another environment's included (a recovery
    // environment shares production's account).
    { Sid: 'NoSelfEscalation', Effect: 'Deny', Action: 'iam:*', Resource: [...pipelineRolePatterns(props.project).map((p) => iam(`role/${p}`)), ...PIPELINE_OIDC_HOSTS.map((h) => iam(`oidc-provider/${h}`))] },
    {
      Sid: 'OnlyStackRegions', Effect: 'Deny', NotAction: GLOBAL_ACTIONS, Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': [...props.regions] } },
    },
  ];
}

/** State is reached only through the environment's backend role: the bucket policy keeps every other principal out. */
function stateStatements(stateRoleArn: string | undefined): PolicyStatement[] {
  return stateRoleArn ? [{ Sid: 'AssumeStateRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: stateRoleArn }] : [];
}

export interface PipelineRoleProps {
  readonly name: string;
  readonly description: string;
  /** The trust policy document (JSON). */
  readonly assumeRolePolicy: string;
  readonly maxSessionDuration: number;
  /** AWS managed policy name (`ReadOnlyAccess`, `PowerUserAccess`). */
  readonly managedPolicy: string;
  readonly statements: readonly PolicyStatement[];
  /** @default 'aws' */
  readonly partition?: string;
  /** Created in the same stack: the role waits for it. */
  readonly provider?: IamOpenidConnectProvider;
}

/**
 * One OIDC-federated pipeline role in `scope`: `<id>-role`, its managed policy `<id>-managed` and its inline
 * `<name>-scoped` policy `<id>-policy`. Flat ids on purpose: they are the Terraform addresses of roles already
 * deployed, and a recreated role breaks its EKS access entry (EKS maps the role's unique id, not its name).
 */
export function pipelineRole(scope: Construct, id: string, props: PipelineRoleProps): IamRole {
  const role = new IamRole(scope, `${id}-role`, {
    name: props.name, assumeRolePolicy: props.assumeRolePolicy, maxSessionDuration: props.maxSessionDuration, description: props.description,
    dependsOn: props.provider ? [props.provider] : undefined,
  });
  new IamRolePolicyAttachment(scope, `${id}-managed`, { role: role.name, policyArn: `arn:${props.partition ?? 'aws'}:iam::aws:policy/${props.managedPolicy}` });
  new IamRolePolicy(scope, `${id}-policy`, { role: role.name, name: `${props.name}-scoped`, policy: policyDocument([...props.statements]) });
  return role;
}

/** How one OIDC issuer's tokens may assume the plan role and the deploy role of an environment. */
export interface FederatedRolePair {
  /** The account's OIDC provider ARN for the issuer. */
  readonly providerArn: string;
  /** Issuer host: the prefix of its condition keys (`<host>:aud`, `<host>:sub`). */
  readonly host: string;
  readonly audience: string;
  readonly plan: { readonly id: string; readonly name: string; readonly description: string; readonly subjects: readonly string[] };
  readonly deploy: { readonly id: string; readonly name: string; readonly description: string; readonly subjects: readonly string[] };
}

/**
 * The plan role (ReadOnlyAccess + planStatements, 1 h) and the deploy role (PowerUserAccess + deployStatements, 3 h)
 * of one issuer, each trusting exactly its subjects and the issuer's audience: no wildcards.
 */
export function federatedRolePair(scope: Construct, pair: FederatedRolePair, props: PipelinePermissionsProps, provider?: IamOpenidConnectProvider): { planRoleArn: string; deployRoleArn: string } {
  const trust = (subjects: readonly string[]) => policyDocument([{
    Effect: 'Allow',
    Principal: { Federated: pair.providerArn },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { [`${pair.host}:aud`]: pair.audience, [`${pair.host}:sub`]: [...subjects] } },
  }]);
  const role = (spec: FederatedRolePair['plan'], kind: 'plan' | 'deploy') => pipelineRole(scope, spec.id, {
    name: spec.name, description: spec.description, assumeRolePolicy: trust(spec.subjects), partition: props.partition, provider,
    ...(kind === 'plan'
      ? { maxSessionDuration: PLAN_SESSION_SECONDS, managedPolicy: 'ReadOnlyAccess', statements: planStatements(props) }
      : { maxSessionDuration: DEPLOY_SESSION_SECONDS, managedPolicy: 'PowerUserAccess', statements: deployStatements(props) }),
  }).arn;
  return { planRoleArn: role(pair.plan, 'plan'), deployRoleArn: role(pair.deploy, 'deploy') };
}
