/** The IAM role of managed nodes: join the cluster and pull images read-only, nothing else (CIS EKS 5.1.2/5.1.3). */
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { policyDocument } from '../../lib/iam';

/**
 * AmazonEKS_CNI_Policy is deliberately absent: the vpc-cni add-on gets it through Pod Identity, so pods on the
 * node cannot borrow the node role to change network interfaces.
 */
export const NODE_MANAGED_POLICIES = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly'];

export interface NodeRoleProps {
  readonly roleName: string;
  readonly accountId: string;
  /** @default 'aws' */
  readonly partition?: string;
}

export class NodeRole extends Construct {
  public readonly role: IamRole;
  public readonly arn: string;
  /** Depend on these before launching nodes (policies must be attached first). */
  public readonly attachments: IamRolePolicyAttachment[];

  constructor(scope: Construct, id: string, props: NodeRoleProps) {
    super(scope, id);
    const partition = props.partition ?? 'aws';
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      assumeRolePolicy: policyDocument([{
        Effect: 'Allow',
        Principal: { Service: 'ec2.amazonaws.com' },
        Action: 'sts:AssumeRole',
        // The EKS user guide's node role trust ("Amazon EKS node IAM role", read 2026-12-06) has no condition: EC2
        // does not document sending aws:SourceAccount when it assumes an instance profile's role, and a condition on
        // a key the service leaves out denies every node its credentials. Who may attach the role is iam:PassRole's.
      }]),
    });
    this.arn = this.role.arn;
    this.attachments = NODE_MANAGED_POLICIES.map((name) => new IamRolePolicyAttachment(this, name, {
      role: this.role.name,
      policyArn: `arn:${partition}:iam::aws:policy/${name}`,
    }));
  }
}
