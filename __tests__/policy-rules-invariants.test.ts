/**
 * The invariant rules (chart pins, listener TLS, service-account tokens, Cloudflare SSL mode and WAF, GPU placement,
 * DR region, RDS Proxy TLS, database ports): each defect is planted into a copy of a real synthesized stack (or a
 * small stack of its own) and must be reported; the real stacks and valid variations must pass.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse, stringify } from 'yaml';
import { HELM_CHARTS, LOCAL_CHARTS } from '../environments/versions';
import { PROJECT_ROOT } from '../lib/project-root';
import { POLICY_RULES } from './policy';
import { isGpuNodeGroup, requestsGpu } from './policy/rules-gpu';
import { isExactVersion } from './policy/rules-helm';
import { DEFAULT_ELB_POLICY, TLS12_POLICY } from './policy/rules-listeners';
import { DATABASE_PORTS } from './policy/rules-network';
import { asList, platformStacks, SynthStack, testEnvironments, type Json, type SynthResource } from './support/synth';

const platform = platformStacks();
const envs = Object.values(testEnvironments());
const rule = (id: string) => {
  const found = POLICY_RULES.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
};
const stackNamed = (name: string) => platform.find((s) => s.name === name)!;

/** The platform with copies of some real stacks, each with its plants applied to its JSON. */
function plantedPlatform(plants: readonly [string, (json: Json) => void][]): SynthStack[] {
  return platform.map((s) => {
    const mine = plants.filter(([name]) => name === s.name);
    if (mine.length === 0) return s;
    const json = structuredClone(s.json);
    for (const [, plant] of mine) plant(json);
    return new SynthStack(s.name, json);
  });
}

/** A copy of a real stack with `plant` applied to its JSON, and the platform with the copy in its place. */
function planted(name: string, plant: (json: Json) => void): { stack: SynthStack; platform: SynthStack[] } {
  const withPlant = plantedPlatform([[name, plant]]);
  return { stack: withPlant.find((s) => s.name === name)!, platform: withPlant };
}

/** Violations of `id` over a planted copy of stack `name` (the rest of the platform unchanged). */
function violations(id: string, name: string, plant: (json: Json) => void) {
  const { stack, platform: withPlant } = planted(name, plant);
  return rule(id).evaluate(stack, withPlant);
}

const resourcesOf = (json: Json, type: string): [string, Json][] => Object.entries(json.resource?.[type] ?? {});
const appReleases = (json: Json) => resourcesOf(json, 'helm_release').filter(([, r]) => String(r.chart).includes('chart-app-service'));
const valuesOf = (r: Json): Json => parse(r.values[0]);
const setValues = (r: Json, values: Json) => { r.values = [stringify(values)]; };

/** Environments with a GPU node group in config, and their services that ask for GPUs. */
const gpuEnvs = envs.filter((e) => Object.values(e.eks.nodeGroups).some((g) => g.gpu));
const gpuServices = (env: (typeof envs)[number]) => Object.entries(env.workloads.services).filter(([, s]) => s.gpu).map(([name]) => name);
const hostedServices = (env: (typeof envs)[number]) => Object.entries(env.workloads.services).filter(([, s]) => s.hostname).map(([name]) => name);
/** The stack an app service's release lives in: the GPU stack for GPU services. */
const serviceStack = (env: (typeof envs)[number], service: string) => `${env.name}-${env.workloads.services[service].gpu ? 'gpu' : 'workloads'}`;
const releaseOf = (json: Json, service: string): Json => appReleases(json).find(([, r]) => r.name === service)![1];

describe('HELM_CHART_PINNED', () => {
  const env = envs[0];
  const stack = `${env.name}-workloads`;
  const upstream = Object.keys(HELM_CHARTS)[0];

  test.each([`^${HELM_CHARTS[upstream as keyof typeof HELM_CHARTS].version}`, '~1.2', '>=1.0.0', '1.x', '*', 'latest', `v${HELM_CHARTS[upstream as keyof typeof HELM_CHARTS].version}`, '1.2'])(
    'a repository chart pinned as "%s" is reported', (version) => {
      const found = violations('HELM_CHART_PINNED', stack, (json) => {
        resourcesOf(json, 'helm_release').find(([, r]) => r.chart === upstream)![1].version = version;
      });
      expect(found.map((v) => v.message)).toEqual([expect.stringContaining(`"${version}"`)]);
    });

  test('an unset version (newest in the repository) and a ranged local chart are reported', () => {
    const found = violations('HELM_CHART_PINNED', stack, (json) => {
      delete resourcesOf(json, 'helm_release').find(([, r]) => r.chart === upstream)![1].version;
      appReleases(json)[0][1].version = `^${Object.values(LOCAL_CHARTS)[0]}`;
    });
    expect(found).toHaveLength(2);
  });

  test('exact versions pass, pre-release and build metadata included', () => {
    for (const version of ['0.0.1', '10.20.30', '1.2.3-rc.1', '1.2.3-rc.1+build.5']) expect([version, isExactVersion(version)]).toEqual([version, true]);
    for (const version of ['01.2.3', '1.2.3 ', '1.2.3||1.2.4', '=1.2.3']) expect([version, isExactVersion(version)]).toEqual([version, false]);
  });
});

describe('listener TLS (CKV_AWS_103) and HTTPS only (CKV2_AWS_20)', () => {
  const env = envs.find((e) => hostedServices(e).length > 0)!;
  const service = hostedServices(env)[0];
  const stack = serviceStack(env, service);
  const withAnnotations = (edit: (annotations: Json) => void) => (json: Json) => {
    const release = releaseOf(json, service);
    const values = valuesOf(release);
    edit(values.ingress.annotations);
    setValues(release, values);
  };

  test('a weak ssl-policy annotation on an app Ingress is reported', () => {
    const found = violations('CKV_AWS_103', stack, withAnnotations((a) => { a['alb.ingress.kubernetes.io/ssl-policy'] = DEFAULT_ELB_POLICY; }));
    expect(found.map((v) => v.message)).toEqual([expect.stringContaining(`${DEFAULT_ELB_POLICY}, which accepts TLS below 1.2`)]);
  });

  test("a missing ssl-policy annotation gets the controller's default, which is reported unless the controller's chart sets a TLS 1.2 default", () => {
    const drop = withAnnotations((a) => { delete a['alb.ingress.kubernetes.io/ssl-policy']; });
    expect(violations('CKV_AWS_103', stack, drop).map((v) => v.message)).toEqual([expect.stringContaining(`the default ${DEFAULT_ELB_POLICY}`)]);
    // The controller may sit in another stack of the platform: plant its chart default there.
    const controllerStack = platform.find((s) => s.resources('helm_release').some((r) => r.attrs.chart === 'aws-load-balancer-controller'))!;
    const strictDefault = (json: Json) => {
      const [, controller] = resourcesOf(json, 'helm_release').find(([, r]) => r.chart === 'aws-load-balancer-controller')!;
      setValues(controller, { ...valuesOf(controller), defaultSSLPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' });
    };
    const both = plantedPlatform([[stack, drop], [controllerStack.name, strictDefault]]);
    const appStack = both.find((s) => s.name === stack)!;
    expect(rule('CKV_AWS_103').evaluate(appStack, both)).toEqual([]);
  });

  test('plain-HTTP listen-ports need ssl-redirect', () => {
    const http = withAnnotations((a) => { a['alb.ingress.kubernetes.io/listen-ports'] = '[{"HTTP":80},{"HTTPS":443}]'; });
    expect(violations('CKV2_AWS_20', stack, http).map((v) => v.message)).toEqual([expect.stringContaining('plain HTTP 80 without ssl-redirect')]);
    const redirected = withAnnotations((a) => {
      a['alb.ingress.kubernetes.io/listen-ports'] = '[{"HTTP":80},{"HTTPS":443}]';
      a['alb.ingress.kubernetes.io/ssl-redirect'] = '443';
    });
    expect(violations('CKV2_AWS_20', stack, redirected)).toEqual([]);
    // No listen-ports and no certificate: the controller listens on HTTP 80.
    const bare = withAnnotations((a) => {
      delete a['alb.ingress.kubernetes.io/listen-ports'];
      delete a['alb.ingress.kubernetes.io/certificate-arn'];
    });
    expect(violations('CKV2_AWS_20', stack, bare)).toHaveLength(1);
  });

  test('Terraform listeners: weak or missing policy and an HTTP listener that forwards are reported; TLS 1.2+ and a redirect pass', () => {
    const listeners = new SynthStack('listeners', {
      provider: { aws: [{ region: 'eu-north-1' }] },
      resource: {
        aws_lb_listener: {
          weak: { protocol: 'HTTPS', port: 443, ssl_policy: 'ELBSecurityPolicy-TLS-1-1-2017-01', default_action: [{ type: 'forward' }] },
          unset: { protocol: 'HTTPS', port: 8443, default_action: [{ type: 'forward' }] },
          good: { protocol: 'HTTPS', port: 9443, ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09', default_action: [{ type: 'forward' }] },
          forwards: { protocol: 'HTTP', port: 80, default_action: [{ type: 'forward' }] },
          redirects: { protocol: 'HTTP', port: 8080, default_action: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }] },
        },
      },
    });
    expect(rule('CKV_AWS_103').evaluate(listeners).map((v) => v.address).sort()).toEqual(['aws_lb_listener.unset', 'aws_lb_listener.weak']);
    expect(rule('CKV2_AWS_20').evaluate(listeners).map((v) => v.address)).toEqual(['aws_lb_listener.forwards']);
  });

  test('the TLS 1.2 list takes every TLS 1.2+ policy family and no older one', () => {
    for (const ok of ['ELBSecurityPolicy-TLS13-1-2-2021-06', 'ELBSecurityPolicy-TLS13-1-3-2021-06', 'ELBSecurityPolicy-TLS-1-2-Ext-2018-06', 'ELBSecurityPolicy-FS-1-2-Res-2020-10', 'ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04']) {
      expect([ok, TLS12_POLICY.test(ok)]).toEqual([ok, true]);
    }
    for (const weak of [DEFAULT_ELB_POLICY, 'ELBSecurityPolicy-2015-05', 'ELBSecurityPolicy-TLS-1-1-2017-01', 'ELBSecurityPolicy-TLS13-1-0-2021-06', 'ELBSecurityPolicy-TLS13-1-1-2021-06', 'ELBSecurityPolicy-FS-2018-06', 'ELBSecurityPolicy-FS-1-1-2019-08']) {
      expect([weak, TLS12_POLICY.test(weak)]).toEqual([weak, false]);
    }
  });
});

describe('CKV_K8S_38: service-account tokens', () => {
  const env = envs[0];
  const service = Object.keys(env.workloads.services)[0];
  const stack = serviceStack(env, service);

  test('a pod-level automountServiceAccountToken: true in the rendered chart is reported, though its ServiceAccount says false', () => {
    const chart = mkdtempSync(join(tmpdir(), 'planted-chart-'));
    cpSync(join(PROJECT_ROOT, 'charts', 'app-service'), chart, { recursive: true });
    const workload = join(chart, 'templates', 'workload.yaml');
    const template = readFileSync(workload, 'utf8');
    expect(template).toMatch(/^ {6}automountServiceAccountToken: false$/m);
    writeFileSync(workload, template.replace(/^( {6}automountServiceAccountToken:) false$/m, '$1 true'));
    try {
      const found = violations('CKV_K8S_38', stack, (json) => { releaseOf(json, service).chart = chart; });
      expect(found.map((v) => v.message)).toEqual([expect.stringContaining('the pod sets automountServiceAccountToken: true')]);
    } finally {
      rmSync(chart, { recursive: true, force: true });
    }
  });

  test('a workload shipped in release values (extraManifests) loses its API declaration when its RoleBinding goes', () => {
    const release = (json: Json): Json | undefined => resourcesOf(json, 'helm_release').map(([, r]) => r)
      .find((r) => asList<string>(r.values).some((v) => /kind: RoleBinding/.test(v) && /kind: CronJob|kind: Deployment/.test(v)));
    const real = platform.map((s) => ({ s, r: release(s.json) })).find((x) => x.r);
    expect(real).toBeDefined(); // something uses the API today: the rule must see it as declared
    const found = violations('CKV_K8S_38', real!.s.name, (json) => {
      const r = release(json)!;
      const strip = (value: unknown): unknown => (Array.isArray(value) ? value.filter((o) => !(o && typeof o === 'object' && (o as Json).kind === 'RoleBinding')).map(strip)
        : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, strip(v)])) : value);
      r.values = asList<string>(r.values).map((v) => stringify(strip(parse(v))));
    });
    expect(found.map((v) => v.message)).toEqual([expect.stringContaining('but no RoleBinding or ClusterRoleBinding grants')]);
  });

  test('Terraform workloads: an unset pod value is the provider default true and overrides the ServiceAccount; false or a binding passes', () => {
    const deployment = (name: string, podSpec: Json) => ({ metadata: [{ name, namespace: 'apps' }], spec: [{ template: [{ spec: [{ service_account_name: 'worker', ...podSpec }] }] }] });
    const stackOf = (resource: Json) => new SynthStack('k8s', { resource: { kubernetes_service_account_v1: { worker: { metadata: [{ name: 'worker', namespace: 'apps' }], automount_service_account_token: false } }, ...resource } });
    const bad = stackOf({ kubernetes_deployment_v1: { unset: deployment('unset', {}), on: deployment('on', { automount_service_account_token: true }) }, kubernetes_cron_job_v1: { cron: { metadata: [{ name: 'cron', namespace: 'apps' }], spec: [{ job_template: [{ spec: [{ template: [{ spec: [{}] }] }] }] }] } } });
    expect(rule('CKV_K8S_38').evaluate(bad).map((v) => v.address).sort()).toEqual(['kubernetes_cron_job_v1.cron', 'kubernetes_deployment_v1.on', 'kubernetes_deployment_v1.unset']);
    const off = stackOf({ kubernetes_deployment_v1: { off: deployment('off', { automount_service_account_token: false }) } });
    expect(rule('CKV_K8S_38').evaluate(off)).toEqual([]);
    const bound = stackOf({
      kubernetes_deployment_v1: { on: deployment('on', { automount_service_account_token: true }) },
      kubernetes_role_binding_v1: { worker: { metadata: [{ name: 'worker', namespace: 'apps' }], role_ref: [{ kind: 'Role', name: 'worker' }], subject: [{ kind: 'ServiceAccount', name: 'worker', namespace: 'apps' }] } },
    });
    expect(rule('CKV_K8S_38').evaluate(bound)).toEqual([]);
  });
});

describe('Cloudflare: SSL strict and managed WAF', () => {
  const owner = envs.find((e) => e.edge.cloudflare.ownsZoneConfiguration)!;
  // Environments that only add records to the owner's zone (the same zone in config).
  const others = envs.filter((e) => e !== owner && !e.edge.cloudflare.ownsZoneConfiguration && JSON.stringify(e.edge.cloudflare.zone) === JSON.stringify(owner.edge.cloudflare.zone));
  const sslSetting = (json: Json) => resourcesOf(json, 'cloudflare_zone_setting').find(([, s]) => s.setting_id === 'ssl')!;
  const managed = (json: Json) => resourcesOf(json, 'cloudflare_ruleset').find(([, r]) => r.phase === 'http_request_firewall_managed')![1];

  test.each(['off', 'flexible', 'full'])('ssl "%s" on the zone is reported', (mode) => {
    const found = violations('CLOUDFLARE_SSL_STRICT', owner.name, (json) => { sslSetting(json)[1].value = mode; });
    expect(found.map((v) => v.message)).toEqual([`ssl is "${mode}", not "strict"`]);
  });

  test('without the ssl setting, every environment with proxied records on the zone is reported', () => {
    const { platform: withPlant } = planted(owner.name, (json) => { delete json.resource.cloudflare_zone_setting[sslSetting(json)[0]]; });
    for (const env of [owner, ...others]) {
      const found = rule('CLOUDFLARE_SSL_STRICT').evaluate(withPlant.find((s) => s.name === env.name)!, withPlant);
      expect([env.name, found.map((v) => v.message)]).toEqual([env.name, [expect.stringContaining('no stack sets its ssl mode')]]);
    }
  });

  test.each([
    ['the OWASP rule dropped', (r: Json) => { r.rules = r.rules.filter((x: Json) => !/OWASP/.test(x.description)); }, /Cloudflare OWASP Core Ruleset/],
    ['the managed rule disabled', (r: Json) => { r.rules.find((x: Json) => !/OWASP/.test(x.description)).enabled = false; }, /Cloudflare Managed Ruleset/],
    ['both narrowed to one host', (r: Json) => { for (const x of r.rules) x.expression = '(http.host eq "api.example.se")'; }, /Managed Ruleset and Cloudflare OWASP/],
    ['moved to the custom phase', (r: Json) => { r.phase = 'http_request_firewall_custom'; }, /Managed Ruleset and Cloudflare OWASP/],
  ])('%s is reported for every environment on the zone', (_what, plant, message) => {
    const { platform: withPlant } = planted(owner.name, (json) => plant(managed(json)));
    for (const env of [owner, ...others]) {
      const found = rule('CLOUDFLARE_WAF_MANAGED').evaluate(withPlant.find((s) => s.name === env.name)!, withPlant);
      expect([env.name, found.map((v) => v.message)]).toEqual([env.name, [expect.stringMatching(message)]]);
    }
  });
});

describe.each(gpuEnvs.map((e) => [e.name, e] as const))('GPU placement in %s', (_name, env) => {
  const gpuStack = `${env.name}-gpu`;
  const groupNames = Object.entries(env.eks.nodeGroups).filter(([, g]) => g.gpu).map(([name]) => name);
  const gpuGroups = (json: Json) => resourcesOf(json, 'aws_eks_node_group').filter(([, ng]) => groupNames.includes(ng.labels?.NodeGroup));

  test('the GPU node groups of config are seen as GPU groups, tainted', () => {
    const groups = [env.name, gpuStack].flatMap((name) => stackNamed(name).resources('aws_eks_node_group')).filter((ng) => groupNames.includes(ng.attrs.labels?.NodeGroup));
    expect(groups.map((ng) => ng.attrs.labels.NodeGroup).sort()).toEqual([...groupNames].sort());
    expect(groups.filter((ng) => !isGpuNodeGroup(ng as SynthResource))).toEqual([]);
  });

  test('a GPU node group without the taint is reported', () => {
    const found = violations('GPU_NODES_TAINTED', gpuStack, (json) => { for (const [, ng] of gpuGroups(json)) ng.taint = []; });
    expect(found).toHaveLength(groupNames.length);
  });

  test.each(gpuServices(env))('%s: without the toleration, or selecting non-GPU nodes, it is reported', (service) => {
    const edit = (change: (values: Json) => void) => (json: Json) => {
      const release = releaseOf(json, service);
      const values = valuesOf(release);
      expect(requestsGpu(values)).toBe(true);
      change(values);
      setValues(release, values);
    };
    expect(violations('GPU_PODS_PLACED', serviceStack(env, service), edit((v) => { v.tolerations = []; })).map((v) => v.message))
      .toEqual([expect.stringContaining('does not tolerate')]);
    expect(violations('GPU_PODS_PLACED', serviceStack(env, service), edit((v) => { v.nodeSelector = { NodeGroup: `${groupNames[0]}-elsewhere` }; })).map((v) => v.message))
      .toEqual([expect.stringContaining('matches no GPU node group')]);
  });

  test('a service without GPUs that tolerates the GPU taint is reported', () => {
    const [service] = Object.entries(env.workloads.services).find(([, s]) => !s.gpu)!;
    const gpuToleration = valuesOf(releaseOf(stackNamed(serviceStack(env, gpuServices(env)[0])).json, gpuServices(env)[0])).tolerations;
    const found = violations('GPU_PODS_PLACED', serviceStack(env, service), (json) => {
      const release = releaseOf(json, service);
      setValues(release, { ...valuesOf(release), tolerations: gpuToleration });
    });
    expect(found.map((v) => v.message)).toEqual([expect.stringContaining('without requesting a GPU')]);
  });
});

describe.each(envs.filter((e) => e.dr).map((e) => [e.name, e] as const))('DR_REGION_DISTINCT in %s', (_name, env) => {
  const drProvider = (json: Json) => json.provider.aws.find((p: Json) => p.alias === 'dr');

  test('the dr provider of the stack is the configured DR region, not the primary', () => {
    expect(drProvider(stackNamed(env.name).json).region).toBe(env.dr!.region);
    expect(env.dr!.region).not.toBe(env.aws.region);
  });

  test('a DR region equal to the primary is reported, with every copy that stays', () => {
    const found = violations('DR_REGION_DISTINCT', env.name, (json) => { drProvider(json).region = env.aws.region; });
    expect(found.map((v) => v.address)).toContain('provider.aws.dr');
    expect(found.some((v) => v.address.startsWith('aws_db_instance_automated_backups_replication.'))).toBe(env.dr!.database.replicateAutomatedBackups);
    expect(found.some((v) => v.address.startsWith('aws_s3_bucket_replication_configuration.'))).toBe(env.dr!.buckets.replicate);
  });

  test('a secret replica in the primary region, or a backup copy into a vault there, is reported', () => {
    const found = violations('DR_REGION_DISTINCT', env.name, (json) => {
      const [, secret] = resourcesOf(json, 'aws_secretsmanager_secret').find(([, s]) => asList(s.replica).length > 0)!;
      secret.replica = [{ ...asList<Json>(secret.replica)[0], region: env.aws.region }];
      for (const [, vault] of resourcesOf(json, 'aws_backup_vault')) delete vault.provider;
    });
    expect(found.map((v) => v.message)).toEqual(expect.arrayContaining([expect.stringMatching(/^secret replica stays in/), expect.stringMatching(/^backup copy .* stays in/)]));
  });

  test('a DR copy to a third region (not the dr provider\'s) is reported', () => {
    const found = violations('DR_REGION_DISTINCT', env.name, (json) => {
      const [, secret] = resourcesOf(json, 'aws_secretsmanager_secret').find(([, s]) => asList(s.replica).length > 0)!;
      secret.replica = [{ ...asList<Json>(secret.replica)[0], region: 'ap-southeast-2' }];
    });
    expect(found.map((v) => v.message)).toEqual([`secret replica goes to ap-southeast-2, not the DR region ${env.dr!.region}`]);
  });
});

describe('RDS_PROXY_TLS', () => {
  const env = envs.find((e) => e.data.postgres.proxy.enabled)!;
  test.each([[false], [undefined]])('require_tls = %s is reported', (value) => {
    const found = violations('RDS_PROXY_TLS', env.name, (json) => {
      for (const [, proxy] of resourcesOf(json, 'aws_db_proxy')) {
        if (value === undefined) delete proxy.require_tls;
        else proxy.require_tls = value;
      }
    });
    expect(found.length).toBeGreaterThan(0);
  });
});

describe('SG_DATABASE_PORTS_CLOSED', () => {
  const env = envs[0];
  const sgRule = (port: number, cidr: Json) => ({ security_group_id: 'sg-1', description: 'planted', from_port: port, to_port: port, ip_protocol: 'tcp', ...cidr });

  test.each(DATABASE_PORTS.map((p) => [p]))('port %s open to 0.0.0.0/0 or ::/0 is reported', (port) => {
    const found = violations('SG_DATABASE_PORTS_CLOSED', env.name, (json) => {
      json.resource.aws_vpc_security_group_ingress_rule['planted-v4'] = sgRule(port, { cidr_ipv4: '0.0.0.0/0' });
      json.resource.aws_vpc_security_group_ingress_rule['planted-v6'] = sgRule(port, { cidr_ipv6: '::/0' });
    });
    expect(found.map((v) => v.address).sort()).toEqual(['aws_vpc_security_group_ingress_rule.planted-v4', 'aws_vpc_security_group_ingress_rule.planted-v6']);
  });

  test("a range covering a database port, an inline rule, and the database's own non-standard port are reported; 443 and private ranges pass", () => {
    const found = violations('SG_DATABASE_PORTS_CLOSED', env.name, (json) => {
      const [, db] = resourcesOf(json, 'aws_db_instance')[0];
      db.port = 15432;
      json.resource.aws_vpc_security_group_ingress_rule['own-port'] = sgRule(15432, { cidr_ipv4: '0.0.0.0/0' });
      json.resource.aws_vpc_security_group_ingress_rule.range = { ...sgRule(3000, { cidr_ipv4: '0.0.0.0/0' }), to_port: 7000 };
      json.resource.aws_vpc_security_group_ingress_rule.https = sgRule(443, { cidr_ipv4: '0.0.0.0/0' });
      json.resource.aws_vpc_security_group_ingress_rule.private = sgRule(5432, { cidr_ipv4: '10.0.0.0/8' });
      json.resource.aws_security_group.inline = { description: 'planted', ingress: [{ description: 'x', from_port: 6379, to_port: 6379, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }] };
    });
    expect(found.map((v) => v.address).sort()).toEqual(['aws_security_group.inline', 'aws_vpc_security_group_ingress_rule.own-port', 'aws_vpc_security_group_ingress_rule.range']);
  });
});

test('every rule above passes on every real stack', () => {
  const ids = ['HELM_CHART_PINNED', 'CKV_AWS_103', 'CKV2_AWS_20', 'CKV_K8S_38', 'CLOUDFLARE_SSL_STRICT', 'CLOUDFLARE_WAF_MANAGED', 'GPU_NODES_TAINTED', 'GPU_PODS_PLACED', 'DR_REGION_DISTINCT', 'RDS_PROXY_TLS', 'SG_DATABASE_PORTS_CLOSED'];
  const found = ids.flatMap((id) => platform.flatMap((s) => rule(id).evaluate(s, platform).map((v) => `${id} ${s.name} ${v.address}: ${v.message}`)));
  expect(found).toEqual([]);
});
