import { sql } from 'kysely';
import { db } from '../../db/context.ts';

/** Reads and writes of signed audit checkpoints (migration 0018). */

export interface CheckpointRow {
  seq: number;
  from_seq: number;
  hash: string;
  prev_hash: string;
  merkle_root: string;
  at: Date;
  key_id: string;
  public_key: string;
  statement: string;
  signature: string;
}

const norm = (r: {
  seq: string | number;
  from_seq: string | number;
  hash: string;
  prev_hash: string;
  merkle_root: string;
  at: Date;
  key_id: string;
  public_key: string;
  statement: string;
  signature: string;
}): CheckpointRow => ({ ...r, seq: Number(r.seq), from_seq: Number(r.from_seq) });

/** Serialises checkpoint creation across processes for the rest of the transaction. */
export async function lockCheckpoints(): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('pva.audit.checkpoint'))`.execute(db());
}

export async function lastCheckpoint(): Promise<CheckpointRow | null> {
  const r = await db()
    .selectFrom('audit.checkpoint')
    .selectAll()
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? norm(r) : null;
}

export async function insertCheckpoint(c: CheckpointRow): Promise<void> {
  await db().insertInto('audit.checkpoint').values(c).execute();
}

export async function listCheckpoints(limit: number, beforeSeq?: number): Promise<CheckpointRow[]> {
  let q = db().selectFrom('audit.checkpoint').selectAll();
  if (beforeSeq !== undefined) q = q.where('seq', '<', beforeSeq);
  return (await q.orderBy('seq', 'desc').limit(limit).execute()).map(norm);
}

/** Checkpoints in chain order, a page at a time. */
export async function checkpointsAfter(afterSeq: number, limit: number): Promise<CheckpointRow[]> {
  const rows = await db()
    .selectFrom('audit.checkpoint')
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map(norm);
}

/** The checkpoint covering record `seq` (the first one whose range reaches it). */
export async function checkpointCovering(seq: number): Promise<CheckpointRow | null> {
  const r = await db()
    .selectFrom('audit.checkpoint')
    .selectAll()
    .where('seq', '>=', seq)
    .where('from_seq', '<=', seq)
    .executeTakeFirst();
  return r ? norm(r) : null;
}

/** hash_n for n in [from, to], in order (one checkpoint's leaves). */
export async function recordHashes(from: number, to: number): Promise<string[]> {
  const out: string[] = [];
  const page = 20_000;
  for (let lo = from; lo <= to; lo += page) {
    const hi = Math.min(to, lo + page - 1);
    const rows = await db()
      .selectFrom('audit.log')
      .select(['seq', 'hash'])
      .where('seq', '>=', lo)
      .where('seq', '<=', hi)
      .orderBy('seq')
      .execute();
    for (const r of rows) out.push(r.hash);
    if (rows.length !== hi - lo + 1) throw new Error(`audit records ${lo}-${hi} are incomplete`);
  }
  return out;
}

/** hash_n of one record, or null (`hash_0` is the genesis hash, not stored). */
export async function recordHash(seq: number): Promise<string | null> {
  const r = await db().selectFrom('audit.log').select('hash').where('seq', '=', seq).executeTakeFirst();
  return r?.hash ?? null;
}
