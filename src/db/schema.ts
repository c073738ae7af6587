import type { ColumnType, Generated } from 'kysely';

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
  created_at: Generated<Date>;
}

export interface ConnectionTable {
  id: Generated<string>;
  tenant_id: string;
  service_id: string;
  name: string;
  kind: 'ipsec' | 'direct';
  bandwidth_mbps: number;
  status: Generated<string>;
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
}

export interface BootstrapTokenTable {
  token_hash: string;
  expires_at: Date;
  used_at: Date | null;
}

export interface StaffTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: 'noc' | 'security' | 'admin';
  password_hash: string;
  created_at: Generated<Date>;
}

export interface DB {
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
}

export type DateString = DateCol;
