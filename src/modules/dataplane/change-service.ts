import { AppError, notFound, type FieldError, type Lang } from '../../app/errors.ts';
import type { ConfigChangeStatus, RiskLevel } from '../../db/schema-dataplane.ts';
import { zonedParts } from '../../lib/time.ts';
import { findDevices, getVersion } from './backup-repository.ts';
import { prepareDevices, type Target } from './change-prepare.ts';
import {
  getChange,
  insertChange,
  insertChangeEvent,
  lockChange,
  nextChangeNumber,
  updateChange,
  type ChangeRow,
} from './change-repository.ts';
import { changeDevices, setChangeDevices } from './change-device-repository.ts';
import { checkFourEyes, checkTransition, CONTROL, type Transition } from './changes.ts';

/** Who takes a step: a staff member, or the system on the customer's behalf. */
export interface Actor {
  kind: 'staff' | 'system';
  id: string | null;
}

const msg = (lang: Lang, ja: string, en: string): string => (lang === 'ja' ? ja : en);
const fieldError = (field: string, code: string, message: string): FieldError => ({ field, code, message });

/** Trimmed text without control characters; `required` makes empty a 400. */
export function checkText(
  value: string | undefined,
  field: string,
  lang: Lang,
  opts: { required: boolean; max: number },
): string {
  const text = (value ?? '').trim();
  const bad = (code: string, ja: string, en: string) =>
    new AppError('validation_failed', { fields: [fieldError(field, code, msg(lang, ja, en))] });
  if (!text && opts.required) throw bad('required', '必須項目です。', 'This field is required.');
  if (CONTROL.test(text))
    throw bad('control', '制御文字は使用できません。', 'Control characters are not allowed.');
  if (text.length > opts.max) throw bad('maxLength', '長すぎます。', 'This value is too long.');
  return text;
}

export interface PrepareInput {
  title: string;
  deviceIds: readonly string[];
  riskLevel?: RiskLevel | undefined;
  riskAssessment?: string | undefined;
  /** kind restore: the backup version to put back (its device is the only device) */
  restoreBackupId?: string;
  driftId?: string;
  changeRequest?: { id: string; number: string };
  directConnectionIds?: readonly string[];
  /** a record made on a customer's behalf starts submitted (when its diff could be computed) */
  submit?: boolean;
  /** staff preparing by hand: an unreadable device is an error at once */
  strict: boolean;
}

async function devicesFor(ids: readonly string[], lang: Lang) {
  const found = await findDevices(ids);
  const errors = ids.flatMap((id, i) => {
    const d = found.find((x) => x.id === id);
    if (!d)
      return [
        fieldError(
          `/body/deviceIds/${i}`,
          'unknown_device',
          msg(lang, '機器が見つかりません。', 'No such device.'),
        ),
      ];
    if (d.status === 'decommissioning' || d.status === 'reused' || d.status === 'disposed')
      return [
        fieldError(
          `/body/deviceIds/${i}`,
          'retired',
          msg(lang, '撤去済みの機器です。', 'This device is retired.'),
        ),
      ];
    return [];
  });
  if (new Set(ids).size !== ids.length)
    errors.push(
      fieldError(
        '/body/deviceIds',
        'duplicate',
        msg(lang, '同じ機器が重複しています。', 'A device is listed twice.'),
      ),
    );
  if (errors.length) throw new AppError('validation_failed', { fields: errors });
  return found;
}

/** Prepares a record: diff and impact computed now; returns its id. */
export async function prepareChange(input: PrepareInput, actor: Actor, lang: Lang): Promise<string> {
  const title = checkText(input.title, '/body/title', lang, { required: true, max: 200 });
  const risk = checkText(input.riskAssessment, '/body/riskAssessment', lang, { required: false, max: 4000 });
  const devices = await devicesFor(input.deviceIds, lang);
  let target: Target = { kind: 'apply' };
  if (input.restoreBackupId) {
    const v = await getVersion(input.restoreBackupId);
    if (!v) throw notFound();
    target = { kind: 'restore', restoreFiles: v.files };
  }
  const prepared = await prepareDevices(devices, target, {
    strict: input.strict,
    ...(input.directConnectionIds ? { directConnectionIds: input.directConnectionIds } : {}),
  });
  const canSubmit = !prepared.devices.some((d) => d.error) && input.riskLevel && risk;
  const status: ConfigChangeStatus = input.submit && canSubmit ? 'submitted' : 'draft';
  const id = await insertChange({
    number: await nextChangeNumber(zonedParts(new Date()).y),
    kind: target.kind,
    title,
    status,
    riskLevel: input.riskLevel ?? null,
    riskAssessment: risk,
    impact: prepared.impact,
    preparedBy: actor.id,
    changeRequestId: input.changeRequest?.id ?? null,
    changeRequestNumber: input.changeRequest?.number ?? null,
    restoreBackupId: input.restoreBackupId ?? null,
    driftId: input.driftId ?? null,
  });
  await setChangeDevices(id, prepared.devices);
  await insertChangeEvent({
    changeId: id,
    actorKind: actor.kind,
    actorId: actor.id,
    from: null,
    to: 'draft',
    note: null,
  });
  if (status === 'submitted')
    await insertChangeEvent({
      changeId: id,
      actorKind: actor.kind,
      actorId: actor.id,
      from: 'draft',
      to: 'submitted',
      note: null,
    });
  return id;
}

export interface StepResult {
  before: ConfigChangeStatus;
  row: ChangeRow;
}

async function locked(id: string) {
  const row = await lockChange(id);
  if (!row) throw notFound();
  return row;
}

async function step(
  id: string,
  from: ConfigChangeStatus,
  to: ConfigChangeStatus,
  actor: Actor,
  note: string | null,
): Promise<StepResult> {
  await insertChangeEvent({ changeId: id, actorKind: actor.kind, actorId: actor.id, from, to, note });
  return { before: from, row: (await getChange(id))! };
}

/** 409 while a device's diff could not be computed: nobody can judge what they cannot see. */
async function checkDiffsComplete(id: string, number: string): Promise<void> {
  const bad = (await changeDevices(id)).filter((d) => d.error);
  if (bad.length)
    throw new AppError('conflict', {
      detail: {
        ja: `変更 ${number} には差分を計算できなかった機器があります（${bad.map((d) => d.hostname).join(', ')}）。差分を再計算してください。`,
        en: `Change ${number} has devices whose diff could not be computed (${bad.map((d) => d.hostname).join(', ')}): refresh the diff.`,
      },
    });
}

/** Title and risk assessment, while a draft, by its preparer. */
export async function editChange(
  id: string,
  patch: {
    title?: string | undefined;
    riskLevel?: RiskLevel | undefined;
    riskAssessment?: string | undefined;
  },
  actor: Actor,
  lang: Lang,
): Promise<ChangeRow> {
  const c = await locked(id);
  if (c.status !== 'draft')
    throw new AppError('conflict', {
      detail: {
        ja: `変更 ${c.number} は下書きではないため編集できません。`,
        en: `Change ${c.number} is no longer a draft and cannot be edited.`,
      },
    });
  if (c.prepared_by !== actor.id)
    throw new AppError('forbidden', {
      detail: {
        ja: '変更の内容を編集できるのは準備した本人だけです。差分を再計算すると、あなたが準備者になります。',
        en: 'Only the preparer can edit a change. Refreshing the diff makes you its preparer.',
      },
    });
  await updateChange(id, {
    ...(patch.title !== undefined
      ? { title: checkText(patch.title, '/body/title', lang, { required: true, max: 200 }) }
      : {}),
    ...(patch.riskLevel !== undefined ? { riskLevel: patch.riskLevel } : {}),
    ...(patch.riskAssessment !== undefined
      ? {
          riskAssessment: checkText(patch.riskAssessment, '/body/riskAssessment', lang, {
            required: false,
            max: 4000,
          }),
        }
      : {}),
  });
  return (await getChange(id))!;
}

export async function submitChange(id: string, actor: Actor): Promise<StepResult> {
  const c = await locked(id);
  checkTransition(c.number, c.status, 'submit');
  const row = (await getChange(id))!;
  if (!row.risk_level || !row.risk_assessment.trim())
    throw new AppError('conflict', {
      detail: {
        ja: `変更 ${c.number} を申請する前に、リスク評価（レベルと内容）を記入してください。`,
        en: `Write the risk assessment (level and text) of change ${c.number} before submitting it.`,
      },
    });
  await checkDiffsComplete(id, c.number);
  await updateChange(id, { status: 'submitted', submittedAt: new Date() });
  return step(id, c.status, 'submitted', actor, null);
}

/** Approve or reject: changes.approve (checked by the route), never the preparer. */
export async function decideChange(
  id: string,
  t: Extract<Transition, 'approve' | 'reject'>,
  actor: Actor & { id: string },
  note: string | null,
): Promise<StepResult> {
  const c = await locked(id);
  checkTransition(c.number, c.status, t);
  checkFourEyes(c.number, c.prepared_by, actor.id);
  if (t === 'approve') await checkDiffsComplete(id, c.number);
  const to = t === 'approve' ? 'approved' : 'rejected';
  await updateChange(id, {
    status: to,
    decidedAt: new Date(),
    decisionNote: note,
    ...(t === 'approve' ? { approvedBy: actor.id } : { rejectedBy: actor.id }),
  });
  return step(id, c.status, to, actor, note);
}

/** Computes diff and impact anew; the record returns to draft with the refresher as its preparer. */
export async function refreshChange(id: string, actor: Actor): Promise<StepResult> {
  const c = await locked(id);
  checkTransition(c.number, c.status, 'refresh');
  const rows = await changeDevices(id);
  const devices = await findDevices(rows.map((r) => r.device_id));
  let target: Target = { kind: 'apply' };
  if (c.kind === 'restore') {
    const v = await getVersion(c.restore_backup_id!);
    target = { kind: 'restore', restoreFiles: v!.files };
  }
  const current = (await getChange(id))!;
  const prepared = await prepareDevices(devices, target, {
    strict: true,
    // a customer's request names the connections it changes; anything else comes from the diff
    ...(current.change_request_id
      ? { directConnectionIds: current.impact.connections.filter((x) => x.direct).map((x) => x.id) }
      : {}),
  });
  await setChangeDevices(id, prepared.devices);
  await updateChange(id, {
    status: 'draft',
    impact: prepared.impact,
    preparedBy: actor.id,
    submittedAt: null,
    approvedBy: null,
    decidedAt: null,
    decisionNote: null,
  });
  return step(id, c.status, 'draft', actor, null);
}
