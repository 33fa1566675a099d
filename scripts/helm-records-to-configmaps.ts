/**
 * `npm run helm-records -- [--apply] [--context <kubectl context>]`: copies Helm's release records from Secrets
 * (Helm's default driver) to ConfigMaps (the driver the cluster stacks use, lib/kubernetes-api.ts), once per cluster
 * that was deployed before the switch. Without it the helm provider finds no releases at the next refresh and plans
 * to install every release again.
 *
 * Prints the ConfigMaps it would create; `--apply` creates them with `kubectl create` (an existing ConfigMap is left
 * as it is, so running it twice is harmless). The Secrets stay, so going back is a matter of not deleting them;
 * after a clean plan, `--delete-secrets` deletes exactly the Secret records that now have a ConfigMap copy (never the
 * records of releases it did not copy). The helm CLI reads the new records with `HELM_DRIVER=configmap`.
 *
 * Formats (Helm's storage drivers): a Secret record holds `data.release` = base64 of the encoded release, because
 * Secret data is base64 in the API; a ConfigMap record holds the encoded release (base64 of gzipped JSON) as is.
 * Both carry the labels `name`, `owner=helm`, `status`, `version`.
 */
import { execFileSync } from 'child_process';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The ConfigMap records equivalent to Helm's Secret records (a `kubectl get secret -o json` list). */
export function configMapRecords(secretList: Json): Json[] {
  return (secretList.items ?? [])
    .filter((s: Json) => s.type === 'helm.sh/release.v1' && s.metadata?.labels?.owner === 'helm' && s.data?.release)
    .map((s: Json) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: s.metadata.name, namespace: s.metadata.namespace, labels: { ...s.metadata.labels } },
      data: { release: Buffer.from(s.data.release, 'base64').toString('utf8') },
    }));
}

/** The Secret records (as ConfigMap records) whose ConfigMap copy exists with the same release. */
export function copiedRecords(records: readonly Json[], configMapList: Json): { namespace: string; name: string }[] {
  const existing = new Map<string, string>((configMapList.items ?? []).map((c: Json) => [`${c.metadata.namespace}/${c.metadata.name}`, c.data?.release]));
  return records.filter((r) => existing.get(`${r.metadata.namespace}/${r.metadata.name}`) === r.data.release)
    .map((r) => ({ namespace: r.metadata.namespace, name: r.metadata.name }));
}

function main(args: readonly string[]): number {
  const context = args.includes('--context') ? ['--context', args[args.indexOf('--context') + 1]] : [];
  const kubectl = (...rest: string[]) => execFileSync('kubectl', [...context, ...rest], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const records = configMapRecords(JSON.parse(kubectl('get', 'secrets', '--all-namespaces', '-l', 'owner=helm', '-o', 'json')));
  if (args.includes('--delete-secrets')) {
    const copied = copiedRecords(records, JSON.parse(kubectl('get', 'configmaps', '--all-namespaces', '-l', 'owner=helm', '-o', 'json')));
    for (const r of copied) kubectl('delete', 'secret', '-n', r.namespace, r.name);
    console.log(`${copied.length} Secret record(s) deleted (each had its ConfigMap copy); ${records.length - copied.length} left`);
    return 0;
  }
  for (const record of records) {
    const where = `${record.metadata.namespace}/${record.metadata.name}`;
    if (!args.includes('--apply')) {
      console.log(`would create ConfigMap ${where} (${record.metadata.labels.status})`);
      continue;
    }
    try {
      execFileSync('kubectl', [...context, 'create', '-f', '-'], { input: JSON.stringify(record), stdio: ['pipe', 'inherit', 'pipe'] });
    } catch (error) {
      const message = String((error as { stderr?: Buffer }).stderr ?? error);
      if (!message.includes('AlreadyExists')) throw error;
      console.log(`ConfigMap ${where} exists: left as it is`);
    }
  }
  console.log(`${records.length} release record(s)${args.includes('--apply') ? ' copied' : ' found; run with --apply to create them'}`);
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
