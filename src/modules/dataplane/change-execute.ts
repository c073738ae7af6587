import { AppError, notFound } from '../../app/errors.ts';
import type { ChangeLogEntry, ConfigChangeStatus, DeviceOutcome } from '../../db/schema-dataplane.ts';
import { formatInstant } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { findDevices, getVersion, resolveDrift, type DeviceRef } from './backup-repository.ts';
import { storeSnapshot } from './backup-service.ts';
import type { Files } from './backups.ts';
import { targetOf, type Target } from './change-prepare.ts';
import {
  getChange,
  insertChangeEvent,
  lockChange,
  updateChange,
  type ChangeRow,
} from './change-repository.ts';
import { changeDevices, executingOn, setDeviceOutcome } from './change-device-repository.ts';
import { checkTransition } from './changes.ts';
import { applyFiles, errorText, runningSide, type Side } from './device-io.ts';
import { secretKey } from './env.ts';

/**
 * Executes an approved change (14.2.1). Three steps, so no database transaction (and on the
 * embedded engine, no lock) is held while equipment is being configured:
 *  1. in a transaction: the record must be approved, no other change may be executing on its
 *     devices, and each device's target must still hash to what was approved (else 409
 *     config_stale); the record becomes `executing`, audited.
 *  2. without a transaction: per device, a snapshot of the running configuration (the rollback
 *     target), then apply. On the first failure, every device touched so far is put back to its
 *     snapshot, in reverse order.
 *  3. in a transaction: snapshots stored as backup versions, per-device outcomes, the log, and
 *     the end state succeeded | failed | rolled_back, audited.
 */
export type Run = <T>(fn: () => Promise<T>) => Promise<T>;

interface Work {
  device: DeviceRef;
  raw: Files;
  pre: Side | null;
  outcome: DeviceOutcome;
}

export async function executeChange(id: string, actor: { id: string }, run: Run): Promise<ChangeRow> {
  const key = secretKey();
  const started = await run(async () => {
    const c = await lockChange(id);
    if (!c) throw notFound();
    checkTransition(c.number, c.status, 'execute');
    const rows = await changeDevices(id);
    const busy = await executingOn(
      rows.map((r) => r.device_id),
      id,
    );
    if (busy)
      throw new AppError('conflict', {
        detail: {
          ja: `同じ機器で変更 ${busy} を実施中です。完了してから実施してください。`,
          en: `Change ${busy} is executing on the same device: wait until it has finished.`,
        },
      });
    let target: Target = { kind: 'apply' };
    if (c.kind === 'restore')
      target = { kind: 'restore', restoreFiles: (await getVersion(c.restore_backup_id!))!.files };
    const devices = await findDevices(rows.map((r) => r.device_id));
    const work: Work[] = [];
    for (const r of rows) {
      const device = devices.find((d) => d.id === r.device_id)!;
      const t = await targetOf(device, target, key);
      if (t.sha256 !== r.target_sha256)
        throw new AppError('config_stale', {
          detail: {
            ja: `機器 ${device.hostname} の適用内容が承認後に変わりました（モデルが変更されています）。差分を再計算し、改めて承認を受けてください。`,
            en: `What would be applied to ${device.hostname} changed after approval (the model changed): refresh the diff and have it approved again.`,
          },
          extensions: { deviceId: device.id },
        });
      work.push({ device, raw: t.raw, pre: null, outcome: 'not_applied' });
    }
    await updateChange(id, { status: 'executing', executedBy: actor.id, startedAt: new Date() });
    await insertChangeEvent({
      changeId: id,
      actorKind: 'staff',
      actorId: actor.id,
      from: 'approved',
      to: 'executing',
      note: null,
    });
    await recordAudit({
      action: 'config_change.execute',
      targetType: 'config_change',
      targetId: id,
      summary: {
        number: c.number,
        from: 'approved',
        to: 'executing',
        devices: work.map((w) => w.device.hostname),
      },
    });
    return { number: c.number, driftId: c.drift_id, work };
  });

  const log: ChangeLogEntry[] = [];
  const note = (device: DeviceRef | null, level: 'info' | 'error', message: string) =>
    log.push({ at: formatInstant(new Date()), device: device?.hostname ?? null, level, message });
  let failedAt: Work | null = null;
  for (const w of started.work) {
    try {
      w.pre = await runningSide(w.device, key);
      note(
        w.device,
        'info',
        `snapshot of the running configuration taken (sha256 ${w.pre.sha256.slice(0, 12)})`,
      );
    } catch (e) {
      note(w.device, 'error', `running configuration could not be read: ${errorText(e)}; not applied`);
      w.outcome = 'failed';
      failedAt = w;
      break;
    }
    const r = await applyFiles(w.device, w.raw);
    for (const line of r.log) note(w.device, r.ok ? 'info' : 'error', line);
    if (!r.ok) {
      note(w.device, 'error', 'apply failed');
      w.outcome = 'failed';
      failedAt = w;
      break;
    }
    w.outcome = 'applied';
    note(w.device, 'info', 'applied');
  }

  let status: ConfigChangeStatus = 'succeeded';
  if (failedAt) {
    status = 'rolled_back';
    note(null, 'error', 'rolling back to the snapshots taken before this change');
    const touched = started.work.slice(0, started.work.indexOf(failedAt) + 1).filter((w) => w.pre);
    for (const w of touched.reverse()) {
      const r = await applyFiles(w.device, w.pre!.raw);
      for (const line of r.log) note(w.device, r.ok ? 'info' : 'error', `rollback: ${line}`);
      w.outcome = r.ok ? 'rolled_back' : 'rollback_failed';
      if (!r.ok) status = 'failed';
      note(w.device, r.ok ? 'info' : 'error', r.ok ? 'rolled back' : 'ROLLBACK FAILED: restore by hand');
    }
  }
  const result =
    status === 'succeeded'
      ? `applied to ${started.work.length} device(s)`
      : status === 'rolled_back'
        ? `apply failed on ${failedAt!.device.hostname}; rolled back`
        : `apply failed on ${failedAt!.device.hostname}; rollback failed: manual restore needed`;

  return run(async () => {
    const at = new Date();
    for (const w of started.work) {
      const pre = w.pre ? await storeSnapshot(w.device, w.pre, at, 'pre_change') : null;
      await setDeviceOutcome(id, w.device.id, { outcome: w.outcome, preBackupId: pre?.id ?? null });
    }
    if (status === 'succeeded' && started.driftId) await resolveDrift(started.driftId, at, id);
    await updateChange(id, { status, finishedAt: at, log, result });
    await insertChangeEvent({
      changeId: id,
      actorKind: 'staff',
      actorId: actor.id,
      from: 'executing',
      to: status,
      note: result,
    });
    await recordAudit({
      action: 'config_change.result',
      outcome: status === 'succeeded' ? 'success' : 'failure',
      targetType: 'config_change',
      targetId: id,
      summary: {
        number: started.number,
        from: 'executing',
        to: status,
        devices: Object.fromEntries(started.work.map((w) => [w.device.hostname, w.outcome])),
      },
    });
    return (await getChange(id))!;
  });
}
