import { sql } from 'kysely';
import { db } from '../../db/context.ts';

/**
 * Range partitions of the traffic series (declarative partitioning): ops.traffic_raw by UTC day,
 * ops.traffic_5m and ops.traffic_1h by UTC month. Partitions are named after their first day
 * (`ops.traffic_raw_p20261127`, `ops.traffic_5m_p202611`), created before rows arrive (the
 * writers and the daily maintenance job call ensurePartitions) and dropped whole once their end
 * is older than the retention.
 */
export type Series = 'raw' | '5m' | '1h';
const UNIT: Record<Series, 'day' | 'month'> = { raw: 'day', '5m': 'month', '1h': 'month' };

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export function partitionOf(series: Series, t: Date): { name: string; from: Date; to: Date } {
  const y = t.getUTCFullYear();
  const m = t.getUTCMonth();
  if (UNIT[series] === 'day') {
    const d = t.getUTCDate();
    return {
      name: `traffic_${series}_p${y}${pad(m + 1)}${pad(d)}`,
      from: new Date(Date.UTC(y, m, d)),
      to: new Date(Date.UTC(y, m, d + 1)),
    };
  }
  return {
    name: `traffic_${series}_p${y}${pad(m + 1)}`,
    from: new Date(Date.UTC(y, m, 1)),
    to: new Date(Date.UTC(y, m + 1, 1)),
  };
}

/** The partitions covering [from, to] exist afterwards (created by ops.traffic_create_partition, serialised by an advisory lock). */
export async function ensurePartitions(series: Series, from: Date, to: Date): Promise<void> {
  const wanted = new Map<string, { name: string; from: Date; to: Date }>();
  for (let t = partitionOf(series, from); t.from <= to; t = partitionOf(series, t.to)) wanted.set(t.name, t);
  const names = [...wanted.keys()];
  const have = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'ops' AND c.relname = ANY(${names}::text[])`.execute(db());
  const missing = names.filter((n) => !have.rows.some((r) => r.name === n));
  if (missing.length === 0) return;
  for (const name of missing) {
    const p = wanted.get(name)!;
    await sql`SELECT ops.traffic_create_partition(${series}, ${name}, ${p.from}::timestamptz, ${p.to}::timestamptz)`.execute(
      db(),
    );
  }
}

/** Drops the partitions of a series that end at or before `before`; returns their names. */
export async function dropPartitionsBefore(series: Series, before: Date): Promise<string[]> {
  const r = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = ${`ops.traffic_${series}`}::regclass ORDER BY c.relname`.execute(db());
  const dropped: string[] = [];
  for (const { name } of r.rows) {
    const m = /_p(\d{4})(\d{2})(\d{2})?$/.exec(name);
    if (!m) continue;
    const start = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : 1));
    if (partitionOf(series, start).to > before) continue;
    await sql`SELECT ops.traffic_drop_partition(${series}, ${name})`.execute(db());
    dropped.push(name);
  }
  return dropped;
}
