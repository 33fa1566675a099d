/**
 * `npm run dr:release-names -- <recovery-env> [--apply]`: removes from Cloudflare the proxied records through
 * which the recovered environment serves its public names (CNAMEs into its origin zone), so the recovery
 * environment can create its own. Dry run unless `--apply`. Needs CLOUDFLARE_API_TOKEN (DNS edit on the zone).
 * Only records whose target lies in the recovered environment's origin zone are touched.
 */
import { loadConfigOrExit } from './load-config';

const API = 'https://api.cloudflare.com/client/v4';

interface DnsRecord { readonly id: string; readonly name: string; readonly type: string; readonly content: string }

/** The HTTP calls the release makes (replaced by a fake in tests). */
export type CloudflareCall = (method: 'GET' | 'DELETE', path: string) => Promise<{ success: boolean; result?: unknown; errors?: unknown[] }>;

export interface ReleasePlan {
  readonly zoneId: string;
  readonly names: readonly string[];
  /** Origin zone of the recovered environment: only CNAMEs into it are released. */
  readonly originZone: string;
}

/** Finds (and with `apply`, deletes) the recovered environment's public records; returns one line per record. */
export async function releasePublicNames(plan: ReleasePlan, call: CloudflareCall, apply: boolean): Promise<string[]> {
  const lines: string[] = [];
  for (const name of plan.names) {
    const found = await call('GET', `/zones/${plan.zoneId}/dns_records?type=CNAME&name=${encodeURIComponent(name)}`);
    if (!found.success) throw new Error(`listing ${name}: ${JSON.stringify(found.errors)}`);
    const records = (found.result as DnsRecord[]).filter((r) => r.name === name && r.content.endsWith(`.${plan.originZone}`));
    if (records.length === 0) lines.push(`${name}: no record into ${plan.originZone} (already released)`);
    for (const record of records) {
      if (apply) {
        const deleted = await call('DELETE', `/zones/${plan.zoneId}/dns_records/${record.id}`);
        if (!deleted.success) throw new Error(`deleting ${name}: ${JSON.stringify(deleted.errors)}`);
      }
      lines.push(`${name}: CNAME ${record.content} ${apply ? 'deleted' : 'would be deleted (dry run; add --apply)'}`);
    }
  }
  return lines;
}

/** The release for a recovery environment, from config. */
export function releasePlanFor(recoveryEnv: string, env: Readonly<Record<string, string | undefined>> = process.env): ReleasePlan {
  const envs = loadConfigOrExit({ ...env, RECOVERY_ENVIRONMENTS: recoveryEnv });
  const recovery = envs[recoveryEnv]?.recovery;
  if (!recovery) throw new Error(`"${recoveryEnv}" is not a recovery environment`);
  const recovered = envs[recovery.of];
  const zone = recovered.edge.cloudflare.zone;
  if (zone.mode !== 'adopt') throw new Error(`${recovered.name}: edge.cloudflare.zone must be adopted (a zone id) to release its names`);
  return { zoneId: zone.zoneId, names: recovered.edge.hostnames.map((h) => h.name), originZone: recovered.edge.originZone };
}

async function main(argv: readonly string[]): Promise<number> {
  const [recoveryEnv] = argv.filter((a) => !a.startsWith('--'));
  if (!recoveryEnv) {
    console.error('usage: npm run dr:release-names -- <recovery-environment> [--apply]');
    return 2;
  }
  const token = process.env.CLOUDFLARE_API_TOKEN;
  if (!token) {
    console.error('CLOUDFLARE_API_TOKEN is not set');
    return 2;
  }
  const call: CloudflareCall = async (method, path) => (await fetch(`${API}${path}`, { method, headers: { Authorization: `Bearer ${token}` } })).json() as never;
  const lines = await releasePublicNames(releasePlanFor(recoveryEnv), call, argv.includes('--apply'));
  console.log(lines.join('\n'));
  return 0;
}

if (process.argv[1]?.endsWith('dr-release-names.ts')) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error: Error) => { console.error(error.message); process.exitCode = 1; });
}
