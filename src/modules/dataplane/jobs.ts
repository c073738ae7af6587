import { defineJob, defineSchedule } from '../../jobs/registry.ts';
import { inTransaction, systemScope } from '../../db/context.ts';
import { runBackups } from './backup-service.ts';
import { markInterruptedChanges } from './change-recovery.ts';
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

// Every 10 minutes: an execution cut off by a dying process is marked failed, so it stops blocking
// its devices and shows up for a person to check (change-recovery.ts).
defineJob('dataplane.interrupted', async ({ database }) => {
  await inTransaction(database, systemScope(), () => markInterruptedChanges());
});
defineSchedule({ job: 'dataplane.interrupted', everyMs: 10 * 60_000, offsetMs: 5 * 60_000 });
