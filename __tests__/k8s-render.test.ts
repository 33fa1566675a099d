/**
 * Every in-repo chart release of every environment's workloads stack, rendered with the bundled helm exactly as the
 * synthesized helm_release installs it, linted strictly, and validated together with the stack's own kubernetes_*
 * objects: schemas (unknown fields are errors), Pod Security, references, network paths. docs/kubernetes-checks.md.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { appPortProblems } from './support/app-service-ports';
import { inRepoChartReleases, renderReleases, type RenderedRelease } from './support/chart-releases';
import { helmBinary } from './support/helm';
import { podSecurityProblems, referenceProblems } from './support/kube-checks';
import { validateClusters, validateObjects } from './support/kube-validate';
import { allowedPaths, declaredPaths, envUrlProblems, hasDefaultDeny, oneSidedPaths } from './support/network-paths';
import { platformStack, testEnvironments, type Json } from './support/synth';
import { toKubeObject } from './support/terraform-kube';
import { environmentObjects, networkFacts } from './support/k8s-environment';

const environments = testEnvironments();
const envNames = Object.keys(environments);
const releases = inRepoChartReleases();
let rendered: RenderedRelease[] = [];
/** Schema problems per environment: one validation run (a child process) for all of them. */
const schemaProblems: Record<string, string[]> = {};

beforeAll(async () => {
  rendered = await renderReleases(releases);
  // Each environment's objects against the object models of its cluster's Kubernetes minor (or the closest older).
  const results = validateClusters(envNames.map((env) => ({ kubernetesVersion: environments[env].eks.kubernetesVersion, objects: objectsOf(env) })));
  envNames.forEach((env, i) => { schemaProblems[env] = results[i].problems.flat(); });
});

/** Secrets with a value beyond an empty placeholder (`""`, `{}`): their content would sit in the release record. */
const secretsWithData = (objects: readonly Json[]) => objects
  .filter((o) => o.kind === 'Secret' && Object.values({ ...o.data, ...o.stringData }).some((v) => v !== '' && v !== '{}' && v !== 'e30='))
  .map((o) => `Secret ${o.metadata?.name}`);

const objectsByEnv = new Map<string, Json[]>();
const objectsOf = (env: string): Json[] => {
  if (!objectsByEnv.has(env)) objectsByEnv.set(env, environmentObjects(env, rendered));
  return objectsByEnv.get(env)!;
};

describe('helm lint --strict and helm template of the in-repo charts', () => {
  test('every chart in charts/ is released in every workloads stack', () => {
    const charts = readdirSync(join(__dirname, '..', 'charts'));
    for (const env of envNames) expect(charts.filter((c) => !releases.some((r) => r.environment === env && r.chart === c))).toEqual([]);
  });

  test('no in-repo release renders a Secret with data: Helm keeps releases in ConfigMaps that plans may read', () => {
    const withData = rendered.flatMap((r) => secretsWithData(r.objects).map((s) => `${r.release.stack} ${r.release.name}: ${s}`));
    expect(withData).toEqual([]);
    expect(secretsWithData([{ kind: 'Secret', metadata: { name: 'planted' }, stringData: { password: 'x' } }])).toEqual(['Secret planted']);
  });

  test.each(releases.map((r) => [`${r.stack} ${r.name}`, r] as const))('%s: lints and renders at its Kubernetes version', (_, release) => {
    const result = rendered.find((r) => r.release === release)!;
    expect(result.lintError).toBeUndefined();
    expect(result.renderError).toBeUndefined();
    expect(result.objects.length).toBeGreaterThan(0);
  });
});

describe.each(envNames)('%s: Kubernetes objects', (env) => {
  test('every kubernetes_* resource of the workloads stack has an API mapping', () => {
    const converted = platformStack(`${env}-workloads`).resources().filter((r) => r.type.startsWith('kubernetes_')).map(toKubeObject);
    expect(converted.filter((o) => typeof o === 'string')).toEqual([]);
  });

  test('every rendered and Terraform-managed object passes strict schema validation', () => {
    expect(schemaProblems[env]).toEqual([]);
  });

  test('pods in namespaces that enforce restricted meet the restricted profile', () => {
    expect(podSecurityProblems(objectsOf(env))).toEqual([]);
  });

  test('namespaces, selectors, named ports and targets (Service, probe, Ingress, PDB, HPA, ServiceMonitor, StatefulSet) resolve', () => {
    expect(referenceProblems(objectsOf(env))).toEqual([]);
  });

  test('network policies allow exactly the declared paths, on both sides, behind a default deny', () => {
    const namespace = environments[env].workloads.namespace;
    const allowed = allowedPaths(objectsOf(env), namespace);
    const declared = declaredPaths(environments[env].workloads.services, networkFacts(environments[env]));
    expect(hasDefaultDeny(objectsOf(env), namespace)).toBe(true);
    expect(oneSidedPaths(allowed)).toEqual([]);
    expect({ missing: [...declared].filter((p) => !allowed.has(p)), extra: [...allowed].filter((p) => !declared.has(p)) }).toEqual({ missing: [], extra: [] });
  });

  test('app services: every container port, probe and Service port is the configured port', () => {
    const services = environments[env].workloads.services;
    const apps = rendered.filter((r) => r.release.environment === env && r.release.chart === 'app-service');
    expect(apps.map((r) => r.release.name).sort()).toEqual(Object.keys(services).sort());
    expect(apps.flatMap((r) => appPortProblems(r.objects, services[r.release.name].port).map((p) => `${r.release.name}: ${p}`))).toEqual([]);
  });

  test('URLs in service environments are reachable under the catalog', () => {
    const config = environments[env];
    expect(envUrlProblems(config.workloads.services, config.edge.hostnames.map((h) => h.name))).toEqual([]);
  });
});

/** Each check sees a planted defect in a copy of production's real objects. */
describe('planted defects are caught', () => {
  const env = 'production';
  const config = environments[env];
  const namespace = config.workloads.namespace;
  const copy = (): Json[] => structuredClone(objectsOf(env));
  const find = (objects: Json[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name)!;
  const container = (objects: Json[], kind: string, name: string) => find(objects, kind, name).spec.template.spec.containers[0];
  const networkProblems = (objects: Json[], services = config.workloads.services) => {
    const allowed = allowedPaths(objects, namespace);
    const declared = declaredPaths(services, networkFacts(config));
    return [...oneSidedPaths(allowed), ...[...declared].filter((p) => !allowed.has(p)).map((p) => `missing ${p}`),
      ...[...allowed].filter((p) => !declared.has(p)).map((p) => `extra ${p}`)];
  };

  test('a chart that fails its values schema fails lint and render', async () => {
    const release = releases.find((r) => r.environment === env && r.name === 'api-gateway')!;
    const [result] = await renderReleases([{ ...release, valueArgs: [...release.valueArgs, '--set', 'containerPort=80'] }]);
    expect(result.renderError).toMatch(/containerPort/);
    expect(result.lintError).toMatch(/containerPort/);
  });

  test('schema: unknown fields (workload, custom resource, Terraform object), wrong types, a removed API version', () => {
    const objects = copy();
    container(objects, 'Deployment', 'api-gateway').imagePullSecret = 'typo';
    container(objects, 'Deployment', 'customer-pwa').ports[0].containerPort = '3000';
    find(objects, 'ServiceMonitor', 'api-gateway').spec.endpoints[0].scrapeInterval = '30s';
    find(objects, 'NetworkPolicy', 'default-deny-all').spec.podSelectors = {};
    find(objects, 'PodDisruptionBudget', 'ollama').apiVersion = 'policy/v1beta1';
    const problems = validateObjects(objects).flat();
    expect(problems).toHaveLength(5);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/Deployment\/api-gateway: spec.template.spec.containers\[0\].imagePullSecret: unknown field/),
      expect.stringMatching(/Deployment\/customer-pwa: spec.template.spec.containers\[0\].ports\[0\].containerPort: must be integer/),
      expect.stringMatching(/ServiceMonitor\/api-gateway: spec.endpoints\[0\].scrapeInterval: unknown field/),
      expect.stringMatching(/NetworkPolicy\/default-deny-all: spec.podSelectors: unknown field/),
      expect.stringMatching(/PodDisruptionBudget\/ollama: policy\/v1beta1 is not a GA API/),
    ]));
  });

  test('schema: a kubernetes_* type without an API mapping is reported', () => {
    expect(toKubeObject({ type: 'kubernetes_daemon_set_v1', name: 'x', address: 'kubernetes_daemon_set_v1.x', attrs: {} })).toMatch(/no API mapping/);
  });

  test('Pod Security restricted: escalation, capabilities, root, host paths', () => {
    const objects = copy();
    delete container(objects, 'Deployment', 'api-gateway').securityContext.allowPrivilegeEscalation;
    container(objects, 'StatefulSet', 'ollama').securityContext.capabilities.add = ['SYS_ADMIN'];
    const pwa = find(objects, 'Deployment', 'customer-pwa').spec.template.spec;
    delete pwa.securityContext.runAsNonRoot;
    delete pwa.containers[0].securityContext.runAsNonRoot;
    pwa.volumes.push({ name: 'host', hostPath: { path: '/var/run' } });
    expect(podSecurityProblems(objects)).toEqual([
      expect.stringMatching(/Deployment\/aifeedback\/api-gateway: container api-gateway: securityContext.allowPrivilegeEscalation must be false/),
      expect.stringMatching(/Deployment\/aifeedback\/customer-pwa: volume host of type hostPath is not allowed/),
      expect.stringMatching(/Deployment\/aifeedback\/customer-pwa: container customer-pwa: runAsNonRoot must be true/),
      expect.stringMatching(/StatefulSet\/aifeedback\/ollama: container ollama: capabilities.add may only hold NET_BIND_SERVICE, not SYS_ADMIN/),
    ]);
  });

  test('references: missing pod label, wrong port names, missing targets, non-headless serviceName, double scrape, unknown namespace', () => {
    const objects = copy();
    delete find(objects, 'Deployment', 'admin-dashboard').spec.template.metadata.labels['app.kubernetes.io/instance'];
    find(objects, 'Service', 'customer-pwa').spec.ports[0].targetPort = 'web';
    container(objects, 'Deployment', 'business-dashboard').readinessProbe.httpGet.port = 'health';
    find(objects, 'Ingress', 'api-gateway').spec.rules[0].http.paths[0].backend.service.port.name = 'https';
    find(objects, 'HorizontalPodAutoscaler', 'api-gateway').spec.scaleTargetRef.name = 'api';
    find(objects, 'PodDisruptionBudget', 'ollama').spec.selector.matchLabels['app.kubernetes.io/name'] = 'olama';
    find(objects, 'ServiceMonitor', 'api-gateway').spec.endpoints[0].port = 'metrics';
    delete find(objects, 'ServiceMonitor', 'voice-processor').spec.selector.matchExpressions;
    delete find(objects, 'Service', 'ollama-headless').spec.clusterIP;
    find(objects, 'ServiceAccount', 'ollama').metadata.namespace = 'aifeedbak';
    const problems = referenceProblems(objects).join('\n');
    for (const expected of [
      /Service\/aifeedback\/admin-dashboard: selector .* matches no pod template/,
      /Service\/aifeedback\/customer-pwa: port http targets "web", which no container of Deployment\/aifeedback\/customer-pwa names/,
      /Deployment\/aifeedback\/business-dashboard: container business-dashboard readinessProbe uses port "health"/,
      /Ingress\/aifeedback\/api-gateway: backend api-gateway:https is not a port of an existing Service/,
      /HorizontalPodAutoscaler\/aifeedback\/api-gateway: scaleTargetRef apps\/v1 Deployment\/api does not exist/,
      /PodDisruptionBudget\/aifeedback\/ollama: selector matches no pod template/,
      /ServiceMonitor\/aifeedback\/api-gateway: endpoint port "metrics" is not a port name of Service\/aifeedback\/api-gateway/,
      /ServiceMonitor\/aifeedback\/voice-processor: selects .* which front the same pods \(scraped twice\)/,
      /StatefulSet\/aifeedback\/ollama: serviceName "ollama-headless" must be a headless Service/,
      /ServiceAccount\/aifeedbak\/ollama: namespace "aifeedbak" is not created by the stack/,
    ]) expect(problems).toMatch(expected);
  });

  test('network: a blocked declared path, a one-sided path, an undeclared path, no default deny', () => {
    const objects = copy();
    const policy = (name: string) => find(objects, 'NetworkPolicy', `${name}-traffic`).spec;
    policy('api-gateway').egress = policy('api-gateway').egress.filter((r: Json) => r.ports[0].port !== 11434);
    policy('voice-processor').ingress.push({ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ollama' } } }], ports: [{ port: 8000, protocol: 'TCP' }] });
    policy('customer-pwa').egress.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443, protocol: 'TCP' }] });
    expect(networkProblems(objects)).toEqual(expect.arrayContaining([
      'ingress pod:ollama <- pod:api-gateway TCP/11434: pod:api-gateway has no such egress',
      'ingress pod:voice-processor <- pod:ollama TCP/8000: pod:ollama has no such egress',
      'missing egress pod:api-gateway -> pod:ollama TCP/11434',
      'extra ingress pod:voice-processor <- pod:ollama TCP/8000',
      'extra egress pod:customer-pwa -> cidr:0.0.0.0/0 TCP/443',
    ]));
    expect(hasDefaultDeny(objects.filter((o) => o.metadata.name !== 'default-deny-all'), namespace)).toBe(false);
  });

  test('network: DNS, Pod Identity agent and VPC endpoints are declared paths', () => {
    const objects = copy().filter((o) => o.metadata.name !== 'allow-dns');
    const gateway = find(objects, 'NetworkPolicy', 'api-gateway-traffic').spec;
    gateway.egress = gateway.egress.filter((r: Json) => r.ports[0].port !== 443 || r.to[0].ipBlock.cidr === '0.0.0.0/0');
    expect(networkProblems(objects)).toEqual(expect.arrayContaining([
      'missing egress pod:ollama -> ns:kube-system{k8s-app=kube-dns} UDP/53',
      ...config.network.subnets.private.map((cidr) => `missing egress pod:api-gateway -> cidr:${cidr} TCP/443`),
    ]));
  });

  test('a service URL in env that the catalog does not let the service reach', () => {
    const services = structuredClone(config.workloads.services);
    services['voice-processor'].env.OLLAMA_ENDPOINT = 'http://ollama:11434';
    services['admin-dashboard'].egressTo = ['api-gateway'];
    expect(envUrlProblems(services, config.edge.hostnames.map((h) => h.name))).toEqual([
      expect.stringMatching(/^admin-dashboard: env NEXT_PUBLIC_API_URL=https:\/\/api\.\S+ calls the public hostname/),
      expect.stringMatching(/^voice-processor: env OLLAMA_ENDPOINT=http:\/\/ollama:11434 calls ollama, which is not in egressTo/),
    ]);
  });

  test('a literal port in the app-service templates (one the app does not listen on) is caught', async () => {
    const services = config.workloads.services;
    const release = releases.find((r) => r.environment === env && r.chart === 'app-service' && services[r.name].port !== 8080)!;
    const port = services[release.name].port;
    const probes = (['liveness', 'readiness', 'startup'] as const).filter((probe) => services[release.name].probes[probe]);
    /** The release rendered from a copy of its chart with one template edited. */
    const renderEdited = async (template: string, from: string, to: string) => {
      const chartDir = mkdtempSync(join(tmpdir(), 'app-service-planted-'));
      try {
        cpSync(release.chartDir, chartDir, { recursive: true });
        const file = join(chartDir, 'templates', template);
        const text = readFileSync(file, 'utf8');
        expect(text).toContain(from);
        writeFileSync(file, text.replace(from, to));
        const [result] = await renderReleases([{ ...release, chartDir }]);
        expect(result.renderError).toBeUndefined();
        return appPortProblems(result.objects, port);
      } finally {
        rmSync(chartDir, { recursive: true, force: true });
      }
    };
    const [original] = await renderReleases([release]);
    expect(appPortProblems(original.objects, port)).toEqual([]);
    expect(await renderEdited('workload.yaml', 'containerPort: {{ .Values.containerPort }}', 'containerPort: 8080')).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`container ${release.name} port http is 8080, but the service's configured port is ${port}`)),
      ...probes.map((probe) => expect.stringMatching(new RegExp(`${probe}Probe targets "http" \\(8080\\)`))),
      expect.stringMatching(/Service\/.*: port http forwards to "http" \(8080\)/),
    ]));
    expect(probes.length).toBeGreaterThan(0);
    expect(await renderEdited('_helpers.tpl', 'port: http', 'port: 8080')).toEqual(probes.map((probe) => expect.stringMatching(new RegExp(`${probe}Probe targets 8080`))));
    expect(await renderEdited('service.yaml', 'port: {{ .Values.containerPort }}', 'port: 8080')).toEqual([
      expect.stringMatching(/port http-direct is 8080; callers use http:\/\/<service>:/),
    ]);
  });

  test('no usable helm is an error, not a skip', () => {
    expect(() => helmBinary({ HELM_BIN: '/nonexistent/helm', PATH: '' })).toThrow(/No usable helm CLI[\s\S]*\/nonexistent\/helm/);
  });
});
