/**
 * Every release of an in-repo chart (charts/) in every environment's workloads and GPU stacks, rendered with `helm template`
 * exactly as the synthesized helm_release would install it: the same chart copy (the stack's asset), values files
 * in order, `set` entries, namespace, and the cluster's Kubernetes version. Terraform interpolations (values known
 * only at apply) become realistic placeholders. Renders are cached per chart + values set for the test file.
 */
import { mkdtempSync, writeFileSync } from 'fs';
import { cpus, tmpdir } from 'os';
import { basename, join } from 'path';
import { parseAllDocuments } from 'yaml';
import { helmAsync, inBatches } from './helm';
import { isClusterScoped } from './kube-checks';
import { asList, platformOutdir, platformStacks, testEnvironments, type Json } from './synth';
import { testRunDir } from './test-run';

export interface ChartRelease {
  readonly environment: string;
  readonly stack: string;
  /** Terraform address of the helm_release. */
  readonly address: string;
  readonly name: string;
  readonly namespace: string;
  /** charts/<chart> this release installs. */
  readonly chart: string;
  /** The chart copy inside the synthesized stack (what Terraform installs). */
  readonly chartDir: string;
  readonly kubeVersion: string;
  /** `helm template` / `helm lint` arguments for values and sets (placeholders already substituted). */
  readonly valueArgs: readonly string[];
}

/**
 * Placeholders for the apply-time values the workloads stacks read from their infra stack, keyed by the end of the
 * remote-state output name. An interpolation not listed here fails the test: add a realistic placeholder.
 */
const PLACEHOLDERS: readonly [RegExp, string][] = [
  [/elasticache_replication_group.*primary_endpoint_address$/, 'master.aifeedback-redis.abc123.eun1.cache.amazonaws.com'],
  [/db_proxy.*endpoint$/, 'aifeedback-postgres.proxy-abc123.eu-north-1.rds.amazonaws.com'],
  [/db_instance.*address$/, 'aifeedback-postgres.abc123.eu-north-1.rds.amazonaws.com'],
  [/security_group.*id$/, 'sg-0123456789abcdef0'],
  [/acm_certificate.*certificate_arn$/, 'arn:aws:acm:eu-north-1:111111111111:certificate/0b7c4d1e-1111-2222-3333-444455556666'],
  [/eks_cluster.*name$/, 'aifeedback-cluster'],
  [/vpc.*id$/, 'vpc-0123456789abcdef0'],
  [/route53_zone.*zone_id$/, 'Z0123456789ABCDEFGHIJ'],
  [/kms_key.*arn$/, 'arn:aws:kms:eu-north-1:111111111111:key/0b7c4d1e-1111-2222-3333-444455556666'],
  [/cloudwatch_log_group.*name$/, '/aws/eks/aifeedback/containers'],
  [/lb_trust_store.*arn$/, 'arn:aws:elasticloadbalancing:eu-north-1:111111111111:truststore/aifeedback-production-aop/0123456789abcdef'],
];

/** Replaces every `${...}` with its placeholder; throws on an interpolation without one. */
export function substituteInterpolations(text: string): string {
  return text.replace(/\$\{([^}]*)\}/g, (whole, expr: string) => {
    const found = PLACEHOLDERS.find(([pattern]) => pattern.test(expr.trim()));
    if (!found) throw new Error(`no placeholder for the interpolation ${whole}: add one to PLACEHOLDERS in ${basename(__filename)}`);
    return found[1];
  });
}

/** In-repo chart assets are copied as `assets/<id containing chart-NAME>/<hash>`. */
const LOCAL_CHART_ASSET = /^\.\/assets\/[^/]*chart-([a-z0-9-]+)(?:_[0-9A-F]+)?\/[0-9A-F]+$/;

let releases: ChartRelease[] | undefined;
const CLUSTER_STACK = /-(workloads|gpu)$/;

export function inRepoChartReleases(): ChartRelease[] {
  if (releases) return releases;
  const environments = testEnvironments();
  const out: ChartRelease[] = [];
  const stacks = platformStacks();
  // The stacks that install into a cluster: `<env>-workloads` and `<env>-gpu` (the GPU services).
  for (const stack of stacks.filter((s) => CLUSTER_STACK.test(s.name))) {
    const environment = stack.name.replace(CLUSTER_STACK, '');
    // In the run's directory (removed by the teardown): the files are read whenever a file renders the releases.
    const valuesDir = mkdtempSync(join(testRunDir() ?? tmpdir(), `values-${environment}-`));
    for (const r of stack.resources('helm_release')) {
      const match = LOCAL_CHART_ASSET.exec(String(r.attrs.chart));
      if (!match && !r.attrs.repository) throw new Error(`${stack.name} ${r.address}: local chart ${r.attrs.chart} is not a charts/ asset this test knows how to find`);
      if (!match) continue; // an upstream chart: not rendered (no download)
      const valueArgs: string[] = [];
      asList<string>(r.attrs.values).forEach((values, i) => {
        const file = join(valuesDir, `${r.attrs.name}-${i}.yaml`);
        writeFileSync(file, substituteInterpolations(values));
        valueArgs.push('--values', file);
      });
      for (const set of [...asList<Json>(r.attrs.set), ...asList<Json>(r.attrs.set_sensitive)]) {
        const flag = set.type === 'string' ? '--set-string' : '--set';
        valueArgs.push(flag, `${set.name}=${substituteInterpolations(String(set.value))}`);
      }
      out.push({
        environment,
        stack: stack.name,
        address: r.address,
        name: r.attrs.name,
        namespace: r.attrs.namespace ?? 'default',
        chart: match[1],
        chartDir: join(platformOutdir, 'stacks', stack.name, String(r.attrs.chart)),
        kubeVersion: environments[environment].eks.kubernetesVersion,
        valueArgs,
      });
    }
  }
  return (releases = out);
}

export interface RenderedRelease {
  readonly release: ChartRelease;
  /** Rendered objects, namespaced objects carrying the release namespace as Helm would apply them. */
  readonly objects: Json[];
  /** What `helm template` printed on failure. */
  readonly renderError?: string;
  /** What `helm lint --strict` printed on failure. */
  readonly lintError?: string;
}


/**
 * `helm template` and `helm lint --strict` of every release, each with its values at its Kubernetes version, two
 * helm processes at a time. Call once per test file (beforeAll) and share the result.
 */
export async function renderReleases(all: readonly ChartRelease[]): Promise<RenderedRelease[]> {
  const tasks = all.flatMap((r) => {
    const common = ['--namespace', r.namespace, '--kube-version', r.kubeVersion, ...r.valueArgs];
    return [() => helmAsync(['template', r.name, r.chartDir, ...common]), () => helmAsync(['lint', r.chartDir, '--strict', ...common])];
  });
  const results = await inBatches(tasks, Math.max(2, cpus().length));
  return all.map((release, i) => {
    const [template, lint] = [results[2 * i], results[2 * i + 1]];
    const objects = template.ok
      ? parseAllDocuments(template.stdout).map((d) => d.toJS() as Json).filter((o) => o && typeof o === 'object')
        .map((o) => (isClusterScoped(o) || o.metadata?.namespace ? o : { ...o, metadata: { ...o.metadata, namespace: release.namespace } }))
      : [];
    return {
      release,
      objects,
      renderError: template.ok ? undefined : template.stderr.trim(),
      lintError: lint.ok ? undefined : `${lint.stdout}\n${lint.stderr}`.trim(),
    };
  });
}
