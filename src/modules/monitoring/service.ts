import { AppError, notFound, type Lang } from '../../app/errors.ts';
import { db } from '../../db/context.ts';
import { recordAudit } from '../audit/service.ts';
import { insertEvent, dueResumes } from './repository.ts';
import { findMonitorView, type MonitorView } from './views.ts';

/**
 * Pausing and resuming (CLD.12.4.5). A paused monitor is never claimed by the probe job, so it
 * probes nothing and alerts nothing; resuming starts it afresh (state unknown, due now).
 */

export interface Pauser {
  kind: 'customer' | 'staff';
  id: string;
}

export async function pauseMonitor(
  id: string,
  scope: string[] | null,
  by: Pauser,
  opts: { reason?: string | null; resumeAt?: Date | null },
  lang: Lang,
  now = new Date(),
): Promise<{ before: MonitorView; after: MonitorView }> {
  const before = await findMonitorView(id, scope, true);
  if (!before) throw notFound();
  if (before.paused_at)
    throw new AppError('monitor_already_paused', {
      extensions: { pausedAt: before.paused_at.toISOString() },
    });
  if (opts.resumeAt && opts.resumeAt.getTime() <= now.getTime())
    throw new AppError('validation_failed', {
      fields: [
        {
          field: 'resumeAt',
          code: 'in_past',
          message:
            lang === 'ja'
              ? '自動再開日時は未来の日時を指定してください。'
              : 'The automatic resume time must be in the future.',
        },
      ],
    });
  await db()
    .updateTable('customer.monitor')
    .set({
      paused_at: now,
      paused_by_kind: by.kind,
      paused_by: by.id,
      pause_reason: opts.reason?.trim() || null,
      resume_at: opts.resumeAt ?? null,
      fail_streak: 0,
      ok_streak: 0,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
  await insertEvent({
    tenantId: before.tenant_id,
    monitorId: id,
    at: now,
    kind: 'paused',
    from: before.state,
    to: null,
    detail: {
      by: by.kind,
      resumeAt: opts.resumeAt?.toISOString() ?? null,
      reason: opts.reason?.trim() || null,
    },
  });
  return { before, after: (await findMonitorView(id, scope, false))! };
}

export async function resumeMonitor(
  id: string,
  scope: string[] | null,
  by: Pauser | null,
  now = new Date(),
): Promise<{ before: MonitorView; after: MonitorView }> {
  const before = await findMonitorView(id, scope, true);
  if (!before) throw notFound();
  if (!before.paused_at) throw new AppError('monitor_not_paused');
  await resumeRow(id, before.tenant_id, by, now);
  return { before, after: (await findMonitorView(id, scope, false))! };
}

async function resumeRow(id: string, tenantId: string, by: Pauser | null, now: Date): Promise<void> {
  await db()
    .updateTable('customer.monitor')
    .set({
      paused_at: null,
      paused_by_kind: null,
      paused_by: null,
      pause_reason: null,
      resume_at: null,
      state: 'unknown',
      state_since: now,
      fail_streak: 0,
      ok_streak: 0,
      down_notified: false,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
  await insertEvent({
    tenantId,
    monitorId: id,
    at: now,
    kind: 'resumed',
    from: null,
    to: 'unknown',
    detail: { by: by?.kind ?? 'schedule' },
  });
}

/** The job's part: resumes every monitor whose automatic resume time has come (audited). */
export async function applyScheduledResumes(now = new Date()): Promise<number> {
  const due = await dueResumes(now);
  for (const m of due) {
    await resumeRow(m.id, m.tenant_id, null, now);
    await recordAudit({
      action: 'monitoring.resume',
      tenantId: m.tenant_id,
      targetType: 'monitor',
      targetId: m.id,
      summary: { connection: m.connection_id, automatic: true },
    });
  }
  return due.length;
}

/** Staff settings of a monitor: probe kind, TCP port and interval. */
export async function updateMonitorSettings(
  id: string,
  patch: { probeKind?: 'icmp' | 'tcp'; tcpPort?: number | null; intervalS?: number },
  lang: Lang,
): Promise<{ before: MonitorView; after: MonitorView }> {
  const before = await findMonitorView(id, null, true);
  if (!before) throw notFound();
  const kind = patch.probeKind ?? before.probe_kind;
  const port = patch.tcpPort !== undefined ? patch.tcpPort : before.tcp_port;
  if (kind === 'tcp' && !port)
    throw new AppError('validation_failed', {
      fields: [
        {
          field: 'tcpPort',
          code: 'required',
          message: lang === 'ja' ? 'TCP 監視にはポート番号が必要です。' : 'A TCP probe needs a port.',
        },
      ],
    });
  await db()
    .updateTable('customer.monitor')
    .set({
      probe_kind: kind,
      tcp_port: port,
      interval_s: patch.intervalS ?? before.interval_s,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
  return { before, after: (await findMonitorView(id, null, false))! };
}
