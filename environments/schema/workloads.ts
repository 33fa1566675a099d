/** The workloads stack: the app-service catalog rendered as Helm releases, plus cluster add-on settings. */
import { z } from 'zod';
import { deepMerge } from '../../lib/deep-merge';
import { suggestion } from '../../lib/did-you-mean';
import type { IssueReporter } from './issues';

const quantity = z.string().regex(/^\d+(\.\d+)?(m|Mi|Gi|Ki)?$/, 'must be a Kubernetes quantity such as 250m, 2, 512Mi or 4Gi');
const httpPath = z.string().regex(/^\/[\w\-./]*$/, 'must be an HTTP path starting with "/"');
const serviceName = z.string().regex(/^[a-z][a-z0-9-]{1,40}$/, 'service names are lower-case DNS labels');

/** Peers a network policy may name besides the services of the catalog. */
export const INGRESS_PEERS = ['alb', 'monitoring'] as const;
/** `public-api`: the platform's own public API URL, through the Cloudflare edge (server-side rendering calls it). */
export const EGRESS_PEERS = ['postgres', 'redis', 'internet-https', 'public-api'] as const;

/**
 * The ClusterIP Service's `http` port (charts/app-service): in-cluster callers may use it or the container port
 * itself (`http-direct`); both forward to the container's `http` port.
 */
export const SERVICE_HTTP_PORT = 80;

/** Tags that move between deploys: a rollback or a new node would run different code than the one reviewed. */
const FLOATING_TAGS = ['latest', 'stable', 'main', 'master', 'edge', 'nightly'];

/**
 * `repository` without tag or digest (a registry port such as `registry:5000/` is fine); `tag` a release tag, optionally
 * pinned by digest as `1.4.2@sha256:<64 hex>` (rendered as `repository:1.4.2@sha256:…`, the runtime pulls by digest).
 */
export const imageSchema = z.object({
  repository: z.string().min(1, 'must name the image repository').superRefine((repo, ctx) => {
    const last = repo.split('/').pop() ?? '';
    if (repo.includes('@')) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${repo}" has a digest inside the repository: put it in image.tag as "<tag>@sha256:…"` });
    else if (last.includes(':')) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${repo}" has a tag inside the repository: move "${last.split(':')[1]}" to image.tag (the chart appends the tag, so this would pull "${repo}:<tag>")` });
    else if (!/^[a-z0-9]+([._-][a-z0-9]+)*(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/.test(repo)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${repo}" is not an image repository (lower-case path such as aifeedback/api-gateway or registry.example.com/team/app)` });
    }
  }),
  tag: z.string().superRefine((tag, ctx) => {
    const [name] = tag.split('@');
    if (tag === '') ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be an image tag or tag@digest (never empty: a tag or a digest is required)' });
    else if (!/^[\w][\w.-]{0,127}(@sha256:[0-9a-f]{64})?$/.test(tag)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${tag}" is not an image tag: a tag such as 1.4.2, optionally pinned as 1.4.2@sha256:<64 hex>` });
    else if (FLOATING_TAGS.includes(name.toLowerCase())) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${name}" is a floating tag that moves between deploys: pin a release tag (or a digest)` });
  }),
});

export const serviceSchema = z.object({
  image: imageSchema,
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

/** A catalog entry: a service and its name. A list, not an object, so a pasted duplicate is an error rather than a silent replacement. */
export type ServiceEntryInput = ServiceInput & { readonly name: string };
/** Per-service changes deep-merged onto the catalog (objects merge, lists and values replace). */
export const serviceOverrideSchema = serviceSchema.deepPartial();
export type ServiceOverrideInput = z.input<typeof serviceOverrideSchema>;

/** The catalog list, keyed by name once every name is unique (the entries are validated after the overrides are merged). */
const serviceListSchema = z
  .array(z.object({ name: serviceName }).passthrough())
  .superRefine((list, ctx) => list.forEach((svc, i) => {
    const first = list.findIndex((s) => s.name === svc.name);
    if (first !== i) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, 'name'], message: `"${svc.name}" is already defined at workloads.services[${first}]: a second definition would replace the first; remove or rename one` });
  }))
  .transform((list) => Object.fromEntries(list.map(({ name, ...svc }) => [name, svc]))) as unknown as z.ZodType<Record<string, Record<string, unknown>>, z.ZodTypeDef, ServiceEntryInput[]>;

const workloadsFields = {
  /** Namespace of the app services (PSS restricted). */
  namespace: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/, 'must be a namespace name'),
  /** `token`: aws_eks_cluster_auth (Terraform Cloud runners have no aws CLI); `exec`: aws CLI on the machine running Terraform. */
  kubernetesAuth: z.enum(['token', 'exec']).default('token'),
  /** NVIDIA time-slicing: how many pods share one physical GPU (1 = no sharing). */
  gpuTimeSlicing: z.number().int().min(1).max(16).default(2),
  /** Default gp3 StorageClass: volumes are retained when their claim is deleted. */
  storageReclaimPolicy: z.enum(['Retain', 'Delete']).default('Retain'),
};

/** After merging: the services by name, each a full service. */
const resolvedWorkloadsSchema = z.object({ ...workloadsFields, services: z.record(serviceName, serviceSchema) });

export const workloadsSchema = z
  .object({
    ...workloadsFields,
    /** The app services (environments/services.ts `serviceCatalog`), one entry per name. */
    services: serviceListSchema,
    /** This environment's changes to catalog services, by service name. @default none */
    serviceOverrides: z.record(z.string(), serviceOverrideSchema).default({}),
  })
  .superRefine((w, ctx) => {
    const names = Object.keys(w.services);
    for (const name of Object.keys(w.serviceOverrides)) {
      if (!names.includes(name)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['serviceOverrides', name], message: `no service "${name}" in workloads.services; ${suggestion(name, names, 'services')}` });
    }
  })
  .transform(({ serviceOverrides, services, ...rest }) => ({
    ...rest,
    services: Object.fromEntries(Object.entries(services).map(([name, svc]) => [name, deepMerge(svc, serviceOverrides[name] as Record<string, unknown> | undefined)])),
  }))
  .pipe(resolvedWorkloadsSchema);

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
    checkPodPaths(workloads, name, report);
    checkPortReferences(workloads, name, report);
    if (svc.hostname && !svc.ingressFrom.includes('alb')) report(at('ingressFrom'), 'must include "alb" for a service with a public hostname');
    if (svc.metrics && !svc.ingressFrom.includes('monitoring')) report(at('ingressFrom'), 'must include "monitoring" for a service with metrics');
  }
}

/**
 * A pod-to-pod path is two NetworkPolicy rules, each in its own service's policy: the caller's egress and the
 * callee's ingress. With only one of them the other side's default deny drops the traffic, so both are required.
 */
function checkPodPaths(workloads: WorkloadsConfig, name: string, report: IssueReporter): void {
  const services = workloads.services;
  const svc = services[name];
  const at = (field: string, i: number) => ['workloads', 'services', name, field, i];
  // A misspelled name on the other side already has its own line; this one then follows from it.
  const misspelt = (list: readonly string[], known: readonly string[]) => ({ consequence: list.some((p) => !(p in services) && !(known as readonly string[]).includes(p)) });
  svc.egressTo.forEach((peer, i) => {
    if (peer in services && !services[peer].ingressFrom.includes(name)) {
      report(at('egressTo', i), `calls "${peer}", but workloads.services.${peer}.ingressFrom does not list "${name}": add it there too (${peer}'s own policy would drop the traffic)`,
        misspelt(services[peer].ingressFrom, INGRESS_PEERS));
    }
  });
  svc.ingressFrom.forEach((peer, i) => {
    if (peer in services && !services[peer].egressTo.includes(name)) {
      report(at('ingressFrom', i), `admits "${peer}", but workloads.services.${peer}.egressTo does not list "${name}": add it there too (${peer}'s own policy would drop the traffic)`,
        misspelt(services[peer].egressTo, EGRESS_PEERS));
    }
  });
}

/** An env value that is a URL: scheme, host and port (the scheme's default when absent). */
const URL_VALUE = /^([a-z][a-z0-9+.-]*):\/\/([^/:?#]+)(?::(\d+))?/i;
const DEFAULT_PORTS: Record<string, number> = { http: 80, ws: 80, https: 443, wss: 443 };
/** A listen address the app binds to, e.g. `0.0.0.0:11434`, `[::]:8000`, `:3000`. */
const LISTEN_ADDRESS = /^(?:0\.0\.0\.0|\[::\]|::|127\.0\.0\.1|localhost)?:(\d+)$/;

/** The catalog service an in-cluster host names: `svc`, `svc.<namespace>`, `svc.<namespace>.svc[.cluster.local]`. */
function serviceOfHost(host: string, workloads: WorkloadsConfig): string | undefined {
  const [first, namespace, ...rest] = host.toLowerCase().split('.');
  if (!(first in workloads.services)) return undefined;
  if (namespace === undefined) return first;
  const suffix = rest.join('.');
  return namespace === workloads.namespace && ['', 'svc', 'svc.cluster.local'].includes(suffix) ? first : undefined;
}

/**
 * The port is written in several places that must agree: the service's `port` (container port, probes, Service,
 * network policies), the URLs other services call it at, and the address the app itself is told to listen on.
 */
function checkPortReferences(workloads: WorkloadsConfig, name: string, report: IssueReporter): void {
  const svc = workloads.services[name];
  const at = (key: string) => ['workloads', 'services', name, 'env', key];
  for (const [key, value] of Object.entries(svc.env)) {
    const listen = LISTEN_ADDRESS.exec(value) ?? (key === 'PORT' ? /^(\d+)$/.exec(value) : null);
    if (listen && Number(listen[1]) !== svc.port) {
      report(at(key), `"${value}" makes the app listen on ${listen[1]}, but workloads.services.${name}.port is ${svc.port} (the container port, probes, Service and network policy use that)`);
      continue;
    }
    const url = URL_VALUE.exec(value);
    const target = url && serviceOfHost(url[2], workloads);
    if (!url || !target || target === name) continue;
    const scheme = url[1].toLowerCase();
    const callee = workloads.services[target];
    if (scheme !== 'http' && scheme !== 'ws') {
      report(at(key), `"${value}": ${target} serves plain HTTP inside the cluster (TLS ends at the load balancer); use http://${target}:${callee.port}`);
      continue;
    }
    const port = url[3] ? Number(url[3]) : DEFAULT_PORTS[scheme];
    if (port !== callee.port && port !== SERVICE_HTTP_PORT) {
      report(at(key), `"${value}" calls ${target} on ${port}, but workloads.services.${target}.port is ${callee.port} (its Service answers on ${callee.port} and ${SERVICE_HTTP_PORT}); use http://${target}:${callee.port}`);
    }
    if (!svc.egressTo.includes(target)) {
      // With a misspelled peer in egressTo, that line is the cause.
      const misspelt = svc.egressTo.some((p) => !(p in workloads.services) && !(EGRESS_PEERS as readonly string[]).includes(p));
      report(at(key), `"${value}" calls ${target}, which is not in workloads.services.${name}.egressTo: the network policy would drop the call`, { consequence: misspelt });
    }
  }
}
