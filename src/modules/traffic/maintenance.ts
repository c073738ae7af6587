import type { Config } from '../../config.ts';
import { upsertUtilisation } from '../capacity/repository.ts';
import { dropPartitionsBefore, ensurePartitions } from './partitions.ts';
import { computeConnectionMonths, markDirty, portMonths, rollup, takeDirty } from './repository.ts';

/** What the traffic jobs do, callable directly (tests, demo). Each runs inside a transaction. */

const MIN = 60_000;
const DAY = 86_400_000;

/** The JST calendar month of an instant, as YYYY-MM-01. */
export function jstMonth(t: Date): string {
  const j = new Date(t.getTime() + 9 * 3_600_000);
  return `${j.getUTCFullYear()}-${String(j.getUTCMonth() + 1).padStart(2, '0')}-01`;
}

/** The start of the bucket holding `t`: 5 minutes and hours on UTC (and JST) boundaries, days at JST midnight. */
export function bucketStart(level: '5m' | '1h' | '1d', t: Date): Date {
  const size = level === '5m' ? 5 * MIN : level === '1h' ? 60 * MIN : DAY;
  const jst = level === '1d' ? 9 * 60 * MIN : 0;
  return new Date(Math.floor((t.getTime() + jst) / size) * size - jst);
}

const SIZE = { '5m': 5 * MIN, '1h': 60 * MIN, '1d': DAY } as const;
const COARSER = { '5m': '1h', '1h': '1d' } as const;

/** Consecutive buckets joined into ranges [from, to), one statement each. */
function ranges(buckets: Date[], size: number): [Date, Date][] {
  const out: [Date, Date][] = [];
  for (const b of buckets) {
    const last = out[out.length - 1];
    const end = new Date(b.getTime() + size);
    if (last && last[1].getTime() === b.getTime()) last[1] = end;
    else out.push([b, end]);
  }
  return out;
}

/**
 * Rolls up what changed: the closed 5-minute buckets written since the last run (ingest marks
 * them dirty), then the closed hours holding those, then the closed JST days holding those
 * hours, each from the finer series. A bucket still open is left for a later run (graphs of up
 * to 48 hours read the raw series). Idempotent; a bucket is computed again only when a late
 * sample lands in it, however late. Returns the buckets rolled up per level.
 */
export async function rollupRecent(now: Date): Promise<Record<'5m' | '1h' | '1d', number>> {
  const done = { '5m': 0, '1h': 0, '1d': 0 };
  for (const level of ['5m', '1h', '1d'] as const) {
    const buckets = await takeDirty(level, SIZE[level], now);
    for (const [from, to] of ranges(buckets, SIZE[level])) await rollup(level, from, to);
    done[level] = buckets.length;
    if (level !== '1d')
      await markDirty(COARSER[level], [
        ...new Map(
          buckets.map((b) => bucketStart(COARSER[level], b)).map((b) => [b.getTime(), b] as const),
        ).values(),
      ]);
  }
  return done;
}

/**
 * The month's 95th percentiles per connection and per port; the port figures go to the capacity
 * view (ops.port_utilisation_month). In the first three days of a month the previous one is
 * recomputed too, so its last samples count.
 */
export async function computeMonths(now: Date): Promise<string[]> {
  const months = [jstMonth(now)];
  const earlier = jstMonth(new Date(now.getTime() - 3 * DAY));
  if (earlier !== months[0]) months.unshift(earlier);
  for (const month of months) {
    await computeConnectionMonths(month);
    const ports = await portMonths(month);
    await upsertUtilisation(ports.map((p) => ({ ...p, month })));
  }
  return months;
}

/** Partitions for the coming days and months exist; those past their retention are dropped. */
export async function maintainPartitions(now: Date, retention: Config['traffic']): Promise<string[]> {
  await ensurePartitions('raw', now, new Date(now.getTime() + 3 * DAY));
  await ensurePartitions('5m', now, new Date(now.getTime() + 35 * DAY));
  await ensurePartitions('1h', now, new Date(now.getTime() + 35 * DAY));
  const dropped = [
    ...(await dropPartitionsBefore('raw', new Date(now.getTime() - retention.rawDays * DAY))),
    ...(await dropPartitionsBefore('5m', new Date(now.getTime() - retention.fiveMinuteDays * DAY))),
    ...(await dropPartitionsBefore('1h', new Date(now.getTime() - retention.hourDays * DAY))),
  ];
  return dropped;
}
