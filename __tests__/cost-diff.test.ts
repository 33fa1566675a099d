/**
 * `npm run cost -- --diff` never reports a false figure: an item without a price is named and never counted as zero,
 * node-group min/max changes and per-line changes are shown, and the command exits 2 when the change has no figure.
 */
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { diffEstimates, diffReport, unpricedText } from '../cost/diff';
import { estimate } from '../cost/estimate';
import { formatUsd, toMicro, type Price, type PriceBook } from '../cost/price-book';
import { PRICES } from '../cost/prices';
import { groupByEnvironment, type Json, type StackJson } from '../cost/synth-output';

const p = (usd: number, unit: string): Price => ({ usd, unit, source: 'test', basis: 'page' });
const REGION = 'eu-test-1';
const PRICED_TYPE = 'g.test';
const UNPRICED_TYPE = 'g.nobody-priced-this';
const TEST_PRICES: PriceBook = {
  date: '2000-01-01',
  hoursPerMonth: 730,
  regions: { [REGION]: { ec2Hour: { [PRICED_TYPE]: p(1, 'hour') }, ebsGp3GbMonth: p(0.08, 'GB-month') } },
  global: {},
};

interface Group { instanceType: string; desired: number; min: number; max: number }
const GROUP: Group = { instanceType: PRICED_TYPE, desired: 2, min: 1, max: 3 };

function stack(group: Group, region = REGION, extra: Json = {}): StackJson {
  return {
    name: 'demo',
    json: {
      provider: { aws: [{ region }] },
      resource: {
        aws_eks_node_group: {
          gpu: { node_group_name: 'gpu', instance_types: [group.instanceType], scaling_config: { desired_size: group.desired, min_size: group.min, max_size: group.max }, disk_size: 100 },
        },
        ...extra,
      },
    },
  };
}
const priced = (s: StackJson, prices = TEST_PRICES) => estimate(groupByEnvironment([s])[0], prices);
const diff = (base: StackJson, head: StackJson) => diffEstimates([priced(base)], [priced(head)])[0];
const report = (base: StackJson, head: StackJson) => diffReport(diffEstimates([priced(base)], [priced(head)]), 'base', 'head');

describe('cost diff to an instance type without a price', () => {
  const base = stack(GROUP);
  const head = stack({ ...GROUP, instanceType: UNPRICED_TYPE });
  const delta = diff(base, head);
  const text = report(base, head);
  const basePriced = priced(base);
  const gpuBase = basePriced.components.find((c) => c.name === 'EKS nodes: gpu')!.monthly;

  it('gives no change figure for the environment or the node group, and says why', () => {
    expect(delta.comparable).toBe(false);
    expect(delta.delta).toBeUndefined();
    const gpu = delta.components.find((c) => c.component === 'EKS nodes: gpu')!;
    expect(gpu.delta).toBeUndefined();
    expect(gpu.unpriced?.head).toEqual([expect.objectContaining({ what: expect.stringContaining(UNPRICED_TYPE), count: GROUP.desired })]);
    expect(delta.unpricedChanged).toEqual({ base: [], head: gpu.unpriced?.head });
  });

  it('names the unpriced item, prints "at least" and "not comparable", and never the false saving', () => {
    const falseSaving = formatUsd(-gpuBase);
    expect(text).not.toContain(falseSaving);
    expect(text).toContain(`== demo: ${formatUsd(basePriced.total)} → at least ${formatUsd(priced(head).total)} (change not comparable`);
    expect(text).toMatch(new RegExp(`EKS nodes: gpu +not comparable +\\(${formatUsd(gpuBase).replace('.', '\\.')} → not priced\\)`));
    expect(text).toContain(`+ not priced: ${unpricedText(delta.unpricedChanged.head[0])}`);
    expect(text).toContain('Not priced in head only');
    expect(text).toMatch(/Total change per month: not comparable \(demo: /);
  });

  it('is comparable again, with an exact figure, once both sides have the same unpriced items', () => {
    const same = diff(head, stack({ ...GROUP, instanceType: UNPRICED_TYPE }));
    expect(same.comparable).toBe(true);
    expect(same.delta).toBe(0);
    const oneMore = diff(head, stack({ ...GROUP, instanceType: UNPRICED_TYPE, desired: GROUP.desired + 1 }));
    expect(oneMore.comparable).toBe(false); // one more node of an unpriced type: its cost is unknown
    const rootVolumes = oneMore.components.find((c) => c.component === 'EBS: node root volumes')!;
    expect(rootVolumes.delta).toBe(toMicro(100 * 0.08)); // the priced part still shows its own exact change
  });

  it('a known-unpriced item on both sides leaves the change exact and the totals "at least"', () => {
    const extra = { aws_made_up_thing: { a: {} } };
    const text2 = report(stack(GROUP, REGION, extra), stack({ ...GROUP, desired: GROUP.desired + 1 }, REGION, extra));
    expect(text2).toMatch(/== demo: at least [\d,.]+ → at least [\d,.]+ \(\+738\.00\)/); // one node × 730 h + its 100 GiB root volume
    expect(text2).toContain('Not priced on both sides, unchanged (in neither total): 1 × aws_made_up_thing');
    expect(text2).toMatch(/Total change per month: \+738\.00/);
  });
});

describe('cost diff of node-group ranges and line items', () => {
  it('shows a change of min/max even when the desired size and the monthly figure stay the same', () => {
    const head = { ...GROUP, min: GROUP.min + 1, max: GROUP.max + 2 };
    const delta = diff(stack(GROUP), stack(head));
    const gpu = delta.components.find((c) => c.component === 'EKS nodes: gpu')!;
    expect(gpu.delta).toBe(0);
    expect(gpu.range).toEqual({ base: { min: toMicro(GROUP.min * 730), max: toMicro(GROUP.max * 730) }, head: { min: toMicro(head.min * 730), max: toMicro(head.max * 730) } });
    const text = report(stack(GROUP), stack(head));
    expect(text).toContain(`at min ${formatUsd(toMicro(GROUP.min * 730))} – max ${formatUsd(toMicro(GROUP.max * 730))} → min ${formatUsd(toMicro(head.min * 730))} – max ${formatUsd(toMicro(head.max * 730))}`);
    expect(text).not.toContain('no change');
  });

  it('shows a changed min/max of a node group whose instance type has no price, still without a figure', () => {
    const unpriced = { ...GROUP, instanceType: UNPRICED_TYPE };
    const wider = { ...unpriced, max: GROUP.max + 2 };
    const delta = diff(stack(unpriced), stack(wider));
    expect(delta.comparable).toBe(false);
    const text = report(stack(unpriced), stack(wider));
    expect(text).toContain(`- not priced: ${GROUP.desired} (min ${GROUP.min} – max ${GROUP.max}) × aws_eks_node_group.gpu (${UNPRICED_TYPE})`);
    expect(text).toContain(`+ not priced: ${GROUP.desired} (min ${GROUP.min} – max ${wider.max}) × aws_eks_node_group.gpu (${UNPRICED_TYPE})`);
    expect(text).toMatch(/EKS nodes: gpu +not comparable +\(not priced → not priced\)/);
  });

  it('lists the line items that changed under their component', () => {
    const base = priced(stack(GROUP));
    const head = priced(stack({ ...GROUP, desired: GROUP.desired + 1 }));
    const [delta] = diffEstimates([base], [head]);
    const gpu = delta.components.find((c) => c.component === 'EKS nodes: gpu')!;
    const line = (e: typeof base) => e.components.find((c) => c.name === 'EKS nodes: gpu')!.items.map((i) => `${i.detail} = ${formatUsd(i.monthly)}`);
    expect(gpu.lines).toEqual({ removed: line(base), added: line(head) });
    const text = diffReport([delta], 'base', 'head');
    for (const l of line(base)) expect(text).toContain(`      - ${l}`);
    for (const l of line(head)) expect(text).toContain(`      + ${l}`);
  });
});

describe('npm run cost -- --diff (the command) with an unpriced instance type', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  /** A synth output directory holding one stack (the real price book prices it: a real region and instance type). */
  function synthOutput(group: Group): string {
    const dir = mkdtempSync(join(tmpdir(), 'cost-diff-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'stacks', 'demo'), { recursive: true });
    writeFileSync(join(dir, 'stacks', 'demo', 'cdk.tf.json'), JSON.stringify(stack(group, region).json));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ stacks: { demo: { synthesizedStackPath: 'stacks/demo/cdk.tf.json' } } }));
    return dir;
  }
  const [region, regionPrices] = Object.entries(PRICES.regions).find(([, r]) => Object.keys(r.ec2Hour ?? {}).length > 0)!;
  const realType = Object.keys(regionPrices.ec2Hour!)[0];

  it('exits 2 with a readable message and writes a diff that names the item and gives no figure', () => {
    const base = synthOutput({ ...GROUP, instanceType: realType });
    const head = synthOutput({ ...GROUP, instanceType: UNPRICED_TYPE });
    const reports = mkdtempSync(join(tmpdir(), 'cost-diff-report-'));
    dirs.push(reports);
    const run = spawnSync(process.execPath, ['scripts/cost.mjs', '--out', head, '--report-dir', reports, '--diff', base], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/cost: the change is not comparable for demo: items without a price differ/);
    const gpuBase = toMicro(regionPrices.ec2Hour![realType].usd) * 730 * GROUP.desired;
    expect(run.stdout).not.toContain(formatUsd(-gpuBase));
    expect(run.stdout).toContain(UNPRICED_TYPE);
    expect(readFileSync(join(reports, 'diff.txt'), 'utf8')).toBe(run.stdout);
  });
});
