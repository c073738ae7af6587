import { notifyRecipients, type Links } from './notify.ts';
import { claimReminder, setReminderEmails, upcomingMaintenance } from './repository.ts';

const DAY = 86_400_000;

/** The slot key of one reminder: the days before, and the window start it counts from. */
export const reminderSlot = (days: number, windowStart: Date): string =>
  `${days}d@${windowStart.toISOString()}`;

/**
 * Emails the reminders that are due (run by the scheduled job; callable with any `now`). A slot
 * is due once `days` before the window start has passed, if the announcement was already out
 * then (one published 3 days before gets no 14- or 7-day reminder). When several are due at once
 * (the worker was down) only the nearest is sent and the others are marked passed over. The
 * primary key of the slot row makes each reminder go out once, whichever worker runs the sweep.
 */
export async function sendDueReminders(now: Date, days: readonly number[], links: Links): Promise<number> {
  let sent = 0;
  for (const n of await upcomingMaintenance(now)) {
    const start = n.window_start!;
    const published = n.published_at ?? n.created_at;
    const due = days
      .filter(
        (d) => now.getTime() >= start.getTime() - d * DAY && published.getTime() < start.getTime() - d * DAY,
      )
      .sort((a, b) => a - b);
    const [nearest, ...older] = due;
    if (nearest === undefined) continue;
    for (const d of older) await claimReminder(n.id, reminderSlot(d, start), false);
    const slot = reminderSlot(nearest, start);
    if (!(await claimReminder(n.id, slot, true))) continue;
    const emails = await notifyRecipients(n, { kind: 'reminder', days: nearest }, links);
    await setReminderEmails(n.id, slot, emails);
    sent += emails;
  }
  return sent;
}
