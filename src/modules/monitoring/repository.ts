import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import type { MonitorEventKind, MonitorState, ProbeKind } from '../../db/schema-monitoring.ts';

/** SQL of the probe runner: claiming due monitors, reading their state, writing rounds. */

export interface DueMonitor {
  id: string;
  tenant_id: string;
  connection_id: string;
  connection_name: string;
  service_id: string;
  service_code: string;
  tenant_code: string;
  target: string;
  probe_kind: ProbeKind;
  tcp_port: number | null;
  state: MonitorState;
  fail_streak: number;
  ok_streak: number;
  down_notified: boolean;
  state_since: Date;
  /** the network namespace of the provider equipment the probe runs from (null: the host) */
  source_ns: string | null;
}

/**
 * Claims up to `limit` monitors that are due, moving each one's next due time one interval on, in
 * one statement: FOR UPDATE SKIP LOCKED lets several workers share the work without doing any twice.
 */
export async function claimDue(now: Date, limit: number, hostSource: boolean): Promise<string[]> {
  const r = await sql<{ id: string }>`
    WITH due AS (
      SELECT m.id FROM customer.monitor m
      JOIN customer.connection c ON c.id = m.connection_id
      LEFT JOIN ops.port p ON p.id = c.port_id
      LEFT JOIN ops.device d ON d.id = p.device_id
      WHERE m.paused_at IS NULL AND m.target IS NOT NULL AND c.status = 'active' AND m.next_due_at <= ${now}
        AND (${hostSource} OR (d.driver = 'linux' AND coalesce(d.driver_target->>'namespace', '') <> ''))
      ORDER BY m.next_due_at
      LIMIT ${limit}
      FOR UPDATE OF m SKIP LOCKED
    )
    UPDATE customer.monitor m
    SET next_due_at = ${now}::timestamptz + m.interval_s * interval '1 second'
    FROM due WHERE m.id = due.id
    RETURNING m.id`.execute(db());
  return r.rows.map((x) => x.id);
}

/** The claimed monitors with what probing them needs. */
export async function loadMonitors(ids: readonly string[]): Promise<DueMonitor[]> {
  if (ids.length === 0) return [];
  const r = await sql<DueMonitor>`
    SELECT m.id, m.tenant_id, m.connection_id, c.name AS connection_name, c.service_id,
      s.code AS service_code, t.code AS tenant_code, host(m.target) AS target, m.probe_kind, m.tcp_port, m.state,
      m.fail_streak, m.ok_streak, m.down_notified, m.state_since,
      CASE WHEN d.driver = 'linux' THEN NULLIF(d.driver_target->>'namespace', '') END AS source_ns
    FROM customer.monitor m
    JOIN customer.connection c ON c.id = m.connection_id
    JOIN customer.service s ON s.id = c.service_id
    JOIN ops.tenant t ON t.id = m.tenant_id
    LEFT JOIN ops.port p ON p.id = c.port_id
    LEFT JOIN ops.device d ON d.id = p.device_id
    WHERE m.id = ANY(${sql.val(ids)}::uuid[]) AND m.paused_at IS NULL AND m.target IS NOT NULL`.execute(db());
  return r.rows;
}

export type LiveState = Pick<
  DueMonitor,
  'id' | 'state' | 'fail_streak' | 'ok_streak' | 'down_notified' | 'state_since'
>;

/**
 * The state of the monitors about to be updated, locked; a monitor paused (or removed, or
 * retargeted) since it was claimed is left out, so its result is dropped.
 */
export async function lockStates(ids: readonly string[]): Promise<(LiveState & { target: string })[]> {
  const r = await sql<LiveState & { target: string }>`
    SELECT id, state, fail_streak, ok_streak, down_notified, state_since, host(target) AS target
    FROM customer.monitor
    WHERE id = ANY(${sql.val(ids)}::uuid[]) AND paused_at IS NULL AND target IS NOT NULL
    FOR UPDATE`.execute(db());
  return r.rows;
}

export interface RoundRow {
  monitor_id: string;
  tenant_id: string;
  sent: number;
  received: number;
  loss_pct: number;
  rtt_min_ms: number | null;
  rtt_median_ms: number | null;
  rtt_max_ms: number | null;
  state: MonitorState;
  fail_streak: number;
  ok_streak: number;
  changed: boolean;
  down_notified: boolean;
  /** the monitor's row changes (state, streaks or notification); steady monitors only get their round */
  dirty: boolean;
}

const CHUNK = 1000;

/** Appends the rounds and moves the state of the monitors whose row changes, a thousand rows per statement. */
export async function storeRounds(at: Date, rows: readonly RoundRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await db()
      .insertInto('customer.monitor_round')
      .values(
        chunk.map((r) => ({
          monitor_id: r.monitor_id,
          at,
          tenant_id: r.tenant_id,
          sent: r.sent,
          received: r.received,
          loss_pct: r.loss_pct,
          rtt_min_ms: r.rtt_min_ms,
          rtt_median_ms: r.rtt_median_ms,
          rtt_max_ms: r.rtt_max_ms,
          state: r.state,
        })),
      )
      .onConflict((oc) => oc.columns(['monitor_id', 'at']).doNothing())
      .execute();
    const dirty = chunk.filter((r) => r.dirty);
    if (dirty.length === 0) continue;
    const values = sql.join(
      dirty.map(
        (r) =>
          sql`(${r.monitor_id}::uuid, ${r.state}, ${r.fail_streak}::int, ${r.ok_streak}::int, ${r.changed}::boolean, ${r.down_notified}::boolean)`,
      ),
    );
    await sql`
      UPDATE customer.monitor m SET state = v.state, fail_streak = v.fail, ok_streak = v.ok,
        down_notified = v.notified,
        state_since = CASE WHEN v.changed THEN ${at}::timestamptz ELSE m.state_since END
      FROM (VALUES ${values}) AS v(id, state, fail, ok, changed, notified)
      WHERE m.id = v.id`.execute(db());
  }
}

export async function insertEvent(e: {
  tenantId: string;
  monitorId: string;
  at: Date;
  kind: MonitorEventKind;
  from: MonitorState | null;
  to: MonitorState | null;
  detail: Record<string, unknown>;
  emailed?: boolean;
}): Promise<string> {
  const r = await db()
    .insertInto('customer.monitor_event')
    .values({
      tenant_id: e.tenantId,
      monitor_id: e.monitorId,
      at: e.at,
      kind: e.kind,
      from_state: e.from,
      to_state: e.to,
      detail: JSON.stringify(e.detail),
      customer_emailed: e.emailed ?? false,
      staff_emailed: e.emailed ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Whether a down email already went out for any connection of this service since `since`. */
export async function serviceEmailedSince(serviceId: string, since: Date): Promise<boolean> {
  const r = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM customer.monitor_event e
    JOIN customer.monitor m ON m.id = e.monitor_id
    JOIN customer.connection c ON c.id = m.connection_id
    WHERE c.service_id = ${serviceId} AND e.kind = 'down' AND e.customer_emailed AND e.at > ${since}`.execute(
    db(),
  );
  return (r.rows[0]?.n ?? 0) > 0;
}

/** The tenant's active operators and administrators who may see the service. */
export async function customerRecipients(tenantId: string, serviceId: string): Promise<string[]> {
  const rows = await db()
    .selectFrom('customer.app_user')
    .select(['email', 'service_scope'])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'active')
    .where('role', 'in', ['operator', 'admin'])
    .orderBy('email')
    .execute();
  return rows.filter((r) => !r.service_scope || r.service_scope.includes(serviceId)).map((r) => r.email);
}

/** Paused monitors whose automatic resume time has come. */
export async function dueResumes(
  now: Date,
): Promise<{ id: string; tenant_id: string; connection_id: string }[]> {
  return db()
    .selectFrom('customer.monitor')
    .select(['id', 'tenant_id', 'connection_id'])
    .where('paused_at', 'is not', null)
    .where('resume_at', '<=', now)
    .forUpdate()
    .skipLocked()
    .execute();
}
