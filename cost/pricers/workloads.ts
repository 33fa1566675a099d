/**
 * What Helm releases make AWS create outside Terraform: persistent volumes (PVC sizes in chart values) and Application
 * Load Balancers (one per ingress group of the AWS Load Balancer Controller). Read from the releases' values.
 */
import { parse } from 'yaml';
import type { Resource } from '../pricing-context';
import { formatQuantity } from '../price-book';
import type { Json } from '../synth-output';
import type { Pricer } from './pricer';

const ALB_ANNOTATION = 'alb.ingress.kubernetes.io/';
const ALB_GROUP = `${ALB_ANNOTATION}group.name`;
/** Words a values document must contain to hold a volume claim, an ALB ingress or a LoadBalancer Service. */
const RELEVANT = /volumeClaimTemplate|persistence|alb\.ingress\.kubernetes\.io\/|LoadBalancer/;
const QUANTITY = /^(\d+(?:\.\d+)?)(Gi|G|Ti|T|Mi)$/;
const GIB_PER_UNIT: Record<string, number> = { Mi: 1 / 1024, G: 1e9 / 2 ** 30, Gi: 1, T: 1e12 / 2 ** 30, Ti: 1024 };

/** A persistent volume claim found in chart values. */
export interface VolumeClaim {
  readonly release: string;
  readonly gib: number;
  readonly replicas: number;
  readonly storageClass: string | undefined;
}

export const workloadsPricer: Pricer = {
  types: ['helm_release'],
  price(ctx) {
    const releases = ctx.resources('helm_release');
    const region = ctx.resources('aws_eks_cluster')[0]?.region ?? releases[0]?.region;
    const volumes = releases.flatMap((r) => volumeClaims(r));
    const gp3 = volumes.length > 0 ? ctx.regional(region, 'ebsGp3GbMonth', 'persistent volumes') : undefined;
    for (const v of volumes) {
      if (gp3) ctx.add('EBS: persistent volumes', gp3, v.gib * v.replicas, `${v.release}: ${v.replicas} × ${formatQuantity(v.gib)} GiB`);
    }
    const groups = new Set(releases.flatMap((r) => albGroups(r)));
    if (groups.size > 0) {
      const hour = ctx.regional(region, 'albHour', 'application load balancers');
      const lcu = ctx.regional(region, 'albLcuHour', 'application load balancer LCUs');
      const names = [...groups].join(', ');
      if (hour) ctx.add('Load balancers', hour, groups.size * ctx.hours, `${groups.size} ALB (${names}) × ${ctx.hours} h`);
      if (lcu) ctx.add('Load balancers', lcu, groups.size * ctx.assumptions.albLcus * ctx.hours, `${ctx.assumptions.albLcus} LCU (assumed) per ALB × ${ctx.hours} h`);
    }
    for (const release of releases) {
      const count = countValues(release, (node) => node.type === 'LoadBalancer');
      if (count > 0) ctx.missing(`${release.address}: Service of type LoadBalancer`, 'network load balancers are not in the price book', count);
    }
  },
};

/** PVC sizes in a release's values: `…volumeClaimTemplate…storage` and `persistence.size` (when enabled), × the nearest `replicas`. */
export function volumeClaims(release: Resource): VolumeClaim[] {
  const out: VolumeClaim[] = [];
  walk(releaseValues(release), [], (node, path, ancestors) => {
    for (const [key, value] of Object.entries(node)) {
      const match = typeof value === 'string' ? QUANTITY.exec(value) : null;
      if (!match) continue;
      const claim = key === 'storage' && path.some((p) => /volumeClaimTemplate/.test(p));
      const persistence = key === 'size' && path[path.length - 1] === 'persistence' && node.enabled !== false;
      if (!claim && !persistence) continue;
      const owner = [...ancestors].reverse().find((a) => typeof a.replicas === 'number');
      out.push({
        release: String(release.attrs.name ?? release.name),
        gib: Number(match[1]) * GIB_PER_UNIT[match[2]],
        replicas: owner?.replicas ?? 1,
        storageClass: (node.storageClass ?? node.storageClassName) as string | undefined,
      });
    }
  });
  return out;
}

/** Ingress groups the AWS Load Balancer Controller makes an ALB for (an ungrouped ingress gets its own). */
function albGroups(release: Resource): string[] {
  const groups: string[] = [];
  walk(releaseValues(release), [], (node, path, ancestors) => {
    if (!Object.keys(node).some((k) => k.startsWith(ALB_ANNOTATION))) return;
    const ingress = ancestors[ancestors.length - 1];
    if (ingress?.enabled === false) return;
    groups.push(typeof node[ALB_GROUP] === 'string' ? node[ALB_GROUP] : `${release.attrs.name ?? release.name}:${path.join('.')}`);
  });
  return groups;
}

function countValues(release: Resource, test: (node: Json) => boolean): number {
  let count = 0;
  walk(releaseValues(release), [], (node) => {
    if (test(node)) count += 1;
  });
  return count;
}

/** Parsed once per release: several pricers read the same values. */
const parsedValues = new WeakMap<object, Json[]>();

function releaseValues(release: Resource): Json[] {
  let values = parsedValues.get(release.attrs);
  if (!values) {
    // Only documents that can hold what is priced here are parsed: YAML parsing is most of the tool's run time.
    values = ((release.attrs.values ?? []) as unknown[])
      .map((text) => (typeof text === 'string' && RELEVANT.test(text) ? (parse(text) as Json) : {}))
      .filter((v) => v && typeof v === 'object');
    parsedValues.set(release.attrs, values);
  }
  return values;
}

type Visitor = (node: Json, path: string[], ancestors: Json[]) => void;

function walk(value: unknown, path: string[], visit: Visitor, ancestors: Json[] = []): void {
  if (Array.isArray(value)) {
    value.forEach((item) => walk(item, path, visit, ancestors));
  } else if (value && typeof value === 'object') {
    const node = value as Json;
    visit(node, path, ancestors);
    for (const [key, child] of Object.entries(node)) walk(child, [...path, key], visit, [...ancestors, node]);
  }
}

