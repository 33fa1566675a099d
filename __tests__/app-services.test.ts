/** App services: one Helm release of charts/app-service per catalog entry, values checked like Helm checks them. */
import Ajv from 'ajv';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import type { ServiceConfig } from '../environments/schema/workloads';
import { testEnvironments } from './support/synth';
import { platformOutdir, platformStack, type Json, type SynthStack } from './support/synth';

const schema = JSON.parse(readFileSync(join(__dirname, '..', 'charts', 'app-service', 'values.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const envs = testEnvironments();
const CHART = parse(readFileSync(join(__dirname, '..', 'charts', 'app-service', 'Chart.yaml'), 'utf8'));

/** The app-service releases of an environment: the general ones in `<env>-workloads`, the GPU ones in `<env>-gpu`. */
function appReleases(...stacks: SynthStack[]): Record<string, { attrs: Json; values: Json; stack: string }> {
  return Object.fromEntries(stacks.flatMap((stack) => stack.resources('helm_release').filter((r) => String(r.attrs.chart).includes('chart-app-service'))
    .map((r) => [r.attrs.name, { attrs: r.attrs, values: parse(r.attrs.values[0]), stack: stack.name }])));
}
const production = appReleases(platformStack('production-workloads'), platformStack('production-gpu'));
const staging = appReleases(platformStack('staging-workloads'), platformStack('staging-gpu'));

test('one release per catalog entry in each environment (workloads and GPU stacks together)', () => {
  expect(Object.keys(production).sort()).toEqual(Object.keys(envs.production.workloads.services).sort());
  expect(Object.keys(staging).sort()).toEqual(Object.keys(envs.staging.workloads.services).sort());
});

describe.each(['production', 'staging'] as const)('%s releases', (envName) => {
  const releases = envName === 'production' ? production : staging;
  const services = envs[envName].workloads.services;

  test.each(Object.keys(services))('%s: values satisfy the chart values.schema.json (as helm install checks)', (name) => {
    const ok = validate(releases[name].values);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  test.each(Object.keys(services))('%s: the local chart ships inside the stack, atomic, in the app namespace', (name) => {
    const { attrs, stack } = releases[name];
    expect(attrs).toMatchObject({ namespace: envs[envName].workloads.namespace, atomic: true, wait: true, max_history: 10, version: CHART.version });
    // Terraform Cloud uploads only the stack's own directory: the chart must be inside the stack that releases it.
    const chartDir = join(platformOutdir, 'stacks', stack, attrs.chart);
    expect(parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8'))).toMatchObject({ name: 'app-service', version: CHART.version });
    expect(existsSync(join(chartDir, 'templates', 'workload.yaml'))).toBe(true);
  });

  test.each(Object.keys(services))('%s: restricted security context, image, resources and probes from the catalog', (name) => {
    const values = releases[name].values;
    const svc = services[name];
    expect(values.podSecurityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(values.podSecurityContext.runAsUser).toBeGreaterThanOrEqual(10000);
    expect(values.securityContext).toMatchObject({ allowPrivilegeEscalation: false, privileged: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    expect(values.image).toMatchObject({ repository: svc.image.repository, tag: svc.image.tag });
    expect(values.resources.limits).toMatchObject(svc.resources.limits);
    expect(values.resources.requests).toMatchObject(svc.resources.requests);
    expect(values.probes).toEqual({ liveness: svc.probes.liveness ?? null, readiness: svc.probes.readiness ?? null, startup: svc.probes.startup ?? null });
    expect(values.containerPort).toBe(svc.port);
    expect(values.topologySpread.enabled).toBe(true);
  });
});

describe('api-gateway', () => {
  const values = production['api-gateway'].values;

  test('autoscales within the configured bounds and targets, with a PDB', () => {
    const a = envs.production.workloads.services['api-gateway'].autoscaling!;
    expect(values.autoscaling).toEqual({ enabled: true, minReplicas: a.minReplicas, maxReplicas: a.maxReplicas, targetCPUUtilizationPercentage: a.cpuPercent ?? null, targetMemoryUtilizationPercentage: a.memoryPercent ?? null });
    expect(values.podDisruptionBudget).toEqual({ enabled: true, maxUnavailable: 1 });
  });

  test('served at api.<domain> through the shared ALB with the origin certificate and the Cloudflare-only security group', () => {
    expect(values.ingress.host).toBe('api.aifeedback.se');
    const annotations = values.ingress.annotations;
    expect(annotations).toMatchObject({
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS":443}]',
      'alb.ingress.kubernetes.io/group.name': 'aifeedback-production-public',
      'external-dns.alpha.kubernetes.io/hostname': 'api.origin.aifeedback.se',
      'alb.ingress.kubernetes.io/healthcheck-path': '/ready',
    });
    const infra = platformStack('production').json.output;
    const outputOf = (ref: string) => infra[/outputs\.([\w-]+)\}/.exec(ref)![1]].value;
    expect(outputOf(annotations['alb.ingress.kubernetes.io/certificate-arn'])).toMatch(/aws_acm_certificate_validation\..*\.certificate_arn/);
    expect(outputOf(annotations['alb.ingress.kubernetes.io/security-groups'])).toMatch(/aws_security_group\.edge_origin-lb-sg/);
  });

  test('secrets arrive by ExternalSecret from this environment Secrets Manager entries, never as values', () => {
    expect(values.externalSecret.enabled).toBe(true);
    expect(values.externalSecret.storeName).toBe('aws-secrets-manager');
    for (const key of values.externalSecret.keys) {
      expect(key.secretName).toBe(`aifeedback/production/${key.envName}`);
      expect(envs.production.data.secrets).toContain(key.envName);
      expect(values.env[key.envName]).toBeUndefined();
    }
  });

  test('reaches PostgreSQL through the RDS Proxy as the app role with IAM tokens', () => {
    expect(values.env).toMatchObject({ DATABASE_USER: 'aifeedback_app', DATABASE_AUTH: 'iam', DATABASE_SSLMODE: 'verify-full', DATABASE_PORT: '5432' });
    expect(values.env.DATABASE_HOST).toMatch(/^\$\{data\.terraform_remote_state\..*aws_db_proxy.*endpoint\}$/);
    expect(staging['api-gateway'].values.env.DATABASE_HOST).toMatch(/aws_db_instance.*address/);
  });

  test('reaches Redis with IAM auth over TLS (no password anywhere)', () => {
    expect(values.env.REDIS_URL).toMatch(/^rediss:\/\/\$\{data\.terraform_remote_state\..*primary_endpoint_address\}:6379$/);
    expect(values.env.REDIS_AUTH).toBe('iam');
    expect(JSON.stringify(values)).not.toMatch(/REDIS_PASSWORD/);
  });
});

describe('GPU services', () => {
  test('ollama: GPU node selector and toleration, one nvidia.com/gpu, persistent models, model pre-pull', () => {
    const values = production.ollama.values;
    expect(values.nodeSelector).toEqual({ gpu: 'true' });
    expect(values.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(values.resources.limits['nvidia.com/gpu']).toBe('1');
    expect(values.persistence).toEqual({ enabled: true, mountPath: '/models', size: '50Gi', storageClass: 'gp3-encrypted' });
    expect(values.lifecycle.postStart.join(' ')).toMatch(/ollama pull qwen2:0\.5b/);
    expect(values.env).toMatchObject({ OLLAMA_MODELS: '/models', HOME: '/tmp' });
  });

  test('voice-processor: on a GPU in production, on CPU in staging (by config)', () => {
    expect(production['voice-processor'].values.resources.limits['nvidia.com/gpu']).toBe('1');
    expect(staging['voice-processor'].values.resources.limits['nvidia.com/gpu']).toBeUndefined();
    expect(staging['voice-processor'].values.nodeSelector).toEqual({ NodeGroup: 'general' });
    expect(staging['voice-processor'].values.tolerations).toEqual([]);
  });
});

/** Every release of both environments with its resolved catalog entry. */
const everyRelease = (['production', 'staging'] as const).flatMap((env) => Object.entries(envs[env].workloads.services)
  .map(([name, svc]) => [`${env} ${name}`, (env === 'production' ? production : staging)[name].values, svc] as const));

test('the catalogs have both kinds of each case below (single and several replicas, public and internal, with and without metrics)', () => {
  const cases: ((s: ServiceConfig) => boolean)[] = [(s) => (s.autoscaling?.minReplicas ?? s.replicas) > 1, (s) => Boolean(s.hostname), (s) => Boolean(s.metrics)];
  for (const has of cases) {
    expect(new Set(everyRelease.map(([, , svc]) => has(svc)))).toEqual(new Set([true, false]));
  }
});

test.each(everyRelease)('%s: a PDB only with more than one replica (on a single replica it would block node drains)', (_name, values, svc) => {
  expect(values.podDisruptionBudget).toEqual({ enabled: (svc.autoscaling?.minReplicas ?? svc.replicas) > 1, maxUnavailable: 1 });
});

test.each(everyRelease)('%s: an ingress only for a public hostname, on that hostname', (_name, values, svc) => {
  if (svc.hostname) expect(values.ingress).toMatchObject({ enabled: true, host: svc.hostname });
  else expect(values.ingress).toEqual({ enabled: false });
});

test.each(everyRelease)('%s: a ServiceMonitor only with metrics, on the configured path (job = service name)', (_name, values, svc) => {
  expect(values.serviceMonitor).toEqual(svc.metrics ? { enabled: true, path: svc.metrics.path, interval: '30s' } : { enabled: false });
});

test('the chart schema rejects what the restricted profile forbids', () => {
  const good = production['api-gateway'].values;
  const bad = (patch: (v: Json) => void) => { const v = structuredClone(good); patch(v); return validate(v); };
  expect(bad((v) => { v.securityContext.allowPrivilegeEscalation = true; })).toBe(false);
  expect(bad((v) => { v.podSecurityContext.runAsNonRoot = false; })).toBe(false);
  expect(bad((v) => { v.securityContext.capabilities.drop = []; })).toBe(false);
  expect(bad((v) => { v.image.tag = 'latest'; })).toBe(false);
  expect(bad((v) => { v.unknownKey = 1; })).toBe(false);
});
