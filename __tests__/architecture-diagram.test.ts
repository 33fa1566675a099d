/**
 * docs/architecture.svg is drawn from the synthesized stacks (scripts/architecture-diagram.ts): the committed file
 * must equal what `npm run diagram` would write now, so the picture cannot drift from the code.
 */
import { readFileSync } from 'fs';
import {
  architectureDot, currentDiagram, DIAGRAM_COMMAND, DIAGRAM_FILE, diagramStacks, staleness, type StackJson,
} from '../scripts/architecture-diagram';
import { platformStacks } from './support/synth';

const stacks: StackJson[] = platformStacks().map((s) => ({ name: s.name, json: s.json }));

function committed(): string | undefined {
  try { return readFileSync(DIAGRAM_FILE, 'utf8'); } catch { return undefined; }
}

test('the committed diagram matches the synthesized stacks', async () => {
  const problem = staleness(await currentDiagram(stacks), committed());
  if (problem) throw new Error(problem);
});

test('it shows the environment, its workloads and GPU stacks and the stack that creates their state bucket', () => {
  const shown = diagramStacks(stacks);
  const bucket = stacks.find((s) => s.name === 'production')!.json.terraform.backend.s3.bucket;
  const creates = (s: StackJson) => Object.values(s.json.resource?.aws_s3_bucket ?? {}).some((b) => (b as { bucket?: string }).bucket === bucket);
  expect(shown.slice(0, 3).map((s) => s.name).sort()).toEqual(['production', 'production-gpu', 'production-workloads']);
  expect(shown.slice(3).length).toBe(stacks.filter((s) => !s.name.startsWith('production') && creates(s)).length);
  expect(shown.slice(3).every(creates)).toBe(true);
  expect(shown.map((s) => s.name)).not.toContain('staging');
});

test('a new construct in a stack makes the committed diagram stale, and the message names the command', async () => {
  const planted = stacks.map((s) => s.name !== 'production' ? s : {
    ...s,
    json: { ...s.json, resource: { ...s.json.resource, aws_sqs_queue: { jobs: { '//': { metadata: { path: 'production/queue/jobs' } }, name: 'jobs' } } } },
  });
  expect(architectureDot(diagramStacks(planted))).toContain('"production/queue" [label="queue · 1\\nsqs_queue"');
  const problem = staleness(await currentDiagram(planted), committed());
  expect(problem).toContain('docs/architecture.svg is stale');
  expect(problem).toContain(DIAGRAM_COMMAND);
});

test('a missing diagram says so', () => {
  expect(staleness('<svg/>', undefined)).toMatch(/missing: run `npm run diagram`/);
});
