import type { Config } from '../../config.ts';
import { upsertUtilisation } from '../capacity/repository.ts';
import { dropPartitionsBefore, ensurePartitions } from './partitions.ts';
import { computeConnectionMonths, portMonths, rollup } from './repository.ts';

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

/**
 * Rolls up the buckets that closed lately, each from the finer series: the two last closed
 * 5-minute buckets (a sample up to 5 minutes late still counts), the last closed hour and JST
 * day shortly after they close. Idempotent; an open bucket is not rolled up (graphs of up to
 * 48 hours read the raw series), so no bucket is recomputed more than twice.
 */
export async function rollupRecent(now: Date): Promise<void> {
  const five = bucketStart('5m', now);
  await rollup('5m', new Date(five.getTime() - 10 * MIN), five);
  const hour = bucketStart('1h', now);
  const lastHour = bucketStart('1h', new Date(now.getTime() - 10 * MIN));
  if (lastHour < hour) await rollup('1h', lastHour, hour);
  const day = bucketStart('1d', now);
  const lastDay = bucketStart('1d', new Date(now.getTime() - 15 * MIN));
  if (lastDay < day) await rollup('1d', lastDay, day);
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
