/**
 * Rules across environments, checked once every environment is valid on its own. A problem is reported on the
 * environment registered later (the one being added), naming the earlier one it clashes with.
 */
import { cidrsOverlap, parseCidr } from '../lib/cidr';
import { versionSkewProblems, versionTableProblems } from './kubernetes-upgrade';
import { formatPath, type IssuePath } from './schema/issues';
import type { EnvironmentConfig } from './schema/environment';

/** A value one environment claims, with where it is configured. */
interface Claim {
  readonly env: string;
  readonly path: IssuePath;
  readonly value: string;
}

/** The EKS cluster name the infra stack derives (`<project>-<name>`). */
export const clusterNameOf = (env: EnvironmentConfig): string => `${env.project}-${env.name}`;

const within = (name: string, zone: string) => name === zone || name.endsWith(`.${zone}`);

/** Values that must be unique across environments, each with why. */
const UNIQUE: readonly {
  what: (env: EnvironmentConfig) => Claim[];
  clash: (a: string, b: string) => boolean;
  why: string;
  /** A recovery environment takes these over from the environment it recovers (docs/disaster-recovery.md). */
  recoveryTakesOver?: true;
}[] = [
  {
    what: (env) => [{ env: env.name, path: ['network', 'vpcCidr'], value: env.network.vpcCidr }],
    clash: (a, b) => { const x = parseCidr(a); const y = parseCidr(b); return !!x && !!y && cidrsOverlap(x, y); },
    why: 'the VPCs share a VPN and may be peered, so their address ranges must not overlap',
  },
  {
    what: (env) => env.edge.hostnames.map((h, i) => ({ env: env.name, path: ['edge', 'hostnames', i, 'name'], value: h.name })),
    clash: (a, b) => a === b,
    why: 'one public name can point at one origin only; give each environment its own names',
    recoveryTakesOver: true,
  },
  {
    what: (env) => [{ env: env.name, path: ['edge', 'originZone'], value: env.edge.originZone }],
    clash: (a, b) => within(a, b) || within(b, a),
    why: 'each environment delegates its own Route53 origin zone (NS and DS records), so the zones must be distinct and not nested',
  },
  {
    what: (env) => [{ env: env.name, path: ['edge', 'privateZone'], value: env.edge.privateZone }],
    clash: (a, b) => a === b,
    why: 'internal names must resolve to one environment (the VPCs may be peered and share resolvers)',
  },
  {
    what: (env) => [{ env: env.name, path: ['name'], value: clusterNameOf(env) }],
    clash: (a, b) => a === b,
    why: 'the EKS cluster name (<project>-<name>) names log groups, IAM roles and tags that must not be shared',
  },
];

export function checkAcrossEnvironments(configs: Readonly<Record<string, EnvironmentConfig>>): string[] {
  const envs = Object.values(configs);
  const problems: string[] = [];
  for (const rule of UNIQUE) {
    const earlier: Claim[] = [];
    for (const env of envs) {
      const claims = rule.what(env);
      for (const claim of claims) {
        const other = earlier.find((e) => rule.clash(claim.value, e.value) && !(rule.recoveryTakesOver && recovers(configs, claim.env, e.env)));
        if (other) {
          problems.push(`environment "${claim.env}": ${formatPath(claim.path)}: "${claim.value}" clashes with ${formatPath(other.path)} "${other.value}" of environment "${other.env}": ${rule.why}`);
        }
      }
      earlier.push(...claims);
    }
  }
  problems.push(...zoneOwnerClashes(envs));
  // Kubernetes upgrades: staging first, by one minor; and every row of the version table complete, also of
  // minors no environment runs yet (each environment's own row is checked with its eks.kubernetesVersion).
  problems.push(...versionSkewProblems(configs), ...versionTableProblems());
  return problems;
}

/** Is one of the two environments the recovery environment of the other? */
function recovers(configs: Readonly<Record<string, EnvironmentConfig>>, a: string, b: string): boolean {
  return configs[a]?.recovery?.of === b || configs[b]?.recovery?.of === a;
}

/** A Cloudflare zone has one entry point per ruleset phase: only one environment sharing it may manage them. */
function zoneOwnerClashes(envs: readonly EnvironmentConfig[]): string[] {
  const owners = new Map<string, string>();
  const problems: string[] = [];
  for (const env of envs) {
    const cf = env.edge.cloudflare;
    if (cf.zone.mode !== 'adopt' || !cf.ownsZoneConfiguration) continue;
    const owner = owners.get(cf.zone.zoneId);
    if (owner) {
      problems.push(`environment "${env.name}": edge.cloudflare.ownsZoneConfiguration: environment "${owner}" already manages the configuration of Cloudflare zone ${cf.zone.zoneId}: set it to false here (a zone has one entry-point ruleset per phase, two owners would overwrite each other)`);
    } else {
      owners.set(cf.zone.zoneId, env.name);
    }
  }
  return problems;
}
