import type { ColumnType, Generated } from 'kysely';

/** Kysely types of the data plane: provider change records and device config backups (migration 0011). */
type Json<T> = ColumnType<T, string, string>;
type JsonDefault<T> = ColumnType<T, string | undefined, string>;
type Instant = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableInstant = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type ConfigChangeStatus =
  'draft' | 'submitted' | 'approved' | 'rejected' | 'executing' | 'succeeded' | 'failed' | 'rolled_back';
export type ConfigChangeKind = 'apply' | 'restore';
export type RiskLevel = 'low' | 'medium' | 'high';
export type BackupSource = 'scheduled' | 'manual' | 'pre_change';
export type DeviceOutcome = 'applied' | 'failed' | 'rolled_back' | 'rollback_failed' | 'not_applied';

/** One line of an execution log. */
export interface ChangeLogEntry {
  at: string;
  device: string | null;
  level: 'info' | 'error';
  message: string;
}

/** What a change touches, computed from the model (src/modules/dataplane/impact.ts). */
export interface ImpactConnection {
  id: string;
  name: string;
  kind: string;
  status: string;
  bandwidthMbps: number;
  tenantId: string;
  tenantCode: string;
  serviceCode: string;
  deviceId: string;
  hostname: string;
  /** named in the diff: its own configuration changes (else only on a device that changes) */
  direct: boolean;
}
export interface ImpactTenant {
  id: string;
  code: string;
  name: string;
  connections: number;
  direct: boolean;
}
export interface Impact {
  tenants: ImpactTenant[];
  connections: ImpactConnection[];
}

export interface ConfigBackupTable {
  id: Generated<string>;
  device_id: string;
  version: number;
  sha256: string;
  files: Json<Record<string, string>>;
  source: BackupSource;
  fetched_at: Instant;
  last_seen_at: Instant;
}

export interface ConfigBackupStatusTable {
  device_id: string;
  last_run_at: Instant;
  last_ok_at: NullableInstant;
  last_error: string | null;
}

export interface ConfigChangeTable {
  id: Generated<string>;
  number: string;
  kind: ConfigChangeKind;
  title: string;
  status: Generated<ConfigChangeStatus>;
  risk_level: RiskLevel | null;
  risk_assessment: Generated<string>;
  impact: JsonDefault<Impact>;
  prepared_by: string | null;
  submitted_at: NullableInstant;
  approved_by: ColumnType<string | null, string | null | undefined, string | null>;
  rejected_by: ColumnType<string | null, string | null | undefined, string | null>;
  decided_at: NullableInstant;
  decision_note: ColumnType<string | null, string | null | undefined, string | null>;
  executed_by: ColumnType<string | null, string | null | undefined, string | null>;
  started_at: NullableInstant;
  finished_at: NullableInstant;
  log: JsonDefault<ChangeLogEntry[]>;
  result: ColumnType<string | null, string | null | undefined, string | null>;
  change_request_id: ColumnType<string | null, string | null | undefined, string | null>;
  change_request_number: ColumnType<string | null, string | null | undefined, string | null>;
  restore_backup_id: ColumnType<string | null, string | null | undefined, string | null>;
  drift_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Instant;
  updated_at: Instant;
}

export interface ConfigChangeDeviceTable {
  change_id: string;
  device_id: string;
  position: number;
  diff: Generated<string>;
  changed: Generated<boolean>;
  target_sha256: string | null;
  running_sha256: string | null;
  error: string | null;
  warnings: JsonDefault<string[]>;
  pre_backup_id: ColumnType<string | null, string | null | undefined, string | null>;
  outcome: ColumnType<DeviceOutcome | null, DeviceOutcome | null | undefined, DeviceOutcome | null>;
}

export interface ConfigChangeEventTable {
  id: Generated<number>;
  change_id: string;
  at: Instant;
  actor_kind: 'staff' | 'system';
  actor_id: string | null;
  from_status: ConfigChangeStatus | null;
  to_status: ConfigChangeStatus;
  note: string | null;
}

export interface ConfigDriftTable {
  id: Generated<string>;
  device_id: string;
  backup_id: string;
  intended_sha256: string;
  diff: string;
  detected_at: Instant;
  last_seen_at: Instant;
  resolved_at: NullableInstant;
  resolved_by_change_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface DataplaneTables {
  'ops.config_backup': ConfigBackupTable;
  'ops.config_backup_status': ConfigBackupStatusTable;
  'ops.config_change': ConfigChangeTable;
  'ops.config_change_device': ConfigChangeDeviceTable;
  'ops.config_change_event': ConfigChangeEventTable;
  'ops.config_drift': ConfigDriftTable;
}
