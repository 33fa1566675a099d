/**
 * One catalog entry as a Helm release of charts/app-service: restricted security context, probes, resources,
 * replicas or HPA, PDB, zone spread, ServiceMonitor, ALB ingress from the edge, secrets via ExternalSecret.
 */
import { Release } from '@cdktf/provider-helm/lib/release';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { SERVICE_HTTP_PORT, type ServiceConfig } from '../../environments/schema/workloads';
import type { Plain } from '../../lib/deep-merge';
import { stringifyYaml } from '../../lib/yaml-memo';
import { verifyClientCertificates } from '../edge/origin-pull';
import { RELEASE_DEFAULTS } from './helm-addon';

/** Pod- and container-level security context of the PSS restricted profile (docs/policy-checks.md). */
export const RESTRICTED_POD_SECURITY = {
  runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' },
} as const;
export const restrictedContainerSecurity = (readOnlyRootFilesystem: boolean) => ({
  allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem, runAsNonRoot: true,
  capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
});
export const GPU_TOLERATION = { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' } as const;

/** What the edge gives an internet-facing service. */
export interface IngressContext {
  /** ALB group: every public service shares one load balancer. */
  readonly groupName: string;
  readonly certificateArn: string;
  /** The origin lock-down security group (HTTPS from Cloudflare only). */
  readonly securityGroupId: string;
  /** Trust store of the zone's origin-pull CA: the listener admits only this zone's Cloudflare edge (mutual TLS). */
  readonly trustStoreArn: string;
  /** Public hostname → origin name written by external-dns. */
  readonly originNames: Readonly<Record<string, string>>;
}

export interface AppServiceProps {
  readonly name: string;
  readonly service: ServiceConfig;
  readonly namespace: string;
  /** Local chart path and version (see local-chart.ts). */
  readonly chart: { readonly path: string; readonly version: string };
  readonly ingress: IngressContext;
  /** ClusterSecretStore name. */
  readonly secretStore: string;
  /** Secrets Manager prefix: `<project>/<env>` → `<prefix>/<NAME>`. */
  readonly secretPrefix: string;
  readonly storageClass: string;
  /** Environment variables derived from the infra stack (REDIS_URL, ...), merged under the catalog's env. @default {} */
  readonly platformEnv?: Readonly<Record<string, string>>;
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

export class AppService extends Construct {
  public readonly release: Release;
  public readonly values: Plain;

  constructor(scope: Construct, id: string, props: AppServiceProps) {
    super(scope, id);
    this.values = appServiceValues(props);
    this.release = new Release(this, 'release', {
      ...RELEASE_DEFAULTS,
      name: props.name,
      chart: props.chart.path,
      version: props.chart.version,
      namespace: props.namespace,
      createNamespace: false,
      values: [stringifyYaml(this.values)],
      dependsOn: props.dependsOn,
    });
  }
}

/**
 * Annotations of an Ingress served by the shared internet-facing ALB (AWS Load Balancer Controller): HTTPS only
 * with the origin certificate, the Cloudflare-only security group, client certificates verified against the zone's
 * origin-pull trust store, and the origin name for external-dns.
 * Used by every app service and by Grafana (constructs/monitoring).
 */
export function albIngressAnnotations(ingress: IngressContext, hostname: string, healthcheckPath: string): Record<string, string> {
  return {
    'alb.ingress.kubernetes.io/scheme': 'internet-facing',
    'alb.ingress.kubernetes.io/target-type': 'ip',
    'alb.ingress.kubernetes.io/group.name': ingress.groupName,
    'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS":443}]',
    'alb.ingress.kubernetes.io/certificate-arn': ingress.certificateArn,
    'alb.ingress.kubernetes.io/ssl-policy': 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    'alb.ingress.kubernetes.io/security-groups': ingress.securityGroupId,
    'alb.ingress.kubernetes.io/manage-backend-security-group-rules': 'true',
    'alb.ingress.kubernetes.io/healthcheck-path': healthcheckPath,
    'alb.ingress.kubernetes.io/load-balancer-attributes': 'routing.http.drop_invalid_header_fields.enabled=true,deletion_protection.enabled=true',
    // Any Cloudflare customer can send from the admitted ranges; only this zone's edge holds a certificate the trust store accepts.
    'alb.ingress.kubernetes.io/mutual-authentication': JSON.stringify(verifyClientCertificates(ingress.trustStoreArn)),
    'external-dns.alpha.kubernetes.io/hostname': ingress.originNames[hostname],
  };
}

/** The chart values for one service (exported for tests and the chart's values.schema.json check). */
export function appServiceValues(props: AppServiceProps): Plain {
  const svc = props.service;
  const gpu = svc.gpu ? { 'nvidia.com/gpu': '1' } : {};
  const minReplicas = svc.autoscaling?.minReplicas ?? svc.replicas;
  const ingress = props.ingress;
  return {
    image: { repository: svc.image.repository, tag: svc.image.tag, pullPolicy: 'IfNotPresent' },
    replicaCount: svc.replicas,
    containerPort: svc.port,
    autoscaling: svc.autoscaling
      ? {
        enabled: true,
        minReplicas: svc.autoscaling.minReplicas,
        maxReplicas: svc.autoscaling.maxReplicas,
        targetCPUUtilizationPercentage: svc.autoscaling.cpuPercent ?? null,
        targetMemoryUtilizationPercentage: svc.autoscaling.memoryPercent ?? null,
      }
      : { enabled: false },
    resources: { requests: { ...svc.resources.requests, ...gpu }, limits: { ...svc.resources.limits, ...gpu } },
    probes: { liveness: svc.probes.liveness ?? null, readiness: svc.probes.readiness ?? null, startup: svc.probes.startup ?? null },
    env: { ...props.platformEnv, ...svc.env },
    externalSecret: {
      enabled: svc.secrets.length > 0,
      storeName: props.secretStore,
      refreshInterval: '1h',
      keys: svc.secrets.map((name) => ({ envName: name, secretName: `${props.secretPrefix}/${name}` })),
    },
    podSecurityContext: RESTRICTED_POD_SECURITY,
    securityContext: restrictedContainerSecurity(svc.readOnlyRootFilesystem),
    nodeSelector: svc.gpu ? { gpu: 'true' } : { NodeGroup: 'general' },
    tolerations: svc.gpu ? [GPU_TOLERATION] : [],
    topologySpread: { enabled: true },
    // A PDB on a single replica would block node drains forever.
    podDisruptionBudget: { enabled: minReplicas > 1, maxUnavailable: 1 },
    service: { port: SERVICE_HTTP_PORT },
    ingress: svc.hostname
      ? {
        enabled: true,
        host: svc.hostname,
        annotations: albIngressAnnotations(ingress, svc.hostname, svc.probes.readiness ?? '/'),
      }
      : { enabled: false },
    serviceMonitor: svc.metrics ? { enabled: true, path: svc.metrics.path, interval: '30s' } : { enabled: false },
    persistence: svc.persistence
      ? { enabled: true, mountPath: svc.persistence.mountPath, size: `${svc.persistence.sizeGi}Gi`, storageClass: props.storageClass }
      : { enabled: false },
    lifecycle: { postStart: svc.postStart ?? [] },
  };
}
