import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import type { ChainRecord } from './chain.ts';

/** Takes the chain head's row lock for the rest of the transaction and returns it. */
export async function lockHead(): Promise<{ seq: number; hash: string }> {
  const row = await db()
    .selectFrom('audit.head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return { seq: Number(row.seq), hash: row.hash };
}

export async function insertRecord(rec: ChainRecord, prevHash: string, hash: string): Promise<void> {
  await db()
    .insertInto('audit.log')
    .values({ ...rec, summary: JSON.stringify(rec.summary), prev_hash: prevHash, hash })
    .execute();
  await db().updateTable('audit.head').set({ seq: rec.seq, hash }).where('id', '=', 1).execute();
}

export async function insertPersonal(
  ref: string,
  stored: Record<string, unknown>,
  tenantId: string | null,
): Promise<void> {
  await db()
    .insertInto('audit.personal')
    .values({ ref, data: JSON.stringify(stored), tenant_id: tenantId })
    .execute();
}

export async function readBatch(afterSeq: number, limit: number) {
  return db()
    .selectFrom('audit.log')
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

export async function readHead() {
  return db().selectFrom('audit.head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
}

export async function recordVerification(v: {
  ok: boolean;
  records: number;
  first_bad_seq: number | null;
  problem: string | null;
}): Promise<void> {
  await db().insertInto('audit.verification').values(v).execute();
}

export async function lastVerification() {
  return db().selectFrom('audit.verification').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function listForTenant(tenantId: string, limit: number, beforeSeq?: number) {
  let q = db().selectFrom('audit.log').selectAll().where('tenant_id', '=', tenantId);
  if (beforeSeq !== undefined) q = q.where('seq', '<', beforeSeq);
  return q.orderBy('seq', 'desc').limit(limit).execute();
}

/** Count of chain records, for status displays. */
export async function countRecords(): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.log`.execute(db());
  return Number(r.rows[0]?.n ?? 0);
}
