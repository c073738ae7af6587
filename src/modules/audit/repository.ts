import { sql, type RawBuilder } from 'kysely';
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

/**
 * A batch of chain records column by column, as verification reads them (index i of every
 * array is one record). `at` is the JSON text of the timestamp: ISO 8601 in the session's zone,
 * up to microseconds.
 */
export interface ChainColumns {
  seq: number[];
  at: string[];
  tenant_id: (string | null)[];
  actor_kind: string[];
  actor_id: (string | null)[];
  action: string[];
  target_type: (string | null)[];
  target_id: (string | null)[];
  outcome: ChainRecord['outcome'][];
  request_id: (string | null)[];
  summary: Record<string, unknown>[];
  personal_ref: (string | null)[];
  prev_hash: string[];
  hash: string[];
}

const CHAIN_COLUMNS = [
  'seq',
  'at',
  'tenant_id',
  'actor_kind',
  'actor_id',
  'action',
  'target_type',
  'target_id',
  'outcome',
  'request_id',
  'summary',
  'personal_ref',
  'prev_hash',
  'hash',
] as const satisfies readonly (keyof ChainColumns)[];

/** Every column of the rows `where` selects, each as one JSON array in `seq` order. */
async function chainColumns(where: RawBuilder<unknown>): Promise<ChainColumns | null> {
  // one ORDER BY for all: PostgreSQL 16 and later sort once below the aggregate
  const aggs = CHAIN_COLUMNS.map((c) => sql`json_agg(${sql.ref(c)} ORDER BY seq)::text AS ${sql.ref(c)}`);
  const r = await sql<Record<keyof ChainColumns, string | null>>`
    SELECT ${sql.join(aggs)} FROM audit.log WHERE ${where}`.execute(db());
  const row = r.rows[0];
  if (!row || row.seq === null) return null;
  const out: Partial<Record<keyof ChainColumns, unknown[]>> = {};
  for (const c of CHAIN_COLUMNS) out[c] = JSON.parse(row[c] ?? '[]') as unknown[];
  return out as ChainColumns;
}

/**
 * The first `limit` records after `afterSeq` in sequence order, fetched as one value per column
 * rather than fourteen per row (the embedded engine's cost is per value returned). The records
 * of an intact chain are seq afterSeq + 1 … afterSeq + limit, so that range is read first, with
 * an index scan whatever the statistics say (with none, as on the embedded engine, the planner
 * answers `seq > $1 ORDER BY seq LIMIT $2` by reading every later row and sorting them). Only
 * if the range is short (the end of the chain, or records missing) are the records after it read.
 */
export async function readChainBatch(afterSeq: number, limit: number): Promise<ChainColumns> {
  const end = afterSeq + limit;
  const first = await chainColumns(sql`seq > ${afterSeq} AND seq <= ${end}`);
  const got = first?.seq.length ?? 0;
  if (got === limit) return first!;
  const rest = await chainColumns(
    sql`seq IN (SELECT seq FROM audit.log WHERE seq > ${end} ORDER BY seq LIMIT ${limit - got})`,
  );
  if (!first) return rest ?? emptyColumns();
  if (!rest) return first;
  for (const c of CHAIN_COLUMNS) (first[c] as unknown[]).push(...rest[c]);
  return first;
}

function emptyColumns(): ChainColumns {
  const out: Partial<Record<keyof ChainColumns, unknown[]>> = {};
  for (const c of CHAIN_COLUMNS) out[c] = [];
  return out as ChainColumns;
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
