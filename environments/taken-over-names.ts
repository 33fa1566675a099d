/**
 * The public names a recovery environment takes over from the environment it recovers: all of them except the
 * static-asset names, which stay on the recovered environment's CloudFront distribution (a global service; see
 * docs/disaster-recovery.md for the limit of that).
 */
export function takenOverNames<T extends { readonly name: string }>(hostnames: readonly T[], assetsCdn?: { readonly hostnames: readonly string[] }): T[] {
  const assetNames = assetsCdn?.hostnames ?? [];
  return hostnames.filter((h) => !assetNames.includes(h.name));
}
