/** How cross-field checks report a broken rule: the field path and the rule, nothing else. */
export type IssuePath = readonly (string | number)[];
export type IssueReporter = (path: IssuePath, message: string) => void;

/** `['network', 'subnets', 'private', 1]` → `network.subnets.private[1]`. */
export function formatPath(path: IssuePath): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}
