import { inTransaction, systemScope } from '../../db/context.ts';
import { defineJob, defineSchedule } from '../../jobs/registry.ts';
import { listenerUrl } from '../../lib/url.ts';
import { sendDueReminders } from './reminders.ts';

const HOUR = 3_600_000;

// Maintenance reminders (PVA_NOTICE_REMINDER_DAYS, default 14, 7 and 1 days before the window):
// checked every hour at 20 past; each slot goes out once (ops.notice_reminder).
defineJob('notices.reminders', async ({ database, config }) => {
  const portal = config.portalUrl ?? listenerUrl(config.portal.host, config.portal.port);
  await inTransaction(database, systemScope(), () =>
    sendDueReminders(new Date(), config.notices.reminderDays, { portal }),
  );
});
defineSchedule({ job: 'notices.reminders', everyMs: HOUR, offsetMs: 20 * 60_000 });
