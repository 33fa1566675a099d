/** Deep merge for config and Helm values: objects merge key by key, arrays and scalars from `override` replace. */
export type Plain = Record<string, unknown>;

/** A plain object literal from any realm (structuredClone and test sandboxes have their own Object.prototype). */
const isPlain = (value: unknown): value is Plain => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
};

export function deepMerge<T extends Plain>(base: T, ...overrides: readonly (Plain | undefined)[]): T {
  let result: Plain = { ...base };
  for (const override of overrides) {
    if (!override) continue;
    const merged: Plain = { ...result };
    for (const [key, value] of Object.entries(override)) {
      if (value === undefined) continue;
      merged[key] = isPlain(value) && isPlain(merged[key]) ? deepMerge(merged[key] as Plain, value) : value;
    }
    result = merged;
  }
  return result as T;
}
