/**
 * Exporters for what Prometheus cannot scrape directly: PostgreSQL (RDS), Redis (ElastiCache) and the GPUs
 * (DCGM). Their ServiceMonitors relabel `job` to the names the alerts use (`postgres`, `redis`).
 */
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { MonitoringConfig } from '../../environments/schema/monitoring';
import { HelmAddon } from '../workloads/helm-addon';
import { externalSecret } from './manifests';
import { redisIamTokenManifests, REDIS_TOKEN_SECRET } from './redis-iam-token';

/** Kubernetes Secret with the PostgreSQL exporter's password. */
export const POSTGRES_EXPORTER_SECRET = 'postgres-exporter';
export const REDIS_EXPORTER_RELEASE = 'prometheus-redis-exporter';
export const REDIS_EXPORTER_PORT = 9121;

export interface PostgresTarget {
  /** RDS instance address (cross-stack reference). */
  readonly host: string;
  readonly database: string;
}

export interface RedisTarget {
  /** Primary endpoint address (cross-stack reference). */
  readonly host: string;
  readonly port: number;
  readonly replicationGroupId: string;
  /** IAM-authenticated ElastiCache user the exporter connects as. */
  readonly user: string;
}

export interface ExportersProps {
  readonly config: MonitoringConfig;
  readonly namespace: string;
  readonly region: string;
  readonly secretStore: string;
  /** Secrets Manager prefix `<project>/<env>`. */
  readonly secretPrefix: string;
  readonly postgres: PostgresTarget;
  readonly redis: RedisTarget;
  /** The CRDs (ServiceMonitor), the secret store. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

export class Exporters extends Construct {
  public readonly postgres: HelmAddon;
  public readonly redis: HelmAddon;
  public readonly dcgm: HelmAddon;

  constructor(scope: Construct, id: string, props: ExportersProps) {
    super(scope, id);
    const { namespace, dependsOn } = props;
    const pg = props.config.postgresExporter;
    this.postgres = new HelmAddon(this, 'postgres', {
      chart: 'prometheus-postgres-exporter',
      namespace,
      values: {
        config: {
          datasource: {
            host: props.postgres.host,
            database: props.postgres.database,
            user: pg.user,
            passwordSecret: { name: POSTGRES_EXPORTER_SECRET, key: 'password' },
          },
        },
        extraManifests: [externalSecret({
          name: POSTGRES_EXPORTER_SECRET,
          namespace,
          storeName: props.secretStore,
          keys: { password: `${props.secretPrefix}/${pg.passwordSecret}` },
        })],
      },
      dependsOn,
    });

    const redis = props.redis;
    const address = `rediss://${redis.host}:${redis.port}`;
    this.redis = new HelmAddon(this, 'redis', {
      chart: 'prometheus-redis-exporter',
      releaseName: REDIS_EXPORTER_RELEASE,
      namespace,
      values: {
        redisAddress: address,
        auth: { enabled: true, redisPasswordFile: { mountPath: '/auth', secret: { name: REDIS_TOKEN_SECRET, key: 'pwd.json' } } },
        env: [{ name: 'REDIS_USER', value: redis.user }],
        extraManifests: redisIamTokenManifests({
          namespace,
          region: props.region,
          replicationGroupId: redis.replicationGroupId,
          user: redis.user,
          passwordKey: `rediss://${redis.user}@${redis.host}:${redis.port}`,
          reloadUrl: `http://${REDIS_EXPORTER_RELEASE}.${namespace}.svc:${REDIS_EXPORTER_PORT}/-/reload`,
        }),
      },
      dependsOn,
    });

    this.dcgm = new HelmAddon(this, 'dcgm', { chart: 'dcgm-exporter', namespace, dependsOn });
  }
}
