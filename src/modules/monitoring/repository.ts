import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import type { MonitorEventKind, MonitorState, ProbeKind } from '../../db/schema-monitoring.ts';

/** SQL of the probe runner: claiming due monitors, reading their state, writing rounds. */

/** A claimed monitor: what probing it and running its state machine need. */
export interface DueMonitor {
  id: string;
  target: string;
  probe_kind: ProbeKind;
  tcp_port: number | null;
  state: MonitorState;
  fail_streak: number;
  ok_streak: number;
  down_notified: boolean;
  /** the network namespace of the provider equipment the probe runs from (null: the host) */
  source_ns: string | null;
  /** the row version claimed (its xmin): the round is stored only while the row is unchanged */
  version: string;
}

/**
 * One claimed monitor as the claim sends it: its fields separated by tabs, none of which can hold
 * a tab or a line break (the namespace comes as a JSON string, the rest are ids, addresses,
 * numbers and fixed words). Much cheaper to build and to read than a JSON array per monitor.
 */
function claimedMonitor(line: string): DueMonitor {
  const f = line.split('\t');
  return {
    id: f[0]!,
    target: f[1]!,
    probe_kind: f[2] as ProbeKind,
    tcp_port: f[3] ? Number(f[3]) : null,
    state: f[4] as MonitorState,
    fail_streak: Number(f[5]),
    ok_streak: Number(f[6]),
    down_notified: f[7] === 'true',
    source_ns: f[8] ? (JSON.parse(f[8]) as string) : null,
    version: f[9]!,
  };
}

/** What a monitor's state change tells its tenant and the NOC (read only for the few that change). */
export interface MonitorDetails {
  id: string;
  tenant_id: string;
  connection_id: string;
  connection_name: string;
  service_id: string;
  service_code: string;
  tenant_code: string;
  state_since: Date;
}

export async function monitorDetails(ids: readonly string[]): Promise<MonitorDetails[]> {
  if (ids.length === 0) return [];
  const r = await sql<MonitorDetails>`
    SELECT m.id, m.tenant_id, m.connection_id, c.name AS connection_name, c.service_id,
      s.code AS service_code, t.code AS tenant_code, m.state_since
    FROM customer.monitor m
    JOIN customer.connection c ON c.id = m.connection_id
    JOIN customer.service s ON s.id = c.service_id
    JOIN ops.tenant t ON t.id = m.tenant_id
    WHERE m.id = ANY(${ids}::uuid[])`.execute(db());
  return r.rows;
}

/**
 * Claims due slots (FOR UPDATE SKIP LOCKED on their rows, each moved one interval on) holding
 * together about `limit` monitors (at least one slot), and returns what probing their monitors
 * needs, in one statement: the due slots are locked with their sizes, the oldest ones whose sizes
 * add up to the limit are moved on, and their monitors are read. Several workers share the work
 * this way without probing any monitor twice; a slot's monitors are read, not written, so
 * claiming costs one small write per slot, not one per monitor, and one statement per batch
 * (a statement per slot cost more than probing the slot with fping). Repeats until `limit`
 * monitors are claimed or no slot is due.
 */
export async function claimDue(now: Date, limit: number, hostSource: boolean): Promise<DueMonitor[]> {
  const out: DueMonitor[] = [];
  // slots wanted in an earlier pass of the loop (claimed, or locked by another worker): key interval_s * 16 + slot
  const seen: number[] = [];
  while (out.length < limit) {
    const notSeen = seen.length
      ? sql`AND (s.interval_s * 16 + s.slot) NOT IN (${sql.raw(seen.join(','))})`
      : sql``;
    // The slots that hold the monitors still wanted are chosen first and only they are locked
    // (SKIP LOCKED): a slot locked but not taken would be skipped by another worker and left
    // behind by both. Those another worker holds are passed over in the next pass of the loop.
    // The slots' monitors come back as one text, a line each: returning thousands of rows costs more.
    const r = await sql<{ wanted: number[] | null; j: string | null; slots: number }>`
      WITH due AS (
        SELECT s.interval_s, s.slot, s.next_due_at,
               (SELECT count(*) FROM customer.monitor m
                 WHERE m.interval_s = s.interval_s AND m.slot = s.slot
                   AND m.paused_at IS NULL AND m.target IS NOT NULL) AS n
          FROM ops.monitor_slot s WHERE s.next_due_at <= ${now} ${notSeen}
         ORDER BY s.next_due_at, s.interval_s, s.slot LIMIT 256
      ), wanted AS (
        SELECT interval_s, slot FROM (
          SELECT interval_s, slot,
                 sum(n) OVER (ORDER BY next_due_at, interval_s, slot ROWS UNBOUNDED PRECEDING) - n AS before
            FROM due) x
         WHERE before < ${limit - out.length}
      ), locked AS (
        SELECT s.interval_s, s.slot FROM ops.monitor_slot s
         WHERE (s.interval_s, s.slot) IN (SELECT interval_s, slot FROM wanted) AND s.next_due_at <= ${now}
           FOR UPDATE OF s SKIP LOCKED
      ), moved AS (
        UPDATE ops.monitor_slot x SET next_due_at = ${now}::timestamptz + x.interval_s * interval '1 second'
          FROM locked WHERE x.interval_s = locked.interval_s AND x.slot = locked.slot
        RETURNING x.interval_s, x.slot
      )
      SELECT (SELECT array_agg(interval_s * 16 + slot) FROM wanted) AS wanted,
             (SELECT count(*)::int FROM moved) AS slots,
             (SELECT string_agg(m.id || E'\t' || host(m.target) || E'\t' || m.probe_kind || E'\t' ||
                 coalesce(m.tcp_port::text, '') || E'\t' || m.state || E'\t' || m.fail_streak || E'\t' ||
                 m.ok_streak || E'\t' || m.down_notified || E'\t' ||
                 coalesce(to_json(CASE WHEN d.driver = 'linux' THEN NULLIF(d.driver_target->>'namespace', '') END)::text, '') ||
                 E'\t' || m.xmin, E'\n')
                FROM moved
                JOIN customer.monitor m ON m.interval_s = moved.interval_s AND m.slot = moved.slot
                JOIN customer.connection c ON c.id = m.connection_id
                LEFT JOIN ops.port p ON p.id = c.port_id
                LEFT JOIN ops.device d ON d.id = p.device_id
               WHERE m.paused_at IS NULL AND m.target IS NOT NULL AND c.status = 'active'
                 AND (${hostSource} OR (d.driver = 'linux' AND coalesce(d.driver_target->>'namespace', '') <> ''))) AS j`.execute(
      db(),
    );
    const wanted = (r.rows[0]?.wanted ?? []).map(Number);
    if (wanted.length === 0) break; // nothing due that this pass has not tried
    seen.push(...wanted);
    const text = r.rows[0]!.j;
    if (text) for (const line of text.split('\n')) out.push(claimedMonitor(line));
  }
  return out;
}

/** Slots no monitor is in any more (their interval changed, or the monitors were removed). */
export async function dropEmptySlots(): Promise<number> {
  const r = await sql`
    DELETE FROM ops.monitor_slot s
     WHERE NOT EXISTS (SELECT 1 FROM customer.monitor m WHERE m.interval_s = s.interval_s AND m.slot = s.slot)`.execute(
    db(),
  );
  return Number(r.numAffectedRows ?? 0);
}

/** One probed monitor: the state it was claimed in, and the round with the state it moves to. */
export interface RoundRow {
  monitor_id: string;
  /** the row version claimed: the round is stored only if the monitor is still so (not paused, retargeted or moved on meanwhile) */
  version: string;
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

/** A PostgreSQL array literal of plain values (numbers, uuids, xids, enum labels; null as NULL). */
function arrayLiteral(values: readonly (string | number | boolean | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (i) out += ',';
    out += x === null ? 'NULL' : String(x);
  }
  return out + '}';
}

/**
 * Stores a pass's rounds and moves the state machines on, in one statement. A steady monitor
 * (nearly all of them: its row does not change) gets its round only if its row is still the
 * version claimed (its xmin) in the statement's snapshot. A monitor whose row changes (state,
 * streaks, notification) is updated only if its row is still the version claimed (any change
 * since, a pause, a new target, another worker's round, makes a new version, and that wins; the
 * update waits for a concurrent writer and re-checks), and gets its round only if updated.
 * Returns the ids of the monitors whose state changed.
 */
export async function storeRounds(at: Date, rows: readonly RoundRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  // One array literal per column, steady and changing rows apart: PostgreSQL reads arrays of
  // plain values much faster than JSON records, and the two sets never need joining.
  const steady = rows.filter((x) => !x.dirty);
  const dirty = rows.filter((x) => x.dirty);
  const col = (list: readonly RoundRow[], k: keyof RoundRow): string => arrayLiteral(list.map((x) => x[k]));
  const round = (list: readonly RoundRow[]) =>
    sql.join([
      sql`${col(list, 'monitor_id')}::uuid[]`,
      sql`${col(list, 'version')}::xid[]`,
      sql`${col(list, 'sent')}::int[]`,
      sql`${col(list, 'received')}::int[]`,
      sql`${col(list, 'loss_pct')}::real[]`,
      sql`${col(list, 'rtt_min_ms')}::real[]`,
      sql`${col(list, 'rtt_median_ms')}::real[]`,
      sql`${col(list, 'rtt_max_ms')}::real[]`,
    ]);
  const r = await sql<{ id: string }>`
    WITH s AS (
      SELECT * FROM unnest(${round(steady)}) AS s(id, version, sent, received, loss, rmin, rmed, rmax)
    ), d AS (
      SELECT * FROM unnest(${round(dirty)},
        ${col(dirty, 'state')}::text[], ${col(dirty, 'fail_streak')}::int[], ${col(dirty, 'ok_streak')}::int[],
        ${col(dirty, 'changed')}::boolean[], ${col(dirty, 'down_notified')}::boolean[])
        AS d(id, version, sent, received, loss, rmin, rmed, rmax, state, fail, ok, changed, notified)
    ), moved AS (
      UPDATE customer.monitor m SET state = d.state, fail_streak = d.fail, ok_streak = d.ok,
        down_notified = d.notified,
        state_since = CASE WHEN d.changed THEN ${at}::timestamptz ELSE m.state_since END
      FROM d
      WHERE m.id = d.id AND m.xmin = d.version
      RETURNING m.id, m.tenant_id, d.sent, d.received, d.loss, d.rmin, d.rmed, d.rmax, d.state, d.changed
    ), stored AS (
      INSERT INTO customer.monitor_round AS r
        (monitor_id, at, tenant_id, sent, received, loss_pct, rtt_min_ms, rtt_median_ms, rtt_max_ms, state)
      SELECT s.id, ${at}::timestamptz, m.tenant_id, s.sent, s.received, s.loss, s.rmin, s.rmed, s.rmax, m.state
        FROM s JOIN customer.monitor m ON m.id = s.id
       WHERE m.xmin = s.version
      UNION ALL
      SELECT id, ${at}::timestamptz, tenant_id, sent, received, loss, rmin, rmed, rmax, state FROM moved
      ON CONFLICT (monitor_id, at) DO NOTHING
    )
    SELECT id FROM moved WHERE changed`.execute(db());
  return new Set(r.rows.map((x) => x.id));
}

/** After its emails: whether the current outage of a monitor was emailed (a recovery follows only then). */
export async function setDownNotified(id: string, notified: boolean): Promise<void> {
  await db().updateTable('customer.monitor').set({ down_notified: notified }).where('id', '=', id).execute();
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
