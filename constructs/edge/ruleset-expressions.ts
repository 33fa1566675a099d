/** Cloudflare Rules-language fragments built from config data (quoted, sorted for stable diffs). */

/** `(http.host in {"a" "b"})`. */
export function hostIn(hosts: readonly string[]): string {
  if (hosts.length === 0) throw new Error('hostIn: no hosts');
  return `(http.host in {${[...hosts].map((h) => JSON.stringify(h)).join(' ')}})`;
}

/** `(ip.src in {203.0.113.0/24 2001:db8::/32})` (IP lists are unquoted). */
export function ipSrcIn(cidrs: readonly string[]): string {
  if (cidrs.length === 0) throw new Error('ipSrcIn: no networks');
  return `(ip.src in {${cidrs.join(' ')}})`;
}

/** `starts_with(http.request.uri.path, "/x/")`. */
export function pathStartsWith(prefix: string): string {
  return `starts_with(http.request.uri.path, ${JSON.stringify(prefix)})`;
}
