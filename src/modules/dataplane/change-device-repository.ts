import { db } from '../../db/context.ts';
import type { DeviceOutcome } from '../../db/schema-dataplane.ts';

/** The per-device rows of a change record: diff, hashes, renderer warnings, outcome. */
export interface ChangeDeviceRow {
  device_id: string;
  hostname: string;
  driver: string;
  position: number;
  diff: string;
  changed: boolean;
  target_sha256: string | null;
  running_sha256: string | null;
  error: string | null;
  warnings: string[];
  pre_backup_id: string | null;
  outcome: DeviceOutcome | null;
}

export interface NewChangeDevice {
  deviceId: string;
  diff: string;
  changed: boolean;
  targetSha256: string | null;
  runningSha256: string | null;
  error: string | null;
  warnings?: string[];
}

/** Replaces the per-device rows (a refresh computes them anew). */
export async function setChangeDevices(changeId: string, rows: readonly NewChangeDevice[]): Promise<void> {
  await db().deleteFrom('ops.config_change_device').where('change_id', '=', changeId).execute();
  if (!rows.length) return;
  await db()
    .insertInto('ops.config_change_device')
    .values(
      rows.map((r, i) => ({
        change_id: changeId,
        device_id: r.deviceId,
        position: i,
        diff: r.diff,
        changed: r.changed,
        target_sha256: r.targetSha256,
        running_sha256: r.runningSha256,
        error: r.error,
        warnings: JSON.stringify(r.warnings ?? []),
      })),
    )
    .execute();
}

export async function changeDevices(changeId: string): Promise<ChangeDeviceRow[]> {
  return db()
    .selectFrom('ops.config_change_device as cd')
    .innerJoin('ops.device as d', 'd.id', 'cd.device_id')
    .select([
      'cd.device_id',
      'd.hostname',
      'd.driver',
      'cd.position',
      'cd.diff',
      'cd.changed',
      'cd.target_sha256',
      'cd.running_sha256',
      'cd.error',
      'cd.warnings',
      'cd.pre_backup_id',
      'cd.outcome',
    ])
    .where('cd.change_id', '=', changeId)
    .orderBy('cd.position')
    .execute();
}

export async function setDeviceOutcome(
  changeId: string,
  deviceId: string,
  v: { outcome: DeviceOutcome; preBackupId?: string | null },
): Promise<void> {
  await db()
    .updateTable('ops.config_change_device')
    .set({
      outcome: v.outcome,
      ...(v.preBackupId !== undefined ? { pre_backup_id: v.preBackupId } : {}),
    })
    .where('change_id', '=', changeId)
    .where('device_id', '=', deviceId)
    .execute();
}

/** Another change executing on any of these devices right now (its number), if one is. */
export async function executingOn(deviceIds: readonly string[], exceptId: string): Promise<string | null> {
  if (!deviceIds.length) return null;
  const r = await db()
    .selectFrom('ops.config_change as c')
    .innerJoin('ops.config_change_device as cd', 'cd.change_id', 'c.id')
    .select('c.number')
    .where('c.status', '=', 'executing')
    .where('c.id', '<>', exceptId)
    .where('cd.device_id', 'in', [...deviceIds])
    .limit(1)
    .executeTakeFirst();
  return r?.number ?? null;
}
