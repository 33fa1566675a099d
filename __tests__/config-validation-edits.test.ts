/**
 * Valid edits are accepted and change the synthesized Terraform as expected: the strict validation must not pass its
 * own suite by refusing everything. Each edit synthesizes only the stack it changes, compared with the unedited one.
 */
import type { TerraformStack } from 'cdktf';
import { loadEnvironments, type EnvironmentInput } from '../environments';
import { PLATFORM_ALERTS } from '../environments/alerts';
import { staging } from '../environments/staging';
import { buildPlatform } from '../stacks/app';
import { mutated } from './support/config';
import { toJson, type Json } from './support/synth';

type Mutable = Parameters<Parameters<typeof mutated>[1]>[0];
type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

type StackKind = 'infra' | 'workloads' | 'gpu';

/** The named stacks (`infra`, `workloads`, `gpu`) of a platform holding only `input`, each synthesized alone. */
function synth<K extends StackKind>(input: EnvironmentInput, ...which: K[]): Record<K, Json> {
  const platform = buildPlatform(loadEnvironments({}, { staging: input }));
  return Object.fromEntries(which.map((w) => [w, toJson(platform[w].staging as TerraformStack)])) as Record<K, Json>;
}

const resource = (stack: Json, type: string, fragment: string): Json => {
  const found = Object.entries(stack.resource[type] ?? {}).filter(([name]) => name.includes(fragment));
  if (found.length !== 1) throw new Error(`expected one ${type} matching ${fragment}, found ${found.length}`);
  return found[0][1] as Json;
};
const volumeSize = (s: Json) => resource(s, 'aws_launch_template', 'node-group-gpu').block_device_mappings[0].ebs.volume_size;
const dbConnectionsAlarm = (s: Json) => resource(s, 'aws_cloudwatch_metric_alarm', 'db-connections').threshold;
const vpcCidr = (s: Json) => resource(s, 'aws_vpc', '').cidr_block;
const release = (s: Json, fragment: string) => String(resource(s, 'helm_release', fragment).values.join('\n'));
const ollamaReplicas = (s: Json) => /^replicaCount: (\d+)$/m.exec(release(s, 'service-ollama'))?.[1];
const apiGatewayDownFor = (s: Json) => /alert: APIGatewayDown\n\s+expr: .*\n\s+for: (\S+)/.exec(release(s, 'monitoring_stack'))?.[1];
const apiGatewayTag = (s: Json) => /^ {2}tag: (\S+)$/m.exec(release(s, 'service-api-gateway'))?.[1];

interface Edit {
  readonly label: string;
  readonly change: (e: Mutable) => void;
  readonly stack: StackKind;
  readonly read: (stack: Json) => unknown;
  readonly before: unknown;
  readonly after: unknown;
}

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const EDITS: readonly Edit[] = [
  { label: 'GPU root volume 200 → 300 GiB', stack: 'gpu', read: volumeSize, before: 200, after: 300,
    change: (e) => { e.eks.nodeGroups.gpu.diskSizeGiB = 300; } },
  { label: 'database connections alarm 300 → 350', stack: 'infra', read: dbConnectionsAlarm, before: 300, after: 350,
    change: (e) => { e.data.alarms!.dbConnections = 350; } },
  { label: 'VPC moved to 10.21.0.0/16', stack: 'infra', read: vpcCidr, before: '10.20.0.0/16', after: '10.21.0.0/16',
    change: (e) => {
      e.network.vpcCidr = '10.21.0.0/16';
      for (const tier of ['public', 'private', 'isolated'] as const) e.network.subnets[tier] = e.network.subnets[tier].map((c) => c.replace('10.20.', '10.21.'));
    } },
  { label: 'override: two Ollama replicas in staging', stack: 'gpu', read: ollamaReplicas, before: '1', after: '2',
    change: (e) => { (e.workloads.serviceOverrides as Any).ollama = { replicas: 2 }; } },
  { label: 'alert holds 10m before firing', stack: 'workloads', read: apiGatewayDownFor, before: '5m', after: '10m',
    change: (e) => { (e.monitoring as Any).alerts = PLATFORM_ALERTS.map((a) => (a.alert === 'APIGatewayDown' ? { ...a, for: '10m' } : a)); } },
  { label: 'image pinned by digest', stack: 'workloads', read: apiGatewayTag, before: '1.4.2', after: `1.4.3@${DIGEST}`,
    change: (e) => { (e.workloads.services as Any[]).find((s) => s.name === 'api-gateway').image.tag = `1.4.3@${DIGEST}`; } },
];

const baseline = synth(staging, 'infra', 'workloads', 'gpu');

test.each(EDITS.map((e) => [e.label, e] as const))('%s', (_label, edit) => {
  expect(edit.read(baseline[edit.stack])).toEqual(edit.before);
  const edited = synth(mutated(staging, edit.change), edit.stack)[edit.stack];
  expect(edit.read(edited)).toEqual(edit.after);
});
