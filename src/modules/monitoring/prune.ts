import { sql } from 'kysely';
import { db } from '../../db/context.ts';

/**
 * Monthly range partitions of customer.monitor_round (UTC months, `monitor_round_p202611`):
 * created ahead of the rounds by the daily maintenance job (and by the probe pass for a month it
 * finds missing), dropped whole once a month ends before the retention: pruning deletes no rows.
 */

const pad = (n: number): string => String(n).padStart(2, '0');

export function roundPartitionOf(t: Date): { name: string; from: Date; to: Date } {
  const y = t.getUTCFullYear();
  const m = t.getUTCMonth();
  return {
    name: `monitor_round_p${y}${pad(m + 1)}`,
    from: new Date(Date.UTC(y, m, 1)),
    to: new Date(Date.UTC(y, m + 1, 1)),
  };
}

/** The partitions covering [from, to] exist afterwards (idempotent, serialised in the database). */
export async function ensureRoundPartitions(from: Date, to: Date): Promise<void> {
  const wanted: { name: string; from: Date; to: Date }[] = [];
  for (let p = roundPartitionOf(from); p.from <= to; p = roundPartitionOf(p.to)) wanted.push(p);
  const have = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'customer' AND c.relname = ANY(${wanted.map((p) => p.name)}::text[])`.execute(db());
  const present = new Set(have.rows.map((r) => r.name));
  for (const p of wanted.filter((w) => !present.has(w.name)))
    await sql`SELECT customer.monitor_round_create_partition(${p.name}, ${p.from}::timestamptz, ${p.to}::timestamptz)`.execute(
      db(),
    );
}

/** Drops the partitions whose month ends at or before `before`; returns their names. */
export async function dropRoundPartitionsBefore(before: Date): Promise<string[]> {
  const r = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'customer.monitor_round'::regclass ORDER BY c.relname`.execute(db());
  const dropped: string[] = [];
  for (const { name } of r.rows) {
    const m = /_p(\d{4})(\d{2})$/.exec(name);
    if (!m) continue;
    if (new Date(Date.UTC(Number(m[1]), Number(m[2]), 1)) > before) continue;
    await sql`SELECT customer.monitor_round_drop_partition(${name})`.execute(db());
    dropped.push(name);
  }
  return dropped;
}

/** Daily: next months' partitions ahead, months past the retention dropped. */
export async function maintainRoundPartitions(now: Date, retentionDays: number): Promise<string[]> {
  await ensureRoundPartitions(now, new Date(now.getTime() + 62 * 86_400_000));
  return dropRoundPartitionsBefore(new Date(now.getTime() - retentionDays * 86_400_000));
}
