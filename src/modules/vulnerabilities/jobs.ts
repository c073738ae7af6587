import { inTransaction, systemScope } from '../../db/context.ts';
import { defineJob, defineSchedule } from '../../jobs/registry.ts';
import { consoleBase } from '../capacity/alerts.ts';
import { recordDay } from './daily.ts';
import { fetchFeeds } from './feeds.ts';
import { runMatching } from './matcher.ts';

const MINUTE = 60_000;

// Advisory feeds are fetched hourly (at 20 past, away from the other hourly jobs).
defineJob('vulnerabilities.feeds', async ({ database, config }) => {
  if (config.vulnerabilities.feedUrls.length) await fetchFeeds(database, config, consoleBase(config));
});
defineSchedule({ job: 'vulnerabilities.feeds', everyMs: 60 * MINUTE, offsetMs: 20 * MINUTE });

// Every advisory against the whole inventory. A change of the inventory enqueues this job at once
// from a database trigger (migration 0024), whatever module or path made it; the 15-minute
// schedule remains as a safety net.
defineJob('vulnerabilities.rematch', async ({ database, config }) => {
  await inTransaction(database, systemScope(), () =>
    runMatching(config.vulnerabilities, { consoleBase: consoleBase(config) }),
  );
});
defineSchedule({ job: 'vulnerabilities.rematch', everyMs: 15 * MINUTE, offsetMs: 7 * MINUTE });

// A trend row for every JST day, even one without changes (just after midnight JST).
defineJob('vulnerabilities.daily', async ({ database }) => {
  await inTransaction(database, systemScope(), () => recordDay(new Date()));
});
defineSchedule({ job: 'vulnerabilities.daily', everyMs: 24 * 60 * MINUTE, offsetMs: 5 * MINUTE });
