import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import type { BackupSource } from '../../db/schema-dataplane.ts';
import { asFiles, type Files } from './backups.ts';

/** A device as the data-plane side needs it: where its driver reaches it. */
export interface DeviceRef {
  id: string;
  hostname: string;
  role: string;
  status: string;
  driver: string;
  driver_target: Record<string, unknown>;
  pop_code: string;
}

function devices() {
  return db()
    .selectFrom('ops.device as d')
    .innerJoin('ops.pop as p', 'p.id', 'd.pop_id')
    .select([
      'd.id',
      'd.hostname',
      'd.role',
      'd.status',
      'd.driver',
      'd.driver_target',
      'p.code as pop_code',
    ]);
}

/** The devices with these ids, in the order asked (missing ids are left out). */
export async function findDevices(ids: readonly string[]): Promise<DeviceRef[]> {
  if (!ids.length) return [];
  const rows = await devices()
    .where('d.id', 'in', [...ids])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

/** Devices that carry configuration PVA manages: every device still in the network, by hostname. */
export async function backupDevices(): Promise<DeviceRef[]> {
  return devices()
    .where('d.status', 'not in', ['decommissioning', 'reused', 'disposed'])
    .orderBy('d.hostname')
    .execute();
}

export interface VersionRow {
  id: string;
  device_id: string;
  version: number;
  sha256: string;
  source: BackupSource;
  fetched_at: Date;
  last_seen_at: Date;
}
export interface VersionWithFiles extends VersionRow {
  files: Files;
}

const versionCols = ['id', 'device_id', 'version', 'sha256', 'source', 'fetched_at', 'last_seen_at'] as const;

export async function latestVersion(deviceId: string): Promise<VersionWithFiles | undefined> {
  const r = await db()
    .selectFrom('ops.config_backup')
    .select([...versionCols, 'files'])
    .where('device_id', '=', deviceId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? { ...r, files: asFiles(r.files) } : undefined;
}

export async function getVersion(id: string): Promise<VersionWithFiles | undefined> {
  const r = await db()
    .selectFrom('ops.config_backup')
    .select([...versionCols, 'files'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? { ...r, files: asFiles(r.files) } : undefined;
}

export async function listVersions(deviceId: string, limit: number): Promise<VersionRow[]> {
  return db()
    .selectFrom('ops.config_backup')
    .select([...versionCols])
    .where('device_id', '=', deviceId)
    .orderBy('version', 'desc')
    .limit(limit)
    .execute();
}

/** Serialises backups of one device (two runs at once would both count the next version). */
export async function lockDeviceBackups(deviceId: string): Promise<void> {
  await db().selectFrom('ops.device').select('id').where('id', '=', deviceId).forUpdate().execute();
}

export async function insertVersion(v: {
  deviceId: string;
  version: number;
  sha256: string;
  files: Files;
  source: BackupSource;
  at: Date;
}): Promise<VersionRow> {
  return db()
    .insertInto('ops.config_backup')
    .values({
      device_id: v.deviceId,
      version: v.version,
      sha256: v.sha256,
      files: JSON.stringify(v.files),
      source: v.source,
      fetched_at: v.at,
      last_seen_at: v.at,
    })
    .returning([...versionCols])
    .executeTakeFirstOrThrow();
}

export async function touchVersion(id: string, at: Date): Promise<void> {
  await db().updateTable('ops.config_backup').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export async function recordRun(deviceId: string, at: Date, error: string | null): Promise<void> {
  await db()
    .insertInto('ops.config_backup_status')
    .values({ device_id: deviceId, last_run_at: at, last_ok_at: error ? null : at, last_error: error })
    .onConflict((oc) =>
      oc.column('device_id').doUpdateSet({
        last_run_at: at,
        last_error: error,
        ...(error ? {} : { last_ok_at: at }),
      }),
    )
    .execute();
}

export interface DriftRow {
  id: string;
  device_id: string;
  hostname: string;
  backup_id: string;
  version: number;
  intended_sha256: string;
  diff: string;
  detected_at: Date;
  last_seen_at: Date;
  resolved_at: Date | null;
  resolved_by_change_id: string | null;
  resolved_by_number: string | null;
}

function drifts() {
  return db()
    .selectFrom('ops.config_drift as f')
    .innerJoin('ops.device as d', 'd.id', 'f.device_id')
    .innerJoin('ops.config_backup as b', 'b.id', 'f.backup_id')
    .leftJoin('ops.config_change as c', 'c.id', 'f.resolved_by_change_id')
    .select([
      'f.id',
      'f.device_id',
      'd.hostname',
      'f.backup_id',
      'b.version',
      'f.intended_sha256',
      'f.diff',
      'f.detected_at',
      'f.last_seen_at',
      'f.resolved_at',
      'f.resolved_by_change_id',
      'c.number as resolved_by_number',
    ]);
}

export async function openDrift(deviceId: string): Promise<DriftRow | undefined> {
  return drifts().where('f.device_id', '=', deviceId).where('f.resolved_at', 'is', null).executeTakeFirst();
}

export async function getDrift(id: string): Promise<DriftRow | undefined> {
  return drifts().where('f.id', '=', id).executeTakeFirst();
}

export async function listDrifts(open: boolean, limit: number): Promise<DriftRow[]> {
  let q = drifts().orderBy('f.detected_at', 'desc').limit(limit);
  q = open ? q.where('f.resolved_at', 'is', null) : q;
  return q.execute();
}

export async function insertDrift(d: {
  deviceId: string;
  backupId: string;
  intendedSha256: string;
  diff: string;
  at: Date;
}): Promise<string> {
  const r = await db()
    .insertInto('ops.config_drift')
    .values({
      device_id: d.deviceId,
      backup_id: d.backupId,
      intended_sha256: d.intendedSha256,
      diff: d.diff,
      detected_at: d.at,
      last_seen_at: d.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateDrift(
  id: string,
  d: { backupId: string; intendedSha256: string; diff: string; at: Date },
): Promise<void> {
  await db()
    .updateTable('ops.config_drift')
    .set({ backup_id: d.backupId, intended_sha256: d.intendedSha256, diff: d.diff, last_seen_at: d.at })
    .where('id', '=', id)
    .execute();
}

export async function resolveDrift(id: string, at: Date, changeId: string | null): Promise<void> {
  await db()
    .updateTable('ops.config_drift')
    .set({ resolved_at: at, resolved_by_change_id: changeId })
    .where('id', '=', id)
    .where('resolved_at', 'is', null)
    .execute();
}

/** The last change that succeeded on the device after `since`: what resolved a drift, if anything. */
export async function succeededChangeSince(deviceId: string, since: Date): Promise<string | null> {
  const r = await db()
    .selectFrom('ops.config_change as c')
    .innerJoin('ops.config_change_device as cd', 'cd.change_id', 'c.id')
    .select('c.id')
    .where('cd.device_id', '=', deviceId)
    .where('c.status', '=', 'succeeded')
    .where('c.finished_at', '>=', since)
    .orderBy('c.finished_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.id ?? null;
}

export interface DeviceBackupState {
  device_id: string;
  latest_version: number | null;
  latest_backup_id: string | null;
  latest_fetched_at: Date | null;
  latest_seen_at: Date | null;
  last_run_at: Date | null;
  last_ok_at: Date | null;
  last_error: string | null;
  drift_id: string | null;
  drift_detected_at: Date | null;
  pending_change_id: string | null;
  pending_change_number: string | null;
}

/** Per device: latest version, last run, open drift and a change in progress, in one query. */
export async function backupStates(deviceIds: readonly string[]): Promise<Map<string, DeviceBackupState>> {
  if (!deviceIds.length) return new Map();
  const r = await sql<DeviceBackupState>`
    SELECT d.id AS device_id,
           b.version AS latest_version, b.id AS latest_backup_id, b.fetched_at AS latest_fetched_at,
           b.last_seen_at AS latest_seen_at,
           s.last_run_at, s.last_ok_at, s.last_error,
           f.id AS drift_id, f.detected_at AS drift_detected_at,
           pc.id AS pending_change_id, pc.number AS pending_change_number
      FROM ops.device d
      LEFT JOIN LATERAL (SELECT id, version, fetched_at, last_seen_at FROM ops.config_backup
                          WHERE device_id = d.id ORDER BY version DESC LIMIT 1) b ON true
      LEFT JOIN ops.config_backup_status s ON s.device_id = d.id
      LEFT JOIN ops.config_drift f ON f.device_id = d.id AND f.resolved_at IS NULL
      LEFT JOIN LATERAL (SELECT c.id, c.number FROM ops.config_change c
                           JOIN ops.config_change_device cd ON cd.change_id = c.id
                          WHERE cd.device_id = d.id
                            AND c.status IN ('draft', 'submitted', 'approved', 'executing')
                          ORDER BY c.created_at DESC LIMIT 1) pc ON true
     WHERE d.id IN (${sql.join([...deviceIds])})`.execute(db());
  return new Map(r.rows.map((row) => [row.device_id, row]));
}
