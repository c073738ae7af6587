/**
 * The compliance centre's shared shapes (issue 11): the control catalogue, the evidence checks
 * and their results, and the assessment that the dashboard, the customer statement (HTML, PDF)
 * and the JSON export for GRC tools are all made from.
 */

export interface Bilingual {
  ja: string;
  en: string;
}

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'error';

/** One object behind a figure, for the staff drill-down (never shown to customers). */
export interface EvidenceObject {
  /** e.g. 'user', 'staff', 'tenant', 'port', 'device', 'change', 'connection', 'exposure' */
  kind: string;
  id: string;
  label: string;
  /** Why this object counts against the check, short. */
  note?: Bilingual | undefined;
  /** Management-console path that shows it, e.g. '/tenants/<id>'. */
  href?: string | undefined;
}

/** What one run of one check found. */
export interface CheckResult {
  checkId: string;
  status: CheckStatus;
  /** One line for people, in both languages, with the figures in it. */
  summary: Bilingual;
  /** The figures behind the status, machine-readable (counts, shares, seconds …). */
  figures: Record<string, number | string | boolean | null>;
  /** Objects behind the figures (staff only); capped by the check (e.g. 100). */
  objects: EvidenceObject[];
  /** When the check ran (ISO 8601 instant). */
  checkedAt: string;
}

/** A check's definition as the catalogue lists it (the code that runs it lives beside it). */
export interface CheckInfo {
  id: string;
  /** Clause numbers it gives evidence for, e.g. ['9.2.3'] or ['18.1.3', 'principle-10']. */
  clauses: string[];
  title: Bilingual;
  /** How pass / warn / fail are decided, for auditors. */
  criteria: Bilingual;
}

/** One clause of controls.md, or one of the ten design principles ('principle-1' … 'principle-10'). */
export interface Clause {
  /** The standard's clause number ('5.1.1', 'CLD.8.1.5') or 'principle-N'. */
  clause: string;
  /** The whitepaper's section number ('1.1', '4.3'); '1.1' for the principles. */
  section: string;
  title: Bilingual;
  /** The provider's statement: the source document's text by default, editable by staff. */
  statement: Bilingual;
  /** True when staff changed the statement from the default. */
  edited: boolean;
  /** The PVA features that implement the clause, for people. */
  features: Bilingual[];
  /** Ids of the checks that give evidence for it (may be empty: e.g. 18.2.1 is outside the software). */
  checkIds: string[];
}

export interface ClauseAssessment extends Clause {
  /** The worst status of its checks' latest results; 'none' when it has no check. */
  status: CheckStatus | 'none';
  results: CheckResult[];
}

/** The whole assessment: what the dashboard, the statement and the JSON export show. */
export interface Assessment {
  /** When it was put together (ISO 8601 instant). */
  generatedAt: string;
  /** The latest run the results come from (null before the first run). */
  run: { id: string; startedAt: string; finishedAt: string | null; trigger: 'schedule' | 'manual' } | null;
  totals: Record<CheckStatus, number>;
  clauses: ClauseAssessment[];
  checks: CheckInfo[];
  /** The security policy page (5.1.1): configurable text and link. */
  policy: { text: Bilingual; url: string | null };
}
