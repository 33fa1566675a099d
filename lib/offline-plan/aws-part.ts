/**
 * The AWS part of a synthesized stack, as Terraform can plan it offline: aws resources, data sources and
 * providers, no backend, provider flags that skip every credential and account check, and placeholders for what
 * only a real run knows (other stacks' state, deploy-time variables).
 */
import type { Json } from '../plan-guard/plan';

const isAws = (type: string) => type.startsWith('aws_');

export interface PartOptions {
  /** Also keep `terraform_data` resources (built into Terraform, no provider), e.g. the placeholder guard. @default false */
  readonly builtin?: boolean;
}

const REMOTE_STATE_REFERENCE = /\$\{data\.terraform_remote_state\.[^}]*\}/g;
export const OFFLINE_PLACEHOLDER = 'offline-plan-remote-state-value';
export const OFFLINE_ARN_PLACEHOLDER = 'arn:aws:iam::000000000000:role/offline-plan-remote-state-value';

/** The AWS part of a stack: aws resources, data sources and provider, no backend, offline provider flags. */
export function awsPartOf(stack: Json, options: PartOptions = {}): Json {
  const keep = (type: string) => isAws(type) || (options.builtin === true && type === 'terraform_data');
  const pick = (blocks: Json | undefined) =>
    Object.fromEntries(Object.entries(blocks ?? {}).filter(([type]) => keep(type)));
  // allowed_account_ids needs the caller's real account id (an STS call): unit tests assert it instead.
  const providers = ([] as Json[]).concat(stack.provider?.aws ?? []).map(({ allowed_account_ids: _pinned, ...p }) => ({
    ...p,
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: 'true',
  }));
  const { kept, replacedBy } = mergeIdenticalProviders(providers);
  const part: Json = {
    terraform: { required_providers: { aws: stack.terraform?.required_providers?.aws } },
    provider: { aws: kept },
  };
  const resources = withProviders(pick(stack.resource), replacedBy);
  if (Object.keys(resources).length > 0) part.resource = resources;
  const data = withProviders(pick(stack.data), replacedBy);
  if (Object.keys(data).length > 0) part.data = data;
  if (stack.locals) part.locals = stack.locals;
  // Variables the deploy supplies as TF_VAR_* (e.g. a PagerDuty URL) get a placeholder: plan -input=false needs a value.
  if (stack.variable) {
    part.variable = Object.fromEntries(Object.entries(stack.variable as Json).map(([name, v]) => [name, 'default' in v ? v : { ...v, default: OFFLINE_PLACEHOLDER }]));
  }
  // Cross-stack inputs come from another stack's state, which an offline plan cannot read: use a placeholder, shaped
  // like an ARN where the output is one (the provider validates ARNs at plan, e.g. a node group's role).
  return JSON.parse(JSON.stringify(part).replace(REMOTE_STATE_REFERENCE, (ref) => (/arn\}$/.test(ref) ? OFFLINE_ARN_PLACEHOLDER : OFFLINE_PLACEHOLDER)));
}

/**
 * Provider configurations identical but for their alias (production's `dr` and `backup-copy` are both eu-central-1
 * with the same settings) become one. Terraform starts a provider process per configuration for every walk, most of a
 * CPU second each, and identical configurations answer every call identically. Returns the configurations kept and,
 * per dropped reference (`aws.backup-copy`), the one that replaces it (`aws.dr`, or `aws` for the default).
 */
export function mergeIdenticalProviders(providers: readonly Json[]): { kept: Json[]; replacedBy: Map<string, string> } {
  const kept: Json[] = [];
  const replacedBy = new Map<string, string>();
  const reference = (p: Json) => (p.alias ? `aws.${p.alias}` : 'aws');
  const settings = (p: Json) => JSON.stringify(Object.entries(p).filter(([key]) => key !== 'alias').sort(([a], [b]) => a.localeCompare(b)));
  // The default configuration first, so a duplicate of it is replaced by plain `aws`.
  for (const provider of [...providers].sort((a, b) => Number(!!a.alias) - Number(!!b.alias))) {
    const same = kept.find((k) => settings(k) === settings(provider));
    if (same && provider.alias) replacedBy.set(reference(provider), reference(same));
    else kept.push(provider);
  }
  return { kept, replacedBy };
}

/** Blocks (resource or data) whose `provider` names a merged configuration, pointed at the one that replaced it. */
function withProviders(blocks: Json, replacedBy: ReadonlyMap<string, string>): Json {
  if (replacedBy.size === 0) return blocks;
  return Object.fromEntries(Object.entries(blocks).map(([type, byName]) => [type, Object.fromEntries(Object.entries(byName as Json).map(
    ([name, attrs]) => [name, replacedBy.has(attrs.provider) ? { ...attrs, provider: replacedBy.get(attrs.provider) } : attrs],
  ))]));
}

/** Does the stack have an AWS part worth running through Terraform? */
export function hasAwsPart(stack: Json): boolean {
  return [stack.resource, stack.data].some((blocks) => Object.keys(blocks ?? {}).some(isAws));
}

/** How many AWS resources the stack declares (what a plan against empty state must create). */
export function awsResourceCount(stack: Json): number {
  return Object.entries(stack.resource ?? {}).filter(([type]) => isAws(type)).reduce((n, [, byName]) => n + Object.keys(byName as object).length, 0);
}

/** Resource types of the stack that are not AWS (Kubernetes, Helm, Cloudflare): not part of an offline plan. */
export function nonAwsResourceTypes(stack: Json): string[] {
  return Object.keys(stack.resource ?? {}).filter((type) => !isAws(type)).sort();
}
