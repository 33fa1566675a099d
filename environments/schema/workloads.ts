/** The workloads stack: the app-service catalog rendered as Helm releases, plus cluster add-on settings. */
import { z } from 'zod';
import type { IssueReporter } from './issues';

const quantity = z.string().regex(/^\d+(\.\d+)?(m|Mi|Gi|Ki)?$/, 'must be a Kubernetes quantity such as 250m, 2, 512Mi or 4Gi');
const httpPath = z.string().regex(/^\/[\w\-./]*$/, 'must be an HTTP path starting with "/"');
const serviceName = z.string().regex(/^[a-z][a-z0-9-]{1,40}$/, 'service names are lower-case DNS labels');

/** Peers a network policy may name besides the services of the catalog. */
export const INGRESS_PEERS = ['alb', 'monitoring'] as const;
/** `public-api`: the platform's own public API URL, through the Cloudflare edge (server-side rendering calls it). */
export const EGRESS_PEERS = ['postgres', 'redis', 'internet-https', 'public-api'] as const;

export const serviceSchema = z.object({
  image: z.object({ repository: z.string().min(1), tag: z.string().regex(/^[\w][\w.-]{0,127}$/, 'must be an image tag (never empty)') }),
  /** Container port (HTTP). */
  port: z.number().int().min(1024, 'must be >= 1024 (containers run as non-root)').max(65535),
  /** Fixed replica count; ignored when autoscaling is set. */
  replicas: z.number().int().min(1).default(2),
  /** Horizontal Pod Autoscaler bounds and targets. */
  autoscaling: z.object({
    minReplicas: z.number().int().min(1),
    maxReplicas: z.number().int().min(1),
    cpuPercent: z.number().int().min(1).max(100).optional(),
    memoryPercent: z.number().int().min(1).max(100).optional(),
  }).optional(),
  resources: z.object({
    requests: z.object({ cpu: quantity, memory: quantity }),
    limits: z.object({ cpu: quantity, memory: quantity }),
  }),
  probes: z.object({ liveness: httpPath.optional(), readiness: httpPath.optional(), startup: httpPath.optional() }).default({}),
  /** Public hostname (one of edge.hostnames[].name) served through the ALB. @default internal only */
  hostname: z.string().optional(),
  /** Runs on GPU nodes and requests one `nvidia.com/gpu`. */
  gpu: z.boolean().default(false),
  /** Secrets Manager entries (names in data.secrets) delivered as environment variables by external-secrets. */
  secrets: z.array(z.string()).default([]),
  /** Plain environment variables (no secrets here). */
  env: z.record(z.string()).default({}),
  /** Root filesystem read-only (a writable /tmp is mounted). */
  readOnlyRootFilesystem: z.boolean().default(true),
  /** Persistent volume (gp3, encrypted, retained). */
  persistence: z.object({ mountPath: z.string().startsWith('/'), sizeGi: z.number().int().min(1) }).optional(),
  /** Prometheus scrape endpoint (ServiceMonitor). */
  metrics: z.object({ path: httpPath.default('/metrics') }).optional(),
  /** Command run once the container starts (e.g. pre-pull a model). */
  postStart: z.array(z.string()).optional(),
  /** Who may connect: other services or `alb` / `monitoring`. */
  ingressFrom: z.array(z.string()).default([]),
  /** What it may connect to: other services or `postgres`, `redis`, `internet-https`, `public-api`. */
  egressTo: z.array(z.string()).default([]),
});
export type ServiceConfig = z.output<typeof serviceSchema>;
export type ServiceInput = z.input<typeof serviceSchema>;

export const workloadsSchema = z.object({
  /** Namespace of the app services (PSS restricted). */
  namespace: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/, 'must be a namespace name'),
  /** `token`: aws_eks_cluster_auth (Terraform Cloud runners have no aws CLI); `exec`: aws CLI on the machine running Terraform. */
  kubernetesAuth: z.enum(['token', 'exec']).default('token'),
  /** NVIDIA time-slicing: how many pods share one physical GPU (1 = no sharing). */
  gpuTimeSlicing: z.number().int().min(1).max(16).default(2),
  /** Default gp3 StorageClass: volumes are retained when their claim is deleted. */
  storageReclaimPolicy: z.enum(['Retain', 'Delete']).default('Retain'),
  services: z.record(serviceName, serviceSchema),
});
export type WorkloadsConfig = z.output<typeof workloadsSchema>;

/**
 * Services that call AWS with their own Pod Identity role: those that reach Redis or PostgreSQL, which both
 * authenticate with IAM tokens (elasticache:Connect, rds-db:connect). The infra stack creates the role; the network
 * policy lets the pod reach the EKS Pod Identity agent for credentials.
 */
export const usesPodIdentity = (svc: ServiceConfig): boolean => svc.egressTo.includes('redis') || svc.egressTo.includes('postgres');

const MILLI: Record<string, number> = { m: 0.001, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 };
/** A Kubernetes quantity as a number (cores or bytes). */
export function quantityValue(q: string): number {
  const match = /^(\d+(?:\.\d+)?)(m|Mi|Gi|Ki)?$/.exec(q);
  return match ? Number(match[1]) * (match[2] ? MILLI[match[2]] : 1) : NaN;
}

export interface WorkloadsContext {
  readonly hostnames: readonly string[];
  readonly secrets: readonly string[];
  readonly hasGpuNodeGroup: boolean;
}

export function checkWorkloads(workloads: WorkloadsConfig, context: WorkloadsContext, report: IssueReporter): void {
  const names = Object.keys(workloads.services);
  const hostOwners = new Map<string, string>();
  for (const [name, svc] of Object.entries(workloads.services)) {
    const at = (...path: (string | number)[]) => ['workloads', 'services', name, ...path];
    if (svc.autoscaling && svc.autoscaling.minReplicas > svc.autoscaling.maxReplicas) {
      report(at('autoscaling', 'minReplicas'), `${svc.autoscaling.minReplicas} is greater than maxReplicas ${svc.autoscaling.maxReplicas}`);
    }
    if (svc.autoscaling && !svc.autoscaling.cpuPercent && !svc.autoscaling.memoryPercent) {
      report(at('autoscaling'), 'needs cpuPercent or memoryPercent to scale on');
    }
    for (const kind of ['cpu', 'memory'] as const) {
      if (quantityValue(svc.resources.limits[kind]) < quantityValue(svc.resources.requests[kind])) {
        report(at('resources', 'limits', kind), `${svc.resources.limits[kind]} is below the request ${svc.resources.requests[kind]}`);
      }
    }
    if (svc.gpu && !context.hasGpuNodeGroup) report(at('gpu'), 'needs a node group with gpu: true in eks.nodeGroups');
    if (svc.hostname) {
      if (!context.hostnames.includes(svc.hostname)) report(at('hostname'), `"${svc.hostname}" is not one of edge.hostnames (${context.hostnames.join(', ')})`);
      const owner = hostOwners.get(svc.hostname);
      if (owner) report(at('hostname'), `"${svc.hostname}" is already served by workloads.services.${owner}`);
      hostOwners.set(svc.hostname, name);
    }
    svc.secrets.forEach((secret, i) => {
      if (!context.secrets.includes(secret)) report(at('secrets', i), `"${secret}" is not in data.secrets`);
    });
    svc.ingressFrom.forEach((peer, i) => {
      if (!names.includes(peer) && !(INGRESS_PEERS as readonly string[]).includes(peer)) report(at('ingressFrom', i), `"${peer}" is neither a service nor alb/monitoring`);
    });
    svc.egressTo.forEach((peer, i) => {
      if (!names.includes(peer) && !(EGRESS_PEERS as readonly string[]).includes(peer)) report(at('egressTo', i), `"${peer}" is neither a service nor ${EGRESS_PEERS.join('/')}`);
    });
    if (svc.hostname && !svc.ingressFrom.includes('alb')) report(at('ingressFrom'), 'must include "alb" for a service with a public hostname');
    if (svc.metrics && !svc.ingressFrom.includes('monitoring')) report(at('ingressFrom'), 'must include "monitoring" for a service with metrics');
  }
}
