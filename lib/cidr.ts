/** IPv4 CIDR arithmetic for config validation and subnet layout. No dependencies, no network. */

export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit number. */
  readonly network: number;
  /** Prefix length 0-32. */
  readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns undefined when malformed or when host bits are set. */
export function parseCidr(text: string): Ipv4Cidr | undefined {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  const network = (address & prefixMask(prefix)) >>> 0;
  if (network !== address) return undefined;
  return { network, prefix };
}

function prefixMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

function lastAddress(cidr: Ipv4Cidr): number {
  return (cidr.network + 2 ** (32 - cidr.prefix) - 1) >>> 0;
}

/** True when the two ranges share at least one address. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return a.network <= lastAddress(b) && b.network <= lastAddress(a);
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.network >= outer.network && lastAddress(inner) <= lastAddress(outer);
}

/** The same as Terraform's cidrsubnet(): the `index`-th subnet of `base` with `newBits` more prefix bits. */
export function cidrSubnet(base: string, newBits: number, index: number): string {
  const parsed = parseCidr(base);
  if (!parsed) throw new Error(`cidrSubnet: "${base}" is not an IPv4 network CIDR`);
  const prefix = parsed.prefix + newBits;
  if (prefix > 32 || index >= 2 ** newBits) throw new Error(`cidrSubnet: ${base} has no subnet #${index} of /${prefix}`);
  return formatCidr({ network: (parsed.network + index * 2 ** (32 - prefix)) >>> 0, prefix });
}

export function formatCidr(cidr: Ipv4Cidr): string {
  const n = cidr.network;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${cidr.prefix}`;
}
