import { AppError, notFound, type Lang } from '../../app/errors.ts';
import { zonedParts } from '../../lib/time.ts';
import { STATUS_TEXT } from './emails.ts';
import { notifyRecipients, type Links } from './notify.ts';
import {
  getNotice,
  insertEvent,
  insertNotice,
  insertRecipient,
  lockNotice,
  nextNumber,
  updateNotice,
  type NoticeRow,
} from './repository.ts';
import type { IncidentBodyT, IncidentUpdateBodyT, ResolveBodyT } from './schema.ts';
import { checkTarget, computeAffected, normaliseTarget } from './targeting.ts';
import { checkText, field, msg } from './text.ts';

/**
 * Incidents (16.1.1, 16.1.2): declared at once (no draft, customers must hear promptly), every
 * update a step of the timeline emailed to the affected tenants, closed by a resolution report.
 * Emails are written to the outbox in the declaring transaction; the worker is woken on commit.
 */
export async function declareIncident(
  b: IncidentBodyT,
  staffId: string,
  lang: Lang,
  links: Links,
): Promise<{ row: NoticeRow; tenants: number; emails: number }> {
  const target = normaliseTarget(b.target);
  const started = b.startedAt ? new Date(b.startedAt) : new Date();
  const errors = [...checkText(b.title, '/body/title', lang), ...checkText(b.body, '/body/body', lang)];
  if (started.getTime() > Date.now() + 5 * 60_000)
    errors.push(
      field(
        '/body/startedAt',
        'future',
        msg(lang, '未来の日時は指定できません。', 'Cannot lie in the future.'),
      ),
    );
  if (errors.length) throw new AppError('validation_failed', { fields: errors });
  await checkTarget(target, lang);
  const affected = await computeAffected(target);
  if (!affected.length)
    throw new AppError('validation_failed', {
      fields: [
        field(
          '/body/target',
          'no_recipients',
          msg(lang, '影響を受けるお客様がいません。', 'No customer is affected by this scope.'),
        ),
      ],
    });
  const now = new Date();
  const id = await insertNotice({
    number: await nextNumber('incident', zonedParts(now).y),
    kind: 'incident',
    severity: b.severity,
    status: 'investigating',
    title_ja: b.title.ja.trim(),
    title_en: b.title.en.trim(),
    body_ja: b.body.ja,
    body_en: b.body.en,
    window_start: started,
    window_end: null,
    target,
    created_by: staffId,
    published_by: staffId,
    published_at: now,
  });
  for (const a of affected)
    await insertRecipient({ notice_id: id, tenant_id: a.tenantId, service_ids: a.services.map((s) => s.id) });
  const row = (await getNotice(id))!;
  const emails = await notifyRecipients(row, { kind: 'declared' }, links);
  await insertEvent({
    notice_id: id,
    kind: 'declared',
    status: 'investigating',
    body_ja: b.body.ja,
    body_en: b.body.en,
    staff_id: staffId,
    emails,
  });
  return { row, tenants: affected.length, emails };
}

async function lockOpenIncident(id: string): Promise<NoticeRow> {
  const n = await lockNotice(id);
  if (!n || n.kind !== 'incident') throw notFound();
  if (n.status === 'resolved') {
    const st = STATUS_TEXT.resolved;
    throw new AppError('conflict', {
      detail: {
        ja: `この障害は「${st.ja}」のため、更新できません。`,
        en: `This incident is ${st.en}: it cannot change.`,
      },
    });
  }
  return n;
}

export async function updateIncident(
  id: string,
  b: IncidentUpdateBodyT,
  staffId: string,
  lang: Lang,
  links: Links,
): Promise<{ before: NoticeRow; row: NoticeRow; emails: number }> {
  const n = await lockOpenIncident(id);
  const errors = checkText(b.text, '/body/text', lang);
  if (errors.length) throw new AppError('validation_failed', { fields: errors });
  await updateNotice(id, { status: b.status });
  const row = (await getNotice(id))!;
  const emails = await notifyRecipients(row, { kind: 'update', update: b.text }, links);
  await insertEvent({
    notice_id: id,
    kind: 'update',
    status: b.status,
    body_ja: b.text.ja,
    body_en: b.text.en,
    staff_id: staffId,
    emails,
  });
  return { before: n, row, emails };
}

export async function resolveIncident(
  id: string,
  b: ResolveBodyT,
  staffId: string,
  lang: Lang,
  links: Links,
): Promise<{ before: NoticeRow; row: NoticeRow; emails: number }> {
  const n = await lockOpenIncident(id);
  const ended = b.endedAt ? new Date(b.endedAt) : new Date();
  const errors = [
    ...checkText(b.report.cause, '/body/report/cause', lang),
    ...checkText(b.report.actions, '/body/report/actions', lang),
    ...checkText(b.report.prevention, '/body/report/prevention', lang),
    ...(b.note ? checkText(b.note, '/body/note', lang) : []),
  ];
  if (n.window_start && ended < n.window_start)
    errors.push(
      field(
        '/body/endedAt',
        'before_start',
        msg(lang, '発生日時より前です。', 'This is before the incident began.'),
      ),
    );
  if (ended.getTime() > Date.now() + 5 * 60_000)
    errors.push(
      field(
        '/body/endedAt',
        'future',
        msg(lang, '未来の日時は指定できません。', 'Cannot lie in the future.'),
      ),
    );
  if (errors.length) throw new AppError('validation_failed', { fields: errors });
  await updateNotice(id, { status: 'resolved', report: b.report, window_end: ended, closed_at: new Date() });
  const row = (await getNotice(id))!;
  const note = b.note ?? null;
  const emails = await notifyRecipients(row, { kind: 'resolved', report: b.report, note }, links);
  await insertEvent({
    notice_id: id,
    kind: 'resolved',
    status: 'resolved',
    body_ja: note?.ja ?? '',
    body_en: note?.en ?? '',
    staff_id: staffId,
    emails,
  });
  return { before: n, row, emails };
}
