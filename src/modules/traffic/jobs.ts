import { db, inTransaction, systemScope } from '../../db/context.ts';
import { defineJob, defineSchedule } from '../../jobs/registry.ts';
import { collectDue } from './collect.ts';
import { computeMonths, maintainPartitions, rollupRecent } from './maintenance.ts';

const MIN = 60_000;
const DAY = 86_400_000;

// Counters are read every minute; several workers share the devices due (claimDue).
defineJob('traffic.collect', async ({ database, config }) => {
  await collectDue(database, config, { budgetMs: 50_000, parallel: config.traffic.parallel });
});
defineSchedule({ job: 'traffic.collect', everyMs: MIN });

// Rollups of the buckets written since the last run, every 5 minutes, 1 min 40 s after a bucket
// closes: by then the minute's polls have brought the intervals that start in it, so a bucket is
// usually computed once (a late sample marks it again).
defineJob('traffic.rollup', async ({ database }) => {
  await inTransaction(database, systemScope(), () => rollupRecent(new Date()));
});
defineSchedule({ job: 'traffic.rollup', everyMs: 5 * MIN, offsetMs: 100_000 });

// The month's 95th percentiles (connections, and ports for the capacity view) every hour.
defineJob('traffic.months', async ({ database }) => {
  await inTransaction(database, systemScope(), () => computeMonths(new Date()));
});
defineSchedule({ job: 'traffic.months', everyMs: 60 * MIN, offsetMs: 7 * MIN });

// Partitions ahead and retention, every day; the 1-day series is trimmed when configured.
defineJob('traffic.partitions', async ({ database, config }) => {
  await inTransaction(database, systemScope(), async () => {
    const now = new Date();
    await maintainPartitions(now, config.traffic);
    if (config.traffic.dayDays > 0)
      await db()
        .deleteFrom('ops.traffic_1d')
        .where('at', '<', new Date(now.getTime() - config.traffic.dayDays * DAY))
        .execute();
  });
});
defineSchedule({ job: 'traffic.partitions', everyMs: 24 * 60 * MIN, offsetMs: 2 * 60 * MIN + 30 * MIN });
