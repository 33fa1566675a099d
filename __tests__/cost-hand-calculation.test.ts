/** `npm run cost` arithmetic: a small hand-built stack priced with round test prices matches a hand calculation exactly. */
import { estimate } from '../cost/estimate';
import { diffEstimates } from '../cost/diff';
import { toMicro, type Price, type PriceBook } from '../cost/price-book';
import { groupByEnvironment, type Json, type StackJson } from '../cost/synth-output';

const p = (usd: number, unit: string): Price => ({ usd, unit, source: 'test', basis: 'page' });

/** Round prices so the expected figures below can be checked by hand. */
const TEST_PRICES: PriceBook = {
  date: '2000-01-01',
  hoursPerMonth: 730,
  regions: {
    'eu-test-1': {
      eksClusterHour: p(0.1, 'hour'),
      ec2Hour: { 'g.test': p(1, 'hour') },
      ebsGp3GbMonth: p(0.08, 'GB-month'),
      natGatewayHour: p(0.05, 'hour'),
      natGatewayGb: p(0.05, 'GB'),
      publicIpv4Hour: p(0.005, 'hour'),
      kmsKeyMonth: p(1, 'month'),
      kmsRequests10k: p(0.03, '10k'),
      secretMonth: p(0.4, 'month'),
      secretsApi10k: p(0.05, '10k'),
      rdsPostgresHour: { 'db.test': p(0.5, 'hour') },
      rdsGp3GbMonth: p(0.1, 'GB-month'),
      backupEbsGbMonth: p(0.05, 'GB-month'),
    },
  },
  global: {},
};

function handBuiltStack(gpuNodes: number, extra: Json = {}): StackJson {
  return {
    name: 'demo',
    json: {
      '//': { cost_assumptions: { natDataGb: 200, kmsRequests: 1_000_000, secretsApiCalls: 100_000 } },
      provider: { aws: [{ region: 'eu-test-1' }] },
      resource: {
        aws_eks_cluster: { c: { name: 'demo' } },
        aws_eks_node_group: { ng: { node_group_name: 'gpu', instance_types: ['g.test'], scaling_config: { desired_size: gpuNodes, min_size: 1, max_size: 3 }, disk_size: 100 } },
        aws_nat_gateway: { n: {} },
        aws_eip: { e: { domain: 'vpc' } },
        aws_kms_key: { k: {} },
        aws_secretsmanager_secret: { s1: { name: 'a' }, s2: { name: 'b' } },
        aws_iam_role: { r: {} },
        aws_db_instance: { db: { engine: 'postgres', instance_class: 'db.test', multi_az: true, allocated_storage: 50, storage_type: 'gp3' } },
        ...extra,
      },
    },
  };
}

const priced = (stack: StackJson) => estimate(groupByEnvironment([stack])[0], TEST_PRICES);

describe('cost of a hand-built stack', () => {
  const e = priced(handBuiltStack(2));

  it('prices each component as calculated by hand', () => {
    const expected: Record<string, number> = {
      'EKS control plane': 73, // 0.10 × 730
      'EKS nodes: gpu': 1460, // 2 × 1.00 × 730
      'EBS: node root volumes': 16, // 2 × 100 GB × 0.08
      'NAT gateways': 46.5, // 0.05 × 730 + 200 GB × 0.05
      'Public IPv4 addresses': 3.65, // 0.005 × 730
      KMS: 4, // 1 key × 1.00 + 1,000,000 / 10k × 0.03
      'Secrets Manager': 1.3, // 2 × 0.40 + 100,000 / 10k × 0.05
      'RDS: db': 740, // Multi-AZ: 2 × 0.50 × 730 + 2 × 50 GB × 0.10
    };
    expect(Object.fromEntries(e.components.map((c) => [c.name, c.monthly]))).toEqual(
      Object.fromEntries(Object.entries(expected).map(([name, usd]) => [name, toMicro(usd)])),
    );
  });

  it('totals exactly, at desired, minimum and maximum node counts', () => {
    expect(e.total).toBe(toMicro(2344.45));
    expect(e.totalMin).toBe(toMicro(2344.45 - 730 - 8)); // one GPU node and its 100 GB root volume fewer
    expect(e.totalMax).toBe(toMicro(2344.45 + 730 + 8));
  });

  it('takes usage from the assumptions recorded in the stack and defaults the rest', () => {
    expect(e.assumptionsRecorded).toBe(true);
    expect(e.assumptions.natDataGb).toBe(200);
    expect(e.assumptions.internetEgressGb).toBe(100);
  });

  it('lists free types with their count and prices nothing it has no price for as zero', () => {
    expect(e.free).toEqual({ aws_iam_role: 1 });
    const withUnknownSku = priced(handBuiltStack(2, { aws_elasticache_replication_group: { r: { node_type: 'cache.none', num_cache_clusters: 2 } } }));
    expect(withUnknownSku.unpriced).toEqual([expect.objectContaining({ count: 2, reason: expect.stringMatching(/no eu-test-1 elasticacheHour price for cache\.none/) })]);
    expect(withUnknownSku.total).toBe(e.total);
  });
});

describe('cost diff', () => {
  it('one more GPU node adds exactly its hourly price × 730 h (and its root volume)', () => {
    const [delta] = diffEstimates([priced(handBuiltStack(2))], [priced(handBuiltStack(3))]);
    // The changed line items, quantity × unit price, under each component.
    const lines = (prefix: string, suffix: string) => ({ removed: [expect.stringMatching(new RegExp(`^${prefix}2 × ${suffix}`))], added: [expect.stringMatching(new RegExp(`^${prefix}3 × ${suffix}`))] });
    expect(delta.components).toEqual([
      { component: 'EKS nodes: gpu', base: toMicro(1460), head: toMicro(2190), delta: toMicro(1 * 730), lines: lines('', 'g\\.test × 730 h') },
      { component: 'EBS: node root volumes', base: toMicro(16), head: toMicro(24), delta: toMicro(100 * 0.08), lines: lines('gpu: ', '100 GiB gp3') },
    ]);
    expect(delta.delta).toBe(toMicro(738));
  });
});

describe('AWS Backup of tagged volumes', () => {
  /** A daily rule keeping 10 points, selecting volumes tagged Backup=true; one release with 2 replicas × 50 GiB volumes. */
  const backupStack = (storageClassTags: Record<string, string>): StackJson => ({
    name: 'demo',
    json: {
      provider: { aws: [{ region: 'eu-test-1' }] },
      resource: {
        aws_backup_plan: { plan: { rule: [{ rule_name: 'daily', schedule: 'cron(0 22 * * ? *)', lifecycle: { delete_after: 10 } }] } },
        aws_backup_selection: { volumes: { plan_id: '${aws_backup_plan.plan.id}', condition: [{ string_equals: [{ key: 'aws:ResourceTag/Backup', value: 'true' }] }] } },
        kubernetes_storage_class_v1: { gp3: { metadata: { name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, parameters: { type: 'gp3', ...storageClassTags } } },
        helm_release: { db: { name: 'db', values: ['replicas: 2\npersistence:\n  enabled: true\n  size: 50Gi\n'] } },
      },
    },
  });
  const backup = (stack: StackJson) => priced(stack).components.find((c) => c.name === 'AWS Backup: daily')?.monthly;

  it('prices the volumes the storage class tags: one full copy plus one 1 % increment per point', () => {
    expect(backup(backupStack({ tagSpecification_1: 'Backup=true' }))).toBe(toMicro((100 + 10 * 100 * 0.01) * 0.05)); // 5.50
  });

  it('counts no volume when the storage class does not carry the selection tag', () => {
    expect(backup(backupStack({}))).toBe(0);
  });
});
