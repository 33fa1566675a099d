/** `<env>`: everything outside Kubernetes (design.md §2). */
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

    new TerraformOutput(this, 'vpc_id', { value: this.network.vpcId });
    new TerraformOutput(this, 'private_subnet_ids', { value: this.network.subnetIds.private });
    new TerraformOutput(this, 'isolated_subnet_ids', { value: this.network.subnetIds.isolated });
  }
}
