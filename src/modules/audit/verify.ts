import { chainHash, GENESIS_HASH } from './chain.ts';
import * as repo from './repository.ts';
import type { ChainColumns } from './repository.ts';

export interface VerifyResult {
  ok: boolean;
  records: number;
  firstBadSeq: number | null;
  problem: string | null;
}

/** Where a walk over the chain stands between two batches. */
export interface ChainWalk {
  /** The hash of the last record checked (GENESIS_HASH before the first). */
  prevHash: string;
  /** Records checked so far; the next one must have seq = count + 1. */
  count: number;
}

/**
 * Walks the chain in sequence order and reports the first record that was altered, removed
 * or reordered. Runs inside the caller's transaction (a consistent snapshot on PostgreSQL).
 * The next batch is requested before the current one is hashed, so a database server reads it
 * while this process hashes.
 */
export async function verifyChain(batchSize = 5000): Promise<VerifyResult> {
  const walk: ChainWalk = { prevHash: GENESIS_HASH, count: 0 };
  let next: Promise<ChainColumns> | null = repo.readChainBatch(0, batchSize);
  try {
    while (next !== null) {
      const batch: ChainColumns = await next;
      const n = batch.seq.length;
      next = n === batchSize ? repo.readChainBatch(batch.seq[n - 1]!, batchSize) : null;
      if (next !== null) await yieldToIo(); // let the request reach the server before hashing
      const bad = verifyRows(walk, batch);
      if (bad) return bad;
    }
  } finally {
    // a failure found mid-walk leaves the next read in flight: let it finish inside the transaction
    if (next !== null) await next.catch(() => undefined);
  }
  const { count, prevHash } = walk;
  const head = await repo.readHead();
  if (Number(head.seq) !== count || head.hash !== prevHash) {
    return fail(
      count,
      count + 1,
      Number(head.seq) > count
        ? `records after ${count} were removed: the chain head is at record ${head.seq}`
        : `the chain head (record ${head.seq}) does not match the last record (${count}): records were appended outside the chain or the head was altered`,
    );
  }
  return { ok: true, records: count, firstBadSeq: null, problem: null };
}

/**
 * Checks the next rows of the chain against `walk` and advances it: each row must have the next
 * sequence number, name the previous record's hash, and hash (recomputed from its content and
 * the previous hash) to its stored `hash`. Returns the first problem, or null.
 */
export function verifyRows(walk: ChainWalk, b: ChainColumns): VerifyResult | null {
  let { prevHash, count } = walk;
  try {
    for (let i = 0; i < b.seq.length; i++) {
      const seq = Number(b.seq[i]);
      const expected = count + 1;
      if (seq !== expected) {
        return fail(count, expected, `record ${expected} is missing (removed): the next record is ${seq}`);
      }
      if (b.prev_hash[i] !== prevHash) {
        return fail(
          count,
          seq,
          `record ${seq} does not follow record ${seq - 1} (reordered, or the record before it was altered or removed)`,
        );
      }
      const hash = chainHash(prevHash, {
        seq,
        at: isoTime(b.at[i]!),
        tenant_id: b.tenant_id[i]!,
        actor_kind: b.actor_kind[i]!,
        actor_id: b.actor_id[i]!,
        action: b.action[i]!,
        target_type: b.target_type[i]!,
        target_id: b.target_id[i]!,
        outcome: b.outcome[i]!,
        request_id: b.request_id[i]!,
        summary: b.summary[i]!,
        personal_ref: b.personal_ref[i]!,
      });
      if (hash !== b.hash[i])
        return fail(count, seq, `record ${seq} was altered: its content does not match its hash`);
      prevHash = hash;
      count++;
    }
    return null;
  } finally {
    walk.prevHash = prevHash;
    walk.count = count;
  }
}

/** PostgreSQL's JSON text of a time in UTC with all three millisecond digits (it drops trailing zeros). */
const UTC_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;

/**
 * The record's `at` as hashed (toISOString) from the JSON text of its timestamp. In UTC with three
 * fraction digits, that text is toISOString's form with "+00:00" for "Z"; any other text goes
 * through Date, which drops digits beyond the millisecond. A time no Date can hold cannot be the
 * one hashed: its text is kept, so the record fails as altered.
 */
export function isoTime(text: string): string {
  if (UTC_MS.test(text)) return `${text.slice(0, 23)}Z`;
  const t = new Date(text);
  return Number.isNaN(t.getTime()) ? text : t.toISOString();
}

const yieldToIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function fail(records: number, seq: number, problem: string): VerifyResult {
  return { ok: false, records, firstBadSeq: seq, problem };
}
