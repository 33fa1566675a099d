/**
 * Disaster recovery copies leave the primary region (docs/policy-checks.md: Data stores): a copy in the same region
 * fails with it. Regions come from the stack's own provider blocks, so the rule holds for any configured pair.
 */
import { asList, references, type Json, type SynthResource, type SynthStack } from '../support/synth';
import type { PolicyRule, Violation } from './rule';

/** Region of an aws provider configuration (`aws` or `aws.<alias>`) of the stack. */
function providerRegion(stack: SynthStack, provider: unknown): string | undefined {
  const alias = typeof provider === 'string' && provider.startsWith('aws.') ? provider.slice(4) : undefined;
  return asList<Json>(stack.json.provider?.aws).find((p) => (p.alias ?? undefined) === alias)?.region;
}

const regionOf = (stack: SynthStack, r: SynthResource | undefined) => (r ? providerRegion(stack, r.attrs.provider) : undefined);

/** The resource of `types` a value references in this stack. */
const referenced = (stack: SynthStack, value: unknown, ...types: string[]) => {
  const refs = references(value);
  return stack.resources(...types).find((r) => refs.includes(r.address));
};

/** The region an ARN names (`arn:aws:backup:eu-central-1:…`); undefined for references and region-less ARNs. */
const arnRegion = (value: unknown) => (typeof value === 'string' ? /^arn:aws[a-z-]*:[a-z0-9-]+:([a-z0-9-]+):/.exec(value)?.[1] || undefined : undefined);

/** Every DR copy of a stack: where the data is, where the copy goes, and whether the copy is one of the `dr` alias's. */
function copies(stack: SynthStack): { address: string; what: string; from?: string; to?: string; drCopy: boolean }[] {
  const out: { address: string; what: string; from?: string; to?: string; drCopy: boolean }[] = [];
  for (const r of stack.resources('aws_db_instance_automated_backups_replication')) {
    out.push({ address: r.address, what: 'replicated database backups', from: regionOf(stack, referenced(stack, r.attrs.source_db_instance_arn, 'aws_db_instance')) ?? providerRegion(stack, undefined), to: regionOf(stack, r), drCopy: true });
  }
  for (const r of stack.resources('aws_s3_bucket_replication_configuration')) {
    const from = regionOf(stack, referenced(stack, r.attrs.bucket, 'aws_s3_bucket'));
    for (const rule of asList<Json>(r.attrs.rule)) {
      const destination = asList<Json>(rule.destination)[0] ?? {};
      out.push({ address: r.address, what: `bucket replica (rule ${rule.id ?? '?'})`, from, to: regionOf(stack, referenced(stack, destination.bucket, 'aws_s3_bucket')), drCopy: true });
    }
  }
  for (const r of stack.resources('aws_secretsmanager_secret')) {
    for (const replica of asList<Json>(r.attrs.replica)) out.push({ address: r.address, what: 'secret replica', from: regionOf(stack, r), to: replica.region, drCopy: true });
  }
  for (const r of stack.resources('aws_backup_plan')) {
    for (const rule of asList<Json>(r.attrs.rule)) {
      for (const copy of asList<Json>(rule.copy_action)) {
        const to = regionOf(stack, referenced(stack, copy.destination_vault_arn, 'aws_backup_vault')) ?? arnRegion(copy.destination_vault_arn);
        // The backup copy has a region of its own (data.backup.copyRegion): it must leave the primary region, not match dr.
        out.push({ address: r.address, what: `backup copy (rule ${rule.rule_name ?? '?'})`, from: regionOf(stack, r), to, drCopy: false });
      }
    }
  }
  return out;
}

export const drRules: PolicyRule[] = [
  {
    id: 'DR_REGION_DISTINCT',
    title: "the DR region differs from the primary region, and every DR copy (backups replication, bucket replicas, secret replicas, backup copies) lands outside its source's region; DR copies in the `dr` provider's region",
    evaluate: (stack) => {
      const out: Violation[] = [];
      const primary = providerRegion(stack, undefined);
      const dr = providerRegion(stack, 'aws.dr');
      if (dr !== undefined && dr === primary) out.push({ address: 'provider.aws.dr', message: `the dr provider uses the primary region ${primary}` });
      for (const copy of copies(stack)) {
        if (copy.to === undefined) out.push({ address: copy.address, message: `${copy.what}: destination region cannot be told from the configuration` });
        else if (copy.to === (copy.from ?? primary)) out.push({ address: copy.address, message: `${copy.what} stays in ${copy.to}, the region of its source` });
        else if (copy.drCopy && dr !== undefined && copy.to !== dr) out.push({ address: copy.address, message: `${copy.what} goes to ${copy.to}, not the DR region ${dr}` });
      }
      return out;
    },
  },
];
