import type { ColumnType, Generated } from 'kysely';

/** Kysely types of contract termination and erasure (migration 0019). */

export type TerminationStatus = 'requested' | 'confirmed' | 'cancelled' | 'stopped' | 'erasing' | 'erased';
type Json<T> = ColumnType<T, string | undefined, string>;

/** Taken before erasure starts; the recipients are cleared once the certificate emails are queued. */
export interface TerminationSnapshot {
  tenantCode: string;
  tenantName: string;
  contracts: string[];
  /** the administrators' addresses; users have no language setting, so mails are ja + en */
  recipients: string[];
}

export interface TerminationTable {
  id: Generated<string>;
  tenant_id: string;
  /** a date column, always read as text (YYYY-MM-DD) by the repository */
  termination_date: ColumnType<string, string, string>;
  status: TerminationStatus;
  requested_by_kind: 'customer' | 'staff';
  requested_by: string | null;
  requested_at: Generated<Date>;
  confirmed_by: string | null;
  confirmed_at: Date | null;
  cancelled_at: Date | null;
  stop_at: Date;
  deadline: Date;
  erase_at: Date;
  grace_until: Date;
  reminded_at: Date | null;
  stopped_at: Date | null;
  change_id: string | null;
  last_alert_on: ColumnType<string | null, string | null, string | null>;
  erasure_started_at: Date | null;
  erasure_phase: string | null;
  erased_counts: Json<Record<string, number>>;
  snapshot: ColumnType<TerminationSnapshot | null, string | null, string | null>;
  key_id: string | null;
  completed_at: Date | null;
  created_at: Generated<Date>;
}

export interface ErasureCertificateTable {
  id: Generated<string>;
  termination_id: string;
  tenant_id: string;
  document: string;
  key_id: string;
  issued_at: Generated<Date>;
}

export interface LifecycleTables {
  'ops.termination': TerminationTable;
  'ops.erasure_certificate': ErasureCertificateTable;
}
