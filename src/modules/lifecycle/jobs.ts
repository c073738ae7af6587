import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { inTransaction, systemScope } from '../../db/context.ts';
import { enqueue } from '../../jobs/queue.ts';
import { defineJob, defineSchedule } from '../../jobs/registry.ts';
import { zonedDate } from '../../lib/time.ts';
import { consoleBase } from '../capacity/alerts.ts';
import { sweepTerminations } from './sweep.ts';
import { eraseTenant } from './erase.ts';

/** One pass of the lifecycle sweep; erasures it finds due are enqueued as jobs of their own. */
export async function lifecyclePass(database: Database, config: Config, now = new Date()) {
  return sweepTerminations(database, config, consoleBase(config), now, (id) =>
    inTransaction(database, systemScope(), () =>
      enqueue(
        'lifecycle.erase',
        { terminationId: id },
        { singletonKey: `lifecycle.erase:${id}:${zonedDate(now)}` },
      ),
    ),
  );
}

// Every 5 minutes: stops at the end of the termination date, reminders, due erasures, day-80 alerts.
defineJob('lifecycle.sweep', async ({ database, config }) => {
  await lifecyclePass(database, config);
});
defineSchedule({ job: 'lifecycle.sweep', everyMs: 5 * 60_000 });

// The erasure itself: resumable, so a retry after a crash simply continues.
defineJob('lifecycle.erase', async ({ database, config, payload }) => {
  await eraseTenant(database, config, String(payload.terminationId));
});
