/**
 * `npm run cost [-- --details] [--out cdktf.out] [--report-dir cost-report] [--diff <base cdktf.out>] [--no-synth]`
 * Prints each environment's monthly cost by component and writes report.txt, report.json and one SVG chart per
 * environment to the report directory. With --diff, prints the change per component from the base synth output.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { chartSvg } from './chart';
import { diffEstimates, diffReport, notComparable } from './diff';
import { estimate, type Estimate } from './estimate';
import { PRICES } from './prices';
import { textReport } from './report-text';
import { groupByEnvironment, readSynthOutput } from './synth-output';

const DEFAULT_OUT = 'cdktf.out';
/** `--diff` ran but the change has no figure: items without a price differ between base and head. */
const NOT_COMPARABLE_EXIT_CODE = 2;
/** Inputs of the synth: when any is newer than the synth output, the output is stale. */
const SYNTH_INPUTS = ['main.ts', 'package.json', 'stacks', 'constructs', 'environments', 'lib', 'charts', 'helm-values'];

interface Args {
  readonly out: string;
  readonly reportDir: string;
  readonly diff: string | undefined;
  readonly details: boolean;
  readonly synth: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    if (i >= 0 && (argv[i + 1] === undefined || argv[i + 1].startsWith('--'))) throw new Error(`${flag} needs a directory`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const known = new Set(['--out', '--report-dir', '--diff', '--details', '--no-synth']);
  const unknown = argv.filter((a, i) => a.startsWith('--') && !known.has(a) && !['--out', '--report-dir', '--diff'].includes(argv[i - 1]));
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(', ')} (options: ${[...known].join(', ')})`);
  return { out: value('--out') ?? DEFAULT_OUT, reportDir: value('--report-dir') ?? 'cost-report', diff: value('--diff'), details: argv.includes('--details'), synth: !argv.includes('--no-synth') };
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

/** Synthesizes when the default output is missing or older than its inputs (an explicit --out is read as is). */
function ensureSynth(args: Args): void {
  if (!args.synth || args.out !== DEFAULT_OUT) return;
  const manifest = join(args.out, 'manifest.json');
  const built = existsSync(manifest) ? statSync(manifest).mtimeMs : 0;
  if (built > 0 && SYNTH_INPUTS.every((input) => newestMtime(input) <= built)) return;
  console.error(built === 0 ? 'cost: no synth output yet, running npm run synth' : 'cost: synth output is older than the code, running npm run synth');
  const result = spawnSync('npm', ['run', '--silent', 'synth'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error('npm run synth failed');
}

function estimates(outdir: string): Estimate[] {
  return groupByEnvironment(readSynthOutput(outdir)).map((env) => estimate(env, PRICES));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  ensureSynth(args);
  const head = estimates(args.out);
  mkdirSync(args.reportDir, { recursive: true });
  if (args.diff !== undefined) {
    const deltas = diffEstimates(estimates(args.diff), head);
    const text = diffReport(deltas, args.diff, args.out);
    writeFileSync(join(args.reportDir, 'diff.txt'), text);
    process.stdout.write(text);
    const blocked = notComparable(deltas);
    if (blocked.length > 0) {
      // A distinct exit code: the diff ran, but gives no figure a reviewer could take for the change.
      console.error(`cost: the change is not comparable for ${blocked.join(', ')}: items without a price differ between base and head (named in the diff); price them in cost/prices.ts`);
      process.exitCode = NOT_COMPARABLE_EXIT_CODE;
    }
    return;
  }
  const text = textReport(head, PRICES, { details: args.details });
  writeFileSync(join(args.reportDir, 'report.txt'), textReport(head, PRICES, { details: true }));
  writeFileSync(join(args.reportDir, 'report.json'), JSON.stringify({ priceDate: PRICES.date, hoursPerMonth: PRICES.hoursPerMonth, environments: head }, null, 2));
  const charts = await Promise.all(head.map(async (e) => {
    const file = join(args.reportDir, `${e.environment}.svg`);
    writeFileSync(file, await chartSvg(e, PRICES));
    return file;
  }));
  process.stdout.write(text);
  console.log(`\nWritten: ${join(args.reportDir, 'report.txt')} (with line items), report.json, ${charts.join(', ')}`);
  const unclassified = head.flatMap((e) => e.unclassified);
  if (unclassified.length > 0) console.error(`cost: unclassified resource types ${[...new Set(unclassified)].join(', ')}: add them to a pricer or cost/resource-types.ts`);
}

main().catch((error: unknown) => {
  console.error(`cost: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
