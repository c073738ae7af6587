import { createHash } from 'node:crypto';
import type { ChainRecord } from '../../src/modules/audit/chain.ts';

/**
 * canonical() and chainHash() as they were when the first records were hashed, kept as a
 * reference: the code of src/modules/audit/chain.ts must write the same bytes.
 */
export function canonicalBefore(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalBefore).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalBefore(v)}`).join(',')}}`;
}

export const chainHashBefore = (prev: string, rec: ChainRecord): string =>
  createHash('sha256').update(prev).update('\n').update(canonicalBefore(rec)).digest('hex');
