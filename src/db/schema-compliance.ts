import type { ColumnType, Generated } from 'kysely';
import type { EvidenceObject } from '../modules/compliance/types.ts';

/** Kysely types of the compliance centre (migration 0025). */

type Json<T> = ColumnType<T, string, string>;

export interface ComplianceRunTable {
  id: Generated<string>;
  trigger: 'schedule' | 'manual';
  started_by: string | null;
  started_at: Generated<Date>;
  finished_at: Date | null;
}

export interface ComplianceResultTable {
  run_id: string;
  check_id: string;
  status: 'pass' | 'warn' | 'fail' | 'error';
  summary_ja: string;
  summary_en: string;
  figures: Json<Record<string, number | string | boolean | null>>;
  objects: Json<EvidenceObject[]>;
  checked_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ComplianceStatementTable {
  clause: string;
  statement_ja: string;
  statement_en: string;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CompliancePolicyTable {
  id: number;
  text_ja: string;
  text_en: string;
  url: string | null;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ComplianceTables {
  'ops.compliance_run': ComplianceRunTable;
  'ops.compliance_result': ComplianceResultTable;
  'ops.compliance_statement': ComplianceStatementTable;
  'ops.compliance_policy': CompliancePolicyTable;
}
