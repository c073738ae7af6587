import { sql, type Selectable } from 'kysely';
import { db } from '../../db/context.ts';
import type {
  IncidentReport,
  NoticeEventKind,
  NoticeKind,
  NoticeStatus,
  NoticeTable,
  NoticeTarget,
  Severity,
} from '../../db/schema-notices.ts';

/** Provider-side reads and writes of notices (ops) and of whom they reached (staff view). */

export type NoticeRow = Selectable<NoticeTable>;

export async function nextNumber(kind: NoticeKind, year: number): Promise<string> {
  const seq = kind === 'incident' ? 'ops.incident_number_seq' : 'ops.announcement_number_seq';
  const r = await sql<{ n: string }>`SELECT nextval(${seq})::text AS n`.execute(db());
  return `${kind === 'incident' ? 'INC' : 'ANN'}-${year}-${r.rows[0]!.n.padStart(6, '0')}`;
}

export interface NewNotice {
  number: string;
  kind: NoticeKind;
  severity: Severity | null;
  status: NoticeStatus;
  title_ja: string;
  title_en: string;
  body_ja: string;
  body_en: string;
  window_start: Date | null;
  window_end: Date | null;
  target: NoticeTarget;
  created_by: string;
  published_by?: string | null;
  published_at?: Date | null;
}

export async function insertNotice(n: NewNotice): Promise<string> {
  const r = await db()
    .insertInto('ops.notice')
    .values({ ...n, target: JSON.stringify(n.target), report: null, closed_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function getNotice(id: string): Promise<NoticeRow | undefined> {
  return db().selectFrom('ops.notice').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The notice locked for the rest of the transaction: one change at a time. */
export async function lockNotice(id: string): Promise<NoticeRow | undefined> {
  return db().selectFrom('ops.notice').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export interface NoticePatch {
  status?: NoticeStatus;
  title_ja?: string;
  title_en?: string;
  body_ja?: string;
  body_en?: string;
  window_start?: Date | null;
  window_end?: Date | null;
  target?: NoticeTarget;
  report?: IncidentReport;
  published_by?: string;
  published_at?: Date;
  closed_at?: Date;
  bumpSequence?: boolean;
}

export async function updateNotice(id: string, p: NoticePatch): Promise<void> {
  const { target, report, bumpSequence, ...rest } = p;
  await db()
    .updateTable('ops.notice')
    .set({
      ...rest,
      ...(target ? { target: JSON.stringify(target) } : {}),
      ...(report ? { report: JSON.stringify(report) } : {}),
      ...(bumpSequence ? { sequence: sql<number>`sequence + 1` } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

export interface ListFilter {
  incidents: boolean;
  status?: NoticeStatus | undefined;
  limit: number;
  offset: number;
}

export async function listNotices(f: ListFilter): Promise<NoticeRow[]> {
  let q = db()
    .selectFrom('ops.notice')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('number', 'desc')
    .limit(f.limit)
    .offset(f.offset);
  q = f.incidents ? q.where('kind', '=', 'incident') : q.where('kind', '<>', 'incident');
  if (f.status) q = q.where('status', '=', f.status);
  return q.execute();
}

export async function insertEvent(e: {
  notice_id: string;
  kind: NoticeEventKind;
  status: NoticeStatus;
  body_ja?: string;
  body_en?: string;
  staff_id: string | null;
  emails: number;
  /** the demo data back-dates its timeline */
  at?: Date;
}): Promise<void> {
  await db().insertInto('ops.notice_event').values(e).execute();
}

export interface EventRow {
  id: string;
  at: Date;
  kind: NoticeEventKind;
  status: NoticeStatus;
  body_ja: string;
  body_en: string;
  staff_id: string | null;
  staff_name: string | null;
  emails: number;
}

export async function listEvents(noticeId: string): Promise<EventRow[]> {
  return db()
    .selectFrom('ops.notice_event as e')
    .leftJoin('ops.staff as s', 's.id', 'e.staff_id')
    .select([
      sql<string>`e.id::text`.as('id'),
      'e.at',
      'e.kind',
      'e.status',
      'e.body_ja',
      'e.body_en',
      'e.staff_id',
      's.name as staff_name',
      'e.emails',
    ])
    .where('e.notice_id', '=', noticeId)
    .orderBy('e.id')
    .execute();
}

/** Whom the notice reached and who acknowledged, for staff (provider scope). */
export interface RecipientRow {
  tenant_id: string;
  tenant_code: string;
  tenant_name: string;
  service_ids: string[];
  notified_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
}

export async function listRecipients(noticeId: string): Promise<RecipientRow[]> {
  return db()
    .selectFrom('customer.notice_recipient as r')
    .innerJoin('ops.tenant as t', 't.id', 'r.tenant_id')
    .leftJoin('customer.app_user as u', 'u.id', 'r.acknowledged_by')
    .select([
      'r.tenant_id',
      't.code as tenant_code',
      't.name as tenant_name',
      'r.service_ids',
      'r.notified_at',
      'r.acknowledged_at',
      'r.acknowledged_by',
      'u.name as acknowledged_by_name',
    ])
    .where('r.notice_id', '=', noticeId)
    .orderBy('t.code')
    .execute();
}

export async function insertRecipient(r: { notice_id: string; tenant_id: string; service_ids: string[] }) {
  await db()
    .insertInto('customer.notice_recipient')
    .values({ ...r, acknowledged_by: null, acknowledged_at: null })
    .execute();
}

/** Service codes by id (provider scope), for emails and the staff view. */
export async function servicesById(
  ids: string[],
): Promise<Map<string, { code: string; label: string; type: string }>> {
  if (!ids.length) return new Map();
  const rows = await db()
    .selectFrom('customer.service')
    .select(['id', 'code', 'label', 'type'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * The tenant's operations managers (運用管理担当者): its active administrators. An administrator
 * limited to some services hears only of notices that touch one of them.
 */
export async function operationsManagers(tenantId: string, serviceIds: string[]): Promise<string[]> {
  const rows = await db()
    .selectFrom('customer.app_user')
    .select(['email', 'service_scope'])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'active')
    .where('role', '=', 'admin')
    .orderBy('email')
    .execute();
  const emails = rows
    .filter(
      (r) => !r.service_scope || !serviceIds.length || r.service_scope.some((s) => serviceIds.includes(s)),
    )
    .map((r) => r.email.toLowerCase());
  return [...new Set(emails)];
}

/** Published maintenance windows that have not started yet: the reminder sweep's work. */
export async function upcomingMaintenance(now: Date): Promise<NoticeRow[]> {
  return db()
    .selectFrom('ops.notice')
    .selectAll()
    .where('kind', '=', 'maintenance')
    .where('status', '=', 'published')
    .where('window_start', '>', now)
    .orderBy('window_start')
    .execute();
}

/** Claims a reminder slot; false when it was already taken (sent or passed over). */
export async function claimReminder(noticeId: string, slot: string, sent: boolean): Promise<boolean> {
  const r = await db()
    .insertInto('ops.notice_reminder')
    .values({ notice_id: noticeId, slot, sent })
    .onConflict((oc) => oc.doNothing())
    .returning('slot')
    .executeTakeFirst();
  return r !== undefined;
}

export async function setReminderEmails(noticeId: string, slot: string, emails: number): Promise<void> {
  await db()
    .updateTable('ops.notice_reminder')
    .set({ emails })
    .where('notice_id', '=', noticeId)
    .where('slot', '=', slot)
    .execute();
}
