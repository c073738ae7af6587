import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import { jstMonth } from './maintenance.ts';
import { ensurePartitions } from './partitions.ts';
import { computeConnectionMonths, jstMonthBounds, ORIGIN, rollup } from './repository.ts';

/**
 * Demo traffic: 5-minute series for the demo connections (one INSERT … generate_series per
 * connection), hourly points before them, rolled up into hours and days, with monthly 95th
 * percentiles. The Osaka rack of ミナト精機 grows over the period toward its contracted
 * 200 Mbit/s (the customer journey: its 95th percentile ends up near the contract). Port figures of the capacity view are left to the
 * capacity demo.
 */

export interface SeriesProfile {
  /** average bits per second at the start of the period */
  baseBps: number;
  /** the average at the end is baseBps × (1 + growth) */
  growth: number;
  /** out/in ratio */
  outRatio: number;
}

/**
 * Writes `days` days of 5-minute points ending at `end` (aligned down to 5 minutes). With
 * `fiveMinuteDays` shorter than `days`, only the last `fiveMinuteDays` (from an hour boundary) are
 * stored as 5-minute points; the earlier part goes straight into the hourly series, each hour the
 * sum and maximum of its twelve 5-minute points, as the rollup would write them, and every JST
 * month starting before that boundary gets its 95th percentile from all of its 5-minute points.
 * Returns the start of the stored 5-minute points.
 */
export async function seedSeries(
  connectionId: string,
  end: Date,
  days: number,
  p: SeriesProfile,
  fiveMinuteDays = days,
): Promise<Date> {
  const stop = new Date(Math.floor(end.getTime() / 300_000) * 300_000);
  const start = new Date(stop.getTime() - days * 86_400_000);
  const n = days * 288;
  const cut =
    fiveMinuteDays >= days
      ? start
      : new Date(Math.floor((stop.getTime() - fiveMinuteDays * 86_400_000) / 3_600_000) * 3_600_000);
  const kCut = Math.round((cut.getTime() - start.getTime()) / 300_000);
  await ensurePartitions('5m', cut, stop);
  // a day curve peaking at 14:00 JST, a little deterministic noise, linear growth over the period
  const points = (k0: number, k1: number) => sql`
    SELECT k, at, round(v * 300 / 8)::bigint AS in_octets,
           round(v * ${p.outRatio}::float8 * 300 / 8)::bigint AS out_octets,
           v * 1.25 AS in_max_bps, v * ${p.outRatio}::float8 * 1.25 AS out_max_bps
      FROM (SELECT k, ${start}::timestamptz + make_interval(secs => k * 300) AS at,
                   ${p.baseBps}::float8 * (1 + ${p.growth}::float8 * k / ${n}::float8)
                   * (0.55 + 0.4 * cos(2 * pi() * ((k % 288) - 60) / 288.0)
                      + 0.05 * ((k::bigint * 2654435761) % 1000) / 1000.0) AS v
              FROM generate_series(${k0}::int, ${k1 - 1}::int) k) s`;
  await sql`
    INSERT INTO ops.traffic_5m (connection_id, at, seconds, in_octets, out_octets, in_max_bps, out_max_bps)
    SELECT ${connectionId}::uuid, at, 300, in_octets, out_octets, in_max_bps, out_max_bps
      FROM (${points(kCut, n)}) g
    ON CONFLICT (connection_id, at) DO NOTHING`.execute(db());
  if (kCut === 0) return cut;
  await ensurePartitions('1h', start, cut);
  // the months starting before the cut, up to the end of the one holding it
  const lastMonth = jstMonthBounds(jstMonth(new Date(cut.getTime() - 1)));
  const kMonths = Math.min(n, Math.ceil((lastMonth.to.getTime() - start.getTime()) / 300_000));
  await sql`
    WITH g AS MATERIALIZED (${points(0, kMonths)}),
    hours AS (
      INSERT INTO ops.traffic_1h (connection_id, at, seconds, in_octets, out_octets, in_max_bps, out_max_bps)
      SELECT ${connectionId}::uuid, date_bin('1 hour', at, ${sql.raw(ORIGIN)}), 300 * count(*),
             sum(in_octets), sum(out_octets), max(in_max_bps), max(out_max_bps)
        FROM g WHERE k < ${kCut}::int GROUP BY 2
      ON CONFLICT (connection_id, at) DO NOTHING)
    INSERT INTO ops.traffic_month (connection_id, month, in_p95_bps, out_p95_bps, p95_bps, peak_bps, samples)
    SELECT ${connectionId}::uuid, month, i, o, greatest(i, o), peak, n
      FROM (SELECT date_trunc('month', at AT TIME ZONE 'Asia/Tokyo')::date AS month,
                   percentile_disc(0.95) WITHIN GROUP (ORDER BY in_octets * 8 / 300::float8) AS i,
                   percentile_disc(0.95) WITHIN GROUP (ORDER BY out_octets * 8 / 300::float8) AS o,
                   greatest(max(in_octets * 8 / 300::float8), max(out_octets * 8 / 300::float8)) AS peak,
                   count(*)::int AS n
              FROM g GROUP BY 1) x
    ON CONFLICT (connection_id, month) DO NOTHING`.execute(db());
  return cut;
}

const DEMO: Record<string, SeriesProfile> = {
  'osaka-rack': { baseBps: 70e6, growth: 1.6, outRatio: 0.45 },
  'tokyo-hq': { baseBps: 30e6, growth: 0.1, outRatio: 1.6 },
  'nagoya-factory': { baseBps: 12e6, growth: 0.05, outRatio: 0.8 },
};
const DEFAULT: SeriesProfile = { baseBps: 8e6, growth: 0.1, outRatio: 1.2 };

/**
 * The demo's 5-minute points cover its last 36 days: every range the graph shows at 5 minutes
 * (up to 35 days), and every month the daily job recomputes from them (the current one, and the
 * previous one in a month's first three days). Its earlier days are hourly points, which is what
 * the graph shows for ranges that old anyway; storing them at 5 minutes too would more than double
 * the time the traffic demo takes to seed.
 */
export const DEMO_FIVE_MINUTE_DAYS = 36;

export async function seedTrafficDemo(now = new Date(), days = 90): Promise<void> {
  const conns = await db()
    .selectFrom('customer.connection')
    .select(['id', 'name'])
    .where('status', '=', 'active')
    .orderBy('name')
    .execute();
  if (conns.length === 0) return;
  let cut = now;
  for (const c of conns)
    cut = await seedSeries(c.id, now, days, DEMO[c.name] ?? DEFAULT, DEMO_FIVE_MINUTE_DAYS);
  const from = new Date(now.getTime() - days * 86_400_000 - 86_400_000);
  await rollup('1h', cut, now);
  await rollup('1d', from, now);
  // the months before the cut have their percentiles from seedSeries
  const months = new Set<string>();
  for (let t = cut.getTime(); t <= now.getTime(); t += 86_400_000) months.add(jstMonth(new Date(t)));
  months.add(jstMonth(now));
  for (const m of months) if (jstMonthBounds(m).from >= cut) await computeConnectionMonths(m);
}
