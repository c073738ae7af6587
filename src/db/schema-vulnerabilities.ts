import type { ColumnType, Generated } from 'kysely';
import type {
  AdvisoryProduct,
  AdvisorySeverity,
  AdvisorySource,
  Reference,
  Remediation,
} from '../modules/vulnerabilities/model.ts';

/** Kysely types of vulnerability management (migration 0021). */

type Json<T> = ColumnType<T, string, string>;
/** A date column read as text (`x::text`): drivers would turn it into a Date at local midnight. */
type NullableDateCol = ColumnType<string | null, string | null | undefined, string | null>;
type Numeric = ColumnType<number | string | null, number | null | undefined, number | null>;

export type MatchVerdict = 'affected' | 'undetermined';
export type AssessmentState = 'affected' | 'not_affected' | 'mitigated' | 'fixed';
export type MatchState = 'new' | AssessmentState;

export interface VulnAdvisoryTable {
  id: Generated<string>;
  source: AdvisorySource;
  external_id: string;
  revision: string;
  title: string;
  summary: Generated<string>;
  publisher: Generated<string>;
  published_at: Date | null;
  modified_at: Date | null;
  cves: Json<string[]>;
  cvss_score: Numeric;
  cvss_vector: string | null;
  severity: AdvisorySeverity;
  products: Json<AdvisoryProduct[]>;
  remediations: Json<Remediation[]>;
  refs: Json<Reference[]>;
  origin: Generated<string>;
  imported_by: string | null;
  imported_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface VulnMatchTable {
  id: Generated<string>;
  advisory_id: string;
  item_kind: 'device' | 'component';
  item_id: string;
  device_id: string | null;
  verdict: MatchVerdict;
  version_seen: Generated<string>;
  current: Generated<boolean>;
  first_matched_at: Generated<Date>;
  last_matched_at: Generated<Date>;
  resolved_at: Date | null;
  state: Generated<MatchState>;
  justification: Generated<string>;
  assessed_by: string | null;
  assessed_at: Date | null;
  due_date: NullableDateCol;
  change_id: string | null;
  alerted_at: Date | null;
}

export interface VulnAssessmentTable {
  id: Generated<number>;
  match_id: string;
  state: AssessmentState;
  justification: Generated<string>;
  change_id: string | null;
  due_date: NullableDateCol;
  assessed_by: string | null;
  assessed_at: Generated<Date>;
}

export interface VulnFeedStatusTable {
  url: string;
  last_run_at: Date;
  last_ok_at: Date | null;
  last_error: string | null;
  imported: Generated<number>;
}

export interface VulnDailyTable {
  day: ColumnType<string, string, string>;
  critical: Generated<number>;
  high: Generated<number>;
  medium: Generated<number>;
  low: Generated<number>;
  other: Generated<number>;
  overdue: Generated<number>;
  updated_at: Generated<Date>;
}

export interface VulnerabilityTables {
  'ops.vuln_advisory': VulnAdvisoryTable;
  'ops.vuln_match': VulnMatchTable;
  'ops.vuln_assessment': VulnAssessmentTable;
  'ops.vuln_feed_status': VulnFeedStatusTable;
  'ops.vuln_daily': VulnDailyTable;
}
