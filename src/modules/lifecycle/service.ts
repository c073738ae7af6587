import { sql } from 'kysely';
import { AppError, notFound, type Lang } from '../../app/errors.ts';
import type { Config } from '../../config.ts';
import { db } from '../../db/context.ts';
import { queueEmail } from '../../jobs/outbox.ts';
import { zonedDate } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { prepareChange } from '../dataplane/change-service.ts';
import { erasureSchedule, isCalendarDate, terminationDates } from './dates.ts';
import { consoleBase } from '../capacity/alerts.ts';
import { staffRecipients } from '../capacity/alert-repository.ts';
import { noticeMail, staffRequestMail, type NoticeKind } from './emails.ts';
import { insertTermination, lockTermination, updateTermination, type TerminationRow } from './repository.ts';

type LifecycleConfig = Pick<Config, 'lifecycle' | 'mgmtUrl' | 'mgmt'>;

const invalidDate = (field: string, lang: Lang, ja: string, en: string) =>
  new AppError('validation_failed', { fields: [{ field, code: 'date', message: lang === 'ja' ? ja : en }] });

/** A termination date must be a real date, today or later (JST): the customer chooses it. */
function checkDate(date: string, field: string, lang: Lang, now: Date): void {
  if (!isCalendarDate(date)) throw invalidDate(field, lang, '日付が正しくありません。', 'Not a valid date.');
  if (date < zonedDate(now))
    throw invalidDate(field, lang, '過去の日付は指定できません。', 'The date must not be in the past.');
}

export async function adminEmails(tenantId: string): Promise<string[]> {
  const rows = await db()
    .selectFrom('customer.app_user')
    .select('email')
    .where('tenant_id', '=', tenantId)
    .where('role', '=', 'admin')
    .where('status', '<>', 'disabled')
    .execute();
  return [...new Set(rows.map((r) => r.email))];
}

export async function notifyAdmins(kind: NoticeKind, t: TerminationRow): Promise<void> {
  const mail = noticeMail(kind, {
    tenantName: t.tenant_name,
    terminationDate: t.termination_date,
    stopAt: t.stop_at,
    graceUntil: t.grace_until,
    deadline: t.deadline,
    eraseAt: t.erase_at,
  });
  for (const to of await adminEmails(t.tenant_id)) await queueEmail({ to, tenantId: t.tenant_id, ...mail });
}

/** Creates a termination: by a customer administrator (to be confirmed) or by staff (confirmed). */
export async function requestTermination(
  config: LifecycleConfig,
  input: { tenantId: string; terminationDate: string; eraseOn?: string | null },
  by: { kind: 'customer' | 'staff'; id: string },
  lang: Lang,
  now = new Date(),
): Promise<TerminationRow> {
  checkDate(input.terminationDate, '/body/terminationDate', lang, now);
  const d = terminationDates(input.terminationDate);
  if (input.eraseOn) {
    if (
      !isCalendarDate(input.eraseOn) ||
      input.eraseOn <= input.terminationDate ||
      input.eraseOn > d.deadlineDate
    )
      throw invalidDate(
        '/body/eraseOn',
        lang,
        '消去日は解約日の翌日から消去期限までの日付です。',
        'The erasure date must be after the termination date and no later than the deadline.',
      );
  }
  const tenant = await db()
    .selectFrom('ops.tenant')
    .select('status')
    .where('id', '=', input.tenantId)
    .executeTakeFirst();
  if (!tenant) throw notFound();
  if (tenant.status !== 'active') throw new AppError('conflict');
  const s = erasureSchedule(input.terminationDate, {
    delayDays: config.lifecycle.erasureDelayDays,
    graceDays: config.lifecycle.graceDays,
    eraseOn: input.eraseOn ?? null,
  });
  const id = await insertTermination({
    tenantId: input.tenantId,
    terminationDate: input.terminationDate,
    status: by.kind === 'staff' ? 'confirmed' : 'requested',
    requestedByKind: by.kind,
    requestedBy: by.id,
    confirmedBy: by.kind === 'staff' ? by.id : null,
    stopAt: d.stopAt,
    deadline: d.deadline,
    eraseAt: s.eraseAt,
    graceUntil: s.graceUntil,
  });
  if (!id) throw new AppError('conflict');
  await db()
    .updateTable('ops.tenant')
    .set({ status: 'terminating' })
    .where('id', '=', input.tenantId)
    .execute();
  await db()
    .updateTable('customer.contract')
    .set({ status: 'terminating', end_date: input.terminationDate })
    .where('tenant_id', '=', input.tenantId)
    .where('status', '=', 'active')
    .execute();
  const t = (await lockTermination(id))!;
  await notifyAdmins(by.kind === 'staff' ? 'confirmed' : 'requested', t);
  if (by.kind === 'customer') {
    // only provider administrators confirm (tenants.manage): they hear of it at once
    const mail = staffRequestMail(
      { tenant: `${t.tenant_name} (${t.tenant_code})`, terminationDate: t.termination_date },
      consoleBase(config) ?? '',
    );
    for (const s of await staffRecipients(['admin'])) await queueEmail({ to: s.email, ...mail });
  }
  return t;
}

/** Provider staff confirm a customer's request. */
export async function confirmTermination(id: string, staffId: string): Promise<TerminationRow> {
  const t = await lockTermination(id);
  if (!t) throw notFound();
  if (t.status !== 'requested') throw new AppError('conflict');
  await updateTermination(id, { status: 'confirmed', confirmed_by: staffId, confirmed_at: new Date() });
  const after = (await lockTermination(id))!;
  await notifyAdmins('confirmed', after);
  return after;
}

/** Cancels before the termination date has ended; the tenant and contracts are active again. */
export async function cancelTermination(id: string, now = new Date()): Promise<TerminationRow> {
  const t = await lockTermination(id);
  if (!t) throw notFound();
  if ((t.status !== 'requested' && t.status !== 'confirmed') || now >= t.stop_at)
    throw new AppError('conflict');
  await updateTermination(id, { status: 'cancelled', cancelled_at: now });
  await db().updateTable('ops.tenant').set({ status: 'active' }).where('id', '=', t.tenant_id).execute();
  await db()
    .updateTable('customer.contract')
    .set({ status: 'active', end_date: null })
    .where('tenant_id', '=', t.tenant_id)
    .where('status', '=', 'terminating')
    .execute();
  await notifyAdmins('cancelled', t);
  return (await lockTermination(id))!;
}

/** Staff set an earlier erasure (never before the stop, never after the deadline). */
export async function setErasureDate(
  config: LifecycleConfig,
  id: string,
  eraseOn: string,
  lang: Lang,
): Promise<TerminationRow> {
  const t = await lockTermination(id);
  if (!t) throw notFound();
  if (t.status === 'cancelled' || t.status === 'erasing' || t.status === 'erased')
    throw new AppError('conflict');
  const d = terminationDates(t.termination_date);
  if (!isCalendarDate(eraseOn) || eraseOn <= t.termination_date || eraseOn > d.deadlineDate)
    throw invalidDate(
      '/body/eraseOn',
      lang,
      '消去日は解約日の翌日から消去期限までの日付です。',
      'The erasure date must be after the termination date and no later than the deadline.',
    );
  const s = erasureSchedule(t.termination_date, {
    delayDays: config.lifecycle.erasureDelayDays,
    graceDays: config.lifecycle.graceDays,
    eraseOn,
  });
  await updateTermination(id, { erase_at: s.eraseAt, grace_until: s.graceUntil });
  return (await lockTermination(id))!;
}

/**
 * The end of the termination date: connections are disabled in the model and a provider change
 * record (submitted, for a second person's approval and execution through the driver) removes
 * them from the equipment; monitors stop; sessions and API tokens end, except administrators'
 * sessions during the export grace period.
 */
export async function stopServices(id: string, now = new Date()): Promise<boolean> {
  const t = await lockTermination(id);
  if (!t || t.status !== 'confirmed' || now < t.stop_at) return false;
  const conns = await db()
    .selectFrom('customer.connection as c')
    .leftJoin('ops.port as p', 'p.id', 'c.port_id')
    .leftJoin('ops.device as d', 'd.id', 'p.device_id')
    .select(['c.id', 'p.device_id', 'd.status as device_status'])
    .where('c.tenant_id', '=', t.tenant_id)
    .where('c.status', 'in', ['planned', 'active'])
    .execute();
  await db()
    .updateTable('customer.connection')
    .set({ status: 'disabled' })
    .where('tenant_id', '=', t.tenant_id)
    .where('status', 'in', ['planned', 'active'])
    .execute();
  const deviceIds = [
    ...new Set(conns.filter((c) => c.device_id && c.device_status !== 'disposed').map((c) => c.device_id!)),
  ];
  let changeId: string | null = null;
  if (deviceIds.length) {
    changeId = await prepareChange(
      {
        title: `解約 / Termination: ${t.tenant_code} (${t.termination_date})`,
        deviceIds,
        riskLevel: 'medium',
        riskAssessment:
          `お客様 ${t.tenant_code} の解約日（${t.termination_date}）が終了しました。この顧客の接続 ${conns.length} 件を機器から削除します。` +
          `差分がこの顧客の接続の削除だけであることを確認してください。\n\n` +
          `The termination date of customer ${t.tenant_code} (${t.termination_date}) has ended: this removes its ${conns.length} connection(s) from the equipment. ` +
          `Check that the diff removes only this customer's connections.`,
        directConnectionIds: conns.map((c) => c.id),
        submit: true,
        strict: false,
      },
      { kind: 'system', id: null },
      'en',
    );
  }
  await db()
    .updateTable('customer.monitor')
    .set({
      paused_at: now,
      paused_by_kind: 'staff',
      paused_by: null,
      pause_reason: 'contract terminated',
      resume_at: null,
    })
    .where('tenant_id', '=', t.tenant_id)
    .where('paused_at', 'is', null)
    .execute();
  await db()
    .updateTable('iam.api_token')
    .set({ revoked_at: now })
    .where('tenant_id', '=', t.tenant_id)
    .where('revoked_at', 'is', null)
    .execute();
  await revokeSessions(t.tenant_id, now < t.grace_until ? 'non-admins' : 'all', now);
  await updateTermination(id, { status: 'stopped', stopped_at: now, change_id: changeId });
  await db().updateTable('ops.tenant').set({ status: 'terminated' }).where('id', '=', t.tenant_id).execute();
  await db()
    .updateTable('customer.contract')
    .set({ status: 'terminated' })
    .where('tenant_id', '=', t.tenant_id)
    .where('status', 'in', ['active', 'terminating'])
    .execute();
  await recordAudit({
    action: 'lifecycle.services.stop',
    tenantId: t.tenant_id,
    targetType: 'termination',
    targetId: t.id,
    summary: { connections: conns.length, change: changeId, graceUntil: t.grace_until.toISOString() },
  });
  await notifyAdmins('stopped', t);
  return true;
}

/** Ends the tenant's sessions: every one, or all but administrators' (export grace). */
export async function revokeSessions(
  tenantId: string,
  which: 'all' | 'non-admins',
  now = new Date(),
): Promise<number> {
  const r = await sql`UPDATE iam.session s SET revoked_at = ${now}
     WHERE s.tenant_id = ${tenantId}::uuid AND s.revoked_at IS NULL AND s.principal_kind = 'customer'
       AND (${which === 'all'} OR NOT EXISTS (SELECT 1 FROM customer.app_user u
             WHERE u.id = s.principal_id AND u.role = 'admin'))`.execute(db());
  return Number(r.numAffectedRows ?? 0);
}
