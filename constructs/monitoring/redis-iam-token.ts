/**
 * IAM authentication for the Redis exporter (ElastiCache has no password: README "Data layer"). A CronJob signs
 * an ElastiCache IAM auth token with its Pod Identity role, writes it into the exporter's password file
 * (redis_exporter `REDIS_PASSWORD_FILE`, keyed by `rediss://<user>@<host>:<port>`) and triggers `/-/reload`.
 * Script, image and schedule: helm-values/redis-iam-token.yaml.
 */
import type { Plain } from '../../lib/deep-merge';
import { REDIS_TOKEN_IDENTITY } from '../../environments/schema/workload-identities';
import { restrictedContainerSecurity, RESTRICTED_POD_SECURITY } from '../workloads/app-service';
import { readHelmValues } from '../workloads/helm-addon';

/** Service account of the CronJob; the infra stack associates the elasticache:Connect role with it. */
export const REDIS_TOKEN_SERVICE_ACCOUNT = REDIS_TOKEN_IDENTITY.serviceAccount;
/** Secret holding the exporter's password file (`pwd.json`). */
export const REDIS_TOKEN_SECRET = 'redis-exporter-auth';

export interface RedisIamTokenProps {
  readonly namespace: string;
  readonly region: string;
  readonly replicationGroupId: string;
  /** ElastiCache user (IAM authentication mode); user id = user name. */
  readonly user: string;
  /** Key of the password file: the exporter's address with the user. */
  readonly passwordKey: string;
  /** The exporter's reload endpoint. */
  readonly reloadUrl: string;
}

/** Secret, ConfigMap, RBAC and CronJob, for the exporter chart's `extraManifests`. */
export function redisIamTokenManifests(props: RedisIamTokenProps): Plain[] {
  const cfg = readHelmValues('redis-iam-token') as { schedule: string; image: string; script: string; resources: Plain };
  const name = REDIS_TOKEN_SERVICE_ACCOUNT;
  const meta = (n: string) => ({ name: n, namespace: props.namespace, labels: { 'app.kubernetes.io/name': name } });
  const env = { AWS_REGION: props.region, REPLICATION_GROUP_ID: props.replicationGroupId, REDIS_USER: props.user,
    PASSWORD_KEY: props.passwordKey, SECRET_NAME: REDIS_TOKEN_SECRET, RELOAD_URL: props.reloadUrl, HOME: '/tmp' };
  return [
    // Starts as an empty password map; Helm keeps resetting it to "{}" on upgrades, the exporter keeps the
    // token it loaded last until the next run (at most 5 minutes).
    { apiVersion: 'v1', kind: 'Secret', metadata: meta(REDIS_TOKEN_SECRET), type: 'Opaque', data: { 'pwd.json': Buffer.from('{}').toString('base64') } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(name), data: { 'token.py': cfg.script } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(name) },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta(name),
      rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: [REDIS_TOKEN_SECRET], verbs: ['get', 'patch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: meta(name),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: props.namespace }],
    },
    {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta(name),
      spec: {
        schedule: cfg.schedule,
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          spec: {
            backoffLimit: 2,
            activeDeadlineSeconds: 240,
            template: {
              metadata: { labels: { 'app.kubernetes.io/name': name } },
              spec: {
                serviceAccountName: name,
                restartPolicy: 'Never',
                securityContext: RESTRICTED_POD_SECURITY,
                nodeSelector: { NodeGroup: 'general' },
                containers: [{
                  name: 'token',
                  image: cfg.image,
                  command: ['python3', '/script/token.py'],
                  env: Object.entries(env).map(([n, value]) => ({ name: n, value })),
                  resources: cfg.resources,
                  securityContext: restrictedContainerSecurity(true),
                  volumeMounts: [{ name: 'script', mountPath: '/script', readOnly: true }, { name: 'tmp', mountPath: '/tmp' }],
                }],
                volumes: [{ name: 'script', configMap: { name } }, { name: 'tmp', emptyDir: {} }],
              },
            },
          },
        },
      },
    },
  ];
}
