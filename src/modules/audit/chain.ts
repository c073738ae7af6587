import { createHash, randomBytes } from 'node:crypto';

/**
 * The audit chain's record and hash format (documented in docs/audit-format.md, so anyone can
 * verify a chain with their own code):
 *   hash_n = SHA-256( hash_{n-1} || "\n" || canonical(record_n) ), hex; hash_0 = 64 zeros.
 * canonical() is JSON with object keys sorted by UTF-16 code unit, no white space, and
 * `at` as UTC ISO 8601 with milliseconds.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainRecord {
  seq: number;
  at: string;
  tenant_id: string | null;
  actor_kind: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: 'success' | 'failure' | 'denied';
  request_id: string | null;
  summary: Record<string, unknown>;
  personal_ref: string | null;
}

export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

export function chainHash(prevHash: string, record: ChainRecord): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical(record)).digest('hex');
}

/**
 * Personal data (names, source IP, user agent) is kept beside the chain. The chain holds only
 * ref = SHA-256(salt || canonical(data)); the salt stays with the data, so after erasure the
 * ref reveals nothing and the chain still verifies.
 */
export function personalRef(data: Record<string, unknown>): { ref: string; stored: Record<string, unknown> } {
  const salt = randomBytes(16).toString('hex');
  const ref = createHash('sha256').update(salt).update(canonical(data)).digest('hex');
  return { ref, stored: { salt, data } };
}

export function checkPersonalRef(
  ref: string,
  stored: { salt: string; data: Record<string, unknown> },
): boolean {
  return createHash('sha256').update(stored.salt).update(canonical(stored.data)).digest('hex') === ref;
}
