/**
 * IAM that an app service needs to reach the data stores without passwords: `elasticache:Connect` as the Redis app
 * user, `rds-db:connect` as the database app role (through the RDS Proxy when there is one, else the instance).
 * The statements go into the service's Pod Identity role.
 */
import type { ServiceConfig } from '../../environments/schema/workloads';
import type { PolicyStatement } from '../../lib/iam';
import type { DataLayer } from './data-layer';

export interface DataAccessContext {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly data: DataLayer;
  /** Database role the apps connect as. */
  readonly databaseUser: string;
}

export function appDataAccessStatements(svc: ServiceConfig, c: DataAccessContext): PolicyStatement[] {
  const arn = (service: string, resource: string) => `arn:${c.partition}:${service}:${c.region}:${c.accountId}:${resource}`;
  const statements: PolicyStatement[] = [];
  if (svc.egressTo.includes('redis')) {
    statements.push({
      Sid: 'ConnectToRedisAsAppUser',
      Effect: 'Allow',
      Action: 'elasticache:Connect',
      Resource: [arn('elasticache', `replicationgroup:${c.data.redis.replicationGroupId}`), arn('elasticache', `user:${c.data.redis.appUserId}`)],
    });
  }
  if (svc.egressTo.includes('postgres')) {
    const target = c.data.postgres.proxy?.resourceId ?? c.data.postgres.instance.resourceId;
    statements.push({
      Sid: 'ConnectToDatabaseAsAppRole',
      Effect: 'Allow',
      Action: 'rds-db:connect',
      Resource: arn('rds-db', `dbuser:${target}/${c.databaseUser}`),
    });
  }
  return statements;
}
