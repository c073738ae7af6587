import type { Severity } from './cvss.ts';
import type { VersionSpec } from './ranges.ts';

/** An advisory in the one shape PVA stores and matches, whatever format it came in. */
export type AdvisorySource = 'csaf' | 'osv' | 'manual';
export type AdvisorySeverity = Severity | 'unknown';

export interface AdvisoryProduct {
  vendor: string;
  product: string;
  spec: VersionSpec;
  /** not_affected rules (CSAF fixed / known_not_affected) override affected ones for a version */
  effect: 'affected' | 'not_affected';
}

export interface Remediation {
  category: string;
  details: string;
  url: string | null;
}

export interface Reference {
  url: string;
  summary: string;
}

export interface ParsedAdvisory {
  source: AdvisorySource;
  externalId: string;
  /** CSAF tracking.version, OSV modified; a re-import with the same id and revision changes nothing */
  revision: string;
  title: string;
  summary: string;
  publisher: string;
  publishedAt: string | null;
  modifiedAt: string | null;
  cves: string[];
  cvssScore: number | null;
  cvssVector: string | null;
  severity: AdvisorySeverity;
  products: AdvisoryProduct[];
  remediations: Remediation[];
  references: Reference[];
}

/** One thing wrong with a submitted document: a JSON pointer and a field-message keyword. */
export interface DocProblem {
  field: string;
  code: 'required' | 'type' | 'format' | 'enum' | 'minItems' | 'invalid';
}

export class AdvisoryInvalid extends Error {
  readonly problems: DocProblem[];
  constructor(problems: DocProblem[]) {
    super(`advisory invalid: ${problems.map((p) => `${p.field} ${p.code}`).join(', ')}`);
    this.problems = problems;
  }
}

/** Small readers that record what is wrong instead of throwing at the first problem. */
export class Reader {
  readonly problems: DocProblem[] = [];
  fail(field: string, code: DocProblem['code']): void {
    if (this.problems.length < 20) this.problems.push({ field, code });
  }
  obj(v: unknown, field: string, required = true): Record<string, unknown> | null {
    if (v === undefined || v === null) {
      if (required) this.fail(field, 'required');
      return null;
    }
    if (typeof v !== 'object' || Array.isArray(v)) {
      this.fail(field, 'type');
      return null;
    }
    return v as Record<string, unknown>;
  }
  arr(v: unknown, field: string, required = true): unknown[] {
    if (v === undefined || v === null) {
      if (required) this.fail(field, 'required');
      return [];
    }
    if (!Array.isArray(v)) {
      this.fail(field, 'type');
      return [];
    }
    return v;
  }
  str(v: unknown, field: string, required = true): string | null {
    if (v === undefined || v === null) {
      if (required) this.fail(field, 'required');
      return null;
    }
    if (typeof v !== 'string') {
      this.fail(field, 'type');
      return null;
    }
    if (required && !v.trim()) {
      this.fail(field, 'required');
      return null;
    }
    return v;
  }
  done(): void {
    if (this.problems.length) throw new AdvisoryInvalid(this.problems);
  }
}

/** An ISO date-time as given, or null when it is not one (kept as text: advisories use many offsets). */
export function isoOrNull(v: string | null): string | null {
  return v && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : null;
}
