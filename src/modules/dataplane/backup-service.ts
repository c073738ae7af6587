import { notFound } from '../../app/errors.ts';
import type { Database } from '../../db/client.ts';
import { inTransaction, systemScope, type Scope } from '../../db/context.ts';
import type { BackupSource } from '../../db/schema-dataplane.ts';
import { recordAudit } from '../audit/service.ts';
import {
  backupDevices,
  findDevices,
  insertDrift,
  insertVersion,
  latestVersion,
  lockDeviceBackups,
  openDrift,
  recordRun,
  resolveDrift,
  succeededChangeSince,
  touchVersion,
  updateDrift,
  type DeviceRef,
} from './backup-repository.ts';
import { diffFiles, errorText, intendedSide, runningSide, type Side } from './device-io.ts';
import { secretKey } from './env.ts';

/**
 * Equipment configuration backups (12.3.1): read each device's running configuration through its
 * driver, keep it as a new version only when it changed, and compare it with the intended
 * configuration: a difference is drift, shown as a diff until a later run finds them equal.
 * Reading the device happens outside any transaction (a slow device holds no lock).
 */

export type DriftState = 'none' | 'detected' | 'still' | 'resolved' | 'unknown';

export interface BackupOutcome {
  deviceId: string;
  hostname: string;
  ok: boolean;
  error: string | null;
  version: number | null;
  /** a new version was stored (the content changed) */
  newVersion: boolean;
  drift: DriftState;
  driftId: string | null;
}

/** Stores the running configuration as the next version unless it equals the latest one. */
export async function storeSnapshot(
  device: DeviceRef,
  running: Side,
  at: Date,
  source: BackupSource,
): Promise<{ id: string; version: number; created: boolean }> {
  await lockDeviceBackups(device.id);
  const latest = await latestVersion(device.id);
  if (latest && latest.sha256 === running.sha256) {
    await touchVersion(latest.id, at);
    return { id: latest.id, version: latest.version, created: false };
  }
  const v = await insertVersion({
    deviceId: device.id,
    version: (latest?.version ?? 0) + 1,
    sha256: running.sha256,
    files: running.redacted,
    source,
    at,
  });
  await recordAudit({
    action: 'config_backup.version',
    targetType: 'device',
    targetId: device.id,
    summary: { hostname: device.hostname, version: v.version, sha256: v.sha256, source },
  });
  return { id: v.id, version: v.version, created: true };
}

/** Compares a stored version with the intended configuration and keeps the drift record current. */
async function checkDrift(
  device: DeviceRef,
  backup: { id: string; version: number; sha256: string; files: Record<string, string> },
  intended: Side,
  at: Date,
): Promise<{ state: DriftState; id: string | null }> {
  const open = await openDrift(device.id);
  if (intended.sha256 === backup.sha256) {
    if (!open) return { state: 'none', id: null };
    const by = await succeededChangeSince(device.id, open.detected_at);
    await resolveDrift(open.id, at, by);
    await recordAudit({
      action: 'config_drift.resolved',
      targetType: 'device',
      targetId: device.id,
      summary: { hostname: device.hostname, drift: open.id, version: backup.version, change: by },
    });
    return { state: 'resolved', id: open.id };
  }
  const diff = diffFiles(device, intended.redacted, backup.files).text;
  const d = { backupId: backup.id, intendedSha256: intended.sha256, diff, at };
  if (open) {
    await updateDrift(open.id, d);
    return { state: 'still', id: open.id };
  }
  const id = await insertDrift({ deviceId: device.id, ...d });
  await recordAudit({
    action: 'config_drift.detected',
    targetType: 'device',
    targetId: device.id,
    summary: { hostname: device.hostname, drift: id, version: backup.version, intended: intended.sha256 },
  });
  return { state: 'detected', id };
}

/**
 * Backs up one device now and checks it for drift. `scope` is the acting staff member for a
 * manual run, the system for the nightly job. A device that cannot be read is recorded (and
 * audited) as a failed run; the outcome says so instead of throwing.
 */
export async function runBackup(
  database: Database,
  deviceId: string,
  opts: { source?: BackupSource; scope?: Scope } = {},
): Promise<BackupOutcome> {
  const scope = opts.scope ?? systemScope();
  const tx = <T>(fn: () => Promise<T>) => inTransaction(database, scope, fn);
  const device = await tx(async () => (await findDevices([deviceId]))[0]);
  if (!device) throw notFound();
  const base = { deviceId, hostname: device.hostname, version: null, newVersion: false, driftId: null };
  const key = secretKey();
  let running: Side;
  try {
    running = await runningSide(device, key);
  } catch (e) {
    const error = errorText(e);
    await tx(async () => {
      await recordRun(device.id, new Date(), error);
      await recordAudit({
        action: 'config_backup.failed',
        outcome: 'failure',
        targetType: 'device',
        targetId: device.id,
        summary: { hostname: device.hostname, error },
      });
    });
    return { ...base, ok: false, error, drift: 'unknown' };
  }
  return tx(async () => {
    const at = new Date();
    const stored = await storeSnapshot(device, running, at, opts.source ?? 'scheduled');
    let drift: { state: DriftState; id: string | null } = { state: 'unknown', id: null };
    let error: string | null = null;
    // PVA renders the configuration of PEs only: other devices are backed up, not compared
    if (device.role !== 'pe') {
      await recordRun(device.id, at, null);
      return {
        ...base,
        ok: true,
        error,
        version: stored.version,
        newVersion: stored.created,
        drift: 'unknown',
      };
    }
    try {
      const intended = await intendedSide(device, key);
      drift = await checkDrift(
        device,
        { id: stored.id, version: stored.version, sha256: running.sha256, files: running.redacted },
        intended,
        at,
      );
    } catch (e) {
      // the backup itself is kept; only the comparison could not be made
      error = `intended configuration: ${errorText(e)}`;
    }
    await recordRun(device.id, at, error);
    return {
      ...base,
      ok: error === null,
      error,
      version: stored.version,
      newVersion: stored.created,
      drift: drift.state,
      driftId: drift.id,
    };
  });
}

/** The nightly run: every device not retired, one after the other; one summary record. */
export async function runBackups(
  database: Database,
  opts: { source?: BackupSource; scope?: Scope } = {},
): Promise<BackupOutcome[]> {
  const scope = opts.scope ?? systemScope();
  const list = await inTransaction(database, scope, () => backupDevices());
  const out: BackupOutcome[] = [];
  for (const d of list) out.push(await runBackup(database, d.id, { ...opts, scope }));
  await inTransaction(database, scope, () =>
    recordAudit({
      action: 'config_backup.run',
      outcome: out.every((o) => o.ok) ? 'success' : 'failure',
      summary: {
        devices: out.length,
        failed: out.filter((o) => !o.ok).length,
        newVersions: out.filter((o) => o.newVersion).length,
        drift: out.filter((o) => o.drift === 'detected' || o.drift === 'still').length,
      },
    }),
  );
  return out;
}
