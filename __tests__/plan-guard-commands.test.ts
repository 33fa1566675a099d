/** `npm run plan` / `npm run deploy` plumbing: stack selection from cdktf's manifest, arguments, the prevent_destroy override, summaries. */
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parsePlanArgs } from '../lib/plan-guard/plan-command';
import { selectStacks, summarise } from '../lib/plan-guard/stacks';
import { liftOverride } from '../lib/plan-guard/terraform-plan';
import { tempDir } from './support/temp-dir';

const outdir = tempDir('manifest-');
mkdirSync(outdir, { recursive: true });
const stack = (name: string, dependencies: string[] = []) => ({ name, workingDirectory: `stacks/${name}`, dependencies });
writeFileSync(join(outdir, 'manifest.json'), JSON.stringify({ version: '0.21.0', stacks: {
  'staging-workloads': stack('staging-workloads', ['staging']), staging: stack('staging'),
  production: stack('production'), 'production-workloads': stack('production-workloads', ['production']), bootstrap: stack('bootstrap'),
} }));

test('globs select stacks, dependencies first', () => {
  expect(selectStacks(['staging*'], outdir).map((s) => s.name)).toEqual(['staging', 'staging-workloads']);
  expect(selectStacks(['production-workloads', 'production'], outdir).map((s) => s.name)).toEqual(['production', 'production-workloads']);
});

test('an unknown stack is an error naming the known ones', () => {
  expect(() => selectStacks(['prod'], outdir)).toThrow(/no stack matches "prod" \(stacks: staging-workloads, staging, production, production-workloads, bootstrap\)/);
});

test('arguments: stacks, --no-synth, --allow-list; anything else is refused', () => {
  expect(parsePlanArgs(['staging', '--no-synth', '--allow-list', 'a.yaml'], 'plan')).toEqual({ patterns: ['staging'], synth: false, allowList: 'a.yaml' });
  expect(parsePlanArgs([], 'plan')).toMatch(/usage: npm run plan -- <stack\|glob>/);
  expect(parsePlanArgs(['x', '--target=aws_s3_bucket.x'], 'plan')).toMatch(/unknown option --target/);
});

test('the override lifts prevent_destroy on exactly the named resources', () => {
  expect(liftOverride(['aws_s3_bucket.state', 'aws_db_instance.db[0]'])).toEqual({ resource: {
    aws_s3_bucket: { state: { lifecycle: { prevent_destroy: false } } },
    aws_db_instance: { db: { lifecycle: { prevent_destroy: false } } },
  } });
});

test('the summary line counts adds, changes, replaces, deletes and blocked', () => {
  const text = summarise('staging', { lifted: ['aws_s3_bucket.a'], errors: [], report: {
    counts: { create: 2, update: 1, replace: 1, delete: 0 }, rotations: [], unusedEntries: [], blocked: true,
    findings: [{ address: 'aws_s3_bucket.a', action: 'replace', why: 'S3 bucket', status: 'blocked' }],
  } });
  expect(text.split('\n')[0]).toBe('staging: 2 to add, 1 to change, 1 to replace, 0 to delete, 1 blocked');
  expect(text).toMatch(/prevent_destroy lifted for aws_s3_bucket\.a/);
  expect(summarise('staging', { lifted: [], errors: ['Error: boom'] })).toBe('staging: PLAN FAILED\n  Error: boom');
});
