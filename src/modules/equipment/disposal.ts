import { createHash } from 'node:crypto';
import { AppError, notFound, type Lang } from '../../app/errors.ts';
import { zonedDate } from '../../lib/time.ts';
import * as repo from './disposal-repository.ts';
import * as inv from './inventory-repository.ts';
import { STATUS_LABEL, transition } from './lifecycle.ts';
import type { DisposalBodyT, DisposalPatchT, EvidenceBodyT } from './schema.ts';

/**
 * Secure disposal or reuse (11.2.7). A record is opened for an item being decommissioned, names
 * the method (and the contractor for physical destruction) and the performer, collects evidence,
 * and is completed by a verifier who is not the performer. Completion moves the item, and the
 * storage-bearing components it covers, to disposed or reused.
 */

export const EVIDENCE_MAX_BYTES = 2 * 1024 * 1024;
export const EVIDENCE_TYPES = [
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/json',
  'image/png',
  'image/jpeg',
] as const;

const msg = (ja: string, en: string) => ({ ja, en });
const bad = (field: string, code: string, text: { ja: string; en: string }, lang: Lang): AppError =>
  new AppError('validation_failed', { fields: [{ field, code, message: text[lang] }] });
const conflict = (ja: string, en: string): AppError => new AppError('conflict', { detail: msg(ja, en) });

async function checkPerformer(staffId: string, lang: Lang, field = '/body/performerStaffId'): Promise<void> {
  if (!(await inv.activeStaff(staffId)))
    throw bad(field, 'unknown_staff', msg('担当者が見つかりません。', 'No such staff member.'), lang);
}
async function checkSupplier(id: string, lang: Lang): Promise<void> {
  if (!(await repo.supplierName(id)))
    throw bad(
      '/body/supplierId',
      'unknown_supplier',
      msg('取引先が見つかりません。', 'No such supplier.'),
      lang,
    );
}
function checkDay(day: string, lang: Lang): void {
  if (day > zonedDate(new Date()))
    throw bad(
      '/body/performedOn',
      'future',
      msg('未来の日付は指定できません。', 'The date is in the future.'),
      lang,
    );
}

export async function createDisposal(
  b: DisposalBodyT,
  staffId: string,
  lang: Lang,
): Promise<repo.DisposalRow> {
  const kind = b.deviceId ? 'device' : 'component';
  const id = b.deviceId ?? b.componentId;
  if (!id || (b.deviceId && b.componentId))
    throw bad(
      '/body/deviceId',
      'one_item',
      msg('機器か構成部品のどちらか一つを指定してください。', 'Give either a device or a component.'),
      lang,
    );
  const status = await inv.lockStatus(kind, id);
  if (!status)
    throw bad(
      kind === 'device' ? '/body/deviceId' : '/body/componentId',
      'unknown_item',
      msg('対象が見つかりません。', 'No such item.'),
      lang,
    );
  if (status !== 'decommissioning')
    throw conflict(
      `廃棄・再利用記録は「撤去中」の品目にだけ作成できます（現在: ${STATUS_LABEL[status].ja}）。`,
      `A disposal or reuse record is opened for an item being decommissioned (now: ${STATUS_LABEL[status].en}).`,
    );
  if (b.method === 'physical_destruction' && !b.supplierId)
    throw bad(
      '/body/supplierId',
      'contractor_required',
      msg(
        '物理破壊には委託先（取引先）が必要です。',
        'Physical destruction needs the contractor (a supplier).',
      ),
      lang,
    );
  if (b.supplierId) await checkSupplier(b.supplierId, lang);
  if (b.performerStaffId) await checkPerformer(b.performerStaffId, lang);
  if (b.performedOn) checkDay(b.performedOn, lang);
  let covered: string[] = [];
  if (kind === 'device') {
    const storage = await inv.storageComponents(id);
    covered = b.componentIds ?? storage.map((c) => c.id);
    const known = new Set(storage.map((c) => c.id));
    covered.forEach((c, i) => {
      if (!known.has(c))
        throw bad(
          `/body/componentIds/${i}`,
          'not_storage_of_device',
          msg(
            'この機器の記憶媒体を持つ構成部品ではありません。',
            'Not a storage-bearing component of this device.',
          ),
          lang,
        );
    });
  } else if (b.componentIds?.length) {
    throw bad(
      '/body/componentIds',
      'device_only',
      msg('機器の記録にだけ指定できます。', 'Only for a device record.'),
      lang,
    );
  }
  const did = await repo.insertDisposal({
    device_id: kind === 'device' ? id : null,
    component_id: kind === 'component' ? id : null,
    outcome: b.outcome,
    method: b.method,
    supplier_id: b.supplierId ?? null,
    performer_staff_id: b.performerStaffId ?? null,
    performed_on: b.performedOn ?? null,
    notes: b.notes?.trim() ?? '',
    created_by: staffId,
  });
  if (!did)
    throw conflict('この品目にはすでに未完了の記録があります。', 'This item already has an open record.');
  await repo.setCovered(did, [...new Set(covered)]);
  return (await repo.listDisposals({ id: did }))[0]!;
}

async function openRecord(id: string): Promise<repo.DisposalRow> {
  const d = (await repo.listDisposals({ id, lock: true }))[0];
  if (!d) throw notFound();
  if (d.status !== 'open')
    throw conflict(
      'この記録はすでに完了または取消済みです。',
      'This record is already completed or cancelled.',
    );
  return d;
}

export async function updateDisposal(id: string, b: DisposalPatchT, lang: Lang) {
  const before = await openRecord(id);
  if (b.performerStaffId) await checkPerformer(b.performerStaffId, lang);
  if (b.supplierId) await checkSupplier(b.supplierId, lang);
  if (b.supplierId === null && before.method === 'physical_destruction')
    throw bad(
      '/body/supplierId',
      'contractor_required',
      msg(
        '物理破壊には委託先（取引先）が必要です。',
        'Physical destruction needs the contractor (a supplier).',
      ),
      lang,
    );
  if (b.performedOn) checkDay(b.performedOn, lang);
  await repo.updateDisposal(id, {
    ...(b.performerStaffId !== undefined ? { performer_staff_id: b.performerStaffId } : {}),
    ...(b.performedOn !== undefined ? { performed_on: b.performedOn } : {}),
    ...(b.supplierId !== undefined ? { supplier_id: b.supplierId } : {}),
    ...(b.notes !== undefined ? { notes: b.notes.trim() } : {}),
  });
  return { before, after: (await repo.listDisposals({ id }))[0]! };
}

export async function addEvidence(id: string, b: EvidenceBodyT, staffId: string, lang: Lang) {
  await openRecord(id);
  const type = b.contentType.toLowerCase().split(';')[0]!.trim();
  if (!(EVIDENCE_TYPES as readonly string[]).includes(type))
    throw new AppError('unsupported_media_type', {
      detail: msg(
        `証跡として受け付ける形式は ${EVIDENCE_TYPES.join(', ')} です。`,
        `Evidence may be ${EVIDENCE_TYPES.join(', ')}.`,
      ),
      extensions: { allowed: [...EVIDENCE_TYPES] },
    });
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b.contentBase64) || b.contentBase64.length % 4 !== 0)
    throw bad(
      '/body/contentBase64',
      'base64',
      msg('Base64 として正しくありません。', 'Not valid base64.'),
      lang,
    );
  const content = Buffer.from(b.contentBase64, 'base64');
  if (content.length > EVIDENCE_MAX_BYTES)
    throw new AppError('body_too_large', {
      detail: msg('証跡ファイルは 2 MiB までです。', 'Evidence files are limited to 2 MiB.'),
      extensions: { maxBytes: EVIDENCE_MAX_BYTES },
    });
  const sha256 = createHash('sha256').update(content).digest('hex');
  const filename = b.filename.replace(/[\\/\r\n"]/g, '_');
  const evidenceId = await repo.insertEvidence({
    disposal_id: id,
    kind: b.kind,
    filename,
    content_type: type,
    size_bytes: content.length,
    sha256,
    content,
    uploaded_by: staffId,
  });
  return { evidenceId, sha256, size: content.length, filename, kind: b.kind };
}

/**
 * The verifier completes the record: never the performer, never without evidence (a certificate
 * of destruction when a contractor destroyed it), and a device's record must cover each of its
 * storage-bearing components not already sanitised under a record of their own.
 */
export async function completeDisposal(id: string, verifierId: string, lang: Lang) {
  const d = await openRecord(id);
  if (!d.performer_staff_id || !d.performed_on)
    throw conflict(
      '作業者と作業日を記録してから完了してください。',
      'Record the performer and the day of the work before completing.',
    );
  if (d.performer_staff_id === verifierId)
    throw new AppError('disposal_same_person', {
      detail: msg(
        '作業者本人は確認・完了できません。別の担当者が確認してください。',
        'The performer cannot verify their own work: another staff member must complete it.',
      ),
    });
  const evidence = await repo.evidenceOf([id]);
  if (!evidence.length) throw new AppError('evidence_required');
  if (d.method === 'physical_destruction' && !evidence.some((e) => e.kind === 'certificate'))
    throw new AppError('evidence_required', {
      detail: msg(
        '委託先による物理破壊には破壊証明書の添付が必要です。',
        "Physical destruction by a contractor needs the contractor's certificate of destruction.",
      ),
    });
  const covered = await repo.coveredComponents([id]);
  if (d.device_id) {
    const coveredIds = new Set(covered.map((c) => c.id));
    const storage = await inv.storageComponents(d.device_id);
    const uncovered = [];
    for (const c of storage)
      if (!coveredIds.has(c.id) && !(await repo.completedDisposal('component', c.id, d.outcome)))
        uncovered.push(c);
    if (uncovered.length)
      throw new AppError('disposal_required', {
        detail: msg(
          `記憶媒体を持つ構成部品が記録の対象外です: ${uncovered.map((c) => c.label).join(', ')}`,
          `Storage-bearing components not covered by a record: ${uncovered.map((c) => c.label).join(', ')}`,
        ),
        extensions: { uncovered },
      });
  }
  await repo.updateDisposal(id, {
    status: 'completed',
    verifier_staff_id: verifierId,
    completed_at: new Date(),
  });
  const to = d.outcome === 'reuse' ? 'reused' : 'disposed';
  const reason = `${d.outcome === 'reuse' ? 'reuse' : 'disposal'} record ${id}`;
  await transition(d.device_id ? 'device' : 'component', (d.device_id ?? d.component_id)!, to, reason, lang);
  // the covered components leave with their device, whatever status they had
  for (const c of covered) {
    const from = await inv.lockStatus('component', c.id);
    if (from === to) continue;
    await inv.setStatus('component', c.id, to);
    await inv.insertTransition({ kind: 'component', id: c.id, from, to, reason, actor: verifierId });
  }
  return { before: d, after: (await repo.listDisposals({ id }))[0]!, to };
}

export async function cancelDisposal(id: string) {
  const d = await openRecord(id);
  await repo.updateDisposal(id, { status: 'cancelled' });
  return d;
}
