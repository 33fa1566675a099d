/** `npm run cost` on the real platform: every resource type classified, every SKU priced, assumptions recorded, GPU diff, CLI. */
import { execFileSync } from 'child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { diffEstimates } from '../cost/diff';
import { estimate, PRICED_TYPES } from '../cost/estimate';
import { formatUsd, toMicro } from '../cost/price-book';
import { PRICES } from '../cost/prices';
import { FREE_TYPES, NOT_PRICED_TYPES } from '../cost/resource-types';
import { groupByEnvironment, type StackJson } from '../cost/synth-output';
import { production } from '../environments/production';
import { mutated, problemsOf } from './support/config';
import { platformOutdir, platformStacks, testEnvironments } from './support/synth';
import { tempDir } from './support/temp-dir';

const stacks = (): StackJson[] => platformStacks().map((s) => ({ name: s.name, json: s.json }));
const estimates = (input: StackJson[]) => groupByEnvironment(input).map((env) => estimate(env, PRICES));

/** A deep copy of the stacks with `change` applied to one stack's JSON. */
function changed(name: string, change: (json: StackJson['json']) => void): StackJson[] {
  return stacks().map((s) => {
    if (s.name !== name) return s;
    const json = structuredClone(s.json);
    change(json);
    return { name: s.name, json };
  });
}

const gpuGroup = (json: StackJson['json']) => Object.values(json.resource.aws_eks_node_group as Record<string, { labels: Record<string, string>; scaling_config: { desired_size: number } }>).find((g) => g.labels.NodeGroup === 'gpu')!;

describe('resource type classification', () => {
  it('every resource type in every stack is priced, free or listed as not priced', () => {
    for (const e of estimates(stacks())) expect({ environment: e.environment, unclassified: e.unclassified }).toEqual({ environment: e.environment, unclassified: [] });
  });

  it('a type in none of the lists is caught and printed as not priced with its count', () => {
    const planted = estimates(changed('production', (json) => { json.resource.aws_made_up_thing = { a: {}, b: {} }; }));
    const prod = planted.find((e) => e.environment === 'production')!;
    expect(prod.unclassified).toEqual(['aws_made_up_thing']);
    expect(prod.unpriced).toContainEqual(expect.objectContaining({ what: 'aws_made_up_thing', count: 2 }));
  });

  it('keeps the priced, free and not-priced lists apart', () => {
    const free = Object.keys(FREE_TYPES);
    const notPriced = Object.keys(NOT_PRICED_TYPES);
    expect(free.filter((t) => PRICED_TYPES.has(t) || notPriced.includes(t))).toEqual([]);
    expect(notPriced.filter((t) => PRICED_TYPES.has(t))).toEqual([]);
  });
});

describe('the shipped environments', () => {
  const all = estimates(stacks());

  it('have a price for every SKU they use (nothing priced as an unnoticed zero)', () => {
    expect(all.map((e) => e.environment)).toEqual(expect.arrayContaining(['production', 'staging']));
    for (const e of all) {
      // Only types deliberately listed as not priced (printed with their count and reason) may stay unpriced: no
      // unclassified type and no SKU without a price.
      const unexpected = e.unpriced.filter((u) => !(u.what in NOT_PRICED_TYPES) || u.reason !== NOT_PRICED_TYPES[u.what]);
      expect({ name: e.environment, unexpected }).toEqual({ name: e.environment, unexpected: [] });
      expect(e.total).toBeGreaterThan(0);
    }
  });

  it('price each component the issue lists', () => {
    const prod = all.find((e) => e.environment === 'production')!.components.map((c) => c.name);
    for (const component of ['EKS control plane', 'EKS nodes: general', 'EKS nodes: gpu', 'NAT gateways', 'Load balancers', 'VPC interface endpoints',
      'RDS: aifeedback-production-postgres', 'RDS Proxy', 'ElastiCache: aifeedback-production-redis', 'EBS: node root volumes', 'EBS: persistent volumes',
      'CloudWatch Logs', 'KMS', 'Secrets Manager', 'Route53', 'AWS Backup: daily', 'AWS Backup: cross-region copy', 'S3', 'Cloudflare plan']) {
      expect(prod).toContain(component);
    }
  });

  it('record their cost assumptions in the infra stack, as validated', () => {
    const env = testEnvironments().production;
    expect(platformStacks().find((s) => s.name === 'production')!.json['//'].cost_assumptions).toEqual(env.cost);
    expect(all.find((e) => e.environment === 'production')!.assumptions).toEqual(env.cost);
  });

  it('reject a negative usage figure with one line naming the field', () => {
    const problems = problemsOf('production', mutated(production, (env) => { env.cost = { natDataGb: -1 }; }));
    expect(problems).toEqual([expect.stringMatching(/^environment "production": cost\.natDataGb: .*greater than or equal to 0/)]);
  });
});

describe('cost diff of the real stacks', () => {
  it('one more GPU node in production adds its on-demand price × 730 h', () => {
    const head = estimates(changed('production-gpu', (json) => { gpuGroup(json).scaling_config.desired_size += 1; }));
    const prod = diffEstimates(estimates(stacks()), head).find((d) => d.environment === 'production')!;
    const hourly = PRICES.regions['eu-north-1'].ec2Hour!['g6.2xlarge'];
    const gpu = prod.components.find((c) => c.component === 'EKS nodes: gpu')!;
    expect(gpu.delta).toBe(toMicro(hourly.usd) * 730);
    const rootVolume = toMicro(PRICES.regions['eu-north-1'].ebsGp3GbMonth!.usd) * 200;
    expect(prod.components.map((c) => c.component).sort()).toEqual(['EBS: node root volumes', 'EKS nodes: gpu']);
    expect(prod.delta).toBe(toMicro(hourly.usd) * 730 + rootVolume);
  });
});

describe('npm run cost (the command)', () => {
  const runs = tempDir('cost-command-');
  it('prints totals, writes the report and an SVG chart per environment, and diffs two synth outputs', () => {
    platformStacks();
    const reports = mkdtempSync(join(runs, 'cost-report-'));
    const run = (...args: string[]) => execFileSync(process.execPath, ['scripts/cost.mjs', '--out', platformOutdir, '--report-dir', reports, ...args], { encoding: 'utf8' });
    const text = run();
    expect(text).toMatch(/== production \(stacks: bootstrap-production, pipeline-production, production, production-gpu, production-workloads\)/);
    expect(text).toMatch(/TOTAL per month +[\d,]+\.\d\d/);
    for (const env of estimates(stacks()).map((e) => e.environment)) {
      const svg = readFileSync(join(reports, `${env}.svg`), 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain(`${env}:`);
    }
    expect(existsSync(join(reports, 'report.txt'))).toBe(true);
    expect(readFileSync(join(reports, 'production.svg'), 'utf8')).toContain('EKS nodes: gpu');

    const head = mkdtempSync(join(runs, 'cost-head-'));
    cpSync(platformOutdir, head, { recursive: true });
    const file = join(head, 'stacks', 'production-gpu', 'cdk.tf.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    gpuGroup(json).scaling_config.desired_size += 1;
    writeFileSync(file, JSON.stringify(json));
    const diff = execFileSync(process.execPath, ['scripts/cost.mjs', '--out', head, '--report-dir', reports, '--diff', platformOutdir], { encoding: 'utf8' });
    const gpuNode = formatUsd(toMicro(PRICES.regions['eu-north-1'].ec2Hour!['g6.2xlarge'].usd) * 730);
    expect(diff).toContain(`EKS nodes: gpu`);
    expect(diff).toMatch(new RegExp(`EKS nodes: gpu +\\+${gpuNode.replace('.', '\\.')} `));
    expect(diff).toMatch(/== staging: [\d,.]+ → [\d,.]+ \(0\.00\)/);
  });
});
