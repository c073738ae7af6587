import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import type { MonitorEventKind, MonitorState, ProbeKind } from '../../db/schema-monitoring.ts';
import { getTimezone } from '../../lib/time.ts';

/** Reads for the portal and the console. `scope` is the principal's service scope (null: all). */

export interface MonitorView {
  id: string;
  tenant_id: string;
  tenant_code: string;
  tenant_name: string;
  connection_id: string;
  connection_name: string;
  connection_status: string;
  service_id: string;
  service_code: string;
  target: string | null;
  probe_kind: ProbeKind;
  tcp_port: number | null;
  interval_s: number;
  state: MonitorState;
  state_since: Date;
  paused_at: Date | null;
  paused_by_kind: 'customer' | 'staff' | null;
  pause_reason: string | null;
  resume_at: Date | null;
  last_round_at: Date | null;
  last_loss_pct: number | null;
  last_rtt_median_ms: number | null;
}

/** A column of the monitor's latest round (a backward scan of the round table's primary key). */
const latest = (col: 'at' | 'loss_pct' | 'rtt_median_ms') =>
  sql`SELECT r.${sql.ref(col)} FROM customer.monitor_round r WHERE r.monitor_id = m.id ORDER BY r.at DESC LIMIT 1`;

function base(scope: string[] | null) {
  let q = db()
    .selectFrom('customer.monitor as m')
    .innerJoin('customer.connection as c', 'c.id', 'm.connection_id')
    .innerJoin('customer.service as s', 's.id', 'c.service_id')
    .innerJoin('ops.tenant as t', 't.id', 'm.tenant_id')
    .select([
      'm.id',
      'm.tenant_id',
      't.code as tenant_code',
      't.name as tenant_name',
      'm.connection_id',
      'c.name as connection_name',
      'c.status as connection_status',
      'c.service_id',
      's.code as service_code',
      sql<string | null>`host(m.target)`.as('target'),
      'm.probe_kind',
      'm.tcp_port',
      'm.interval_s',
      'm.state',
      'm.state_since',
      'm.paused_at',
      'm.paused_by_kind',
      'm.pause_reason',
      'm.resume_at',
      sql<Date | null>`(${latest('at')})`.as('last_round_at'),
      sql<number | null>`(${latest('loss_pct')})`.as('last_loss_pct'),
      sql<number | null>`(${latest('rtt_median_ms')})`.as('last_rtt_median_ms'),
    ]);
  if (scope)
    q = q.where('c.service_id', 'in', scope.length ? scope : ['00000000-0000-0000-0000-000000000000']);
  return q;
}

export async function findMonitorView(
  id: string,
  scope: string[] | null,
  lock: boolean,
): Promise<MonitorView | undefined> {
  let q = base(scope).where('m.id', '=', id);
  if (lock) q = q.forUpdate('m');
  return await q.executeTakeFirst();
}

export async function listMonitorViews(o: {
  scope: string[] | null;
  tenantId?: string;
  state?: MonitorState | 'paused';
  limit: number;
  offset: number;
}): Promise<MonitorView[]> {
  let q = base(o.scope);
  if (o.tenantId) q = q.where('m.tenant_id', '=', o.tenantId);
  if (o.state === 'paused') q = q.where('m.paused_at', 'is not', null);
  else if (o.state) q = q.where('m.state', '=', o.state).where('m.paused_at', 'is', null);
  return await q
    .orderBy('t.code')
    .orderBy('s.code')
    .orderBy('c.name')
    .limit(o.limit)
    .offset(o.offset)
    .execute();
}

export interface EventView {
  id: string;
  monitor_id: string;
  connection_name: string;
  service_code: string;
  at: Date;
  kind: MonitorEventKind;
  from_state: MonitorState | null;
  to_state: MonitorState | null;
  detail: Record<string, unknown>;
  customer_emailed: boolean;
}

export async function listEvents(o: {
  scope: string[] | null;
  monitorId?: string;
  limit: number;
}): Promise<EventView[]> {
  let q = db()
    .selectFrom('customer.monitor_event as e')
    .innerJoin('customer.monitor as m', 'm.id', 'e.monitor_id')
    .innerJoin('customer.connection as c', 'c.id', 'm.connection_id')
    .innerJoin('customer.service as s', 's.id', 'c.service_id')
    .select([
      'e.id',
      'e.monitor_id',
      'c.name as connection_name',
      's.code as service_code',
      'e.at',
      'e.kind',
      'e.from_state',
      'e.to_state',
      'e.detail',
      'e.customer_emailed',
    ]);
  if (o.scope)
    q = q.where('c.service_id', 'in', o.scope.length ? o.scope : ['00000000-0000-0000-0000-000000000000']);
  if (o.monitorId) q = q.where('e.monitor_id', '=', o.monitorId);
  return await q.orderBy('e.at', 'desc').limit(o.limit).execute();
}

export interface RoundView {
  at: Date;
  loss_pct: number;
  rtt_min_ms: number | null;
  rtt_median_ms: number | null;
  rtt_max_ms: number | null;
  state: MonitorState;
}

export async function roundHistory(
  monitorId: string,
  from: Date,
  to: Date,
  limit: number,
): Promise<RoundView[]> {
  return db()
    .selectFrom('customer.monitor_round')
    .select(['at', 'loss_pct', 'rtt_min_ms', 'rtt_median_ms', 'rtt_max_ms', 'state'])
    .where('monitor_id', '=', monitorId)
    .where('at', '>=', from)
    .where('at', '<', to)
    .orderBy('at')
    .limit(limit)
    .execute();
}

export interface DayAvailability {
  day: string;
  rounds: number;
  down_rounds: number;
}

/**
 * Rounds per local (JST) day of the month `YYYY-MM`. Paused time has no rounds, so it counts
 * neither for nor against availability; a round counts as unavailable when its state was down.
 */
export async function availabilityDays(monitorId: string, month: string): Promise<DayAvailability[]> {
  const tz = getTimezone();
  const r = await sql<DayAvailability>`
    SELECT to_char((at AT TIME ZONE ${tz})::date, 'YYYY-MM-DD') AS day,
      count(*)::int AS rounds, count(*) FILTER (WHERE state = 'down')::int AS down_rounds
    FROM customer.monitor_round
    WHERE monitor_id = ${monitorId}
      AND at >= (${`${month}-01`}::date)::timestamp AT TIME ZONE ${tz}
      AND at < ((${`${month}-01`}::date + interval '1 month')::timestamp AT TIME ZONE ${tz})
    GROUP BY 1 ORDER BY 1`.execute(db());
  return r.rows;
}
