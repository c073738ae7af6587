/**
 * Settings of mail delivery, event report attachments and records retention (issue 8; documented
 * in docs/configuration.md and docs/reports.md). Parsed here so src/config.ts stays one line per group.
 */
export interface MailSettings {
  /** first retry delay after a temporary failure; doubled per attempt */
  retryBaseSeconds: number;
  /** the longest delay between two attempts */
  retryMaxSeconds: number;
  /** temporary failures are retried until the message is this old, then it is marked failed ('expired') */
  giveUpHours: number;
  /** how long a claimed message stays reserved to its worker; a worker that dies frees it after this */
  leaseSeconds: number;
  /** messages claimed per batch */
  batch: number;
}

export interface ReportSettings {
  /** bytes per attachment */
  attachmentMaxBytes: number;
  /** attachments per report */
  attachmentMaxFiles: number;
}

/** Days (months for audit) each kind of record is kept; 0 = kept for good. */
export interface RetentionSettings {
  /** audit records: at least 18 months, never configurable below */
  auditMonths: number;
  /** sent and failed outbox messages */
  mailDays: number;
  /** attachment content of event reports, counted from the report's closure */
  reportAttachmentDays: number;
  /** finished job rows */
  jobDays: number;
}

export const AUDIT_MIN_MONTHS = 18;

export const REPORTS_ENV = [
  'PVA_MAIL_RETRY_BASE_SECONDS',
  'PVA_MAIL_RETRY_MAX_SECONDS',
  'PVA_MAIL_GIVE_UP_HOURS',
  'PVA_MAIL_LEASE_SECONDS',
  'PVA_MAIL_BATCH',
  'PVA_REPORT_ATTACHMENT_MAX_BYTES',
  'PVA_REPORT_ATTACHMENT_MAX_FILES',
  'PVA_RETENTION_AUDIT_MONTHS',
  'PVA_RETENTION_MAIL_DAYS',
  'PVA_RETENTION_REPORT_ATTACHMENT_DAYS',
  'PVA_RETENTION_JOB_DAYS',
] as const;
type ReportsKey = (typeof REPORTS_ENV)[number];

export interface ReportsConfig {
  mail: MailSettings;
  reports: ReportSettings;
  retention: RetentionSettings;
}

/** Throws `KEY: message` (src/config.ts turns it into a ConfigError naming the key). */
export function reportsSettings(get: (k: ReportsKey) => string | undefined): ReportsConfig {
  const int = (key: ReportsKey, dflt: number, min: number, max: number): number => {
    const v = get(key) ?? String(dflt);
    if (!/^\d+$/.test(v)) throw new Error(`${key} expected a whole number, got "${v}"`);
    const n = Number(v);
    if (n < min || n > max) throw new Error(`${key} expected ${min} to ${max}, got ${n}`);
    return n;
  };
  const auditMonths = int('PVA_RETENTION_AUDIT_MONTHS', AUDIT_MIN_MONTHS, 0, 1200);
  if (auditMonths !== 0 && auditMonths < AUDIT_MIN_MONTHS)
    throw new Error(
      `PVA_RETENTION_AUDIT_MONTHS audit records are kept at least ${AUDIT_MIN_MONTHS} months (0 = for good), got ${auditMonths}`,
    );
  const mail: MailSettings = {
    retryBaseSeconds: int('PVA_MAIL_RETRY_BASE_SECONDS', 10, 1, 86_400),
    retryMaxSeconds: int('PVA_MAIL_RETRY_MAX_SECONDS', 3600, 1, 86_400),
    giveUpHours: int('PVA_MAIL_GIVE_UP_HOURS', 120, 1, 720),
    leaseSeconds: int('PVA_MAIL_LEASE_SECONDS', 120, 1, 3600),
    batch: int('PVA_MAIL_BATCH', 10, 1, 1000),
  };
  return {
    mail,
    reports: {
      attachmentMaxBytes: int('PVA_REPORT_ATTACHMENT_MAX_BYTES', 5 * 1024 * 1024, 1024, 50 * 1024 * 1024),
      attachmentMaxFiles: int('PVA_REPORT_ATTACHMENT_MAX_FILES', 5, 0, 20),
    },
    retention: {
      auditMonths,
      mailDays: int('PVA_RETENTION_MAIL_DAYS', 180, 0, 36_500),
      reportAttachmentDays: int('PVA_RETENTION_REPORT_ATTACHMENT_DAYS', 365, 0, 36_500),
      jobDays: int('PVA_RETENTION_JOB_DAYS', 7, 1, 36_500),
    },
  };
}
