import { AppError, notFound, type FieldError, type Lang } from '../../app/errors.ts';
import type { PlanStatus } from '../../db/schema-capacity.ts';
import { zonedDate } from '../../lib/time.ts';
import { findDevice, findPlan, findPort, insertPlan, updatePlan, type PlanRow } from './plan-repository.ts';

/**
 * Augmentation plans (CLD.13.1.4 "augmentation planned"): a port or device to upgrade, why and by
 * when. A plan moves forward only: planned → ordered → in progress → done, steps may be skipped,
 * and any open plan may be cancelled. Done and cancelled are final.
 */
export const NEXT: Record<PlanStatus, readonly PlanStatus[]> = {
  planned: ['ordered', 'in_progress', 'done', 'cancelled'],
  ordered: ['in_progress', 'done', 'cancelled'],
  in_progress: ['done', 'cancelled'],
  done: [],
  cancelled: [],
};

/** How far ahead a target date may lie (a typo such as 2062 is refused). */
const MAX_DAYS_AHEAD = 5 * 366;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

const msg = (lang: Lang, ja: string, en: string): string => (lang === 'ja' ? ja : en);
const field = (f: string, code: string, message: string): FieldError => ({ field: f, code, message });

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function checkText(name: string, value: string, required: boolean, lang: Lang, errors: FieldError[]): string {
  const text = value.trim();
  if (required && !text)
    errors.push(field(`/body/${name}`, 'required', msg(lang, '必須項目です。', 'This field is required.')));
  else if (CONTROL.test(text))
    errors.push(
      field(
        `/body/${name}`,
        'control',
        msg(lang, '制御文字は使用できません。', 'Control characters are not allowed.'),
      ),
    );
  return text;
}

function checkTarget(date: string, lang: Lang, errors: FieldError[], now: Date): void {
  const today = zonedDate(now);
  if (date < today)
    errors.push(
      field(
        '/body/targetDate',
        'past',
        msg(lang, '本日（日本時間）以降の日付を指定してください。', 'Choose today (JST) or a later day.'),
      ),
    );
  else if (date > addDays(today, MAX_DAYS_AHEAD))
    errors.push(
      field(
        '/body/targetDate',
        'too_far',
        msg(lang, '5 年以内の日付を指定してください。', 'Choose a day within five years.'),
      ),
    );
}

export interface CreatePlanInput {
  portId?: string | undefined;
  deviceId?: string | undefined;
  reason: string;
  targetDate: string;
  note?: string | undefined;
}

export async function createPlan(
  b: CreatePlanInput,
  staffId: string,
  lang: Lang,
  now = new Date(),
): Promise<PlanRow> {
  const errors: FieldError[] = [];
  if ((b.portId === undefined) === (b.deviceId === undefined)) {
    const m = msg(
      lang,
      'ポートか装置のどちらか一方を指定してください。',
      'Give either a port or a device, not both.',
    );
    errors.push(field(b.portId === undefined ? '/body/portId' : '/body/deviceId', 'one_of', m));
  }
  const reason = checkText('reason', b.reason, true, lang, errors);
  const note = checkText('note', b.note ?? '', false, lang, errors);
  checkTarget(b.targetDate, lang, errors, now);
  if (errors.length) throw new AppError('validation_failed', { fields: errors });
  if (b.portId !== undefined && !(await findPort(b.portId))) throw notFound();
  if (b.deviceId !== undefined && !(await findDevice(b.deviceId))) throw notFound();
  const id = await insertPlan({
    portId: b.portId ?? null,
    deviceId: b.deviceId ?? null,
    reason,
    targetDate: b.targetDate,
    note,
    staffId,
  });
  return (await findPlan(id))!;
}

export interface UpdatePlanInput {
  status?: PlanStatus | undefined;
  reason?: string | undefined;
  targetDate?: string | undefined;
  note?: string | undefined;
}

/** Changes a plan; returns it before and after. Moving backwards or out of a final state is a 409. */
export async function changePlan(
  id: string,
  b: UpdatePlanInput,
  staffId: string,
  lang: Lang,
  now = new Date(),
): Promise<{ before: PlanRow; after: PlanRow }> {
  const before = await findPlan(id, true);
  if (!before) throw notFound();
  const errors: FieldError[] = [];
  const set: UpdatePlanInput = {};
  if (b.reason !== undefined) set.reason = checkText('reason', b.reason, true, lang, errors);
  if (b.note !== undefined) set.note = checkText('note', b.note, false, lang, errors);
  if (b.targetDate !== undefined && b.targetDate !== before.target_date) {
    checkTarget(b.targetDate, lang, errors, now);
    set.targetDate = b.targetDate;
  }
  if (errors.length) throw new AppError('validation_failed', { fields: errors });
  const final = before.status === 'done' || before.status === 'cancelled';
  if (b.status !== undefined && b.status !== before.status) {
    if (!NEXT[before.status].includes(b.status))
      throw new AppError('plan_transition', {
        detail: {
          ja: `状態「${STATUS_TEXT[before.status].ja}」から「${STATUS_TEXT[b.status].ja}」には変更できません。`,
          en: `A plan cannot go from ${STATUS_TEXT[before.status].en} to ${STATUS_TEXT[b.status].en}.`,
        },
        extensions: { from: before.status, to: b.status },
      });
    set.status = b.status;
  } else if (final && Object.keys(set).length > 0) {
    throw new AppError('plan_transition', {
      detail: {
        ja: '完了または中止した計画は変更できません。',
        en: 'A plan that is done or cancelled cannot be changed.',
      },
      extensions: { from: before.status, to: before.status },
    });
  }
  await updatePlan(id, set, staffId);
  return { before, after: (await findPlan(id))! };
}

export const STATUS_TEXT: Record<PlanStatus, { ja: string; en: string }> = {
  planned: { ja: '計画', en: 'planned' },
  ordered: { ja: '発注済み', en: 'ordered' },
  in_progress: { ja: '作業中', en: 'in progress' },
  done: { ja: '完了', en: 'done' },
  cancelled: { ja: '中止', en: 'cancelled' },
};
