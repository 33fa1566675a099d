/**
 * A representative handful of mistakes through the real entry point (`main.ts` in its own process, as `cdktf synth`
 * runs it): exit code 1, one line per problem on stderr, no stack trace, nothing written to the output directory.
 * The full table runs in-process through the same validation (config-validation-mistakes.test.ts); a bad
 * TF_STATE_BUCKET through the entry point is in config-validation.test.ts.
 */
import { spawn } from 'child_process';
import { existsSync, mkdtempSync } from 'fs';

import { join } from 'path';
import { staging } from '../environments/staging';
import { tempDir } from './support/temp-dir';

interface EntryCase {
  readonly label: string;
  /** JavaScript run before main.ts loads, changing the registered config the way an edit of the file would. */
  readonly edit: string;
  readonly vars?: Record<string, string>;
  readonly expected: RegExp;
}

const ROOT = join(__dirname, '..');
const CASES: readonly EntryCase[] = [
  {
    label: 'unknown key (typo of an optional key)',
    edit: "const g = envs.ENVIRONMENT_INPUTS.production.eks.nodeGroups.gpu; g.diskSizeGb = 200; delete g.diskSizeGiB;",
    expected: /^ {2}- environment "production": eks.nodeGroups.gpu.diskSizeGb: unknown key; did you mean "diskSizeGiB"\?$/m,
  },
  {
    label: 'broken alert table',
    edit: "require('./environments/alerts').PLATFORM_ALERTS[0].for = '5 minutes';",
    expected: /^ {2}- environment "production": monitoring.alerts\[0\].for: must be a Prometheus duration/m,
  },
  {
    label: 'service pasted twice',
    edit: "const s = envs.ENVIRONMENT_INPUTS.staging.workloads.services; s.push({ ...s.find((x) => x.name === 'voice-processor') });",
    // Positions from the catalog: the pasted copy lands after the last entry.
    expected: new RegExp(`^ {2}- environment "staging": workloads.services\\[${staging.workloads.services.length}\\].name: "voice-processor" is already defined at workloads.services\\[${staging.workloads.services.findIndex((s) => s.name === 'voice-processor')}\\]`, 'm'),
  },
  {
    label: 'new environment reusing production\'s VPC',
    edit: "const p = envs.ENVIRONMENT_INPUTS.production; envs.ENVIRONMENT_INPUTS.demo = { ...envs.ENVIRONMENT_INPUTS.staging, name: 'demo', network: p.network };",
    expected: /^ {2}- environment "demo": network.vpcCidr: "10.10.0.0\/16" clashes with network.vpcCidr "10.10.0.0\/16" of environment "production"/m,
  },
];

interface Run { readonly status: number | null; readonly stdout: string; readonly stderr: string; readonly outdir: string }

const entryRuns = tempDir('entry-');

function runEntry(c: EntryCase): Promise<Run> {
  const outdir = join(mkdtempSync(join(entryRuns, 'run-')), 'out');
  const script = `const envs = require('./environments'); ${c.edit} require('./main.ts');`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, env: { ...process.env, ...c.vars, CDKTF_OUTDIR: outdir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (status) => resolve({ status, stdout, stderr, outdir }));
  });
}

const runs = new Map<string, Run>();
beforeAll(async () => {
  // In parallel: each process loads the whole app.
  const results = await Promise.all(CASES.map(runEntry));
  CASES.forEach((c, i) => runs.set(c.label, results[i]));
});

describe.each(CASES.map((c) => [c.label, c] as const))('%s', (label, c) => {
  test('exits 1 with the problem on stderr, one line each, no stack trace, nothing written', () => {
    const run = runs.get(label)!;
    expect(run.stderr).toMatch(c.expected);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^Invalid environment configuration \(\d+ problems?\):\n( {2}- environment "[^"]+": [^\n]+\n)+$/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(run.outdir)).toBe(false);
  });
});
