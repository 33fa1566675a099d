/**
 * RDS Proxy: connection pooling in front of PostgreSQL, TLS and IAM authentication required. Clients connect as
 * the app role with an IAM token (rds-db:connect); the proxy logs in to the database with that role's secret, so
 * that role logs in to PostgreSQL with a password and must not be a member of rds_iam
 * (docs/decisions/0023-database-roles-and-proxy-login.md; the bootstrap checks it against PROXY_AUTHENTICATION).
 */
import { DbProxy } from '@cdktf/provider-aws/lib/db-proxy';
import { DbProxyDefaultTargetGroup } from '@cdktf/provider-aws/lib/db-proxy-default-target-group';
import { DbProxyTarget } from '@cdktf/provider-aws/lib/db-proxy-target';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Fn, TerraformLocal } from 'cdktf';
import { Construct } from 'constructs';
import type { ProxyAuthentication } from '../../lib/db-bootstrap/roles';
import { policyDocument, serviceTrustPolicy } from '../../lib/iam';

const PORT = 5432;

/**
 * Clients present IAM tokens; the proxy logs in to PostgreSQL with the secret's password. End-to-end IAM
 * (`default_auth_scheme = IAM_AUTH`) needs an aws provider newer than the pinned 5.100.0 (decision 23).
 */
export const PROXY_AUTHENTICATION: ProxyAuthentication = { authScheme: 'SECRETS', iamAuth: 'REQUIRED' };

export interface PostgresProxyProps {
  readonly name: string;
  readonly accountId: string;
  /** Region of the proxy (scopes the KMS grant to Secrets Manager there). */
  readonly region: string;
  readonly vpcId: string;
  /** The proxy reaches Secrets Manager through the interface endpoint inside the VPC. */
  readonly vpcCidr: string;
  readonly subnetIds: readonly string[];
  /** Clients admitted on 5432 (EKS nodes and pods). */
  readonly clientSecurityGroupId: string;
  /** The database's security group: admits the proxy. */
  readonly databaseSecurityGroupId: string;
  /** Secret with {"username","password"} of the app role, which the proxy logs in with (never the master secret). */
  readonly credentialsSecretArn: string;
  /** Key that encrypts that secret. */
  readonly kmsKeyArn: string;
  readonly dbInstanceIdentifier: string;
  /** Share of the database's max_connections the pool may open. @default 90 */
  readonly maxConnectionsPercent?: number;
}

export class PostgresProxy extends Construct {
  public readonly proxy: DbProxy;
  public readonly securityGroup: SecurityGroup;
  public readonly endpoint: string;
  /** `prx-…`: scopes `rds-db:connect` (arn:aws:rds-db:<region>:<account>:dbuser:<resourceId>/<user>). */
  public readonly resourceId: string;

  constructor(scope: Construct, id: string, props: PostgresProxyProps) {
    super(scope, id);
    const maxConnectionsPercent = props.maxConnectionsPercent ?? 90;
    if (maxConnectionsPercent < 1 || maxConnectionsPercent > 100) {
      throw new Error(`PostgresProxy ${props.name}: maxConnectionsPercent must be 1-100, got ${maxConnectionsPercent}`);
    }

    this.securityGroup = new SecurityGroup(this, 'sg', {
      name: props.name,
      description: `${props.name}: RDS Proxy, reachable only from EKS nodes/pods`,
      vpcId: props.vpcId,
      tags: { Name: props.name },
    });
    new VpcSecurityGroupIngressRule(this, 'from-nodes', {
      securityGroupId: this.securityGroup.id,
      description: 'PostgreSQL from EKS nodes and pods',
      ipProtocol: 'tcp', fromPort: PORT, toPort: PORT,
      referencedSecurityGroupId: props.clientSecurityGroupId,
    });
    new VpcSecurityGroupEgressRule(this, 'to-database', {
      securityGroupId: this.securityGroup.id,
      description: 'PostgreSQL to the database',
      ipProtocol: 'tcp', fromPort: PORT, toPort: PORT,
      referencedSecurityGroupId: props.databaseSecurityGroupId,
    });
    new VpcSecurityGroupEgressRule(this, 'to-endpoints', {
      securityGroupId: this.securityGroup.id,
      description: 'HTTPS to the Secrets Manager interface endpoint in the VPC',
      ipProtocol: 'tcp', fromPort: 443, toPort: 443,
      cidrIpv4: props.vpcCidr,
    });
    new VpcSecurityGroupIngressRule(this, 'database-from-proxy', {
      securityGroupId: props.databaseSecurityGroupId,
      description: 'PostgreSQL from the RDS Proxy',
      ipProtocol: 'tcp', fromPort: PORT, toPort: PORT,
      referencedSecurityGroupId: this.securityGroup.id,
    });

    const role = new IamRole(this, 'role', {
      name: props.name,
      description: 'RDS Proxy reads the app role credentials secret',
      assumeRolePolicy: serviceTrustPolicy('rds.amazonaws.com', props.accountId),
    });
    new IamRolePolicy(this, 'read-secret', {
      role: role.name,
      name: 'read-app-credentials',
      policy: policyDocument([
        { Sid: 'ReadAppCredentials', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: props.credentialsSecretArn },
        {
          Sid: 'DecryptThroughSecretsManager',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: props.kmsKeyArn,
          Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${props.region}.amazonaws.com` } },
        },
      ]),
    });

    this.proxy = new DbProxy(this, 'proxy', {
      name: props.name,
      engineFamily: 'POSTGRESQL',
      requireTls: true,
      roleArn: role.arn,
      vpcSubnetIds: [...props.subnetIds],
      vpcSecurityGroupIds: [this.securityGroup.id],
      idleClientTimeout: 1800,
      debugLogging: false, // would log SQL text, including values
      auth: [{
        authScheme: PROXY_AUTHENTICATION.authScheme,
        secretArn: props.credentialsSecretArn,
        iamAuth: PROXY_AUTHENTICATION.iamAuth, // clients present IAM tokens, never a password
        clientPasswordAuthType: 'POSTGRES_SCRAM_SHA_256',
        description: 'app role (IAM tokens from the services Pod Identity roles)',
      }],
    });
    // Not an argument of the pinned provider: written as an override so the JSON says what the bootstrap assumes.
    if (PROXY_AUTHENTICATION.defaultAuthScheme) this.proxy.addOverride('default_auth_scheme', PROXY_AUTHENTICATION.defaultAuthScheme);
    new DbProxyDefaultTargetGroup(this, 'target-group', {
      dbProxyName: this.proxy.name,
      connectionPoolConfig: { maxConnectionsPercent, maxIdleConnectionsPercent: 50, connectionBorrowTimeout: 120 },
    });
    new DbProxyTarget(this, 'target', {
      dbProxyName: this.proxy.name,
      targetGroupName: 'default',
      dbInstanceIdentifier: props.dbInstanceIdentifier,
    });
    this.endpoint = this.proxy.endpoint;
    // arn:aws:rds:<region>:<account>:db-proxy:prx-… → prx-…, the resource id in rds-db:connect ARNs. A local keeps
    // the expression (with its quotes) out of the JSON policy strings that reference it.
    this.resourceId = new TerraformLocal(this, 'resource-id', Fn.element(Fn.split(':', this.proxy.arn), 6)).asString;
  }
}

