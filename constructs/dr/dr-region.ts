/**
 * The disaster-recovery region of an environment: a provider alias there and the key that encrypts every
 * copy kept there (replicated database backups, bucket replicas, secret replicas). KMS keys never leave
 * their region, so the copies need a key of their own.
 */
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../environments/schema/environment';
import { awsProvider } from '../aws-provider';
import { KmsKey } from '../kms-key';

export interface DrRegionProps {
  readonly env: EnvironmentConfig;
  /** `<project>-<env>`. */
  readonly namePrefix: string;
  /** ARN partition. @default 'aws' */
  readonly partition?: string;
}

export class DrRegion extends Construct {
  public readonly region: string;
  /** Provider alias `dr` in `region`. */
  public readonly provider: AwsProvider;
  /** Encrypts every copy in `region`. */
  public readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: DrRegionProps) {
    super(scope, id);
    const { env } = props;
    if (!env.dr) throw new Error(`DrRegion ${props.namePrefix}: the environment has no dr section`);
    if (env.dr.region === env.aws.region) throw new Error(`DrRegion ${props.namePrefix}: dr.region must differ from aws.region ${env.aws.region}`);
    this.region = env.dr.region;
    this.provider = awsProvider(this, env, env.name, { alias: 'dr', region: this.region });
    // Services use the key through grants made for the calling principal (the account statement delegates to IAM);
    // S3 replication uses it through the replication role's IAM policy.
    this.key = new KmsKey(this, 'key', {
      alias: `${props.namePrefix}-dr`,
      description: `${props.namePrefix}: disaster-recovery copies in ${this.region} (database backups, bucket and secret replicas)`,
      accountId: env.aws.accountId,
      partition: props.partition,
      provider: this.provider,
    });
  }
}
