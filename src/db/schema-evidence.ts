import type { ColumnType, Generated } from 'kysely';

/** Kysely types of signed audit checkpoints and evidence bundles on request (migration 0018). */

type Json<T> = ColumnType<T, string | undefined, string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type EvidenceKind = 'audit' | 'monitoring' | 'traffic' | 'changes' | 'notices';
export type EvidenceStatus =
  'submitted' | 'rejected' | 'approved' | 'building' | 'ready' | 'failed' | 'expired';

export interface CheckpointTable {
  seq: ColumnType<string | number, number, never>;
  from_seq: ColumnType<string | number, number, never>;
  hash: string;
  prev_hash: string;
  merkle_root: string;
  at: Timestamp;
  key_id: string;
  public_key: string;
  statement: string;
  signature: string;
}

export interface EvidenceRequestTable {
  id: Generated<string>;
  tenant_id: string;
  number: string;
  window_from: Timestamp;
  window_to: Timestamp;
  kinds: ColumnType<EvidenceKind[], EvidenceKind[], EvidenceKind[]>;
  purpose: Generated<string>;
  status: Generated<EvidenceStatus>;
  requested_by: string | null;
  decided_by: ColumnType<string | null, string | null | undefined, string | null>;
  decided_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  decision_reason: ColumnType<string | null, string | null | undefined, string | null>;
  progress: Generated<number>;
  phase: ColumnType<string | null, string | null | undefined, string | null>;
  error: ColumnType<string | null, string | null | undefined, string | null>;
  bundle_name: ColumnType<string | null, string | null | undefined, string | null>;
  bundle_bytes: ColumnType<string | number | null, number | null | undefined, number | null>;
  bundle_sha256: ColumnType<string | null, string | null | undefined, string | null>;
  counts: Json<Record<string, number>>;
  checkpoint_seq: ColumnType<string | number | null, number | null | undefined, number | null>;
  completed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  expires_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  downloads: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface EvidenceBundleTable {
  request_id: string;
  tenant_id: string;
  content: Buffer;
}

export interface EvidenceTables {
  'audit.checkpoint': CheckpointTable;
  'customer.evidence_request': EvidenceRequestTable;
  'customer.evidence_bundle': EvidenceBundleTable;
}
