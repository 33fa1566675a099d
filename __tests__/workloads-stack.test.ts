/** The `<env>-workloads` stacks: cross-stack wiring, namespaces, network policies, storage, add-on releases. */
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { HELM_CHARTS, CLUSTER_AUTOSCALER_IMAGE } from '../environments/versions';
import { CLOUDFLARE_IP_RANGES } from '../environments/cloudflare-ip-ranges';
import { staging } from '../environments/staging';
import { DATA_PORTS } from '../constructs/workloads/network-policies';
import { usesPodIdentity } from '../environments/schema/workloads';
import { mutated } from './support/config';
import { asList, platformOutdir, platformStack, platformStacks, synthesizeEnvironments, testEnvironments, type Json, type SynthResource } from './support/synth';

const workloads = platformStack('production-workloads');
const infra = platformStack('production');
const releases: Record<string, SynthResource> = Object.fromEntries(workloads.resources('helm_release').map((r) => [r.attrs.name, r]));
const valuesOf = (release: string): Json => parse(releases[release].attrs.values[0]);
const REMOTE = 'data.terraform_remote_state.cross-stack-reference-input-production.outputs.';
/** The infra output a `${data.terraform_remote_state...outputs.X}` reference reads (must exist in the infra stack). */
const remoteOutput = (value: string) => {
  const name = new RegExp(`\\$\\{(?:base64decode\\()?${REMOTE.replace(/\./g, '\\.')}([\\w-]+)`).exec(value)?.[1];
  expect(name && infra.json.output[name]).toBeTruthy();
  return infra.json.output[name!].value as string;
};

describe('cross-stack wiring (cdktf deploy "production*")', () => {
  test('production-workloads depends on production, so the infra stack applies first', () => {
    const manifest = JSON.parse(readFileSync(join(platformOutdir, 'manifest.json'), 'utf8'));
    expect(manifest.stacks['production-workloads'].dependencies).toEqual(['production']);
    expect(manifest.stacks['staging-workloads'].dependencies).toEqual(['staging']);
    expect(manifest.stacks.production.dependencies).toEqual([]);
  });

  test('it reads the infra outputs from the infra stack state, and keeps its own state key', () => {
    const remote = workloads.json.data.terraform_remote_state['cross-stack-reference-input-production'];
    expect(remote).toMatchObject({ backend: 's3', config: { bucket: 'aifeedback-production-terraform-state', key: 'aifeedback/production.tfstate', region: 'eu-north-1' } });
    expect(workloads.json.terraform.backend.s3.key).toBe('aifeedback/production-workloads.tfstate');
  });

  test('kubernetes and helm connect to the cluster from infra outputs, with a fresh `aws eks get-token` per call', () => {
    // Both stacks that talk to the cluster: the GPU stack's first apply is the longest (nodes, then image pulls).
    for (const stack of [workloads, platformStack('production-gpu')]) {
      const kube = asList(stack.json.provider.kubernetes)[0];
      const helm = asList(stack.json.provider.helm)[0].kubernetes;
      for (const provider of [kube, helm]) {
        expect(remoteOutput(provider.host)).toMatch(/^\$\{aws_eks_cluster\.\w+\.endpoint\}$/);
        expect(remoteOutput(provider.cluster_ca_certificate)).toMatch(/certificate_authority\[0\]\.data/);
        const exec = asList<Json>(provider.exec)[0];
        expect(exec).toMatchObject({ api_version: 'client.authentication.k8s.io/v1beta1', command: 'aws' });
        expect(exec.args.slice(0, 3)).toEqual(['eks', 'get-token', '--cluster-name']);
        expect(remoteOutput(exec.args[3])).toMatch(/^\$\{aws_eks_cluster\.\w+\.name\}$/);
        expect(exec.args.slice(4)).toEqual(['--region', 'eu-north-1']);
        expect(provider.token).toBeUndefined();
      }
      expect(stack.json.data.aws_eks_cluster_auth).toBeUndefined();
    }
  });

  test('kubernetesAuth: token uses an aws_eks_cluster_auth token instead (runners without the aws CLI)', () => {
    const stacks = synthesizeEnvironments({ staging: mutated(staging, (e) => { e.workloads.kubernetesAuth = 'token'; }) });
    for (const stack of [stacks['staging-workloads'], stacks['staging-gpu']]) {
      const kube = asList(stack.json.provider.kubernetes)[0];
      const helm = asList(stack.json.provider.helm)[0].kubernetes;
      for (const provider of [kube, helm]) {
        expect(provider.token).toBe('${data.aws_eks_cluster_auth.cluster-auth.token}');
        expect(provider.exec).toBeUndefined();
      }
      expect(stack.json.data.aws_eks_cluster_auth['cluster-auth'].name).toMatch(/cross-stack-output-aws_eks_cluster\w+name\}$/);
    }
  });
});

describe('namespaces', () => {
  const namespaces: Record<string, Json> = Object.fromEntries(workloads.resources('kubernetes_namespace_v1').map((n) => [n.attrs.metadata.name, n.attrs.metadata]));

  test('namespaces behind the ALB get target-health readiness gates', () => {
    expect(namespaces.aifeedback.labels['elbv2.k8s.aws/pod-readiness-gate-inject']).toBe('enabled');
    expect(namespaces.monitoring.labels['elbv2.k8s.aws/pod-readiness-gate-inject']).toBe('enabled');
  });

  test('the app namespace and the add-on namespaces enforce restricted', () => {
    for (const name of ['aifeedback', 'external-dns', 'external-secrets']) {
      expect(namespaces[name].labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' });
    }
  });

  test('privileged namespaces are only those with host access, each with its reason, still audited against restricted', () => {
    const privileged = Object.entries(namespaces).filter(([, m]) => m.labels['pod-security.kubernetes.io/enforce'] !== 'restricted');
    expect(privileged.map(([n]) => n).sort()).toEqual(['amazon-cloudwatch', 'monitoring', 'nvidia-device-plugin']);
    for (const [, meta] of privileged) {
      expect(meta.annotations['aifeedback.se/pss-exception']).toMatch(/hostPath|host/);
      expect(meta.labels['pod-security.kubernetes.io/audit']).toBe('restricted');
    }
  });
});

describe('network policies', () => {
  const policies: Record<string, Json> = Object.fromEntries(workloads.resources('kubernetes_network_policy_v1').map((p) => [p.attrs.metadata.name, p.attrs.spec]));

  test('default deny for all pods of the app namespace, DNS allowed', () => {
    expect(policies['default-deny-all']).toMatchObject({ pod_selector: {}, policy_types: ['Ingress', 'Egress'] });
    expect(policies['default-deny-all'].ingress).toBeUndefined();
    expect(policies['allow-dns'].egress[0].ports).toEqual([{ port: '53', protocol: 'UDP' }, { port: '53', protocol: 'TCP' }]);
  });

  const config = testEnvironments().production;
  const services = config.workloads.services;
  const subnets = config.network.subnets;
  const ipBlocks = (cidrs: readonly string[]) => cidrs.map((cidr) => ({ ip_block: { cidr } }));
  const tcp = (port: number) => [{ port: String(port), protocol: 'TCP' }];
  /** The egress rule each catalog peer becomes, in the order of egressTo (from config, not today's catalog). */
  const egressRule = (peer: string): Json => {
    if (peer === 'postgres' || peer === 'redis') return { to: ipBlocks(subnets.isolated), ports: tcp(DATA_PORTS[peer]) };
    if (peer === 'internet-https') return { to: [{ ip_block: { cidr: '0.0.0.0/0', except: [config.network.vpcCidr] } }], ports: tcp(443) };
    if (peer === 'public-api') return { to: ipBlocks(CLOUDFLARE_IP_RANGES.ipv4), ports: tcp(443) };
    return { to: [{ pod_selector: { match_labels: { 'app.kubernetes.io/name': peer } } }], ports: tcp(services[peer].port) };
  };

  test.each(Object.keys(services))('%s: in only from the ALB subnets, monitoring and the listed services, on its own port', (name) => {
    const svc = services[name];
    const ingress: Json[] = policies[`${name}-traffic`].ingress ?? [];
    expect(ingress).toEqual(svc.ingressFrom.map((peer) => ({
      from: peer === 'alb' ? ipBlocks(subnets.public)
        : peer === 'monitoring' ? [{ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'monitoring' } } }]
          : [{ pod_selector: { match_labels: { 'app.kubernetes.io/name': peer } } }],
      ports: tcp(svc.port),
    })));
  });

  test.each(Object.keys(services))('%s: out only to its egressTo peers (and, with its own AWS role, the Pod Identity agent and VPC endpoints)', (name) => {
    const svc = services[name];
    const podIdentity = usesPodIdentity(svc)
      // Its own Pod Identity role (Redis/PostgreSQL IAM auth): credentials from the node-local agent, AWS calls
      // (sts, secretsmanager, kms, logs) through the interface VPC endpoints in the private subnets.
      ? [{ to: [{ ip_block: { cidr: '169.254.170.23/32' } }], ports: tcp(80) }, { to: ipBlocks(subnets.private), ports: tcp(443) }]
      : [];
    expect(policies[`${name}-traffic`].egress ?? []).toEqual([...svc.egressTo.map(egressRule), ...podIdentity]);
  });

  test('the catalog has what the policy tests above rely on: an API path, the public API through the edge, a data store', () => {
    const all = Object.values(services);
    expect(all.some((s) => s.egressTo.some((p) => p in services))).toBe(true);
    expect(all.some((s) => s.egressTo.includes('public-api'))).toBe(true);
    expect(all.some(usesPodIdentity)).toBe(true);
    expect(all.some((s) => !usesPodIdentity(s))).toBe(true);
  });

  test.each(Object.keys(services))('%s accepts pods of exactly the services that call it (egressTo names it)', (name) => {
    const admitted = (policies[`${name}-traffic`].ingress ?? []).flatMap((i: Json) => i.from.map((f: Json) => f.pod_selector?.match_labels?.['app.kubernetes.io/name'])).filter(Boolean);
    expect(admitted.sort()).toEqual(Object.keys(services).filter((caller) => services[caller].egressTo.includes(name)).sort());
  });

  test('services without their own AWS role cannot reach the Pod Identity agent', () => {
    for (const name of Object.keys(services).filter((n) => !usesPodIdentity(services[n]))) {
      expect(JSON.stringify(policies[`${name}-traffic`].egress ?? [])).not.toContain('169.254.170.23');
    }
  });
});

test('the default storage class is encrypted gp3 with the EKS key, retained, bound in the pod zone', () => {
  const sc = workloads.one('kubernetes_storage_class_v1');
  expect(sc.attrs).toMatchObject({
    storage_provisioner: 'ebs.csi.aws.com', reclaim_policy: 'Retain', volume_binding_mode: 'WaitForFirstConsumer', allow_volume_expansion: true,
    metadata: { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
  });
  expect(sc.attrs.parameters).toMatchObject({ type: 'gp3', encrypted: 'true' });
  expect(remoteOutput(sc.attrs.parameters.kmsKeyId)).toMatch(/^\$\{aws_kms_key\.eks_key_\w+\.arn\}$/);
});

describe('add-on releases', () => {
  test.each(Object.keys(HELM_CHARTS).filter((c) => c in releases))('%s: pinned chart, atomic, waits, bounded history', (name) => {
    const chart = HELM_CHARTS[name as keyof typeof HELM_CHARTS];
    expect(releases[name].attrs).toMatchObject({
      chart: chart.chart, repository: chart.repository, version: chart.version,
      atomic: true, wait: true, cleanup_on_fail: true, timeout: 600, max_history: 10, create_namespace: false,
    });
  });

  test('every add-on chart of the platform is installed', () => {
    for (const name of ['aws-load-balancer-controller', 'external-dns', 'metrics-server', 'cluster-autoscaler', 'nvidia-device-plugin', 'external-secrets', 'aws-for-fluent-bit']) {
      expect(releases[name]).toBeDefined();
    }
  });

  test('load balancer controller: this cluster, region and VPC; service account with the Pod Identity role', () => {
    const values = valuesOf('aws-load-balancer-controller');
    expect(remoteOutput(values.clusterName)).toMatch(/aws_eks_cluster\.\w+\.name/);
    expect(remoteOutput(values.vpcId)).toMatch(/aws_vpc\.\w+\.id/);
    expect(values).toMatchObject({ region: 'eu-north-1', serviceAccount: { name: 'aws-load-balancer-controller' }, enableWafv2: false });
    expect(releases['aws-load-balancer-controller'].attrs.namespace).toBe('kube-system');
  });

  test('external-dns owns only its records in the origin zone', () => {
    const values = valuesOf('external-dns');
    expect(values.domainFilters).toEqual(['origin.aifeedback.se']);
    expect(values).toMatchObject({ policy: 'sync', registry: 'txt', txtOwnerId: expect.stringContaining('${') });
    expect(remoteOutput(values.extraArgs[1].replace('--zone-id-filter=', ''))).toMatch(/aws_route53_zone\.[\w-]+\.zone_id/);
  });

  test('cluster-autoscaler matches the cluster version and discovers this cluster', () => {
    // Each environment's image is the one its own Kubernetes minor pins in the version table.
    const { production: prodEnv, staging: stagingEnv } = testEnvironments();
    expect(valuesOf('cluster-autoscaler').image.tag).toBe(CLUSTER_AUTOSCALER_IMAGE[prodEnv.eks.kubernetesVersion]);
    expect(valuesOf('cluster-autoscaler').awsRegion).toBe('eu-north-1');
    const staging = parse(platformStack('staging-workloads').resources('helm_release').find((r) => r.attrs.name === 'cluster-autoscaler')!.attrs.values[0]);
    expect(staging.image.tag).toBe(CLUSTER_AUTOSCALER_IMAGE[stagingEnv.eks.kubernetesVersion]);
  });

  test('nvidia device plugin: GPU nodes only, time-slicing from config', () => {
    const values = valuesOf('nvidia-device-plugin');
    expect(values.nodeSelector).toEqual({ gpu: 'true' });
    expect(values.affinity).toBeNull(); // the chart's default needs node-feature-discovery labels EKS nodes lack
    // The autoscaler's scale-from-zero template advertises the sliced count, like a running node.
    const gpuTag = platformStack('production-gpu').resources('aws_autoscaling_group_tag').find((t) => t.attrs.tag.key.endsWith('resources/nvidia.com/gpu'));
    expect(gpuTag?.attrs.tag.value).toBe('2');
    expect(parse(values.config.map.default).sharing.timeSlicing.resources).toEqual([{ name: 'nvidia.com/gpu', replicas: 2 }]);
  });

  test('fluent bit ships to the pre-created container log group and never creates groups', () => {
    const values = valuesOf('aws-for-fluent-bit');
    expect(values.cloudWatchLogs.autoCreateGroup).toBe(false);
    expect(remoteOutput(values.cloudWatchLogs.logGroupName)).toMatch(/aws_cloudwatch_log_group\.eks_container-logs/);
  });

  test('the ClusterSecretStore is installed after external-secrets and serves only the app and monitoring namespaces', () => {
    const store = releases['secret-store'];
    expect(store.attrs.depends_on).toContain(workloads.resources('helm_release').find((r) => r.attrs.name === 'external-secrets')!.address);
    expect(parse(store.attrs.values[0])).toEqual({ name: 'aws-secrets-manager', region: 'eu-north-1', namespaces: ['aifeedback', 'monitoring'] });
  });
});

test('both environments have a workloads stack', () => {
  expect(platformStacks().map((s) => s.name)).toEqual(expect.arrayContaining(['production-workloads', 'staging-workloads']));
});
