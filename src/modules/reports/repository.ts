import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import type {
  EventReportCategory,
  EventReportEventKind,
  EventReportStatus,
} from '../../db/schema-reports.ts';

/** One event report as both listeners read it (RLS limits a portal transaction to its tenant). */
export interface ReportRow {
  id: string;
  tenant_id: string;
  tenant_code: string;
  tenant_name: string;
  number: string;
  category: EventReportCategory;
  title: string;
  description: string;
  status: EventReportStatus;
  reported_by: string | null;
  reporter_name: string | null;
  assigned_to: string | null;
  assignee_name: string | null;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  services: { id: string; code: string; label: string }[];
}

function baseQuery() {
  return db()
    .selectFrom('customer.event_report as r')
    .innerJoin('ops.tenant as t', 't.id', 'r.tenant_id')
    .leftJoin('customer.app_user as u', 'u.id', 'r.reported_by')
    .leftJoin('ops.staff as s', 's.id', 'r.assigned_to')
    .select([
      'r.id',
      'r.tenant_id',
      't.code as tenant_code',
      't.name as tenant_name',
      'r.number',
      'r.category',
      'r.title',
      'r.description',
      'r.status',
      'r.reported_by',
      'u.name as reporter_name',
      'r.assigned_to',
      's.name as assignee_name',
      'r.created_at',
      'r.updated_at',
      'r.closed_at',
      sql<{ id: string; code: string; label: string }[]>`coalesce((
        SELECT json_agg(json_build_object('id', sv.id, 'code', sv.code, 'label', sv.label) ORDER BY sv.code)
          FROM customer.event_report_service rs JOIN customer.service sv ON sv.id = rs.service_id
         WHERE rs.report_id = r.id), '[]'::json)`.as('services'),
    ]);
}

export interface ListFilter {
  /** A customer limited to some services sees only the reports they wrote themselves. */
  reporterOnly?: string | undefined;
  status?: EventReportStatus | undefined;
  tenantId?: string | undefined;
  assignedTo?: string | undefined;
  limit: number;
  offset: number;
}

export async function listReports(f: ListFilter): Promise<ReportRow[]> {
  let q = baseQuery()
    .orderBy('r.created_at', 'desc')
    .orderBy('r.number', 'desc')
    .limit(f.limit)
    .offset(f.offset);
  if (f.reporterOnly) q = q.where('r.reported_by', '=', f.reporterOnly);
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.tenantId) q = q.where('r.tenant_id', '=', f.tenantId);
  if (f.assignedTo) q = q.where('r.assigned_to', '=', f.assignedTo);
  return q.execute();
}

export async function getReport(id: string, reporterOnly?: string): Promise<ReportRow | undefined> {
  let q = baseQuery().where('r.id', '=', id);
  if (reporterOnly) q = q.where('r.reported_by', '=', reporterOnly);
  return q.executeTakeFirst();
}

export async function lockReport(
  id: string,
): Promise<{ id: string; status: EventReportStatus; tenant_id: string } | undefined> {
  return db()
    .selectFrom('customer.event_report')
    .select(['id', 'status', 'tenant_id'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** ER-YYYY-000123: the year of submission in the configured zone. */
export async function nextNumber(year: number): Promise<string> {
  const r = await sql<{
    n: string | number;
  }>`SELECT nextval('customer.event_report_number_seq') AS n`.execute(db());
  return `ER-${year}-${String(r.rows[0]!.n).padStart(6, '0')}`;
}

/** The tenant's services with the given codes (RLS and the tenant filter keep foreign ones out). */
export async function servicesByCode(
  tenantId: string,
  codes: string[],
): Promise<{ id: string; code: string; label: string }[]> {
  if (codes.length === 0) return [];
  return db()
    .selectFrom('customer.service')
    .select(['id', 'code', 'label'])
    .where('tenant_id', '=', tenantId)
    .where('code', 'in', codes)
    .execute();
}

export async function insertReport(r: {
  tenantId: string;
  number: string;
  category: EventReportCategory;
  title: string;
  description: string;
  reportedBy: string;
  serviceIds: string[];
}): Promise<string> {
  const { id } = await db()
    .insertInto('customer.event_report')
    .values({
      tenant_id: r.tenantId,
      number: r.number,
      category: r.category,
      title: r.title,
      description: r.description,
      reported_by: r.reportedBy,
      assigned_to: null,
      closed_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (r.serviceIds.length)
    await db()
      .insertInto('customer.event_report_service')
      .values(r.serviceIds.map((s) => ({ tenant_id: r.tenantId, report_id: id, service_id: s })))
      .execute();
  return id;
}

export async function setStatus(id: string, status: EventReportStatus): Promise<void> {
  await db()
    .updateTable('customer.event_report')
    .set({ status, updated_at: new Date(), closed_at: status === 'closed' ? new Date() : null })
    .where('id', '=', id)
    .execute();
}

export async function setAssignee(id: string, staffId: string | null): Promise<void> {
  await db()
    .updateTable('customer.event_report')
    .set({ assigned_to: staffId, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function touch(id: string): Promise<void> {
  await db()
    .updateTable('customer.event_report')
    .set({ updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function insertEvent(e: {
  tenantId: string;
  reportId: string;
  kind: EventReportEventKind;
  actorKind: 'customer' | 'staff' | 'system';
  actorId: string | null;
  fromStatus?: string | null;
  toStatus?: string | null;
  body?: string | null;
}): Promise<void> {
  await db()
    .insertInto('customer.event_report_event')
    .values({
      tenant_id: e.tenantId,
      report_id: e.reportId,
      kind: e.kind,
      actor_kind: e.actorKind,
      actor_id: e.actorId,
      from_status: e.fromStatus ?? null,
      to_status: e.toStatus ?? null,
      body: e.body ?? null,
    })
    .execute();
}

export async function insertNote(n: { tenantId: string; reportId: string; staffId: string; body: string }) {
  await db()
    .insertInto('ops.event_report_note')
    .values({ tenant_id: n.tenantId, report_id: n.reportId, staff_id: n.staffId, body: n.body })
    .execute();
}

export interface ReportEvent {
  id: string;
  at: Date;
  kind: EventReportEventKind | 'note';
  actor_kind: 'customer' | 'staff' | 'system';
  actor_name: string | null;
  from_status: string | null;
  to_status: string | null;
  body: string | null;
}

/** The timeline; internal notes (ops schema) are merged in only for staff. */
export async function listEvents(reportId: string, withNotes: boolean): Promise<ReportEvent[]> {
  const events = await db()
    .selectFrom('customer.event_report_event as e')
    .leftJoin('customer.app_user as u', (j) =>
      j.onRef('u.id', '=', 'e.actor_id').on('e.actor_kind', '=', 'customer'),
    )
    .leftJoin('ops.staff as s', (j) => j.onRef('s.id', '=', 'e.actor_id').on('e.actor_kind', '=', 'staff'))
    .select([
      sql<string>`'e' || e.id::text`.as('id'),
      'e.at',
      'e.kind',
      'e.actor_kind',
      sql<string | null>`coalesce(u.name, s.name)`.as('actor_name'),
      'e.from_status',
      'e.to_status',
      'e.body',
    ])
    .where('e.report_id', '=', reportId)
    .orderBy('e.id')
    .execute();
  // who handles a report is the provider's business: assignments show only in the console
  if (!withNotes) return events.filter((e) => e.kind !== 'assigned');
  const notes = await db()
    .selectFrom('ops.event_report_note as n')
    .leftJoin('ops.staff as s', 's.id', 'n.staff_id')
    .select([sql<string>`'n' || n.id::text`.as('id'), 'n.at', 's.name as actor_name', 'n.body'])
    .where('n.report_id', '=', reportId)
    .execute();
  const all: ReportEvent[] = [
    ...events,
    ...notes.map((n) => ({
      id: n.id,
      at: n.at,
      kind: 'note' as const,
      actor_kind: 'staff' as const,
      actor_name: n.actor_name,
      from_status: null,
      to_status: null,
      body: n.body,
    })),
  ];
  return all.sort((a, b) => a.at.getTime() - b.at.getTime());
}

export interface AttachmentRow {
  id: string;
  report_id: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  purged_at: Date | null;
  created_at: Date;
}

export async function insertAttachment(a: {
  tenantId: string;
  reportId: string;
  filename: string;
  contentType: string;
  content: Buffer;
  sha256: string;
}): Promise<void> {
  await db()
    .insertInto('customer.event_report_attachment')
    .values({
      tenant_id: a.tenantId,
      report_id: a.reportId,
      filename: a.filename,
      content_type: a.contentType,
      size: a.content.byteLength,
      sha256: a.sha256,
      content: a.content,
      purged_at: null,
    })
    .execute();
}

export async function listAttachments(reportId: string): Promise<AttachmentRow[]> {
  return db()
    .selectFrom('customer.event_report_attachment')
    .select(['id', 'report_id', 'filename', 'content_type', 'size', 'sha256', 'purged_at', 'created_at'])
    .where('report_id', '=', reportId)
    .orderBy('created_at')
    .orderBy('filename')
    .execute();
}

export async function attachmentContent(
  reportId: string,
  attachmentId: string,
): Promise<{ filename: string; content_type: string; content: Uint8Array | null } | undefined> {
  return db()
    .selectFrom('customer.event_report_attachment')
    .select(['filename', 'content_type', 'content'])
    .where('report_id', '=', reportId)
    .where('id', '=', attachmentId)
    .executeTakeFirst();
}

/** Who may be assigned: every provider staff member. */
export async function assignees(): Promise<{ id: string; name: string; role: string }[]> {
  return db().selectFrom('ops.staff').select(['id', 'name', 'role']).orderBy('name').execute();
}

export async function staffExists(id: string): Promise<boolean> {
  return !!(await db().selectFrom('ops.staff').select('id').where('id', '=', id).executeTakeFirst());
}

/** The reporter and the tenant's administrators: everyone who follows a report by email. */
export async function reportRecipients(tenantId: string, reporterId: string | null): Promise<string[]> {
  const rows = await db()
    .selectFrom('customer.app_user')
    .select('email')
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'active')
    .where((eb) =>
      reporterId ? eb.or([eb('role', '=', 'admin'), eb('id', '=', reporterId)]) : eb('role', '=', 'admin'),
    )
    .execute();
  return [...new Set(rows.map((r) => r.email.toLowerCase()))].sort();
}
