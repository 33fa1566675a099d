/** `<env>`: everything outside Kubernetes (design.md §2). */
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { cloudWatchLogsGrant, KmsKey } from '../constructs/kms-key';
import { Network } from '../constructs/network';
import { configureBackend } from '../constructs/state-backend';
import type { EnvironmentConfig } from '../environments/schema/environment';
import { partitionOf } from '../lib/aws-regions';
import { awsProvider } from './aws-provider';

export class InfraStack extends TerraformStack {
  public readonly env: EnvironmentConfig;
  public readonly namePrefix: string;
  public readonly partition: string;
  /** Encrypts every CloudWatch log group of the environment. */
  public readonly logsKey: KmsKey;
  public readonly network: Network;
  /** Security group of EKS nodes and pods: the only source data stores admit. */
  public readonly nodeSecurityGroup: SecurityGroup;
  public readonly nodeSecurityGroupId: string;

  constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, env.name);
    this.env = env;
    this.namePrefix = `${env.project}-${env.name}`;
    this.partition = partitionOf(env.aws.region);
    awsProvider(this, env, env.name);
    configureBackend(this, env.state, env.name);

    this.logsKey = new KmsKey(this, 'logs-key', {
      alias: `${this.namePrefix}-logs`,
      description: `${this.namePrefix}: CloudWatch Logs encryption`,
      accountId: env.aws.accountId,
      partition: this.partition,
      serviceGrants: [cloudWatchLogsGrant(env.aws.region, env.aws.accountId, this.partition)],
    });

    this.network = new Network(this, 'network', {
      namePrefix: this.namePrefix,
      region: env.aws.region,
      accountId: env.aws.accountId,
      vpcCidr: env.network.vpcCidr,
      availabilityZones: env.aws.availabilityZones,
      subnetCidrs: env.network.subnets,
      natGateways: env.network.natGateways,
      flowLogs: env.network.flowLogs,
      logsKmsKeyArn: this.logsKey.arn,
      interfaceEndpoints: env.network.interfaceEndpoints,
    });

    // ── EKS (issue 3) ─────────────────────────────────────────────────────────
    // Pods use the nodes' security group (VPC CNI without security groups for pods): data stores admit this group.
    this.nodeSecurityGroup = new SecurityGroup(this, 'eks-nodes-sg', {
      name: `${this.namePrefix}-eks-nodes`,
      description: 'EKS worker nodes and their pods',
      vpcId: this.network.vpcId,
      tags: { Name: `${this.namePrefix}-eks-nodes` },
    });
    this.nodeSecurityGroupId = this.nodeSecurityGroup.id;

    // ── Data layer (issue 4) ──────────────────────────────────────────────────

    // ── DNS and edge (issue 5) ────────────────────────────────────────────────

    new TerraformOutput(this, 'vpc_id', { value: this.network.vpcId });
    new TerraformOutput(this, 'private_subnet_ids', { value: this.network.subnetIds.private });
    new TerraformOutput(this, 'isolated_subnet_ids', { value: this.network.subnetIds.isolated });
    new TerraformOutput(this, 'node_security_group_id', { value: this.nodeSecurityGroupId });
  }
}
