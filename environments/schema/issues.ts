/** How cross-field checks report a broken rule: the field path and the rule, nothing else. */
export type IssuePath = readonly (string | number)[];
/**
 * `consequence`: the rule usually breaks because of another mistake (a renamed or misspelled name leaves a public name
 * unserved); such a line is reported only when it is the environment's only problem, so one mistake gives one line.
 */
export type IssueReporter = (path: IssuePath, message: string, options?: { readonly consequence?: boolean }) => void;

/** `['network', 'subnets', 'private', 1]` → `network.subnets.private[1]`. */
export function formatPath(path: IssuePath): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}
