/**
 * Placeholder values: the shipped example config (example account ids, the example Cloudflare zone id, documentation
 * networks, example.com names) synthesizes so a newcomer can try the project, but must never reach a real account.
 * Synth prints one warning per placeholder; each stack of such an environment carries a plan-time precondition that
 * fails with the same list (constructs/placeholder-guard.ts), so `cdktf diff/deploy` refuse before anything changes.
 * Found by walking the whole validated config, so fields added later are covered without a change here.
 */
import { cidrContains, parseCidr } from '../lib/cidr';
import { formatPath, type IssuePath } from './schema/issues';
import type { EnvironmentConfig } from './schema/environment';

export interface Placeholder {
  /** Field path in the environment config, e.g. `aws.accountId`. */
  readonly path: string;
  readonly value: string;
  /** What kind of example value it is. */
  readonly kind: string;
}

/** AWS's own documentation account id, and ids of one repeated digit (111111111111, …). */
const isExampleAccount = (id: string) => id === '123456789012' || /^(\d)\1{11}$/.test(id);
/** Networks reserved for documentation (RFC 5737 TEST-NET-1/2/3). */
const DOCUMENTATION_NETWORKS = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'].map((c) => parseCidr(c)!);

/** A line of the shipped example origin-pull CA's signature (environments/origin-pull-ca.ts as shipped): unique to it. */
export const EXAMPLE_ORIGIN_PULL_CA_SIGNATURE = 'AYnF09ZP8fjxUiYbYLmg3wE73JACIAtZ9Vq//dMUtspF51ovTdQeBgtulD69GFg4';

const DETECTORS: readonly ((value: string) => string | undefined)[] = [
  (v) => (/^\d{12}$/.test(v) && isExampleAccount(v) ? 'an example AWS account id' : undefined),
  (v) => {
    const account = /^arn:[\w-]+:[\w-]+:[\w-]*:(\d{12}):/.exec(v)?.[1];
    return account && isExampleAccount(account) ? `an ARN in the example account ${account}` : undefined;
  },
  (v) => (v === '0123456789abcdef0123456789abcdef' || /^([0-9a-f])\1{31}$/.test(v) ? 'an example Cloudflare id' : undefined),
  (v) => {
    const cidr = parseCidr(v);
    if (cidr && DOCUMENTATION_NETWORKS.some((doc) => cidrContains(doc, cidr))) return 'a documentation network (TEST-NET), not a real one';
    return /^2001:db8:/i.test(v) ? 'the IPv6 documentation prefix 2001:db8::/32' : undefined;
  },
  (v) => (/(^|\.|@)example\.(com|net|org)$/.test(v) ? 'an example.com name' : undefined),
  // AWS documentation's resource ids (tgw-0123456789abcdef0, pcx-…): the runner network's attachment and the like.
  (v) => (/^[a-z]+-0123456789abcdef0?$/.test(v) ? 'an example AWS resource id' : undefined),
  // The shipped origin-pull CA (its key was discarded): an origin trusting only it refuses every Cloudflare pull.
  // Matched by its signature, not by the file's `example` flag: flipping the flag does not make the certificate real.
  (v) => (v.includes(EXAMPLE_ORIGIN_PULL_CA_SIGNATURE)
    ? 'the example origin-pull CA, whose key was discarded (scripts/origin-pull-cert.sh makes the zone\'s own)' : undefined),
];

/** A value as warnings quote it: long ones (a certificate bundle) cut to their start. */
const quoted = (value: string) => JSON.stringify(value.length > 60 ? `${value.slice(0, 40)}…` : value);

function walk(value: unknown, path: IssuePath, found: Placeholder[]): void {
  if (typeof value === 'string') {
    for (const detect of DETECTORS) {
      const kind = detect(value);
      if (kind) { found.push({ path: formatPath(path), value, kind }); return; }
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, [...path, i], found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) walk(item, [...path, key], found);
  }
}

/** Placeholders by validated config: every stack of an environment asks, and the walk is a visible part of synth. */
const found = new WeakMap<EnvironmentConfig, readonly Placeholder[]>();

/** Every placeholder of one environment, in config order (a validated config is never changed afterwards). */
export function placeholdersOf(env: EnvironmentConfig): Placeholder[] {
  let placeholders = found.get(env);
  if (!placeholders) {
    const walked: Placeholder[] = [];
    walk(env, [], walked);
    placeholders = walked;
    found.set(env, placeholders);
  }
  return [...placeholders];
}

/** `aws.accountId: "111111111111" (an example AWS account id)`. */
export const describePlaceholder = (p: Placeholder): string => `${p.path}: ${quoted(p.value)} (${p.kind})`;

/** One warning line per placeholder of every environment, for synth to print on stderr. */
export function placeholderWarnings(envs: Readonly<Record<string, EnvironmentConfig>>): string[] {
  return Object.values(envs).flatMap((env) => placeholdersOf(env).map((p) =>
    `warning: environment "${env.name}": ${p.path}: placeholder ${quoted(p.value)} (${p.kind}); cdktf diff/deploy refuse this environment until it is replaced`));
}
