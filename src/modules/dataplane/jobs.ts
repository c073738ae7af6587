import { defineJob, defineSchedule } from '../../jobs/registry.ts';
import { runBackups } from './backup-service.ts';
import { useDataplaneConfig } from './env.ts';

const HOUR = 3_600_000;

// Every night at 02:30 local time (JST by default), before the audit verification at 03:00: each
// device's running configuration is backed up (a new version only when it changed) and compared
// with the intended configuration; drift is flagged (docs/change-management.md).
defineJob('dataplane.backup', async ({ database, config }) => {
  useDataplaneConfig(config);
  await runBackups(database, { source: 'scheduled' });
});
defineSchedule({ job: 'dataplane.backup', everyMs: 24 * HOUR, offsetMs: 2.5 * HOUR });
