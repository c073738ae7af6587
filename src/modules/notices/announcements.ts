import { AppError, notFound, type FieldError, type Lang } from '../../app/errors.ts';
import type { Bilingual, NoticeStatus } from '../../db/schema-notices.ts';
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
  type NoticePatch,
  type NoticeRow,
} from './repository.ts';
import type { AnnouncementBodyT, AnnouncementPatchT } from './schema.ts';
import { checkTarget, computeAffected, normaliseTarget } from './targeting.ts';
import { checkText, field, msg } from './text.ts';

/** The longest maintenance window accepted (a typo of a month is refused rather than announced). */
const MAX_WINDOW_MS = 7 * 86_400_000;

function checkWindow(
  kind: string,
  start: Date | null,
  end: Date | null,
  lang: Lang,
  opts: { future: boolean },
): FieldError[] {
  const errors: FieldError[] = [];
  if (kind === 'maintenance' && (!start || !end)) {
    if (!start)
      errors.push(
        field('/body/windowStart', 'required', msg(lang, '必須項目です。', 'This field is required.')),
      );
    if (!end)
      errors.push(
        field('/body/windowEnd', 'required', msg(lang, '必須項目です。', 'This field is required.')),
      );
    return errors;
  }
  if ((start === null) !== (end === null))
    errors.push(
      field(
        start ? '/body/windowEnd' : '/body/windowStart',
        'required',
        msg(lang, '開始と終了は両方指定してください。', 'Give both the start and the end.'),
      ),
    );
  else if (start && end && end <= start)
    errors.push(
      field(
        '/body/windowEnd',
        'before_start',
        msg(lang, '終了は開始より後にしてください。', 'The end must be after the start.'),
      ),
    );
  else if (start && end && end.getTime() - start.getTime() > MAX_WINDOW_MS)
    errors.push(
      field(
        '/body/windowEnd',
        'too_long',
        msg(lang, '作業時間は 7 日以内にしてください。', 'A window may last at most 7 days.'),
      ),
    );
  else if (opts.future && end && end.getTime() <= Date.now())
    errors.push(
      field('/body/windowEnd', 'past', msg(lang, '終了日時が過去です。', 'The window has already ended.')),
    );
  return errors;
}

const parse = (v: string | null | undefined): Date | null | undefined =>
  v === undefined ? undefined : v === null ? null : new Date(v);

export async function createAnnouncement(
  b: AnnouncementBodyT,
  staffId: string,
  lang: Lang,
): Promise<NoticeRow> {
  const target = normaliseTarget(b.target);
  const start = parse(b.windowStart) ?? null;
  const end = parse(b.windowEnd) ?? null;
  const errors = [
    ...checkText(b.title, '/body/title', lang),
    ...checkText(b.body, '/body/body', lang),
    ...checkWindow(b.kind, start, end, lang, { future: false }),
  ];
  if (errors.length) throw new AppError('validation_failed', { fields: errors });
  await checkTarget(target, lang);
  const id = await insertNotice({
    number: await nextNumber(b.kind, zonedParts(new Date()).y),
    kind: b.kind,
    severity: null,
    status: 'draft',
    title_ja: b.title.ja.trim(),
    title_en: b.title.en.trim(),
    body_ja: b.body.ja,
    body_en: b.body.en,
    window_start: start,
    window_end: end,
    target,
    created_by: staffId,
  });
  return (await getNotice(id))!;
}

function refuse(status: NoticeStatus, en: string, ja: string): never {
  const st = STATUS_TEXT[status];
  throw new AppError('conflict', {
    detail: { ja: `このお知らせは「${st.ja}」のため、${ja}`, en: `This announcement is ${st.en}: ${en}` },
  });
}

async function lockAnnouncement(id: string): Promise<NoticeRow> {
  const n = await lockNotice(id);
  if (!n || n.kind === 'incident') throw notFound();
  return n;
}

/**
 * Edits an announcement. A draft changes freely. A published one may change its text and
 * window only (its recipients stay: to reach others, cancel it and publish a new one); the change
 * raises the calendar SEQUENCE, goes on the timeline and is emailed to everyone it reached, as a
 * NOC's customers expect of a moved or reworded maintenance. Cancelled and completed ones are final.
 */
export async function editAnnouncement(
  id: string,
  b: AnnouncementPatchT,
  staffId: string,
  lang: Lang,
  links: Links,
): Promise<{ before: NoticeRow; row: NoticeRow; emails: number }> {
  const n = await lockAnnouncement(id);
  if (n.status === 'cancelled' || n.status === 'completed')
    refuse(n.status, 'it can no longer be changed.', '変更できません。');
  const published = n.status === 'published';
  const errors: FieldError[] = [];
  if (published && b.target)
    errors.push(
      field(
        '/body/target',
        'published',
        msg(
          lang,
          '公開後は影響範囲を変更できません。中止して新しいお知らせを公開してください。',
          'The affected scope cannot change after publication: cancel this one and publish a new one.',
        ),
      ),
    );
  if (!published && b.note)
    errors.push(
      field(
        '/body/note',
        'not_allowed',
        msg(lang, '下書きでは指定できません。', 'Only for a published announcement.'),
      ),
    );
  if (b.title) errors.push(...checkText(b.title, '/body/title', lang));
  if (b.body) errors.push(...checkText(b.body, '/body/body', lang));
  if (b.note) errors.push(...checkText(b.note, '/body/note', lang));
  const start = parse(b.windowStart);
  const end = parse(b.windowEnd);
  const newStart = start === undefined ? n.window_start : start;
  const newEnd = end === undefined ? n.window_end : end;
  if (start !== undefined || end !== undefined)
    errors.push(...checkWindow(n.kind, newStart, newEnd, lang, { future: published }));
  if (errors.length) throw new AppError('validation_failed', { fields: errors });
  const patch: NoticePatch = {};
  if (b.title) Object.assign(patch, { title_ja: b.title.ja.trim(), title_en: b.title.en.trim() });
  if (b.body) Object.assign(patch, { body_ja: b.body.ja, body_en: b.body.en });
  if (start !== undefined) patch.window_start = start;
  if (end !== undefined) patch.window_end = end;
  if (b.target) {
    const target = normaliseTarget(b.target);
    await checkTarget(target, lang);
    patch.target = target;
  }
  if (!Object.keys(patch).length)
    throw new AppError('validation_failed', {
      fields: [field('/body', 'empty', msg(lang, '変更する項目がありません。', 'Nothing to change.'))],
    });
  let emails = 0;
  if (published) patch.bumpSequence = true;
  await updateNotice(id, patch);
  const row = (await getNotice(id))!;
  if (published) {
    const note: Bilingual | null = b.note ?? null;
    emails = await notifyRecipients(row, { kind: 'revised', note }, links);
    await insertEvent({
      notice_id: id,
      kind: 'revised',
      status: row.status,
      body_ja: note?.ja ?? '',
      body_en: note?.en ?? '',
      staff_id: staffId,
      emails,
    });
  }
  return { before: n, row, emails };
}

/** Publishes a draft: the affected tenants are computed now, stored, shown and emailed. */
export async function publishAnnouncement(
  id: string,
  staffId: string,
  lang: Lang,
  links: Links,
): Promise<{ row: NoticeRow; tenants: number; emails: number }> {
  const n = await lockAnnouncement(id);
  if (n.status !== 'draft') refuse(n.status, 'it has already been published.', '公開できません。');
  const errors = checkWindow(n.kind, n.window_start, n.window_end, lang, { future: true });
  if (errors.length) throw new AppError('validation_failed', { fields: errors });
  const affected = await computeAffected(n.target);
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
  for (const a of affected)
    await insertRecipient({ notice_id: id, tenant_id: a.tenantId, service_ids: a.services.map((s) => s.id) });
  const now = new Date();
  await updateNotice(id, { status: 'published', published_by: staffId, published_at: now });
  const row = (await getNotice(id))!;
  const emails = await notifyRecipients(row, { kind: 'published' }, links);
  await insertEvent({ notice_id: id, kind: 'published', status: 'published', staff_id: staffId, emails });
  return { row, tenants: affected.length, emails };
}

/** Cancels a published announcement (emailed; STATUS:CANCELLED in the calendars). */
export async function cancelAnnouncement(
  id: string,
  note: Bilingual | null,
  staffId: string,
  lang: Lang,
  links: Links,
): Promise<{ before: NoticeRow; row: NoticeRow; emails: number }> {
  const n = await lockAnnouncement(id);
  if (n.status !== 'published')
    refuse(n.status, 'only a published one can be cancelled.', '中止できません。');
  if (note) {
    const errors = checkText(note, '/body/note', lang);
    if (errors.length) throw new AppError('validation_failed', { fields: errors });
  }
  await updateNotice(id, { status: 'cancelled', closed_at: new Date(), bumpSequence: true });
  const row = (await getNotice(id))!;
  const emails = await notifyRecipients(row, { kind: 'cancelled', note }, links);
  await insertEvent({
    notice_id: id,
    kind: 'cancelled',
    status: 'cancelled',
    body_ja: note?.ja ?? '',
    body_en: note?.en ?? '',
    staff_id: staffId,
    emails,
  });
  return { before: n, row, emails };
}

/** Marks a published announcement completed (no email: the window simply ended as announced). */
export async function completeAnnouncement(
  id: string,
  note: Bilingual | null,
  staffId: string,
): Promise<{ before: NoticeRow; row: NoticeRow }> {
  const n = await lockAnnouncement(id);
  if (n.status !== 'published')
    refuse(n.status, 'only a published one can be completed.', '完了にできません。');
  await updateNotice(id, { status: 'completed', closed_at: new Date() });
  await insertEvent({
    notice_id: id,
    kind: 'completed',
    status: 'completed',
    body_ja: note?.ja ?? '',
    body_en: note?.en ?? '',
    staff_id: staffId,
    emails: 0,
  });
  return { before: n, row: (await getNotice(id))! };
}
