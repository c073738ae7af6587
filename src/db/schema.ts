import type { ColumnType, Generated } from 'kysely';
import type { CapacityTables } from './schema-capacity.ts';
import type { DataplaneTables } from './schema-dataplane.ts';
import type { MonitoringTables } from './schema-monitoring.ts';
import type { ConnectionTable, NetworkTables } from './schema-network.ts';
import type { TrafficTables } from './schema-traffic.ts';
import type { NoticesTables } from './schema-notices.ts';
import type { ReportsTables } from './schema-reports.ts';
import type { EvidenceTables } from './schema-evidence.ts';
import type { LifecycleTables } from './schema-lifecycle.ts';
import type { EquipmentTables } from './schema-equipment.ts';
import type { VulnerabilityTables } from './schema-vulnerabilities.ts';
import type { ComplianceTables } from './schema-compliance.ts';

/** Kysely table types. Keep in step with migrations/; the migration test checks the column lists. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateCol = ColumnType<string, string, string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface TenantTable {
  id: Generated<string>;
  code: string;
  name: string;
  status: Generated<'active' | 'terminating' | 'terminated' | 'erased'>;
  created_at: Generated<Date>;
}

export interface ContractTable {
  id: Generated<string>;
  tenant_id: string;
  number: string;
  start_date: ColumnType<Date, string, string>;
  end_date: ColumnType<Date | null, string | null | undefined, string | null>;
  status: Generated<'active' | 'terminating' | 'terminated' | 'erased'>;
  created_at: Generated<Date>;
}

export interface ServiceTable {
  id: Generated<string>;
  tenant_id: string;
  contract_id: string;
  code: string;
  type: 'ipsec' | 'direct' | 'option';
  bandwidth_mbps: number | null;
  label: Generated<string>;
  /** contracted options (ServiceOptions in src/modules/services/schema.ts) */
  options: ColumnType<Record<string, unknown>, string | undefined, string>;
  label_updated_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: Generated<Date>;
}

export interface AuditLogTable {
  seq: number;
  at: Timestamp;
  tenant_id: string | null;
  actor_kind: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: 'success' | 'failure' | 'denied';
  request_id: string | null;
  summary: Json<Record<string, unknown>>;
  personal_ref: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditPersonalTable {
  ref: string;
  data: Json<Record<string, unknown>>;
  tenant_id: string | null;
  created_at: Generated<Date>;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface AuditVerificationTable {
  id: Generated<number>;
  at: Generated<Date>;
  ok: boolean;
  records: number;
  first_bad_seq: number | null;
  problem: string | null;
}

export interface JobTable {
  id: Generated<number>;
  name: string;
  payload: Json<Record<string, unknown>>;
  singleton_key: string | null;
  status: Generated<'pending' | 'running' | 'done' | 'failed'>;
  run_at: Generated<Date>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_until: Date | null;
  last_error: string | null;
  created_at: Generated<Date>;
  finished_at: Date | null;
}

export interface OutboxTable {
  id: Generated<number>;
  tenant_id: string | null;
  channel: Generated<'email'>;
  recipient: string;
  subject: string;
  body: string;
  status: Generated<'pending' | 'sending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  locked_until: Date | null;
  last_error: string | null;
  created_at: Generated<Date>;
  sent_at: Date | null;
  // 0017_reports: idempotent Message-ID and delivery state (src/jobs/outbox.ts)
  message_id: string | null;
  last_attempt_at: Date | null;
  failed_at: Date | null;
  queued_at: Generated<Date>;
  failure: 'permanent' | 'expired' | null;
}

export interface BootstrapTokenTable {
  token_hash: string;
  expires_at: Date;
  used_at: Date | null;
}

export type CustomerRole = 'admin' | 'operator' | 'viewer';
export type StaffRole = 'noc' | 'security' | 'admin';
export type PrincipalKind = 'staff' | 'customer';
type PrincipalStatus = 'invited' | 'active' | 'disabled';

export interface StaffTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: StaffRole;
  password_hash: string | null;
  status: Generated<PrincipalStatus>;
  must_change_password: Generated<boolean>;
  password_changed_at: Date | null;
  last_login_at: Date | null;
  training_acknowledged_on: ColumnType<Date | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
}

export interface AppUserTable {
  id: Generated<string>;
  tenant_id: string;
  login: string;
  email: string;
  name: string;
  role: CustomerRole;
  service_scope: string[] | null;
  password_hash: string | null;
  status: Generated<PrincipalStatus>;
  must_change_password: Generated<boolean>;
  password_changed_at: Date | null;
  last_login_at: Date | null;
  created_at: Generated<Date>;
}

export interface TenantSettingTable {
  tenant_id: string;
  ip_allowlist: Generated<string[]>;
  allowlist_scope: Generated<'admins' | 'all'>;
  allowlist_tokens: Generated<boolean>;
  mfa_required_all: Generated<boolean>;
  updated_at: Generated<Date>;
}

export interface TotpTable {
  principal_kind: PrincipalKind;
  principal_id: string;
  tenant_id: string | null;
  secret: string;
  confirmed_at: Date | null;
  last_step: Generated<number>;
}

export interface RecoveryCodeTable {
  id: Generated<number>;
  principal_kind: PrincipalKind;
  principal_id: string;
  code_hash: string;
  used_at: Date | null;
}

export interface PasskeyTable {
  id: string;
  principal_kind: PrincipalKind;
  principal_id: string;
  tenant_id: string | null;
  public_key: string;
  counter: Generated<number>;
  transports: Generated<string[]>;
  name: Generated<string>;
  created_at: Generated<Date>;
  last_used_at: Date | null;
}

export interface SessionTable {
  id_hash: string;
  principal_kind: PrincipalKind;
  principal_id: string;
  tenant_id: string | null;
  stage: 'mfa' | 'enroll' | 'full';
  csrf_token: string;
  challenge: string | null;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  idle_timeout_s: number;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
  revoked_at: Date | null;
}

export interface ApiTokenTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  scope: 'read' | 'read-write';
  service_scope: string[] | null;
  ip_allowlist: Generated<string[]>;
  expires_at: Date;
  created_at: Generated<Date>;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface OneTimeLinkTable {
  token_hash: string;
  purpose: 'invite' | 'reset';
  principal_kind: PrincipalKind;
  principal_id: string;
  tenant_id: string | null;
  expires_at: Date;
  used_at: Date | null;
  created_at: Generated<Date>;
}

export interface LoginThrottleTable {
  key: string;
  failures: Generated<number>;
  first_failure_at: Generated<Date>;
  last_failure_at: Generated<Date>;
  locked_until: Date | null;
}

export interface ChangeRequestTable {
  id: Generated<string>;
  tenant_id: string;
  number: string;
  service_id: string;
  kind: 'bandwidth' | 'other';
  desired: Json<{ bandwidthMbps?: number; description?: string }>;
  current: ColumnType<{ bandwidthMbps?: number | null } | null, string | null, string | null>;
  /** read it as text (`desired_date::text`): drivers turn a date into a Date at local midnight */
  desired_date: ColumnType<Date, string, string>;
  reason: Generated<string>;
  status: Generated<'submitted' | 'approved' | 'rejected' | 'executed' | 'withdrawn'>;
  requested_by: string | null;
  decided_by: string | null;
  executed_by: string | null;
  decision_reason: string | null;
  execution_note: string | null;
  decided_at: Date | null;
  executed_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ChangeRequestEventTable {
  id: Generated<number>;
  tenant_id: string;
  change_request_id: string;
  at: Generated<Date>;
  actor_kind: 'customer' | 'staff' | 'system';
  actor_id: string | null;
  from_status: string | null;
  to_status: string;
  note: string | null;
}

export type DocumentServiceType = 'ipsec' | 'direct' | 'option' | 'all';
export type DocumentKind = 'specification' | 'manual' | 'terms' | 'whitepaper' | 'responsibility';

export interface DocumentTable {
  id: Generated<string>;
  service_type: DocumentServiceType;
  kind: DocumentKind;
  version: string;
  title_ja: string;
  title_en: string;
  format: 'markdown' | 'pdf';
  body_ja: string | null;
  body_en: string | null;
  /** pg returns a Buffer, PGlite a Uint8Array */
  pdf: Uint8Array | null;
  pdf_filename: string | null;
  pdf_size: number | null;
  pdf_sha256: string | null;
  /** read it as text (`effective_from::text`): drivers turn a date into a Date at local midnight */
  effective_from: ColumnType<Date, string, string>;
  published_at: Generated<Date>;
  created_by: string | null;
}

export interface DB
  extends
    NetworkTables,
    CapacityTables,
    DataplaneTables,
    TrafficTables,
    MonitoringTables,
    NoticesTables,
    ReportsTables,
    EvidenceTables,
    LifecycleTables,
    EquipmentTables,
    VulnerabilityTables,
    ComplianceTables {
  'ops.tenant': TenantTable;
  'customer.contract': ContractTable;
  'customer.service': ServiceTable;
  'customer.connection': ConnectionTable;
  'audit.log': AuditLogTable;
  'audit.personal': AuditPersonalTable;
  'audit.head': AuditHeadTable;
  'audit.verification': AuditVerificationTable;
  'ops.job': JobTable;
  'ops.outbox': OutboxTable;
  'ops.bootstrap_token': BootstrapTokenTable;
  'ops.staff': StaffTable;
  'customer.app_user': AppUserTable;
  'customer.tenant_setting': TenantSettingTable;
  'iam.totp': TotpTable;
  'iam.recovery_code': RecoveryCodeTable;
  'iam.passkey': PasskeyTable;
  'iam.session': SessionTable;
  'iam.api_token': ApiTokenTable;
  'iam.one_time_link': OneTimeLinkTable;
  'iam.login_throttle': LoginThrottleTable;
  'ops.document': DocumentTable;
  'customer.change_request': ChangeRequestTable;
  'customer.change_request_event': ChangeRequestEventTable;
}

export type DateString = DateCol;
