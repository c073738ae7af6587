import { createHash, hash, randomBytes } from 'node:crypto';

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
  // Object.keys in the default sort order: UTF-16 code units, as documented (and keys are unique)
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '';
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    out += `${out === '' ? '' : ','}${JSON.stringify(k)}:${canonical(v)}`;
  }
  return `{${out}}`;
}

/**
 * canonical(record) for a chain record, written member by member in the sorted key order instead
 * of sorting the twelve keys for every record; the same text (test/audit/canonical.test.ts).
 * A record with a member left undefined (dropped by canonical) takes the general path.
 */
export function canonicalRecord(r: ChainRecord): string {
  const {
    action,
    actor_id,
    actor_kind,
    at,
    outcome,
    personal_ref,
    request_id,
    seq,
    summary,
    target_id,
    target_type,
    tenant_id,
  } = r;
  if (
    action === undefined ||
    actor_id === undefined ||
    actor_kind === undefined ||
    at === undefined ||
    outcome === undefined ||
    personal_ref === undefined ||
    request_id === undefined ||
    seq === undefined ||
    summary === undefined ||
    target_id === undefined ||
    target_type === undefined ||
    tenant_id === undefined
  ) {
    return canonical(r);
  }
  return (
    `{"action":${canonical(action)},"actor_id":${canonical(actor_id)},"actor_kind":${canonical(actor_kind)}` +
    `,"at":${canonical(at)},"outcome":${canonical(outcome)},"personal_ref":${canonical(personal_ref)}` +
    `,"request_id":${canonical(request_id)},"seq":${canonical(seq)},"summary":${canonical(summary)}` +
    `,"target_id":${canonical(target_id)},"target_type":${canonical(target_type)},"tenant_id":${canonical(tenant_id)}}`
  );
}

/** hash_n from hash_{n-1} and record n: SHA-256 of the UTF-8 text, one-shot, as lowercase hex. */
export function chainHash(prevHash: string, record: ChainRecord): string {
  return hash('sha256', `${prevHash}\n${canonicalRecord(record)}`, 'hex');
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
