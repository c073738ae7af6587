import { chainHash, GENESIS_HASH, type ChainRecord } from './chain.ts';
import * as repo from './repository.ts';

export interface VerifyResult {
  ok: boolean;
  records: number;
  firstBadSeq: number | null;
  problem: string | null;
}

/**
 * Walks the chain in sequence order and reports the first record that was altered, removed
 * or reordered. Runs inside the caller's transaction (a consistent snapshot on PostgreSQL).
 */
export async function verifyChain(batchSize = 5000): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let expected = 1;
  let count = 0;
  for (;;) {
    const rows = await repo.readBatch(expected - 1, batchSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expected) {
        return fail(count, expected, `record ${expected} is missing (removed): the next record is ${seq}`);
      }
      if (row.prev_hash !== prevHash) {
        return fail(
          count,
          seq,
          `record ${seq} does not follow record ${seq - 1} (reordered, or the record before it was altered or removed)`,
        );
      }
      const rec: ChainRecord = {
        seq,
        at: row.at.toISOString(),
        tenant_id: row.tenant_id,
        actor_kind: row.actor_kind,
        actor_id: row.actor_id,
        action: row.action,
        target_type: row.target_type,
        target_id: row.target_id,
        outcome: row.outcome,
        request_id: row.request_id,
        summary:
          typeof row.summary === 'string'
            ? (JSON.parse(row.summary) as Record<string, unknown>)
            : row.summary,
        personal_ref: row.personal_ref,
      };
      const hash = chainHash(prevHash, rec);
      if (hash !== row.hash)
        return fail(count, seq, `record ${seq} was altered: its content does not match its hash`);
      prevHash = hash;
      expected = seq + 1;
      count++;
    }
  }
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

function fail(records: number, seq: number, problem: string): VerifyResult {
  return { ok: false, records, firstBadSeq: seq, problem };
}
