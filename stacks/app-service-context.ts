/**
 * What every app-service release of an environment shares, wherever it is installed (`<env>-workloads` for the
 * general services, `<env>-gpu` for the GPU services): the chart, the public ingress, secrets and data endpoints.
 */
import type { Construct } from 'constructs';
import type { AppServiceProps } from '../constructs/workloads/app-service';
import { localChart } from '../constructs/workloads/local-chart';
import { SECRET_STORE_NAME } from '../constructs/workloads/platform-addons';
import type { EnvironmentConfig } from '../environments/schema/environment';
import type { ServiceConfig } from '../environments/schema/workloads';
import type { InfraStack } from './infra-stack';

/** The default StorageClass the workloads stack creates (constructs/workloads/storage-class.ts). */
export const STORAGE_CLASS_NAME = 'gp3-encrypted';

/** Builds the release props of one catalog service, minus what it must wait for. */
export type AppServicePropsFor = (service: string, svc: ServiceConfig) => Omit<AppServiceProps, 'dependsOn'>;

export function appServiceProps(scope: Construct, env: EnvironmentConfig, infra: InfraStack): AppServicePropsFor {
  const chart = localChart(scope, 'app-service');
  // Every internet-facing release (apps, Grafana) joins one ALB per environment behind the Cloudflare-only group.
  const ingress = ingressContext(env, infra);
  // Where the data stores are and who to connect as; credentials are IAM tokens from the service's own role.
  const postgres = infra.data.postgres;
  const redisEnv = { REDIS_URL: `rediss://${infra.data.redis.replicationGroup.primaryEndpointAddress}:6379`, REDIS_USERNAME: infra.data.redis.appUserId, REDIS_AUTH: 'iam' };
  const postgresEnv = {
    DATABASE_HOST: postgres.proxy?.endpoint ?? postgres.instance.address,
    DATABASE_PORT: '5432',
    DATABASE_NAME: env.data.postgres.databaseName,
    DATABASE_USER: env.data.postgres.proxy.appUser,
    DATABASE_AUTH: 'iam',
    DATABASE_SSLMODE: 'verify-full',
  };
  return (service, svc) => ({
    name: service,
    service: svc,
    namespace: env.workloads.namespace,
    chart,
    ingress,
    secretStore: SECRET_STORE_NAME,
    secretPrefix: secretPrefixOf(env),
    storageClass: STORAGE_CLASS_NAME,
    platformEnv: {
      ...(svc.egressTo.includes('redis') ? redisEnv : {}),
      ...(svc.egressTo.includes('postgres') ? postgresEnv : {}),
    },
  });
}

/** The shared internet-facing ALB of the environment, behind the Cloudflare-only security group. */
export function ingressContext(env: EnvironmentConfig, infra: InfraStack): AppServiceProps['ingress'] {
  return {
    groupName: `${env.project}-${env.name}-public`,
    certificateArn: infra.edge.certificate.certificateArn,
    securityGroupId: infra.edge.loadBalancerSg.securityGroupId,
    trustStoreArn: infra.edge.originPull.trustStoreArn,
    originNames: infra.edge.originNames,
  };
}

/** Secrets Manager prefix of the environment: `<project>/<env>/<NAME>`. */
export const secretPrefixOf = (env: EnvironmentConfig) => `${env.project}/${env.name}`;
