import { defineJob, defineSchedule } from '../../jobs/registry.ts';
import { scheduledRun } from './runner.ts';

// The evidence checks run every PVA_COMPLIANCE_EVERY_MINUTES (60); the job is looked at every
// 5 minutes and runs when the last scheduled run is old enough, so the period is configurable.
// It also prunes runs older than PVA_COMPLIANCE_RETENTION_DAYS.
defineJob('compliance.run', async ({ database, config }) => {
  await scheduledRun(config, database);
});
defineSchedule({ job: 'compliance.run', everyMs: 5 * 60_000, offsetMs: 150_000 });
