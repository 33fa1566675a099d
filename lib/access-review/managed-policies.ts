/**
 * The AWS managed policies the stacks attach, kept as pinned documents (managed-policies/<name>.json: the version id
 * and date AWS last changed each, and where it was read). AWS changes these documents without notice: refresh them
 * with `npm run access-review -- --managed-policy-versions` output in mind, and read the diff before committing.
 */
import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import type { NamedPolicy } from './simulate';
import type { Json } from './stack-model';

export interface PinnedManagedPolicy {
  readonly name: string;
  readonly arn: string;
  readonly versionId: string;
  readonly lastUpdated: string;
  readonly source: string;
  readonly document: Json;
}

const DIR = join(__dirname, 'managed-policies');
let pinned: Map<string, PinnedManagedPolicy> | undefined;

/** Every pinned managed policy by ARN (partition `aws`). */
export function pinnedManagedPolicies(): ReadonlyMap<string, PinnedManagedPolicy> {
  pinned ??= new Map(readdirSync(DIR).filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as PinnedManagedPolicy).map((p) => [p.arn, p]));
  return pinned;
}

/** The document of an attached AWS managed policy; an unpinned one is an error that says how to pin it. */
export function managedPolicy(arn: string): NamedPolicy {
  const policy = pinnedManagedPolicies().get(arn.replace(/^arn:aws[a-z-]*:/, 'arn:aws:'));
  if (!policy) throw new Error(`access review: ${arn} is attached but not pinned: add its document to lib/access-review/managed-policies/ (IAM GetPolicyVersion of its default version)`);
  return { name: policy.name, policy: policy.document };
}
