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

/**
 * Takes one counter sample per connection: turns it into an interval with the previous sample
 * (wraps counted, resets skipped), writes the intervals into ops.traffic_raw and keeps the sample
 * as the new previous one. Rows are locked, so concurrent writers of one connection serialise.
 */
export async function ingest(
  samples: { connectionId: string; sample: CounterSample }[],
): Promise<IngestResult> {
  const out: IngestResult = { written: 0, resets: 0, skipped: 0 };
  if (samples.length === 0) return out;
  const ids = samples.map((s) => s.connectionId);
  const prev = await sql<{
    connection_id: string;
    last_at: Date | null;
    last_in: string | number | null;
    last_out: string | number | null;
    last_uptime: string | number | null;
  }>`SELECT connection_id, last_at, last_in::text AS last_in, last_out::text AS last_out, last_uptime
       FROM ops.traffic_interface WHERE connection_id = ANY(${ids}::uuid[])
      ORDER BY connection_id FOR UPDATE`.execute(db());
  const byId = new Map(prev.rows.map((r) => [r.connection_id, r]));
  const raw: { c: string; at: string; s: number; i: string; o: string }[] = [];
  const resetIds: string[] = [];
  for (const { connectionId, sample } of samples) {
    const p = byId.get(connectionId);
    if (!p) continue;
    if (p.last_at && p.last_in !== null && p.last_out !== null) {
      const iv = intervalBetween(
        {
          at: new Date(p.last_at),
          inOctets: big(p.last_in)!,
          outOctets: big(p.last_out)!,
          uptime: big(p.last_uptime),
        },
        sample,
      );
      if (iv.kind === 'ok')
        raw.push({
          c: connectionId,
          at: iv.at.toISOString(),
          s: iv.seconds,
          i: String(iv.inOctets),
          o: String(iv.outOctets),
        });
      else if (iv.kind === 'reset') resetIds.push(connectionId);
      else out.skipped++;
    }
  }
  if (raw.length) {
    const ats = raw.map((r) => new Date(r.at).getTime());
    await ensurePartitions('raw', new Date(Math.min(...ats)), new Date(Math.max(...ats)));
    const r = await sql`
      INSERT INTO ops.traffic_raw (connection_id, at, seconds, in_octets, out_octets)
      SELECT * FROM unnest(${raw.map((x) => x.c)}::uuid[], ${raw.map((x) => x.at)}::timestamptz[],
                           ${raw.map((x) => x.s)}::float8[], ${raw.map((x) => x.i)}::bigint[],
                           ${raw.map((x) => x.o)}::bigint[])
      ON CONFLICT DO NOTHING`.execute(db());
    out.written = Number(r.numAffectedRows ?? 0);
  }
  out.resets = resetIds.length;
  const known = samples.filter((s) => byId.has(s.connectionId));
  await sql`
    UPDATE ops.traffic_interface t
       SET last_at = v.at, last_in = v.i, last_out = v.o, last_uptime = v.u,
           resets = t.resets + CASE WHEN v.c = ANY(${resetIds}::uuid[]) THEN 1 ELSE 0 END
      FROM unnest(${known.map((s) => s.connectionId)}::uuid[],
                  ${known.map((s) => s.sample.at.toISOString())}::timestamptz[],
                  ${known.map((s) => String(s.sample.inOctets))}::numeric[],
                  ${known.map((s) => String(s.sample.outOctets))}::numeric[],
                  ${known.map((s) => (s.sample.uptime === null ? null : String(s.sample.uptime)))}::bigint[])
           AS v(c, at, i, o, u)
     WHERE t.connection_id = v.c`.execute(db());
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
