import { AppError, notFound, type Lang } from '../../app/errors.ts';
import type { Config } from '../../config.ts';
import type { EventReportStatus } from '../../db/schema-reports.ts';
import { queueEmail } from '../../jobs/outbox.ts';
import { zonedParts } from '../../lib/time.ts';
import type { Principal } from '../identity/policy.ts';
import { decodeAttachments } from './attachments.ts';
import { reportMail, staffMail, STATUS_TEXT } from './emails.ts';
import {
  getReport,
  insertAttachment,
  insertEvent,
  insertNote,
  insertReport,
  lockReport,
  nextNumber,
  reportRecipients,
  servicesByCode,
  setAssignee,
  setStatus,
  staffExists,
  touch,
  type ReportRow,
} from './repository.ts';
import type { CreateBodyT } from './schema.ts';

/** Which status may follow which. Staff may close from anywhere; a resolved report may be reopened. */
export const NEXT: Record<EventReportStatus, readonly EventReportStatus[]> = {
  received: ['triaged', 'investigating', 'resolved', 'closed'],
  triaged: ['investigating', 'resolved', 'closed'],
  investigating: ['resolved', 'closed'],
  resolved: ['investigating', 'closed'],
  closed: [],
};

// Control characters other than tab and line breaks have no place in a report's text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export interface Links {
  portal: string;
  console: string;
}

/** Trimmed text without control characters; empty → 400 on `field`. */
export function cleanText(value: string | undefined, field: string, lang: Lang, required = true): string {
  const text = (value ?? '').trim();
  const fail = (code: string, ja: string, en: string) =>
    new AppError('validation_failed', { fields: [{ field, code, message: lang === 'ja' ? ja : en }] });
  if (!text && required) throw fail('required', '必須項目です。', 'This field is required.');
  if (CONTROL.test(text))
    throw fail('control', '制御文字は使用できません。', 'Control characters are not allowed.');
  return text;
}

/** `scope` of a customer limited to some services: they see only their own reports. */
export const reporterFilter = (p: Principal): string | undefined => (p.serviceScope ? p.id : undefined);

async function notifyCustomer(
  row: ReportRow,
  kind: 'ack' | 'status' | 'comment',
  links: Links,
  comment: string | null,
): Promise<void> {
  const to = await reportRecipients(row.tenant_id, row.reported_by);
  const mail = reportMail(kind, {
    number: row.number,
    category: row.category,
    title: row.title,
    status: row.status,
    services: row.services,
    at: row.updated_at,
    url: `${links.portal.replace(/\/+$/, '')}/event-reports?id=${row.id}`,
    comment,
  });
  for (const addr of to) await queueEmail({ to: addr, ...mail, tenantId: row.tenant_id });
}

export async function submitReport(
  p: Principal,
  b: CreateBodyT,
  lang: Lang,
  config: Config,
  links: Links,
): Promise<ReportRow> {
  const tenantId = p.tenantId!;
  const title = cleanText(b.title, '/body/title', lang);
  const description = cleanText(b.description, '/body/description', lang);
  const codes = [...new Set((b.serviceCodes ?? []).map((c) => c.trim().toUpperCase()))];
  const services = await servicesByCode(tenantId, codes);
  const allowed = services.filter((s) => p.serviceScope === null || p.serviceScope.includes(s.id));
  if (allowed.length !== codes.length) {
    // missing, another tenant's and outside the user's scope all answer alike
    const known = new Set(allowed.map((s) => s.code));
    throw new AppError('unknown_service_code', {
      fields: (b.serviceCodes ?? [])
        .map((c, i) => ({ c: c.trim().toUpperCase(), i }))
        .filter(({ c }) => !known.has(c))
        .map(({ i }) => ({
          field: `/body/serviceCodes/${i}`,
          code: 'unknown_service',
          message: lang === 'ja' ? 'ご利用のサービスではありません。' : 'This is not one of your services.',
        })),
    });
  }
  const files = decodeAttachments(b.attachments ?? [], config.reports, lang);
  const id = await insertReport({
    tenantId,
    number: await nextNumber(zonedParts(new Date()).y),
    category: b.category,
    title,
    description,
    reportedBy: p.id,
    serviceIds: allowed.map((s) => s.id),
  });
  for (const f of files) await insertAttachment({ tenantId, reportId: id, ...f });
  await insertEvent({
    tenantId,
    reportId: id,
    kind: 'submitted',
    actorKind: 'customer',
    actorId: p.id,
    toStatus: 'received',
  });
  const row = (await getReport(id))!;
  await notifyCustomer(row, 'ack', links, null);
  const desk = staffMail({
    number: row.number,
    category: row.category,
    title: row.title,
    status: row.status,
    services: row.services,
    at: row.created_at,
    url: `${links.console.replace(/\/+$/, '')}/event-reports?id=${row.id}`,
    tenantCode: row.tenant_code,
    tenantName: row.tenant_name,
  });
  await queueEmail({ to: config.provider.inquiry.email, ...desk, tenantId: null });
  return row;
}

/** A customer's follow-up on their own report (closed reports take no more comments). */
export async function customerComment(p: Principal, id: string, body: string): Promise<ReportRow> {
  const row = await getReport(id, reporterFilter(p));
  if (!row) throw notFound();
  const locked = await lockReport(id);
  if (!locked) throw notFound();
  if (locked.status === 'closed') throw closedConflict();
  await insertEvent({
    tenantId: row.tenant_id,
    reportId: id,
    kind: 'comment',
    actorKind: 'customer',
    actorId: p.id,
    body,
  });
  await touch(id);
  return (await getReport(id))!;
}

const closedConflict = () =>
  new AppError('conflict', {
    detail: { ja: 'この報告は完了しています。', en: 'This report is closed.' },
  });

export async function changeStatus(
  id: string,
  to: EventReportStatus,
  staffId: string,
  comment: string | null,
  links: Links,
): Promise<{ before: EventReportStatus; row: ReportRow }> {
  const locked = await lockReport(id);
  if (!locked) throw notFound();
  if (!NEXT[locked.status].includes(to)) {
    const a = STATUS_TEXT[locked.status];
    const b = STATUS_TEXT[to];
    throw new AppError('conflict', {
      detail: {
        ja: `状態を「${a.ja}」から「${b.ja}」に変えることはできません。`,
        en: `The status cannot change from ${a.en} to ${b.en}.`,
      },
    });
  }
  await setStatus(id, to);
  await insertEvent({
    tenantId: locked.tenant_id,
    reportId: id,
    kind: 'status',
    actorKind: 'staff',
    actorId: staffId,
    fromStatus: locked.status,
    toStatus: to,
    body: comment,
  });
  const row = (await getReport(id))!;
  await notifyCustomer(row, 'status', links, comment);
  return { before: locked.status, row };
}

/** A comment to the customer (emailed) or an internal note (kept in ops, never shown to them). */
export async function staffComment(
  id: string,
  staffId: string,
  body: string,
  internal: boolean,
  links: Links,
): Promise<ReportRow> {
  const locked = await lockReport(id);
  if (!locked) throw notFound();
  if (internal) await insertNote({ tenantId: locked.tenant_id, reportId: id, staffId, body });
  else {
    if (locked.status === 'closed') throw closedConflict();
    await insertEvent({
      tenantId: locked.tenant_id,
      reportId: id,
      kind: 'comment',
      actorKind: 'staff',
      actorId: staffId,
      body,
    });
    await touch(id);
  }
  const row = (await getReport(id))!;
  if (!internal) await notifyCustomer(row, 'comment', links, body);
  return row;
}

export async function assign(id: string, staffId: string | null, by: string, lang: Lang): Promise<ReportRow> {
  const locked = await lockReport(id);
  if (!locked) throw notFound();
  if (staffId && !(await staffExists(staffId)))
    throw new AppError('validation_failed', {
      fields: [
        {
          field: '/body/staffId',
          code: 'unknown_staff',
          message: lang === 'ja' ? '事業者スタッフではありません。' : 'Not a staff member.',
        },
      ],
    });
  await setAssignee(id, staffId);
  await insertEvent({
    tenantId: locked.tenant_id,
    reportId: id,
    kind: 'assigned',
    actorKind: 'staff',
    actorId: by,
  });
  return (await getReport(id))!;
}
