import ipaddr from 'ipaddr.js';
import { prefixOf, prefixText, transferEnds } from '../../network/addressing.ts';

/**
 * Address helpers of the renderers. Every address and prefix is written in one canonical text
 * form (ipaddr.js: lower-case, shortest IPv6), because rendered and running configurations are
 * compared as text.
 */

export type Family = 4 | 6;

export const familyOf = (text: string): Family => (text.includes(':') ? 6 : 4);

/** A prefix in canonical form; a bare address becomes a host prefix (/32, /128). */
export function canonicalPrefix(text: string): string {
  const t = text.trim();
  if (!t.includes('/')) {
    const a = ipaddr.parse(t);
    return `${a.toString()}/${a.kind() === 'ipv4' ? 32 : 128}`;
  }
  return prefixText(prefixOf(t));
}

/** An address in canonical form (a prefix length, if any, is dropped). */
export function canonicalAddress(text: string): string {
  return ipaddr.parse(text.trim().split('/')[0]!).toString();
}

export const hostPrefix = (address: string): string =>
  `${canonicalAddress(address)}/${familyOf(address) === 4 ? 32 : 128}`;

/** The two ends of a transfer prefix (PE on the first usable host, customer on the second). */
export function transfer(prefix: string): { prefix: string; pe: string; customer: string; length: number } {
  const p = canonicalPrefix(prefix);
  const ends = transferEnds(p);
  return {
    prefix: p,
    pe: canonicalAddress(ends.pe),
    customer: canonicalAddress(ends.customer),
    length: Number(p.split('/')[1]),
  };
}

/** The default route of a family, written as a prefix. */
export const anyPrefix = (f: Family): string => (f === 4 ? '0.0.0.0/0' : '::/0');

/** Code-unit order, independent of the locale: the same input sorts the same everywhere. */
export function sortText(items: Iterable<string>): string[] {
  return [...items].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function uniqueSorted(items: Iterable<string>): string[] {
  return sortText(new Set(items));
}
