import ipaddr from 'ipaddr.js';

/**
 * Prefix arithmetic for tenant addressing, on BigInt so IPv4 and IPv6 share one code path.
 * A connection's transfer prefix (default /30, /126) puts the PE on the first usable host and the
 * customer on the second; customer subnets are the LANs routed behind the connection. Nothing of
 * these may overlap inside one virtual network, and nothing may overlap a management network.
 */
export type Family = 4 | 6;

export interface Prefix {
  family: Family;
  /** the network address as an integer */
  start: bigint;
  length: number;
}

/** The longest transfer prefix that still has two usable hosts after the network address. */
export const MAX_TRANSFER_LENGTH: Record<Family, number> = { 4: 30, 6: 126 };
export const DEFAULT_ASSIGN_LENGTH: Record<Family, number> = { 4: 30, 6: 126 };
const BITS: Record<Family, number> = { 4: 32, 6: 128 };

export const bitsOf = (f: Family): number => BITS[f];
export const sizeOf = (p: Prefix): bigint => 1n << BigInt(BITS[p.family] - p.length);
export const endOf = (p: Prefix): bigint => p.start + sizeOf(p) - 1n;

function toBigInt(bytes: number[]): bigint {
  return bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n);
}

function addressText(family: Family, n: bigint): string {
  const bytes: number[] = [];
  for (let i = BITS[family] / 8 - 1; i >= 0; i--) bytes.push(Number((n >> BigInt(i * 8)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

export type PrefixProblem = 'format' | 'host_bits';

/**
 * Parses "192.0.2.0/30" or "2001:db8::/126". A prefix with host bits set (192.0.2.1/30) is refused
 * rather than silently moved: the caller reports the network it probably meant.
 */
export function parsePrefix(
  text: string,
): { prefix: Prefix } | { problem: PrefixProblem; suggestion?: string } {
  const t = text.trim();
  if (!/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(t)) return { problem: 'format' };
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(t);
  } catch {
    return { problem: 'format' };
  }
  const [addr, length] = parsed;
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) return { problem: 'format' };
  const family: Family = addr.kind() === 'ipv4' ? 4 : 6;
  const value = toBigInt(addr.toByteArray());
  const hostMask = (1n << BigInt(BITS[family] - length)) - 1n;
  const start = value & ~hostMask;
  const prefix = { family, start, length };
  if (start !== value) return { problem: 'host_bits', suggestion: prefixText(prefix) };
  return { prefix };
}

/** Parses a prefix known to be valid (read back from the database). */
export function prefixOf(text: string): Prefix {
  const r = parsePrefix(text);
  if (!('prefix' in r)) throw new Error(`not a prefix: ${text}`);
  return r.prefix;
}

export function prefixText(p: Prefix): string {
  return `${addressText(p.family, p.start)}/${p.length}`;
}

export function overlaps(a: Prefix, b: Prefix): boolean {
  return a.family === b.family && a.start <= endOf(b) && b.start <= endOf(a);
}

/** The n-th address of a prefix (0 = the network address). */
export function hostOf(p: Prefix, n: number): string {
  return addressText(p.family, p.start + BigInt(n));
}

/** Where the two ends of a transfer prefix sit: PE on the first usable host, customer on the second. */
export function transferEnds(prefixTextValue: string): { pe: string; customer: string } {
  const p = prefixOf(prefixTextValue);
  return { pe: hostOf(p, 1), customer: hostOf(p, 2) };
}

/**
 * The first block of `length` inside `pool` that overlaps none of `used` (any family; others are
 * ignored), or null when the pool is full. Walks the used ranges in address order once, so a pool
 * holding thousands of assignments costs O(n log n), not one probe per block.
 */
export function firstFreeBlock(pool: Prefix, length: number, used: readonly Prefix[]): Prefix | null {
  if (length < pool.length || length > BITS[pool.family]) return null;
  const size = 1n << BigInt(BITS[pool.family] - length);
  const poolEnd = endOf(pool);
  const ranges = used
    .filter((u) => overlaps(u, pool))
    .map((u) => [u.start, endOf(u)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let candidate = pool.start;
  for (const [start, end] of ranges) {
    if (candidate + size - 1n > poolEnd) return null;
    if (end < candidate) continue;
    if (start > candidate + size - 1n) break;
    // the candidate block is hit: the next aligned block after this range
    candidate = ((end + 1n + size - 1n) / size) * size;
  }
  if (candidate + size - 1n > poolEnd) return null;
  return { family: pool.family, start: candidate, length };
}

/** How many blocks of `length` a pool holds (for the pool list; capped for display). */
export function blockCount(pool: Prefix, length: number): number {
  const n = 1n << BigInt(Math.max(0, length - pool.length));
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n);
}

/** The first pair of overlapping prefixes in a list, or null. */
export function firstOverlap<T extends { prefix: Prefix }>(items: readonly T[]): [T, T] | null {
  for (let i = 0; i < items.length; i++)
    for (let j = i + 1; j < items.length; j++)
      if (overlaps(items[i]!.prefix, items[j]!.prefix)) return [items[i]!, items[j]!];
  return null;
}
