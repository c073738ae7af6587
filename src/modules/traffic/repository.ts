import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import { ensurePartitions } from './partitions.ts';
import { intervalBetween, type CounterSample } from './rate.ts';

/** All SQL of traffic collection and rollups (see docs/traffic.md). */

export interface InterfaceRow {
  connection_id: string;
  device_id: string;
  if_name: string;
  namespace: string | null;
}

export async function interfacesOf(deviceId: string): Promise<InterfaceRow[]> {
  return db()
    .selectFrom('ops.traffic_interface')
    .select(['connection_id', 'device_id', 'if_name', 'namespace'])
    .where('device_id', '=', deviceId)
    .orderBy('if_name')
    .execute();
}

export interface IngestResult {
  written: number;
  resets: number;
  skipped: number;
}

const big = (v: string | number | null): bigint | null => (v === null ? null : BigInt(v));

/** A connection's previous sample as read for ingest: [id, at (ISO), in, out, uptime]. */
type PrevTuple = [string, string | null, string | null, string | null, string | null];

/**
 * Takes one counter sample per connection: turns it into an interval with the previous sample
 * (wraps counted, resets skipped; computed here, not in SQL), then, in one statement, appends the
 * intervals to ops.traffic_raw and keeps each sample as the new previous one. The previous
 * samples are read locked (so concurrent writers of one connection serialise) and as one JSON
 * value: returning thousands of rows costs more than reading them.
 */
export async function ingest(
  samples: { connectionId: string; sample: CounterSample }[],
): Promise<IngestResult> {
  const out: IngestResult = { written: 0, resets: 0, skipped: 0 };
  if (samples.length === 0) return out;
  const prev = await sql<{ j: string | null }>`
    SELECT json_agg(json_build_array(connection_id, last_at, last_in::text, last_out::text, last_uptime::text))::text AS j
      FROM (SELECT connection_id, last_at, last_in, last_out, last_uptime FROM ops.traffic_interface
             WHERE connection_id = ANY(${samples.map((s) => s.connectionId)}::uuid[])
             ORDER BY connection_id FOR UPDATE) x`.execute(db());
  const byId = new Map((JSON.parse(prev.rows[0]?.j ?? '[]') as PrevTuple[]).map((r) => [r[0], r]));
  const raw: (string | number)[][] = [];
  const state: (string | number | null)[][] = [];
  let minAt = Infinity;
  let maxAt = -Infinity;
  for (const { connectionId, sample } of samples) {
    const p = byId.get(connectionId);
    if (!p) continue;
    let reset = 0;
    if (p[1] && p[2] !== null && p[3] !== null) {
      const iv = intervalBetween(
        { at: new Date(p[1]), inOctets: BigInt(p[2]), outOctets: BigInt(p[3]), uptime: big(p[4]) },
        sample,
      );
      if (iv.kind === 'ok') {
        const t = iv.at.getTime();
        if (t < minAt) minAt = t;
        if (t > maxAt) maxAt = t;
        raw.push([connectionId, iv.at.toISOString(), iv.seconds, String(iv.inOctets), String(iv.outOctets)]);
      } else if (iv.kind === 'reset') reset = 1;
      else out.skipped++;
    }
    out.resets += reset;
    const u = sample.uptime === null ? null : String(sample.uptime);
    state.push([
      connectionId,
      sample.at.toISOString(),
      String(sample.inOctets),
      String(sample.outOctets),
      u,
      reset,
    ]);
  }
  if (raw.length) await ensurePartitions('raw', new Date(minAt), new Date(maxAt));
  const r = await sql<{ n: number }>`
    WITH written AS (
      INSERT INTO ops.traffic_raw (connection_id, at, seconds, in_octets, out_octets)
      SELECT (e->>0)::uuid, (e->>1)::timestamptz, (e->>2)::float8, (e->>3)::bigint, (e->>4)::bigint
        FROM jsonb_array_elements(${JSON.stringify(raw)}::jsonb) e
      ON CONFLICT DO NOTHING
      RETURNING 1
    ), kept AS (
      UPDATE ops.traffic_interface t
         SET last_at = (e->>1)::timestamptz, last_in = (e->>2)::numeric, last_out = (e->>3)::numeric,
             last_uptime = (e->>4)::bigint, resets = t.resets + (e->>5)::int
        FROM jsonb_array_elements(${JSON.stringify(state)}::jsonb) e
       WHERE t.connection_id = (e->>0)::uuid
    )
    SELECT count(*)::int AS n FROM written`.execute(db());
  out.written = r.rows[0]?.n ?? 0;
  return out;
}

const BUCKET = { '5m': '5 minutes', '1h': '1 hour', '1d': '1 day' } as const;
const SOURCE = { '5m': 'ops.traffic_raw', '1h': 'ops.traffic_5m', '1d': 'ops.traffic_1h' } as const;
/** 5-minute and hourly buckets are aligned to UTC (and so to JST); daily ones to JST midnight. */
const ORIGIN = "'2000-01-01 00:00:00+09'::timestamptz";

/**
 * Recomputes the buckets of one rollup whose start lies in [from, to) from the finer series
 * (idempotent: a bucket is replaced by the sums of everything finer in it).
 */
export async function rollup(level: '5m' | '1h' | '1d', from: Date, to: Date): Promise<number> {
  const b = sql.raw(`date_bin('${BUCKET[level]}', at, ${ORIGIN})`);
  const src = sql.raw(SOURCE[level]);
  const maxIn = level === '5m' ? sql`max(in_octets * 8 / seconds)` : sql`max(in_max_bps)`;
  const maxOut = level === '5m' ? sql`max(out_octets * 8 / seconds)` : sql`max(out_max_bps)`;
  if (level !== '1d') await ensurePartitions(level, from, new Date(to.getTime() - 1));
  const r = await sql`
    INSERT INTO ${sql.raw(`ops.traffic_${level}`)} AS t
           (connection_id, at, seconds, in_octets, out_octets, in_max_bps, out_max_bps)
    SELECT connection_id, ${b}, sum(seconds), sum(in_octets), sum(out_octets), ${maxIn}, ${maxOut}
      FROM ${src}
     WHERE at >= date_bin(${sql.raw(`'${BUCKET[level]}'`)}, ${from}::timestamptz, ${sql.raw(ORIGIN)})
       AND at < ${to}::timestamptz
     GROUP BY 1, 2
    ON CONFLICT (connection_id, at) DO UPDATE
       SET seconds = excluded.seconds, in_octets = excluded.in_octets, out_octets = excluded.out_octets,
           in_max_bps = excluded.in_max_bps, out_max_bps = excluded.out_max_bps`.execute(db());
  return Number(r.numAffectedRows ?? 0);
}

/** JST month `YYYY-MM-01` → its bounds as instants. */
export function jstMonthBounds(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return {
    from: new Date(Date.UTC(y, m - 1, 1) - 9 * 3_600_000),
    to: new Date(Date.UTC(y, m, 1) - 9 * 3_600_000),
  };
}

/**
 * The month's 95th percentile per connection over its 5-minute averages (nearest rank:
 * percentile_disc(0.95) is the smallest value whose cumulative share is at least 95 %).
 */
export async function computeConnectionMonths(month: string): Promise<number> {
  const { from, to } = jstMonthBounds(month);
  const r = await sql`
    INSERT INTO ops.traffic_month AS t
           (connection_id, month, in_p95_bps, out_p95_bps, p95_bps, peak_bps, samples)
    SELECT x.connection_id, ${month}::date, x.i, x.o, greatest(x.i, x.o), x.peak, x.n
      FROM (SELECT connection_id,
                   percentile_disc(0.95) WITHIN GROUP (ORDER BY in_octets * 8 / seconds) AS i,
                   percentile_disc(0.95) WITHIN GROUP (ORDER BY out_octets * 8 / seconds) AS o,
                   greatest(max(in_octets * 8 / seconds), max(out_octets * 8 / seconds)) AS peak,
                   count(*)::int AS n
              FROM ops.traffic_5m
             WHERE at >= ${from}::timestamptz AND at < ${to}::timestamptz
             GROUP BY connection_id) x
      JOIN customer.connection c ON c.id = x.connection_id
    ON CONFLICT (connection_id, month) DO UPDATE
       SET in_p95_bps = excluded.in_p95_bps, out_p95_bps = excluded.out_p95_bps,
           p95_bps = excluded.p95_bps, peak_bps = excluded.peak_bps, samples = excluded.samples,
           updated_at = now()`.execute(db());
  return Number(r.numAffectedRows ?? 0);
}

/**
 * Per port: the connections' 5-minute averages summed per interval (the larger direction), then
 * the month's 95th percentile and peak of those sums, in Mbit/s.
 */
export async function portMonths(
  month: string,
): Promise<{ portId: string; p95Mbps: number; peakMbps: number; samples: number }[]> {
  const { from, to } = jstMonthBounds(month);
  const r = await sql<{ port_id: string; p95: number; peak: number; n: number }>`
    SELECT port_id, percentile_disc(0.95) WITHIN GROUP (ORDER BY v) / 1e6 AS p95,
           max(v) / 1e6 AS peak, count(*)::int AS n
      FROM (SELECT c.port_id, t.at,
                   greatest(sum(t.in_octets * 8 / t.seconds), sum(t.out_octets * 8 / t.seconds)) AS v
              FROM ops.traffic_5m t JOIN customer.connection c ON c.id = t.connection_id
             WHERE t.at >= ${from}::timestamptz AND t.at < ${to}::timestamptz AND c.port_id IS NOT NULL
             GROUP BY c.port_id, t.at) x
     GROUP BY port_id ORDER BY port_id`.execute(db());
  return r.rows.map((x) => ({
    portId: x.port_id,
    p95Mbps: Number(x.p95),
    peakMbps: Number(x.peak),
    samples: x.n,
  }));
}

const NO_SERVICE = '00000000-0000-0000-0000-000000000000';

/** A connection of the tenant in scope (row-level security), within the user's service scope. */
export async function ownConnection(
  id: string,
  serviceScope: string[] | null,
): Promise<{ id: string; bandwidth_mbps: number | string | null } | undefined> {
  let q = db().selectFrom('customer.connection').select(['id', 'bandwidth_mbps']).where('id', '=', id);
  if (serviceScope) q = q.where('service_id', 'in', serviceScope.length ? serviceScope : [NO_SERVICE]);
  return q.executeTakeFirst();
}
