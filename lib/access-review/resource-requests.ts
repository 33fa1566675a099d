/**
 * The API requests applying or refreshing a stack makes: for every resource, the actions of the action map
 * (aws-actions.ts) on the ARN where the resource lives, in its provider's region, with the resource policy that
 * governs it (key, bucket, topic, secret policies). `iam:PassRole` for every role the resource hands to a service,
 * and `iam:CreateServiceLinkedRole` for the service-linked roles its service creates on first use.
 */
import { AWS_ACTIONS, type AwsActionEntry } from './aws-actions';
import { iamAction, iamResourceArnFormat, isReadOnly } from './iam-data';
import type { AccessRequest, NamedPolicy } from './simulate';
import { refAddress, type EnvironmentModel, type Json, type ModelResource } from './stack-model';

export type Phase = 'create' | 'read' | 'update' | 'delete';

export interface ResourceRequest extends AccessRequest {
  /** The resource whose lifecycle makes the call (`stack: type.name`). */
  readonly source: ModelResource;
  readonly phase: Phase;
  /** Read or List access level in the service authorization reference. */
  readonly readOnly: boolean;
}

/** Services without a region: their calls go to us-east-1 whatever the provider's region. */
const GLOBAL_SERVICES = new Set(['iam', 'route53', 'cloudfront', 'sts', 'organizations']);
const SERVICE_PRINCIPALS: Readonly<Record<string, string>> = {
  aws_eks_cluster: 'eks.amazonaws.com', aws_eks_node_group: 'eks.amazonaws.com', aws_eks_addon: 'eks.amazonaws.com', aws_eks_pod_identity_association: 'eks.amazonaws.com',
  aws_db_instance: 'rds.amazonaws.com', aws_db_proxy: 'rds.amazonaws.com', aws_flow_log: 'vpc-flow-logs.amazonaws.com',
  aws_backup_selection: 'backup.amazonaws.com', aws_backup_restore_testing_selection: 'backup.amazonaws.com', aws_s3_bucket_replication_configuration: 's3.amazonaws.com',
};

const dig = (attrs: Json, path: string): unknown[] => path.split('.').reduce<unknown[]>((values, key) => values.flatMap((v) => {
  const next = (v as Json)?.[key];
  return next === undefined ? [] : Array.isArray(next) ? next : [next];
}), [attrs]);

/** The action map's entry for a Terraform type (resources, and data sources as `data.<type>`). */
export function actionEntry(type: string): AwsActionEntry | undefined {
  return AWS_ACTIONS[type];
}

/** Per type, the service and ARN type the model builds ARNs from. */
export function arnTypes(): Record<string, { service: string; arnType?: string }> {
  return Object.fromEntries(Object.entries(AWS_ACTIONS).map(([type, e]: [string, AwsActionEntry]) => [type, { service: ([...e.create, ...e.read][0] ?? 'unknown:').split(':')[0], arnType: e.arnType }]));
}

/** The resource an entry's actions act on: itself, or the one its `on` attribute references. */
function targetOf(model: EnvironmentModel, r: ModelResource, entry: AwsActionEntry): ModelResource {
  if (!entry.on) return r;
  const raw = dig(r.attrs, entry.on)[0];
  const address = refAddress(raw);
  const local = address ? model.find(r.stack, address) : undefined;
  if (local) return local;
  const value = String(model.resolve(raw, r.stack));
  return model.resources().find((o) => o.type !== r.type && (model.identifier(o) === value || model.arn(o) === value)) ?? r;
}

/** The policy of the resource itself (key policy) or of its policy resource (bucket, topic and secret policies). */
function resourcePolicyOf(model: EnvironmentModel, target: ModelResource): NamedPolicy | undefined {
  if (target.type === 'aws_kms_key' && target.attrs.policy) return { name: `${target.address} key policy`, policy: model.policy(target.attrs.policy, target.stack) };
  const holders: Record<string, [string, string]> = {
    aws_s3_bucket: ['aws_s3_bucket_policy', 'bucket'], aws_sns_topic: ['aws_sns_topic_policy', 'arn'], aws_secretsmanager_secret: ['aws_secretsmanager_secret_policy', 'secret_arn'],
  };
  const holder = holders[target.type];
  if (!holder) return undefined;
  const own = model.resolve(target.attrs.policy, target.stack);
  if (typeof own === 'string') return { name: `${target.address} policy`, policy: JSON.parse(own) };
  const policy = model.resources(target.stack).find((p) => p.type === holder[0] && refAddress(p.attrs[holder[1]]) === target.address);
  return policy ? { name: `${policy.address}`, policy: model.policy(policy.attrs.policy, target.stack) } : undefined;
}

/** A resource of `service` that the resource references (a vault's KMS key), or undefined. */
function referencedOfService(model: EnvironmentModel, r: ModelResource, service: string): ModelResource | undefined {
  for (const [, type, name] of JSON.stringify(r.attrs).matchAll(/\$\{(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\./g)) {
    const entry = actionEntry(type);
    const found = model.find(r.stack, `${type}.${name}`);
    if (found && entry && ([...entry.create, ...entry.read][0] ?? '').split(':')[0] === service) return found;
  }
  return undefined;
}

/** The resource a call acts on: the target itself, or for another service's call, the resource of that service it references. */
function callTarget(model: EnvironmentModel, action: string, source: ModelResource, target: ModelResource): ModelResource {
  const service = action.split(':')[0];
  const own = actionEntry(target.type);
  const targetService = own ? ([...own.create, ...own.read][0] ?? '').split(':')[0] : undefined;
  return targetService === service ? target : referencedOfService(model, source, service) ?? referencedOfService(model, target, service) ?? target;
}

/** The ARN an action is evaluated on: the target's own ARN when the action takes its type, else the action's own resource type. */
function resourceArnFor(model: EnvironmentModel, action: string, target: ModelResource, entry: AwsActionEntry): string {
  const details = iamAction(action);
  if (!details || details.resourceTypes.length === 0) return '*';
  const service = action.split(':')[0];
  const targetEntry = actionEntry(target.type) ?? entry;
  const targetService = ([...targetEntry.create, ...targetEntry.read][0] ?? '').split(':')[0];
  const takes = (type: string | undefined) => type !== undefined && details.resourceTypes.some((t) => t.name.toLowerCase() === type.toLowerCase());
  if (targetService === service && takes(targetEntry.arnType)) return model.arn(target);
  // Object-level S3 calls on a bucket the stacks manage act on its objects.
  if (targetService === service && targetEntry.arnType === 'bucket' && takes('object')) return `${model.arn(target)}/*`;
  const format = iamResourceArnFormat(service, (details.resourceTypes.find((t) => t.required) ?? details.resourceTypes[0]).name);
  if (!format) return '*';
  let index = 0;
  return format.replace(/\$\{([A-Za-z]+)\}/g, (_m: string, p: string) => {
    if (p === 'Partition') return model.partition;
    if (p === 'Region') return GLOBAL_SERVICES.has(service) ? '' : target.region;
    if (p === 'Account') return model.facts.accountId;
    index += 1;
    return index === 1 ? model.identifier(target) : `${model.identifier(target)}-${p.toLowerCase()}`;
  });
}

/** Every request applying (`create`, `update`, `delete`) or refreshing (`read`) the given stacks makes. */
export function resourceRequests(model: EnvironmentModel, stacks: readonly string[]): ResourceRequest[] {
  const requests: ResourceRequest[] = [];
  for (const r of stacks.flatMap((s) => model.resources(s)).filter((x) => x.type.startsWith('aws_'))) {
    const entry = actionEntry(r.type);
    if (!entry) continue; // reported by unmappedTypes()
    const primary = targetOf(model, r, entry);
    const carried = Object.fromEntries(Object.entries(entry.context ?? {}).map(([key, path]) => [key, String(model.resolve(dig(r.attrs, path)[0], r.stack))]));
    for (const phase of ['create', 'read', 'update', 'delete'] as const) {
      for (const action of entry[phase]) {
        const service = action.split(':')[0];
        const target = callTarget(model, action, r, primary);
        const resourcePolicy = resourcePolicyOf(model, target);
        const region = GLOBAL_SERVICES.has(service) ? 'us-east-1' : r.region;
        const details = iamAction(action);
        requests.push({
          source: r, phase, action, readOnly: details ? isReadOnly(details) : false,
          resource: resourceArnFor(model, action, target, entry), resourceAccount: model.facts.accountId,
          context: { 'aws:RequestedRegion': region, ...carried },
          resourcePolicy: service === 'kms' || service === 's3' || service === 'sns' || service === 'secretsmanager' ? resourcePolicy : undefined,
        });
      }
    }
    for (const path of entry.passRole ?? []) {
      for (const raw of dig(r.attrs, path)) {
        const roleArn = String(model.resolve(raw, r.stack));
        const arn = roleArn.startsWith('arn:') ? roleArn : `arn:${model.partition}:iam::${model.facts.accountId}:role/${roleArn}`;
        requests.push({
          source: r, phase: 'create', action: 'iam:PassRole', readOnly: false, resource: arn, resourceAccount: model.facts.accountId,
          context: { 'aws:RequestedRegion': 'us-east-1', ...(SERVICE_PRINCIPALS[r.type] ? { 'iam:PassedToService': SERVICE_PRINCIPALS[r.type] } : {}) },
        });
      }
    }
    for (const service of entry.serviceLinkedRoles ?? []) {
      requests.push({
        source: r, phase: 'create', action: 'iam:CreateServiceLinkedRole', readOnly: false,
        resource: `arn:${model.partition}:iam::${model.facts.accountId}:role/aws-service-role/${service}/AWSServiceRole`, resourceAccount: model.facts.accountId,
        context: { 'aws:RequestedRegion': 'us-east-1', 'iam:AWSServiceName': service },
      });
    }
  }
  return requests;
}

/** Terraform types in the stacks that the action map does not cover: each one is a gap in the review. */
export function unmappedTypes(model: EnvironmentModel, stacks: readonly string[]): string[] {
  const types = stacks.flatMap((s) => model.resources(s)).map((r) => r.type).filter((t) => t.startsWith('aws_'));
  return [...new Set(types)].filter((t) => !actionEntry(t)).sort();
}
