/** An IAM role for one Kubernetes service account through EKS Pod Identity (CIS EKS 5.2.1). */
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { policyDocument, type PolicyStatement } from '../../lib/iam';

export interface PodIdentityRoleProps {
  /** IAM role name. */
  readonly roleName: string;
  readonly accountId: string;
  /** ARN of the cluster (confused-deputy condition on the trust). */
  readonly clusterArn: string;
  /** Cluster name, for the association. */
  readonly clusterName: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Inline policy statements, scoped to resources. @default [] */
  readonly statements?: readonly PolicyStatement[];
  /** AWS managed policies to attach (only where AWS maintains the exact permissions). @default [] */
  readonly managedPolicyArns?: readonly string[];
  /**
   * Create the aws_eks_pod_identity_association here. Managed add-ons declare theirs in the add-on instead.
   * @default true
   */
  readonly associate?: boolean;
}

export class PodIdentityRole extends Construct {
  public readonly role: IamRole;
  public readonly roleArn: string;
  public readonly namespace: string;
  public readonly serviceAccount: string;

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    super(scope, id);
    const statements = props.statements ?? [];
    const managed = props.managedPolicyArns ?? [];
    if (statements.length === 0 && managed.length === 0) {
      throw new Error(`PodIdentityRole ${props.roleName}: give statements or managedPolicyArns (a role without permissions is a mistake)`);
    }
    this.namespace = props.namespace;
    this.serviceAccount = props.serviceAccount;
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: `Pod Identity: ${props.namespace}/${props.serviceAccount} on ${props.clusterName}`,
      assumeRolePolicy: policyDocument([{
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: {
          StringEquals: { 'aws:SourceAccount': props.accountId },
          ArnEquals: { 'aws:SourceArn': props.clusterArn },
        },
      }]),
    });
    this.roleArn = this.role.arn;
    if (statements.length > 0) {
      new IamRolePolicy(this, 'policy', { role: this.role.id, name: 'least-privilege', policy: policyDocument(statements) });
    }
    managed.forEach((arn, i) => new IamRolePolicyAttachment(this, `managed-${i}`, { role: this.role.name, policyArn: arn }));
    if (props.associate ?? true) {
      new EksPodIdentityAssociation(this, 'association', {
        clusterName: props.clusterName,
        namespace: props.namespace,
        serviceAccount: props.serviceAccount,
        roleArn: this.role.arn,
      });
    }
  }
}
