import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { inTransaction, systemScope } from '../../db/context.ts';
import { defineJob, defineSchedule } from '../../jobs/registry.ts';
import { listenerUrl } from '../../lib/url.ts';
import { consoleBase } from '../capacity/alerts.ts';
import type { Links } from './notify.ts';
import { maintainRoundPartitions } from './prune.ts';
import { dropEmptySlots } from './repository.ts';
import { runProbePass, type PassResult } from './probe.ts';
import { applyScheduledResumes } from './service.ts';
import type { MonitoringSettings } from './settings.ts';

export const linksOf = (config: Config): Links => ({
  portal: config.portalUrl ?? listenerUrl(config.portal.host, config.portal.port),
  console: consoleBase(config),
});

/** One run of the probe job: due automatic resumes first, then every due monitor once. */
export async function monitoringPass(
  database: Database,
  config: Config,
  settings: MonitoringSettings = config.monitoring,
  now: () => Date = () => new Date(),
): Promise<PassResult & { resumed: number }> {
  const resumed = await inTransaction(database, systemScope(), () => applyScheduledResumes(now()));
  const r = await runProbePass(database, settings, linksOf(config), now);
  return { ...r, resumed };
}

// Every 10 s (the shortest interval): each run claims what is due, so monitors keep their own
// intervals; several workers share the work through the claim (FOR UPDATE SKIP LOCKED).
defineJob('monitoring.probe', async ({ database, config }) => {
  await monitoringPass(database, config);
});
defineSchedule({ job: 'monitoring.probe', everyMs: 10_000 });

// Rounds are kept 400 days (a year of monthly availability plus margin): the monthly partitions
// of the coming two months are created ahead, whole months past the retention are dropped.
export const ROUND_RETENTION_DAYS = 400;
defineJob('monitoring.prune', async ({ database }) => {
  await inTransaction(database, systemScope(), async () => {
    await maintainRoundPartitions(new Date(), ROUND_RETENTION_DAYS);
    await dropEmptySlots();
  });
});
defineSchedule({ job: 'monitoring.prune', everyMs: 86_400_000, offsetMs: 4.5 * 3_600_000 });
