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

/** Recomputes the recent buckets of every rollup (idempotent; late samples are caught up). */
export async function rollupRecent(now: Date): Promise<void> {
  await rollup('5m', new Date(now.getTime() - 20 * MIN), now);
  await rollup('1h', new Date(now.getTime() - 2 * 60 * MIN), now);
  await rollup('1d', new Date(now.getTime() - 2 * DAY), now);
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
