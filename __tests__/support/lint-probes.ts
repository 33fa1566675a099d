/** Lints code snippets with the repository's real ESLint config, all in one ESLint process (its start costs seconds). */
import { spawnSync } from 'child_process';
import { join } from 'path';

const root = join(__dirname, '..', '..');

export interface Probe {
  /** The repository file the code is linted as (it decides which config blocks apply). */
  readonly file: string;
  readonly code: string;
}

/** The rule ids (or messages, for a rule-less problem) reported per probe, comma-joined, in probe order. */
export function lintAll(probes: readonly Probe[]): string[] {
  const script = `
    import { ESLint } from 'eslint';
    const probes = JSON.parse(process.argv[1]);
    const eslint = new ESLint({ cwd: process.cwd() });
    const out = [];
    for (const p of probes) {
      const [report] = await eslint.lintText(p.code, { filePath: p.file });
      out.push(report.messages.map((m) => m.ruleId ?? m.message).join(','));
    }
    console.log(JSON.stringify(out));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(probes)], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as string[];
}
