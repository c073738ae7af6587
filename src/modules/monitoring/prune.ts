import { sql } from 'kysely';
import { db } from '../../db/context.ts';

/** Deletes rounds older than `before`, at most `limit` per call (the next day's run takes the rest). */
export async function pruneRounds(before: Date, limit = 100_000): Promise<number> {
  const r = await sql`
    DELETE FROM customer.monitor_round WHERE ctid = ANY(ARRAY(
      SELECT ctid FROM customer.monitor_round WHERE at < ${before} LIMIT ${limit}))`.execute(db());
  return Number(r.numAffectedRows ?? 0);
}
