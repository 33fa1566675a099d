/**
 * The AWS side of monitoring, in the `<env>` stack: saved Logs Insights queries over the container logs, and the
 * Pod Identity role with which the Redis exporter's token job connects to ElastiCache (IAM auth, no password).
 */
import { Construct } from 'constructs';
import type { PlatformCluster } from '../eks/platform-cluster';
import { LogQueries } from './log-queries';
import { MONITORING_NAMESPACE } from './monitoring';
import { REDIS_TOKEN_SERVICE_ACCOUNT } from './redis-iam-token';

export interface MonitoringInfraProps {
  readonly namePrefix: string;
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly eks: PlatformCluster;
  readonly redisReplicationGroupId: string;
  /** The IAM-authenticated ElastiCache user the exporter connects as. */
  readonly redisUserId: string;
}

export class MonitoringInfra extends Construct {
  public readonly logQueries: LogQueries;

  constructor(scope: Construct, id: string, props: MonitoringInfraProps) {
    super(scope, id);
    this.logQueries = new LogQueries(this, 'log-queries', { namePrefix: props.namePrefix, logGroupName: props.eks.containerLogGroup.name });
    const arn = (kind: string, name: string) => `arn:${props.partition}:elasticache:${props.region}:${props.accountId}:${kind}:${name}`;
    props.eks.addServiceIdentity(REDIS_TOKEN_SERVICE_ACCOUNT, MONITORING_NAMESPACE, [{
      Sid: 'ConnectToRedisForMetrics',
      Effect: 'Allow',
      Action: 'elasticache:Connect',
      Resource: [arn('replicationgroup', props.redisReplicationGroupId), arn('user', props.redisUserId)],
    }]);
  }
}
