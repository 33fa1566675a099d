/**
 * AWS Backup: stored GB per plan rule (tier) and the cross-region copy (storage in the copy region + transfer).
 * Model, stated in the report: a tier keeps `delete_after / interval` recovery points; the first tier holds one full
 * copy, every point holds one increment of `backupDailyChangeFraction × interval days` of the source. Priced as warm
 * storage (cold tiers cost less), so the figure is an upper estimate.
 */
import type { PricingContext, Resource } from '../pricing-context';
import { formatQuantity } from '../price-book';
import type { Json } from '../synth-output';
import { volumeClaims } from './workloads';
import type { Pricer } from './pricer';

interface Source {
  readonly kind: 'rds' | 'ebs';
  readonly gb: number;
  readonly what: string;
}

const DAYS_PER_MONTH = 365 / 12;

export const backupPricer: Pricer = {
  types: ['aws_backup_plan', 'aws_backup_selection', 'aws_backup_vault'],
  price(ctx) {
    for (const plan of ctx.resources('aws_backup_plan')) pricePlan(ctx, plan);
  },
};

function pricePlan(ctx: PricingContext, plan: Resource): void {
  const sources = ctx.resources('aws_backup_selection').filter((s) => ctx.resolve(s.attrs.plan_id, s) === plan).flatMap((s) => selectionSources(ctx, s));
  const rules = (plan.attrs.rule ?? []) as Json[];
  rules.forEach((rule, index) => {
    const interval = intervalDays(String(rule.schedule ?? ''));
    if (interval === undefined) {
      ctx.missing(`${plan.address} rule ${rule.rule_name}`, `schedule ${rule.schedule} is not a daily/weekly/monthly/yearly cron`);
      return;
    }
    for (const source of sources) {
      const stored = (deleteAfter: number) => storedGb(source.gb, index === 0, Math.ceil(deleteAfter / interval), interval, ctx.assumptions.backupDailyChangeFraction);
      const key = source.kind === 'rds' ? 'backupRdsGbMonth' : 'backupEbsGbMonth';
      const price = ctx.regional(plan.region, key, `${plan.address} ${rule.rule_name}`);
      const points = Math.ceil(Number(rule.lifecycle?.delete_after ?? interval) / interval);
      if (price) ctx.add(`AWS Backup: ${rule.rule_name}`, price, stored(Number(rule.lifecycle?.delete_after ?? interval)), `${source.what}: ${points} points every ${round(interval)} d`);
      for (const copy of (rule.copy_action ?? []) as Json[]) {
        const vault = ctx.resolve(copy.destination_vault_arn, plan);
        const region = vault?.region;
        const copyPrice = ctx.regional(region, key, `${plan.address} ${rule.rule_name} copy`);
        const copyPoints = Math.ceil(Number(copy.lifecycle?.delete_after ?? interval) / interval);
        if (copyPrice) ctx.add('AWS Backup: cross-region copy', copyPrice, stored(Number(copy.lifecycle?.delete_after ?? interval)), `${rule.rule_name} in ${region}: ${source.what}, ${copyPoints} points`);
        const transfer = ctx.regional(plan.region, 'interRegionTransferGb', `${plan.address} copy transfer`);
        const monthlyGb = (DAYS_PER_MONTH / interval) * increment(source.gb, interval, ctx.assumptions.backupDailyChangeFraction);
        if (transfer) ctx.add('AWS Backup: cross-region copy', transfer, monthlyGb, `${rule.rule_name} increments ${plan.region} → ${region}`);
      }
    }
  });
}

/** The RDS instances and EBS volumes a selection picks: by reference, or by a resource tag the volumes' storage class sets. */
function selectionSources(ctx: PricingContext, selection: Resource): Source[] {
  const out: Source[] = [];
  for (const ref of (selection.attrs.resources ?? []) as unknown[]) {
    const db = ctx.resolve(ref, selection);
    if (db?.type === 'aws_db_instance') out.push({ kind: 'rds', gb: Number(db.attrs.allocated_storage ?? 0), what: `${db.attrs.identifier ?? db.name} ${db.attrs.allocated_storage} GB` });
  }
  const tags = ((selection.attrs.condition ?? []) as Json[]).flatMap((c) => (c.string_equals ?? []) as Json[])
    .map((t) => `${String(t.key).replace('aws:ResourceTag/', '')}=${t.value}`)
    .concat(((selection.attrs.selection_tag ?? []) as Json[]).map((t) => `${t.key}=${t.value}`));
  if (tags.length > 0) {
    const gib = taggedVolumeGib(ctx, tags);
    out.push({ kind: 'ebs', gb: gib, what: `EBS volumes tagged ${tags.join(', ')}: ${round(gib)} GiB` });
  }
  return out;
}

/** Persistent volumes whose storage class tags them with every one of `tags` (EBS CSI `tagSpecification_N` parameters). */
function taggedVolumeGib(ctx: PricingContext, tags: string[]): number {
  const classes = ctx.resources('kubernetes_storage_class_v1');
  const tagged = new Set(classes.filter((c) => tags.every((t) => Object.values(c.attrs.parameters ?? {}).includes(t))).map((c) => String(c.attrs.metadata?.name)));
  const defaults = classes.filter((c) => c.attrs.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true').map((c) => String(c.attrs.metadata?.name));
  return ctx.resources('helm_release').flatMap((r) => volumeClaims(r))
    .filter((v) => tagged.has(v.storageClass ?? defaults[0] ?? ''))
    .reduce((sum, v) => sum + v.gib * v.replicas, 0);
}

function storedGb(sourceGb: number, holdsFullCopy: boolean, points: number, interval: number, changePerDay: number): number {
  return (holdsFullCopy ? sourceGb : 0) + points * increment(sourceGb, interval, changePerDay);
}

function increment(sourceGb: number, interval: number, changePerDay: number): number {
  return sourceGb * Math.min(1, changePerDay * interval);
}

/** Days between runs of an AWS Backup cron(min hour day-of-month month day-of-week year). */
export function intervalDays(schedule: string): number | undefined {
  const fields = /^cron\((.*)\)$/.exec(schedule.trim())?.[1].split(/\s+/);
  if (!fields || fields.length !== 6) return undefined;
  const [, , dom, month, dow] = fields;
  if (/^\d+$/.test(month) && /^\d+$/.test(dom)) return 365;
  if (month === '*' && /^\d+$/.test(dom)) return DAYS_PER_MONTH;
  if (dom === '?' && /^[A-Z]{3}$|^\d$/.test(dow)) return 7;
  if (dom === '*' && (dow === '?' || dow === '*')) return 1;
  return undefined;
}

const round = (n: number) => formatQuantity(n, 1);
