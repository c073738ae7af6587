import { sql } from 'kysely';
import { db } from '../../db/context.ts';

/** Reading the traffic series for graphs and CSV (per connection or summed per port). */

export type Resolution = 'raw' | '5m' | '1h' | '1d';
export const STEP_SECONDS: Record<Resolution, number> = { raw: 60, '5m': 300, '1h': 3600, '1d': 86400 };

/** The finest resolution that keeps a range under about 10,000 points. */
export function resolutionFor(from: Date, to: Date): Resolution {
  const hours = (to.getTime() - from.getTime()) / 3_600_000;
  if (hours <= 48) return 'raw';
  if (hours <= 35 * 24) return '5m';
  if (hours <= 400 * 24) return '1h';
  return '1d';
}

export interface Point {
  at: Date;
  inBps: number;
  outBps: number;
  inMaxBps: number;
  outMaxBps: number;
}

type Row = { at: Date | string; i: number; o: number; im: number; om: number };
const toPoint = (r: Row): Point => ({
  at: new Date(r.at),
  inBps: Number(r.i),
  outBps: Number(r.o),
  inMaxBps: Number(r.im),
  outMaxBps: Number(r.om),
});

function source(res: Resolution) {
  return res === 'raw'
    ? sql`SELECT connection_id, at, in_octets * 8 / seconds AS i, out_octets * 8 / seconds AS o,
                 in_octets * 8 / seconds AS im, out_octets * 8 / seconds AS om FROM ops.traffic_raw`
    : sql`SELECT connection_id, at, in_octets * 8 / seconds AS i, out_octets * 8 / seconds AS o,
                 in_max_bps AS im, out_max_bps AS om FROM ${sql.raw(`ops.traffic_${res}`)}`;
}

/** One connection's points in [from, to). */
export async function connectionSeries(
  connectionId: string,
  res: Resolution,
  from: Date,
  to: Date,
): Promise<Point[]> {
  const r = await sql<Row>`
    SELECT at, i, o, im, om FROM (${source(res)}) s
     WHERE connection_id = ${connectionId} AND at >= ${from}::timestamptz AND at < ${to}::timestamptz
     ORDER BY at`.execute(db());
  return r.rows.map(toPoint);
}

/** A port's points in [from, to): its connections summed per interval. */
export async function portSeries(portId: string, res: Resolution, from: Date, to: Date): Promise<Point[]> {
  const r = await sql<Row>`
    SELECT s.at, sum(s.i) AS i, sum(s.o) AS o, sum(s.im) AS im, sum(s.om) AS om
      FROM (${source(res)}) s JOIN customer.connection c ON c.id = s.connection_id
     WHERE c.port_id = ${portId} AND s.at >= ${from}::timestamptz AND s.at < ${to}::timestamptz
     GROUP BY s.at ORDER BY s.at`.execute(db());
  return r.rows.map(toPoint);
}

export interface MonthRow {
  month: string;
  inP95Bps: number;
  outP95Bps: number;
  p95Bps: number;
  peakBps: number;
  samples: number;
}

export async function connectionMonths(connectionId: string): Promise<MonthRow[]> {
  const rows = await db()
    .selectFrom('ops.traffic_month')
    .select([
      sql<string>`month::text`.as('month'),
      'in_p95_bps',
      'out_p95_bps',
      'p95_bps',
      'peak_bps',
      'samples',
    ])
    .where('connection_id', '=', connectionId)
    .orderBy('month', 'desc')
    .limit(24)
    .execute();
  return rows.map((r) => ({
    month: r.month,
    inP95Bps: r.in_p95_bps,
    outP95Bps: r.out_p95_bps,
    p95Bps: r.p95_bps,
    peakBps: r.peak_bps,
    samples: r.samples,
  }));
}
