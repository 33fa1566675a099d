/**
 * The app-service catalog (docs/platform-facts.md), as data. Each environment passes its public hostnames and
 * overrides; a new service is a new entry here (README: "Adding a service").
 * Image tags are release versions, bumped by the delivery pipeline in this file.
 */
import { deepMerge } from '../lib/deep-merge';
import type { ServiceEntryInput, ServiceInput } from './schema/workloads';

export interface CatalogHosts {
  readonly app: string;
  readonly api: string;
  readonly business: string;
  /** Omitted where the admin UI is internal only. */
  readonly admin?: string;
}

/**
 * Container ports by service: the one place a port is written in the catalog. Entries, the URLs callers use and
 * listen addresses read it here; validation checks the same agreement after an environment's overrides.
 */
const PORTS = {
  'api-gateway': 3001,
  'customer-pwa': 3000,
  'business-dashboard': 3002,
  'admin-dashboard': 3000,
  'voice-processor': 8000,
  ollama: 11434,
} as const satisfies Record<string, number>;

/** How another pod calls a service: its Service name on its container port (plain HTTP; TLS ends at the ALB). */
export const serviceUrl = (name: keyof typeof PORTS): string => `http://${name}:${PORTS[name]}`;

/**
 * The services every environment runs; `hosts` binds them to that environment's public names. A list with the name in
 * each entry: a block pasted twice is reported by validation instead of silently replacing the first.
 * Per-environment changes go in `workloads.serviceOverrides` of the environment.
 */
export function serviceCatalog(hosts: CatalogHosts): ServiceEntryInput[] {
  const webApp = (port: number, hostname: string | undefined, replicas: number): ServiceInput => ({
    image: { repository: '', tag: '' },
    port,
    replicas,
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    probes: { liveness: '/', readiness: '/' },
    hostname,
    env: { NODE_ENV: 'production', NEXT_PUBLIC_API_URL: `https://${hosts.api}` },
    ingressFrom: hostname ? ['alb'] : [],
    // Browsers and server-side rendering both call NEXT_PUBLIC_API_URL, i.e. the API through the edge.
    egressTo: ['api-gateway', 'public-api'],
  });
  return [
    {
      name: 'api-gateway',
      image: { repository: 'aifeedback/api-gateway', tag: '1.4.2' },
      port: PORTS['api-gateway'],
      autoscaling: { minReplicas: 3, maxReplicas: 20, cpuPercent: 70, memoryPercent: 80 },
      resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '500m', memory: '1Gi' } },
      probes: { liveness: '/health', readiness: '/ready' },
      hostname: hosts.api,
      secrets: ['DATABASE_URL', 'JWT_SECRET', 'ENCRYPTION_KEY', 'SESSION_SECRET', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET',
        'QR_ENCRYPTION_KEY', 'SENDGRID_API_KEY', 'SENTRY_DSN', 'OPENAI_API_KEY'],
      env: { NODE_ENV: 'production', OLLAMA_ENDPOINT: serviceUrl('ollama'), VOICE_PROCESSOR_URL: serviceUrl('voice-processor') },
      metrics: { path: '/metrics' },
      ingressFrom: ['alb', 'monitoring', 'customer-pwa', 'business-dashboard', 'admin-dashboard', 'voice-processor'],
      // Stripe, SendGrid, OpenAI and Sentry are HTTPS APIs on the internet.
      egressTo: ['postgres', 'redis', 'ollama', 'voice-processor', 'internet-https'],
    },
    { name: 'customer-pwa', ...deepMerge(webApp(PORTS['customer-pwa'], hosts.app, 2), { image: { repository: 'aifeedback/customer-pwa', tag: '1.4.2' } }) },
    { name: 'business-dashboard', ...deepMerge(webApp(PORTS['business-dashboard'], hosts.business, 2), { image: { repository: 'aifeedback/business-dashboard', tag: '1.4.2' } }) },
    { name: 'admin-dashboard', ...deepMerge(webApp(PORTS['admin-dashboard'], hosts.admin, 1), { image: { repository: 'aifeedback/admin-dashboard', tag: '1.4.2' } }) },
    {
      name: 'voice-processor',
      image: { repository: 'aifeedback/voice-processor', tag: '1.4.2' },
      port: PORTS['voice-processor'],
      replicas: 2,
      resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } },
      probes: { liveness: '/health', readiness: '/health' },
      gpu: true,
      env: { API_GATEWAY_URL: serviceUrl('api-gateway'), WHISPER_MODEL: 'large-v2', HF_HOME: '/models' },
      persistence: { mountPath: '/models', sizeGi: 20 },
      metrics: { path: '/metrics' },
      ingressFrom: ['api-gateway', 'monitoring'],
      egressTo: ['redis', 'api-gateway', 'internet-https'],
    },
    {
      name: 'ollama',
      image: { repository: 'ollama/ollama', tag: '0.12.6' },
      port: PORTS.ollama,
      replicas: 2,
      resources: { requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '4', memory: '8Gi' } },
      probes: { liveness: '/', readiness: '/api/tags' },
      gpu: true,
      // Non-root (PSS restricted): models and keys live on the volume and /tmp instead of /root/.ollama.
      env: { OLLAMA_HOST: `0.0.0.0:${PORTS.ollama}`, OLLAMA_MODELS: '/models', HOME: '/tmp' },
      persistence: { mountPath: '/models', sizeGi: 50 },
      postStart: ['/bin/sh', '-c', 'until ollama list >/dev/null 2>&1; do sleep 2; done; ollama pull qwen2:0.5b'],
      // Only the API gateway calls Ollama (OLLAMA_ENDPOINT); voice-processor transcribes with its own Whisper model.
      ingressFrom: ['api-gateway'],
      egressTo: ['internet-https'],
    },
  ];
}
