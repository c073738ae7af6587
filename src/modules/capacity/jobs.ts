import { inTransaction, systemScope } from '../../db/context.ts';
import { defineJob, defineSchedule } from '../../jobs/registry.ts';
import { checkAlerts, consoleBase } from './alerts.ts';

const HOUR = 3_600_000;

// Capacity thresholds are checked every hour (at 10 past, away from the jobs on the hour).
defineJob('capacity.alerts', async ({ database, config }) => {
  await inTransaction(database, systemScope(), () => checkAlerts(new Date(), consoleBase(config)));
});
defineSchedule({ job: 'capacity.alerts', everyMs: HOUR, offsetMs: 10 * 60_000 });
