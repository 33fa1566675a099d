/** Policy rules (checkov/trivy equivalents) over every synthesized stack; waivers only from exceptions.ts, by tier. */
import { parse } from 'yaml';
import { POLICY_RULES } from './policy';
import { isExcepted, POLICY_EXCEPTIONS, stackTiers } from './policy/exceptions';
import { isGpuNodeGroup, requestsGpu } from './policy/rules-gpu';
import { albIngresses } from './policy/rules-listeners';
import { tokenRelevantObjects } from './policy/rules-service-account-tokens';
import { podTemplateOf } from './support/kube-checks';
import { asList, platformStacks, terraformCloudOnlyStacks, testEnvironments, type Json } from './support/synth';

// Every stack of the shipped config, and the Terraform Cloud stacks it would have with that backend.
const stacks = [...platformStacks(), ...terraformCloudOnlyStacks()];
const envs = Object.values(testEnvironments());
const tiers = stackTiers(testEnvironments());
const used = new Set<number>();

describe.each(stacks.map((s) => [s.name, s] as const))('stack %s', (_name, stack) => {
  test.each(POLICY_RULES.map((r) => [`${r.id}${r.mirrors ? ` (${r.mirrors})` : ''}: ${r.title}`, r] as const))('%s', (_title, rule) => {
    const violations = rule.evaluate(stack, stacks).filter((v) => {
      const exception = isExcepted(rule.id, tiers[stack.name], v.address);
      if (exception) used.add(POLICY_EXCEPTIONS.indexOf(exception));
      return !exception;
    });
    expect(violations.map((v) => `${v.address}: ${v.message}`)).toEqual([]);
  });
});

test('every stack has a tier, so waivers apply by tier and never by name', () => {
  for (const stack of stacks) expect([stack.name, tiers[stack.name]]).toEqual([stack.name, expect.stringMatching(/^(production|staging|development)$/)]);
});

test('every documented exception still matches a real violation (no stale waivers)', () => {
  const stale = POLICY_EXCEPTIONS.filter((_e, i) => !used.has(i)).map((e) => `${e.rule} ${e.address}`);
  expect(stale).toEqual([]);
});

test.each(envs.map((e) => [e.name] as const))('the rules see the resources they are meant to check in %s', (name) => {
  // Guards against a rule that passes because it matched nothing.
  const infra = stacks.find((s) => s.name === name)!;
  for (const type of ['aws_vpc', 'aws_subnet', 'aws_kms_key', 'aws_cloudwatch_log_group', 'aws_security_group', 'aws_iam_role']) {
    expect(infra.resources(type).length).toBeGreaterThan(0);
  }
  // The state bucket and its access-log bucket, with S3 state; the run task's function, with Terraform Cloud state.
  const env = envs.find((e) => e.name === name)!;
  if (env.state.backend === 's3') expect(stacks.find((s) => s.name === `bootstrap-${name}`)!.resources('aws_s3_bucket').length).toBe(2);
  expect(stacks.find((s) => s.name === `tfc-${name}`)!.resources('aws_lambda_function').length).toBe(1);
  const workloads = stacks.find((s) => s.name === `${name}-workloads`)!;
  for (const type of ['helm_release', 'kubernetes_namespace_v1', 'kubernetes_network_policy_v1']) {
    expect(workloads.resources(type).length).toBeGreaterThan(0);
  }
  const gpu = stacks.find((s) => s.name === `${name}-gpu`)!;
  for (const type of ['aws_eks_node_group', 'aws_launch_template', 'helm_release']) expect(gpu.resources(type).length).toBeGreaterThan(0);
});


test.each(envs.map((e) => [e.name, e] as const))('the invariant rules see what config says they must check in %s', (name, env) => {
  const stack = (suffix: string) => stacks.find((s) => s.name === `${name}${suffix}`)!;
  const clusterStacks = [stack('-workloads'), stack('-gpu')];
  // GPU_NODES_TAINTED: exactly the config's GPU node groups (by their NodeGroup label) count as GPU groups.
  const nodeGroups = [stack(''), stack('-gpu')].flatMap((s) => s.resources('aws_eks_node_group'));
  expect(nodeGroups.filter(isGpuNodeGroup).map((ng) => ng.attrs.labels?.NodeGroup).sort())
    .toEqual(Object.entries(env.eks.nodeGroups).filter(([, g]) => g.gpu).map(([group]) => group).sort());
  // GPU_PODS_PLACED: every service of config has a release, and asks for GPUs exactly when config says so.
  const releases = clusterStacks.flatMap((s) => s.resources('helm_release'));
  for (const [service, config] of Object.entries(env.workloads.services)) {
    const release = releases.find((r) => r.attrs.name === service);
    expect({ service, gpu: release && requestsGpu(parse(asList<string>(release.attrs.values)[0]) as Json) }).toEqual({ service, gpu: !!config.gpu });
  }
  // CKV_AWS_103 / CKV2_AWS_20: an ALB Ingress for every public service (and Grafana's when it has a hostname).
  const hosted = Object.values(env.workloads.services).filter((s) => s.hostname).length + (env.monitoring.grafana.hostname ? 1 : 0);
  expect(clusterStacks.flatMap(albIngresses)).toHaveLength(hosted);
  // CKV_K8S_38: the pods of every service, as rendered.
  const pods = clusterStacks.flatMap(tokenRelevantObjects).map(({ object }) => podTemplateOf(object)?.owner).filter(Boolean);
  for (const service of Object.keys(env.workloads.services)) expect(pods).toContainEqual(expect.stringMatching(new RegExp(`/${service}$`)));
  // HELM_CHART_PINNED: every release carries a version to check.
  expect(releases.filter((r) => r.attrs.version === undefined).map((r) => r.address)).toEqual([]);
  // CLOUDFLARE_SSL_STRICT / CLOUDFLARE_WAF_MANAGED: the zone owner sets the mode and deploys the managed rulesets.
  const owns = env.edge.cloudflare.ownsZoneConfiguration;
  expect(stack('').resources('cloudflare_zone_setting').filter((z) => z.attrs.setting_id === 'ssl')).toHaveLength(owns ? 1 : 0);
  expect(stack('').resources('cloudflare_ruleset').filter((r) => r.attrs.phase === 'http_request_firewall_managed')).toHaveLength(owns ? 1 : 0);
  expect(stack('').resources('cloudflare_dns_record').filter((r) => r.attrs.proxied === true).length).toBeGreaterThan(0);
  // RDS_PROXY_TLS: the proxy exists exactly when config turns it on.
  expect(stack('').resources('aws_db_proxy')).toHaveLength(env.data.postgres.proxy.enabled ? 1 : 0);
  // DR_REGION_DISTINCT: the dr provider is the configured DR region; the backup copy goes to the configured copy region.
  const aws = asList<Json>(stack('').json.provider.aws);
  expect(aws.find((p) => p.alias === 'dr')?.region).toBe(env.dr?.region);
  expect(aws.find((p) => p.alias === 'backup-copy')?.region).toBe(env.data.backup.copyRegion);
});
