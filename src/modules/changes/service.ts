import { AppError, notFound, type FieldError, type Lang } from '../../app/errors.ts';
import { queueEmail } from '../../jobs/outbox.ts';
import { zonedDate, zonedParts } from '../../lib/time.ts';
import { proposeForServiceChange } from '../dataplane/service-change.ts';
import { inServiceScope, type Principal } from '../identity/policy.ts';
import { changeServiceBandwidth } from '../services/service.ts';
import { changeMail, STATUS_TEXT } from './emails.ts';
import {
  findService,
  getChangeRequest,
  insertChangeRequest,
  insertEvent,
  lockChangeRequest,
  nextNumber,
  requesterContact,
  setStatus,
  type ChangeRow,
  type ChangeStatus,
  type Desired,
} from './repository.ts';
import type { CreateBodyT } from './schema.ts';

/**
 * The life of a change request (CLD.12.1.5): the customer submits and may withdraw while it
 * waits; provider staff approve or reject it, then execute an approved one. Nothing else moves.
 */
export const TRANSITIONS = {
  withdraw: { from: ['submitted'], to: 'withdrawn' },
  approve: { from: ['submitted'], to: 'approved' },
  reject: { from: ['submitted'], to: 'rejected' },
  execute: { from: ['approved'], to: 'executed' },
} as const satisfies Record<string, { from: readonly ChangeStatus[]; to: ChangeStatus }>;
export type Transition = keyof typeof TRANSITIONS;

/** How far ahead a desired date may lie (a typo such as 2062 is refused rather than queued). */
const MAX_DAYS_AHEAD = 731;
// Control characters other than tab and line breaks have no place in a request's text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

const msg = (lang: Lang, ja: string, en: string): string => (lang === 'ja' ? ja : en);
const field = (f: string, code: string, message: string): FieldError => ({ field: f, code, message });

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Checks and normalises what the customer asked for; every problem is a field error (400). */
function checkRequest(
  b: CreateBodyT,
  service: { bandwidth_mbps: number | null },
  lang: Lang,
  today: string,
): { desired: Desired; reason: string } {
  const errors: FieldError[] = [];
  const desired: Desired = {};
  if (b.kind === 'bandwidth') {
    if (b.desired.bandwidthMbps === undefined)
      errors.push(
        field(
          '/body/desired/bandwidthMbps',
          'required',
          msg(lang, '必須項目です。', 'This field is required.'),
        ),
      );
    else if (service.bandwidth_mbps === null)
      errors.push(
        field(
          '/body/serviceId',
          'no_bandwidth',
          msg(lang, 'このサービスには帯域の設定がありません。', 'This service has no bandwidth setting.'),
        ),
      );
    else if (b.desired.bandwidthMbps === service.bandwidth_mbps)
      errors.push(
        field(
          '/body/desired/bandwidthMbps',
          'unchanged',
          msg(lang, '現在の帯域と同じです。', 'This is the current bandwidth.'),
        ),
      );
    else desired.bandwidthMbps = b.desired.bandwidthMbps;
    if (b.desired.description !== undefined)
      errors.push(
        field(
          '/body/desired/description',
          'not_allowed',
          msg(lang, '帯域変更では指定できません。', 'Not used for a bandwidth change.'),
        ),
      );
  } else {
    const text = (b.desired.description ?? '').trim();
    if (!text)
      errors.push(
        field(
          '/body/desired/description',
          'required',
          msg(lang, '必須項目です。', 'This field is required.'),
        ),
      );
    else if (CONTROL.test(text))
      errors.push(
        field(
          '/body/desired/description',
          'control',
          msg(lang, '制御文字は使用できません。', 'Control characters are not allowed.'),
        ),
      );
    else desired.description = text;
    if (b.desired.bandwidthMbps !== undefined)
      errors.push(
        field(
          '/body/desired/bandwidthMbps',
          'not_allowed',
          msg(lang, '帯域変更以外では指定できません。', 'Only used for a bandwidth change.'),
        ),
      );
  }
  if (b.desiredDate < today)
    errors.push(
      field(
        '/body/desiredDate',
        'past',
        msg(lang, '本日（日本時間）以降の日付を指定してください。', 'Choose today (JST) or a later day.'),
      ),
    );
  else if (b.desiredDate > addDays(today, MAX_DAYS_AHEAD))
    errors.push(
      field(
        '/body/desiredDate',
        'too_far',
        msg(lang, '2 年以内の日付を指定してください。', 'Choose a day within two years.'),
      ),
    );
  const reason = (b.reason ?? '').trim();
  if (CONTROL.test(reason))
    errors.push(
      field(
        '/body/reason',
        'control',
        msg(lang, '制御文字は使用できません。', 'Control characters are not allowed.'),
      ),
    );
  if (errors.length) throw new AppError('validation_failed', { fields: errors });
  return { desired, reason };
}

/** A staff note or reason: trimmed, without control characters; `required` makes empty a 400. */
export function checkNote(
  value: string | undefined,
  name: string,
  required: boolean,
  lang: Lang,
): string | null {
  const text = (value ?? '').trim();
  if (!text && required)
    throw new AppError('validation_failed', {
      fields: [field(`/body/${name}`, 'required', msg(lang, '必須項目です。', 'This field is required.'))],
    });
  if (CONTROL.test(text))
    throw new AppError('validation_failed', {
      fields: [
        field(
          `/body/${name}`,
          'control',
          msg(lang, '制御文字は使用できません。', 'Control characters are not allowed.'),
        ),
      ],
    });
  return text || null;
}

export interface Notify {
  /** Base URL of the customer portal: the emailed link points at the request there. */
  portalUrl: string;
}

/** Emails the requester the new state (skipped when the requester's account is gone). */
async function notifyRequester(row: ChangeRow, note: string | null, n: Notify): Promise<void> {
  const to = await requesterContact(row.requested_by);
  if (!to) return;
  const mail = changeMail({
    number: row.number,
    status: row.status,
    serviceCode: row.service_code,
    serviceLabel: row.service_label,
    kind: row.kind,
    desired: row.desired,
    current: row.current,
    desiredDate: row.desired_date,
    reason: note,
    at: row.updated_at,
    url: `${n.portalUrl.replace(/\/+$/, '')}/changes?id=${row.id}`,
  });
  await queueEmail({ to: to.email, ...mail, tenantId: row.tenant_id });
}

/** A customer's request: the service must be theirs and within their service-code scope. */
export async function submitChangeRequest(
  p: Principal,
  b: CreateBodyT,
  lang: Lang,
  n: Notify,
): Promise<ChangeRow> {
  const service = await findService(b.serviceId);
  if (!service || service.tenant_id !== p.tenantId || !inServiceScope(p, service.id))
    throw new AppError('validation_failed', {
      fields: [
        field(
          '/body/serviceId',
          'unknown_service',
          msg(lang, 'ご利用のサービスではありません。', 'This is not one of your services.'),
        ),
      ],
    });
  const now = new Date();
  const { desired, reason } = checkRequest(b, service, lang, zonedDate(now));
  const id = await insertChangeRequest({
    tenantId: service.tenant_id,
    number: await nextNumber(zonedParts(now).y),
    serviceId: service.id,
    kind: b.kind,
    desired,
    current: b.kind === 'bandwidth' ? { bandwidthMbps: service.bandwidth_mbps } : null,
    desiredDate: b.desiredDate,
    reason,
    requestedBy: p.id,
  });
  await insertEvent({
    tenantId: service.tenant_id,
    changeRequestId: id,
    actorKind: 'customer',
    actorId: p.id,
    fromStatus: null,
    toStatus: 'submitted',
    note: null,
  });
  const row = (await getChangeRequest(id, null))!;
  await notifyRequester(row, reason || null, n);
  return row;
}

export interface TransitionResult {
  before: ChangeStatus;
  row: ChangeRow;
}

/**
 * Moves a request one step. `scope` is the customer's service-code scope (null for staff), so
 * a request outside it answers 404 like a missing one; a step the state does not allow is 409.
 */
export async function transition(
  id: string,
  t: Transition,
  actor: { kind: 'customer' | 'staff'; id: string; scope: string[] | null },
  note: string | null,
  lang: Lang,
  n: Notify,
): Promise<TransitionResult> {
  const visible = await getChangeRequest(id, actor.scope);
  if (!visible) throw notFound();
  const locked = await lockChangeRequest(id);
  if (!locked) throw notFound();
  const rule = TRANSITIONS[t];
  if (!(rule.from as readonly ChangeStatus[]).includes(locked.status)) {
    const st = STATUS_TEXT[locked.status];
    throw new AppError('conflict', {
      detail: {
        ja: `この変更依頼は「${st.ja}」のため、この操作はできません。`,
        en: `This change request is ${st.en}: this step is not possible.`,
      },
    });
  }
  if (t === 'execute') {
    if (visible.kind === 'bandwidth') {
      // the one code path of a bandwidth change: its audit record links back to this request
      const before = await findService(visible.service_id);
      await changeServiceBandwidth(visible.service_id, visible.desired.bandwidthMbps!, {
        changeRequestId: id,
      });
      // the equipment follows through a provider change record, approved by a second person (14.2.1)
      await proposeForServiceChange({
        serviceId: visible.service_id,
        changeRequestId: id,
        changeRequestNumber: visible.number,
        fromMbps: before?.bandwidth_mbps ?? null,
        toMbps: visible.desired.bandwidthMbps!,
        staffId: actor.id,
      });
    } else if (!note) {
      throw new AppError('validation_failed', {
        fields: [
          field(
            '/body/note',
            'required',
            msg(lang, '実施した内容を記入してください。', 'Describe what was done.'),
          ),
        ],
      });
    }
  }
  await setStatus(id, {
    status: rule.to,
    ...(t === 'approve' || t === 'reject' ? { decidedBy: actor.id, decisionReason: note } : {}),
    ...(t === 'execute' ? { executedBy: actor.id, executionNote: note } : {}),
  });
  await insertEvent({
    tenantId: locked.tenant_id,
    changeRequestId: id,
    actorKind: actor.kind,
    actorId: actor.id,
    fromStatus: locked.status,
    toStatus: rule.to,
    note,
  });
  const row = (await getChangeRequest(id, null))!;
  await notifyRequester(row, note, n);
  return { before: locked.status, row };
}
