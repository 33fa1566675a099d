/** Monthly difference per component between two synth outputs (base → head), per environment. */
import { formatUsd, type Micro } from './price-book';
import type { Estimate } from './estimate';

export interface ComponentDelta {
  readonly component: string;
  readonly base: Micro;
  readonly head: Micro;
  readonly delta: Micro;
}

export interface EnvironmentDelta {
  readonly environment: string;
  readonly components: readonly ComponentDelta[];
  readonly base: Micro;
  readonly head: Micro;
  readonly delta: Micro;
}

export function diffEstimates(base: readonly Estimate[], head: readonly Estimate[]): EnvironmentDelta[] {
  const names = [...new Set([...base.map((e) => e.environment), ...head.map((e) => e.environment)])];
  return names.map((environment) => {
    const b = base.find((e) => e.environment === environment);
    const h = head.find((e) => e.environment === environment);
    const cost = (e: Estimate | undefined, component: string) => e?.components.find((c) => c.name === component)?.monthly ?? 0;
    const componentNames = [...new Set([...(b?.components ?? []), ...(h?.components ?? [])].map((c) => c.name))];
    const components = componentNames
      .map((component) => ({ component, base: cost(b, component), head: cost(h, component), delta: cost(h, component) - cost(b, component) }))
      .filter((c) => c.delta !== 0);
    return { environment, components, base: b?.total ?? 0, head: h?.total ?? 0, delta: (h?.total ?? 0) - (b?.total ?? 0) };
  });
}

export function diffReport(deltas: readonly EnvironmentDelta[], baseDir: string, headDir: string): string {
  const lines = [`Monthly cost difference (USD): ${baseDir} → ${headDir}`, ''];
  for (const env of deltas) {
    lines.push(`== ${env.environment}: ${formatUsd(env.base)} → ${formatUsd(env.head)} (${signed(env.delta)})`);
    if (env.components.length === 0) lines.push('  no change');
    const width = Math.max(24, ...env.components.map((c) => c.component.length));
    for (const c of env.components) lines.push(`  ${c.component.padEnd(width)} ${signed(c.delta).padStart(12)}   (${formatUsd(c.base)} → ${formatUsd(c.head)})`);
  }
  const total = deltas.reduce((s, d) => s + d.delta, 0);
  lines.push('', `Total change per month: ${signed(total)}`);
  return lines.join('\n') + '\n';
}

function signed(micro: Micro): string {
  return micro > 0 ? `+${formatUsd(micro)}` : formatUsd(micro);
}
