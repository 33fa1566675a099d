/**
 * The one summary `npm run synth` ends with: every stack written with its resource count, warnings that
 * did not stop synthesis, and the time taken (including the app build when a source had changed).
 */
import { join, relative } from 'path';
import { TerraformResource, TerraformStack, type App } from 'cdktf';

export interface StackCount {
  readonly name: string;
  /** Resource blocks in the stack's cdk.tf.json (data sources and outputs not counted). */
  readonly resources: number;
}

/** Resource blocks per stack, in the order the app created the stacks. */
export function stackCounts(app: App): StackCount[] {
  return app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c)).map((stack) => ({
    name: stack.node.id,
    resources: stack.node.findAll().filter((c) => TerraformResource.isTerraformResource(c)).length,
  }));
}

export interface SummaryProps {
  readonly outdir: string;
  readonly stacks: readonly StackCount[];
  /** Problems worth a look that did not stop synthesis (e.g. placeholder config values). @default none */
  readonly warnings?: readonly string[];
  /** Seconds since the process started. */
  readonly seconds: number;
  /** Milliseconds spent building the app before it ran; unset when the build was reused. @default none */
  readonly buildMs?: number;
}

export function formatSummary(props: SummaryProps): string {
  const warnings = props.warnings ?? [];
  const total = props.stacks.reduce((sum, s) => sum + s.resources, 0);
  const stacksDir = join(props.outdir, 'stacks');
  const near = relative(process.cwd(), stacksDir);
  const where = near.startsWith('..') ? stacksDir : near;
  const build = props.buildMs === undefined ? '' : `, including ${(props.buildMs / 1000).toFixed(2)} s to rebuild the app`;
  const width = Math.max(...props.stacks.map((s) => s.name.length));
  return [
    `Synthesized ${props.stacks.length} stacks (${total} resources) into ${where}/ in ${props.seconds.toFixed(2)} s${build}:`,
    ...props.stacks.map((s) => `  ${s.name.padEnd(width)}  ${String(s.resources).padStart(4)} resources`),
    warnings.length === 0 ? 'No warnings.' : `${warnings.length} warning${warnings.length === 1 ? '' : 's'}:`,
    ...warnings.map((w) => `  - ${w}`),
  ].join('\n');
}

/** Prints the summary of a finished `app.synth()`. */
export function printSynthSummary(app: App, warnings: readonly string[] = []): void {
  const buildMs = process.env.APP_BUILD_MS === undefined ? undefined : Number(process.env.APP_BUILD_MS);
  console.log(formatSummary({ outdir: app.outdir, stacks: stackCounts(app), warnings, seconds: process.uptime(), buildMs }));
}
