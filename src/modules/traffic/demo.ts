import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import { jstMonth } from './maintenance.ts';
import { ensurePartitions } from './partitions.ts';
import { computeConnectionMonths, rollup } from './repository.ts';

/**
 * Demo traffic: 5-minute series for the demo connections (one INSERT … generate_series per
 * connection), rolled up into hours and days, with monthly 95th percentiles. The Osaka rack of
 * ミナト精機 grows over the period toward its contracted 200 Mbit/s (the customer journey: its
 * 95th percentile ends up near the contract). Port figures of the capacity view are left to the
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

/** Writes `days` days of 5-minute points ending at `end` (aligned down to 5 minutes). */
export async function seedSeries(
  connectionId: string,
  end: Date,
  days: number,
  p: SeriesProfile,
): Promise<void> {
  const stop = new Date(Math.floor(end.getTime() / 300_000) * 300_000);
  const start = new Date(stop.getTime() - days * 86_400_000);
  const n = days * 288;
  await ensurePartitions('5m', start, stop);
  // a day curve peaking at 14:00 JST, a little deterministic noise, linear growth over the period
  await sql`
    INSERT INTO ops.traffic_5m (connection_id, at, seconds, in_octets, out_octets, in_max_bps, out_max_bps)
    SELECT ${connectionId}::uuid, at, 300, round(v * 300 / 8)::bigint, round(v * ${p.outRatio}::float8 * 300 / 8)::bigint,
           v * 1.25, v * ${p.outRatio}::float8 * 1.25
      FROM (SELECT ${start}::timestamptz + make_interval(secs => k * 300) AS at,
                   ${p.baseBps}::float8 * (1 + ${p.growth}::float8 * k / ${n}::float8)
                   * (0.55 + 0.4 * cos(2 * pi() * ((k % 288) - 60) / 288.0)
                      + 0.05 * ((k::bigint * 2654435761) % 1000) / 1000.0) AS v
              FROM generate_series(0, ${n - 1}::int) k) s
    ON CONFLICT (connection_id, at) DO NOTHING`.execute(db());
}

const DEMO: Record<string, SeriesProfile> = {
  'osaka-rack': { baseBps: 70e6, growth: 1.6, outRatio: 0.45 },
  'tokyo-hq': { baseBps: 30e6, growth: 0.1, outRatio: 1.6 },
  'nagoya-factory': { baseBps: 12e6, growth: 0.05, outRatio: 0.8 },
};
const DEFAULT: SeriesProfile = { baseBps: 8e6, growth: 0.1, outRatio: 1.2 };

export async function seedTrafficDemo(now = new Date(), days = 90): Promise<void> {
  const conns = await db()
    .selectFrom('customer.connection')
    .select(['id', 'name'])
    .where('status', '=', 'active')
    .orderBy('name')
    .execute();
  for (const c of conns) await seedSeries(c.id, now, days, DEMO[c.name] ?? DEFAULT);
  const from = new Date(now.getTime() - days * 86_400_000 - 86_400_000);
  await rollup('1h', from, now);
  await rollup('1d', from, now);
  const months = new Set<string>();
  for (let t = from.getTime(); t <= now.getTime(); t += 86_400_000) months.add(jstMonth(new Date(t)));
  months.add(jstMonth(now));
  for (const m of months) await computeConnectionMonths(m);
}
