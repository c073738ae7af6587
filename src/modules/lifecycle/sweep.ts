import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { inTransaction, systemScope } from '../../db/context.ts';
import { queueEmail } from '../../jobs/outbox.ts';
import { zonedDate } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { staffRecipients } from '../capacity/alert-repository.ts';
import { cleanupAfterSend } from './certificate-service.ts';
import { addDays, erasureDay } from './dates.ts';
import { staffAlertMail, unconfirmedMail } from './emails.ts';
import { listTerminations, updateTermination } from './repository.ts';
import { notifyAdmins, revokeSessions, stopServices } from './service.ts';

/** Staff are alerted from this day of the erasure period while erasure has not completed. */
export const ALERT_FROM_DAY = 80;
const REMIND_BEFORE_MS = 7 * 86_400_000;

export interface SweepResult {
  reminded: number;
  stopped: number;
  erasuresDue: string[];
  alerted: number;
  /** requests still unconfirmed within a week of their date, listed to staff once a day */
  unconfirmed: number;
  cleaned: number;
}

/**
 * One pass over the open terminations, each step in a transaction of its own and re-checked
 * under the row lock (stopServices), so overlapping passes of several workers do no harm.
 */
export async function sweepTerminations(
  database: Database,
  _config: Config,
  consoleUrl: string | null,
  now: Date,
  enqueueErasure: (terminationId: string) => Promise<unknown>,
): Promise<SweepResult> {
  const tx = <T>(fn: () => Promise<T>) => inTransaction(database, systemScope(), fn);
  const res: SweepResult = {
    reminded: 0,
    stopped: 0,
    erasuresDue: [],
    alerted: 0,
    unconfirmed: 0,
    cleaned: 0,
  };
  const open = await tx(() => listTerminations({ includeCancelled: false }));
  const late: { tenant: string; day: number; deadlineDate: string; id: string }[] = [];
  const unconfirmed: { tenant: string; terminationDate: string; id: string }[] = [];
  const today = zonedDate(now);
  for (const t of open) {
    if (
      t.status === 'confirmed' &&
      !t.reminded_at &&
      t.stop_at.getTime() - now.getTime() <= REMIND_BEFORE_MS &&
      now < t.stop_at
    ) {
      await tx(async () => {
        await notifyAdmins('reminder', t);
        await updateTermination(t.id, { reminded_at: now });
      });
      res.reminded++;
    }
    if (
      t.status === 'requested' &&
      t.stop_at.getTime() - now.getTime() <= REMIND_BEFORE_MS &&
      t.last_alert_on !== today
    )
      unconfirmed.push({
        tenant: `${t.tenant_name} (${t.tenant_code})`,
        terminationDate: t.termination_date,
        id: t.id,
      });
    if (t.status === 'confirmed' && now >= t.stop_at) {
      if (await tx(() => stopServices(t.id, now))) res.stopped++;
      continue;
    }
    if (t.status === 'stopped' && now >= t.grace_until)
      await tx(() => revokeSessions(t.tenant_id, 'all', now));
    if ((t.status === 'stopped' || t.status === 'erasing') && now >= t.erase_at) {
      await enqueueErasure(t.id);
      res.erasuresDue.push(t.id);
    }
    if (t.status === 'stopped' || t.status === 'erasing') {
      const { day } = erasureDay(t.termination_date, now);
      if (day >= ALERT_FROM_DAY && t.last_alert_on !== today)
        late.push({
          tenant: `${t.tenant_name} (${t.tenant_code})`,
          day,
          deadlineDate: addDays(t.termination_date, 90),
          id: t.id,
        });
    }
  }
  if (late.length) {
    // one email a day listing every late tenant; the day is recorded with it, so a restart does not repeat it
    await tx(async () => {
      const mail = staffAlertMail(late, consoleUrl ?? '');
      for (const s of await staffRecipients(['admin', 'security']))
        await queueEmail({ to: s.email, ...mail });
      for (const l of late) await updateTermination(l.id, { last_alert_on: today });
      await recordAudit({
        action: 'lifecycle.erasure.alert',
        summary: { terminations: late.map((l) => l.id), days: late.map((l) => l.day) },
      });
    });
    res.alerted = late.length;
  }
  if (unconfirmed.length) {
    // a request nobody confirms never stops the services: admins hear of it daily from a week before
    await tx(async () => {
      const mail = unconfirmedMail(unconfirmed, consoleUrl ?? '');
      for (const s of await staffRecipients(['admin'])) await queueEmail({ to: s.email, ...mail });
      for (const u of unconfirmed) await updateTermination(u.id, { last_alert_on: today });
      await recordAudit({
        action: 'lifecycle.unconfirmed.alert',
        summary: { terminations: unconfirmed.map((u) => u.id) },
      });
    });
    res.unconfirmed = unconfirmed.length;
  }
  res.cleaned = await tx(() => cleanupAfterSend());
  return res;
}
