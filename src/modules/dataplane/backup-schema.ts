import { Type, type Static } from '@sinclair/typebox';
import { formatInstant } from '../../lib/time.ts';
import type { DeviceBackupState, DeviceRef, DriftRow, VersionRow } from './backup-repository.ts';

const Uuid = Type.String({ format: 'uuid' });
const Instant = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Owner = Type.Literal('provider', {
  description: 'Provider data: equipment configuration, never shown to customers (12.3.1)',
});

export const DeviceParams = Type.Object({ deviceId: Uuid });
export const IdParams = Type.Object({ id: Uuid });
export const VersionsQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) },
  { additionalProperties: false },
);
export const DiffQuery = Type.Object(
  {
    from: Type.String({ format: 'uuid', description: 'The older version' }),
    to: Type.String({ format: 'uuid', description: 'The newer version' }),
  },
  { additionalProperties: false },
);
export const DriftQuery = Type.Object(
  {
    state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('all')], { default: 'open' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
export const RestoreBody = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    riskLevel: Type.Optional(Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high')])),
    riskAssessment: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);

export const BackupDeviceOut = Type.Object({
  owner: Owner,
  id: Uuid,
  hostname: Type.String(),
  role: Type.String(),
  status: Type.String(),
  pop: Type.String(),
  driver: Type.String(),
  driverInstalled: Type.Boolean(),
  latestVersion: Nullable(Type.Object({ id: Uuid, version: Type.Integer(), fetchedAt: Instant })),
  lastBackupAt: Nullable(Instant),
  lastRunAt: Nullable(Instant),
  lastError: Nullable(Type.String()),
  drift: Nullable(Type.Object({ id: Uuid, detectedAt: Instant })),
  pendingChange: Nullable(Type.Object({ id: Uuid, number: Type.String() })),
});

export const VersionOut = Type.Object({
  owner: Owner,
  id: Uuid,
  deviceId: Uuid,
  version: Type.Integer(),
  sha256: Type.String(),
  source: Type.Union([Type.Literal('scheduled'), Type.Literal('manual'), Type.Literal('pre_change')]),
  fetchedAt: Instant,
  lastSeenAt: Instant,
});
export const VersionDetail = Type.Composite([
  VersionOut,
  Type.Object({
    files: Type.Record(Type.String(), Type.String(), {
      description: 'The running configuration as read from the device; secrets redacted',
    }),
  }),
]);

export const DiffOut = Type.Object({
  owner: Owner,
  from: VersionOut,
  to: VersionOut,
  changed: Type.Boolean(),
  diff: Type.String({ description: 'Unified diff from → to; secrets redacted' }),
});

export const DriftOut = Type.Object({
  owner: Owner,
  id: Uuid,
  deviceId: Uuid,
  hostname: Type.String(),
  backupId: Uuid,
  version: Type.Integer(),
  intendedSha256: Type.String(),
  diff: Type.String({ description: 'Intended → running: what the device has that PVA did not intend' }),
  detectedAt: Instant,
  lastSeenAt: Instant,
  resolvedAt: Nullable(Instant),
  resolvedBy: Nullable(Type.Object({ id: Uuid, number: Nullable(Type.String()) })),
});

export const RunOut = Type.Object({
  owner: Owner,
  deviceId: Uuid,
  hostname: Type.String(),
  ok: Type.Boolean(),
  error: Nullable(Type.String()),
  version: Nullable(Type.Integer()),
  newVersion: Type.Boolean({ description: 'The content changed, so a new version was stored' }),
  drift: Type.Union([
    Type.Literal('none'),
    Type.Literal('detected'),
    Type.Literal('still'),
    Type.Literal('resolved'),
    Type.Literal('unknown'),
  ]),
  driftId: Nullable(Uuid),
});

const at = (d: Date | null): string | null => (d ? formatInstant(d) : null);

export function deviceOut(
  d: DeviceRef,
  s: DeviceBackupState | undefined,
  installed: boolean,
): Static<typeof BackupDeviceOut> {
  return {
    owner: 'provider',
    id: d.id,
    hostname: d.hostname,
    role: d.role,
    status: d.status,
    pop: d.pop_code,
    driver: d.driver,
    driverInstalled: installed,
    latestVersion:
      s?.latest_backup_id && s.latest_version !== null && s.latest_fetched_at
        ? { id: s.latest_backup_id, version: s.latest_version, fetchedAt: formatInstant(s.latest_fetched_at) }
        : null,
    lastBackupAt: at(s?.latest_seen_at ?? null),
    lastRunAt: at(s?.last_run_at ?? null),
    lastError: s?.last_error ?? null,
    drift:
      s?.drift_id && s.drift_detected_at
        ? { id: s.drift_id, detectedAt: formatInstant(s.drift_detected_at) }
        : null,
    pendingChange:
      s?.pending_change_id && s.pending_change_number
        ? { id: s.pending_change_id, number: s.pending_change_number }
        : null,
  };
}

export function versionOut(v: VersionRow): Static<typeof VersionOut> {
  return {
    owner: 'provider',
    id: v.id,
    deviceId: v.device_id,
    version: v.version,
    sha256: v.sha256,
    source: v.source,
    fetchedAt: formatInstant(v.fetched_at),
    lastSeenAt: formatInstant(v.last_seen_at),
  };
}

export function driftOut(d: DriftRow): Static<typeof DriftOut> {
  return {
    owner: 'provider',
    id: d.id,
    deviceId: d.device_id,
    hostname: d.hostname,
    backupId: d.backup_id,
    version: d.version,
    intendedSha256: d.intended_sha256,
    diff: d.diff,
    detectedAt: formatInstant(d.detected_at),
    lastSeenAt: formatInstant(d.last_seen_at),
    resolvedAt: at(d.resolved_at),
    resolvedBy: d.resolved_by_change_id
      ? { id: d.resolved_by_change_id, number: d.resolved_by_number }
      : null,
  };
}
