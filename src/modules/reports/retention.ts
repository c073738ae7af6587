import { sql } from 'kysely';
import type { Config } from '../../config.ts';
import { db } from '../../db/context.ts';
import { AUDIT_MIN_MONTHS } from './settings.ts';

/** Rounds of reachability monitoring are kept 400 days (src/modules/monitoring/jobs.ts). */
export const MONITORING_ROUND_DAYS = 400;

export interface RetentionKind {
  kind: string;
  /** where the records live: provider records (ops) or the customer's own (customer) */
  store: 'ops' | 'customer';
  /** 0 = kept for good */
  days: number;
  /** the configuration key, when there is one */
  key: string | null;
  /** the job that deletes what is past its time, or null when nothing is deleted automatically */
  enforcedBy: string | null;
  minimumDays: number | null;
}

/** Every kind of record PVA keeps, and for how long (18.1.3), as configured. */
export function retentionPolicy(config: Config): RetentionKind[] {
  const r = config.retention;
  const t = config.traffic;
  return [
    {
      kind: 'audit',
      store: 'ops',
      days: r.auditMonths === 0 ? 0 : Math.round(r.auditMonths * 30.4375),
      key: 'PVA_RETENTION_AUDIT_MONTHS',
      // the hash chain is never cut automatically: it is kept at least this long
      enforcedBy: null,
      minimumDays: Math.round(AUDIT_MIN_MONTHS * 30.4375),
    },
    {
      kind: 'monitoring_rounds',
      store: 'customer',
      days: MONITORING_ROUND_DAYS,
      key: null,
      enforcedBy: 'monitoring.prune',
      minimumDays: null,
    },
    {
      kind: 'traffic_raw',
      store: 'customer',
      days: t.rawDays,
      key: 'PVA_TRAFFIC_RAW_DAYS',
      enforcedBy: 'traffic.partitions',
      minimumDays: null,
    },
    {
      kind: 'traffic_5m',
      store: 'customer',
      days: t.fiveMinuteDays,
      key: 'PVA_TRAFFIC_5M_DAYS',
      enforcedBy: 'traffic.partitions',
      minimumDays: null,
    },
    {
      kind: 'traffic_1h',
      store: 'customer',
      days: t.hourDays,
      key: 'PVA_TRAFFIC_1H_DAYS',
      enforcedBy: 'traffic.partitions',
      minimumDays: null,
    },
    {
      kind: 'traffic_1d',
      store: 'customer',
      days: t.dayDays,
      key: 'PVA_TRAFFIC_1D_DAYS',
      enforcedBy: t.dayDays ? 'traffic.partitions' : null,
      minimumDays: null,
    },
    {
      kind: 'mail',
      store: 'ops',
      days: r.mailDays,
      key: 'PVA_RETENTION_MAIL_DAYS',
      enforcedBy: r.mailDays ? 'reports.prune' : null,
      minimumDays: null,
    },
    { kind: 'event_reports', store: 'customer', days: 0, key: null, enforcedBy: null, minimumDays: null },
    {
      kind: 'event_report_attachments',
      store: 'customer',
      days: r.reportAttachmentDays,
      key: 'PVA_RETENTION_REPORT_ATTACHMENT_DAYS',
      enforcedBy: r.reportAttachmentDays ? 'reports.prune' : null,
      minimumDays: null,
    },
    {
      kind: 'jobs',
      store: 'ops',
      days: r.jobDays,
      key: 'PVA_RETENTION_JOB_DAYS',
      enforcedBy: 'jobs.prune',
      minimumDays: null,
    },
  ];
}

/**
 * Removes the content of attachments of reports closed before `closedBefore` (name, size and
 * SHA-256 stay) and notes it on each report's timeline. Bounded per call.
 */
export async function purgeAttachments(closedBefore: Date, limit = 500): Promise<number> {
  const r = await sql<{ report_id: string; tenant_id: string }>`
    UPDATE customer.event_report_attachment a SET content = NULL, purged_at = now()
     WHERE a.id IN (
       SELECT a2.id FROM customer.event_report_attachment a2
         JOIN customer.event_report r ON r.id = a2.report_id
        WHERE a2.content IS NOT NULL AND r.status = 'closed' AND r.closed_at < ${closedBefore}
        LIMIT ${limit})
    RETURNING a.report_id, a.tenant_id`.execute(db());
  const reports = new Map(r.rows.map((x) => [x.report_id, x.tenant_id]));
  for (const [reportId, tenantId] of reports)
    await db()
      .insertInto('customer.event_report_event')
      .values({
        tenant_id: tenantId,
        report_id: reportId,
        kind: 'attachments_purged',
        actor_kind: 'system',
        actor_id: null,
        from_status: null,
        to_status: null,
        body: null,
      })
      .execute();
  return r.rows.length;
}
