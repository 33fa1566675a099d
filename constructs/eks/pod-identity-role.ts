/**
 * An IAM role for one Kubernetes service account through EKS Pod Identity (CIS EKS 5.2.1).
 *
 * Trust is scoped with the session tags EKS Pod Identity sets on every AssumeRole (EKS user guide, "Create IAM role
 * with trust policy required by EKS Pod Identity" and "Enable or disable session tags", read 2026-12-06):
 * `eks-cluster-arn`, `kubernetes-namespace` and `kubernetes-service-account`. The service does not promise
 * `aws:SourceArn`, so a condition on it could leave every pod without credentials.
 */
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { policyDocument, type PolicyStatement } from '../../lib/iam';

/** The session tags a Pod Identity role's trust requires: this cluster, this namespace, this service account. */
export function podIdentityTrustTags(clusterArn: string, namespace: string, serviceAccount: string): Record<string, string> {
  return {
    'aws:RequestTag/eks-cluster-arn': clusterArn,
    'aws:RequestTag/kubernetes-namespace': namespace,
    'aws:RequestTag/kubernetes-service-account': serviceAccount,
  };
}

export interface PodIdentityRoleProps {
  /** IAM role name. */
  readonly roleName: string;
  readonly accountId: string;
  /** ARN of the cluster (the `eks-cluster-arn` session tag the trust requires). */
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
        Condition: { StringEquals: podIdentityTrustTags(props.clusterArn, props.namespace, props.serviceAccount) },
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
