/**
 * Recovery environments: registered here, built only when named in RECOVERY_ENVIRONMENTS (comma-separated),
 * e.g. `RECOVERY_ENVIRONMENTS=dr-production npx cdktf deploy dr-production`. A normal synth, diff or deploy
 * never sees them, so nobody deploys a second production by accident.
 */
import { drProduction } from './dr-production';
import { takenOverNames } from './taken-over-names';
import type { EnvironmentConfig, EnvironmentInput } from './schema/environment';
import { formatPath } from './schema/issues';
import { regionalIdentifiers } from './schema/regional-ids';
import { ConfigValidationError } from './validate';

export const RECOVERY_INPUTS: Readonly<Record<string, EnvironmentInput>> = { 'dr-production': drProduction };

/** The recovery environments RECOVERY_ENVIRONMENTS selects; an unknown name is a validation error. */
export function selectedRecoveryInputs(env: Readonly<Record<string, string | undefined>>): Record<string, EnvironmentInput> {
  const names = (env.RECOVERY_ENVIRONMENTS ?? '').split(',').map((n) => n.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(n in RECOVERY_INPUTS));
  if (unknown.length > 0) {
    throw new ConfigValidationError(unknown.map((n) => `environment "${n}": (root): RECOVERY_ENVIRONMENTS names no recovery environment (known: ${Object.keys(RECOVERY_INPUTS).join(', ')})`));
  }
  return Object.fromEntries(names.map((n) => [n, RECOVERY_INPUTS[n]]));
}

const publicNames = (env: EnvironmentConfig) => takenOverNames(env.edge.hostnames, env.assetsCdn).map((h) => h.name).sort();

/** Rules linking a recovery environment to the environment it recovers (both must be loaded). */
export function recoveryLinkProblems(configs: Readonly<Record<string, EnvironmentConfig>>): string[] {
  const problems: string[] = [];
  for (const env of Object.values(configs)) {
    if (!env.recovery) continue;
    const line = (path: string, rule: string) => problems.push(`environment "${env.name}": ${path}: ${rule}`);
    const of = configs[env.recovery.of];
    if (!of) {
      line('recovery.of', `"${env.recovery.of}" is not a registered environment`);
      continue;
    }
    if (of.recovery) line('recovery.of', `"${of.name}" is itself a recovery environment`);
    if (of.dr?.region !== env.aws.region) line('aws.region', `must be dr.region of ${of.name} (${of.dr?.region ?? 'none'}): the copies are there`);
    if (of.aws.accountId !== env.aws.accountId) line('aws.accountId', `must be ${of.name}'s account (${of.aws.accountId}): its copies and keys are there`);
    if (of.domain.apex !== env.domain.apex) line('domain.apex', `must be ${of.name}'s domain (${of.domain.apex}): it takes over those public names`);
    if (publicNames(of).join() !== publicNames(env).join()) line('edge.hostnames', `must be exactly ${of.name}'s public names (${publicNames(of).join(', ')}): it takes all of them over`);
    if (of.edge.originZone === env.edge.originZone) line('edge.originZone', `must differ from ${of.name}'s (${of.edge.originZone}): each environment delegates its own origin subzone`);
    if (of.state.backend === 's3' && env.state.backend === 's3' && of.state.region === env.state.region) {
      line('state.region', `must differ from ${of.name}'s state region (${of.state.region}): that state is unreachable when the region is lost`);
    }
    if (of.aws.region !== env.aws.region) problems.push(...inheritedRegionalIds(env, of));
  }
  return problems;
}

/**
 * Ids of `of`'s region that `env`, in another region, repeats (config copied from the recovered environment): a bare
 * id carries no region, so only the comparison with `of` tells a Transit Gateway of the failed region from one of
 * this region. ARNs name their region and are checked per environment (checkRegionalArns).
 */
function inheritedRegionalIds(env: EnvironmentConfig, of: EnvironmentConfig): string[] {
  const theirs = new Map(regionalIdentifiers(of).map((id) => [id.value, id]));
  return regionalIdentifiers(env).flatMap((id) => {
    const same = theirs.get(id.value);
    if (!same) return [];
    return [`environment "${env.name}": ${formatPath(id.path)}: "${id.value}" is ${of.name}'s ${formatPath(same.path)}, a ${id.kind} in ${of.aws.region}: it exists in that region only, so this environment in ${env.aws.region} needs its own`];
  });
}

/** Throws a ConfigValidationError when a recovery link is broken. */
export function checkRecoveryLinks(configs: Readonly<Record<string, EnvironmentConfig>>): void {
  const problems = recoveryLinkProblems(configs);
  if (problems.length > 0) throw new ConfigValidationError(problems);
}
