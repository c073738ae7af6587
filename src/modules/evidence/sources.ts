import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import type { Impact } from '../../db/schema-dataplane.ts';

/**
 * The reads behind an evidence bundle: one tenant's records in a time window, half-open
 * [from, to). They run in a system transaction (provider-side logs have no row-level security),
 * so EVERY query here filters on the tenant explicitly; test/evidence checks that a bundle holds
 * nothing of another tenant.
 */
export interface Window {
  tenantId: string;
  from: Date;
  to: Date;
}

export async function auditRecords(w: Window, maxSeq: number) {
  return db()
    .selectFrom('audit.log')
    .selectAll()
    .where('tenant_id', '=', w.tenantId)
    .where('at', '>=', w.from)
    .where('at', '<', w.to)
    .where('seq', '<=', maxSeq)
    .orderBy('seq')
    .execute();
}

export async function monitorRounds(w: Window) {
  return db()
    .selectFrom('customer.monitor_round as r')
    .innerJoin('customer.monitor as m', 'm.id', 'r.monitor_id')
    .select([
      'r.monitor_id',
      'm.connection_id',
      'r.at',
      'r.sent',
      'r.received',
      'r.loss_pct',
      'r.rtt_min_ms',
      'r.rtt_median_ms',
      'r.rtt_max_ms',
      'r.state',
    ])
    .where('r.tenant_id', '=', w.tenantId)
    .where('m.tenant_id', '=', w.tenantId)
    .where('r.at', '>=', w.from)
    .where('r.at', '<', w.to)
    .orderBy('r.at')
    .orderBy('r.monitor_id')
    .execute();
}

export async function monitorEvents(w: Window) {
  return db()
    .selectFrom('customer.monitor_event as e')
    .innerJoin('customer.monitor as m', 'm.id', 'e.monitor_id')
    .select([
      'e.id',
      'e.monitor_id',
      'm.connection_id',
      'e.at',
      'e.kind',
      'e.from_state',
      'e.to_state',
      'e.detail',
    ])
    .where('e.tenant_id', '=', w.tenantId)
    .where('m.tenant_id', '=', w.tenantId)
    .where('e.at', '>=', w.from)
    .where('e.at', '<', w.to)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
}

export type TrafficSeries = '5m' | '1h' | '1d';

/** Rollup rows of the tenant's connections (the raw minute series is kept only a few days). */
export async function trafficRows(w: Window, series: TrafficSeries) {
  const table = `ops.traffic_${series}` as const;
  return db()
    .selectFrom(`${table} as t`)
    .innerJoin('customer.connection as c', 'c.id', 't.connection_id')
    .select([
      't.connection_id',
      't.at',
      't.seconds',
      't.in_octets',
      't.out_octets',
      't.in_max_bps',
      't.out_max_bps',
    ])
    .where('c.tenant_id', '=', w.tenantId)
    .where('t.at', '>=', w.from)
    .where('t.at', '<', w.to)
    .orderBy('t.at')
    .orderBy('t.connection_id')
    .execute();
}

/** The tenant's change requests open at any time in the window, with their steps in it. */
export async function changeRequests(w: Window) {
  return db()
    .selectFrom('customer.change_request as r')
    .innerJoin('customer.service as s', 's.id', 'r.service_id')
    .select([
      'r.id',
      'r.number',
      's.code as service_code',
      'r.kind',
      'r.desired',
      'r.current',
      'r.status',
      'r.created_at',
      'r.decided_at',
      'r.executed_at',
      'r.updated_at',
    ])
    .select(sql<string>`to_char(r.desired_date, 'YYYY-MM-DD')`.as('desired_date'))
    .where('r.tenant_id', '=', w.tenantId)
    .where('r.created_at', '<', w.to)
    .where('r.updated_at', '>=', w.from)
    .orderBy('r.created_at')
    .execute();
}

export async function changeRequestEvents(w: Window, requestIds: string[]) {
  if (requestIds.length === 0) return [];
  return db()
    .selectFrom('customer.change_request_event')
    .select(['id', 'change_request_id', 'at', 'actor_kind', 'from_status', 'to_status'])
    .where('tenant_id', '=', w.tenantId)
    .where('change_request_id', 'in', requestIds)
    .where('at', '>=', w.from)
    .where('at', '<', w.to)
    .orderBy('id')
    .execute();
}

/**
 * Provider change records whose impact names the tenant. Only structural fields leave: the
 * staff's free text (title, risk assessment, notes, log) and the impact on other tenants may
 * name other customers, so they stay out.
 */
export async function configChanges(w: Window) {
  const rows = await db()
    .selectFrom('ops.config_change')
    .select([
      'id',
      'number',
      'kind',
      'status',
      'risk_level',
      'impact',
      'change_request_id',
      'change_request_number',
      'created_at',
      'submitted_at',
      'decided_at',
      'started_at',
      'finished_at',
      'updated_at',
    ])
    .where(sql<boolean>`impact -> 'tenants' @> ${JSON.stringify([{ id: w.tenantId }])}::jsonb`)
    .where('created_at', '<', w.to)
    .where('updated_at', '>=', w.from)
    .orderBy('created_at')
    .execute();
  const own = new Set(
    (
      await db()
        .selectFrom('customer.change_request')
        .select('id')
        .where('tenant_id', '=', w.tenantId)
        .where(
          'id',
          'in',
          rows
            .map((r) => r.change_request_id)
            .filter((x): x is string => !!x)
            .concat(['00000000-0000-0000-0000-000000000000']),
        )
        .execute()
    ).map((r) => r.id),
  );
  return rows.map((r) => {
    const impact = (typeof r.impact === 'string' ? JSON.parse(r.impact) : r.impact) as Impact;
    const mine = (impact.connections ?? []).filter((c) => c.tenantId === w.tenantId);
    return {
      ...r,
      change_request_number:
        r.change_request_id && own.has(r.change_request_id) ? r.change_request_number : null,
      connections: mine.map((c) => ({
        id: c.id,
        name: c.name,
        serviceCode: c.serviceCode,
        direct: c.direct,
      })),
    };
  });
}

/**
 * Announcements and incidents (migration 0016) the tenant received, active in the window, and
 * their timeline steps in it. The staff's targeting (`target`, naming other tenants) stays out;
 * the published texts are the same every recipient saw; service ids are the tenant's own.
 */
export async function noticeRecords(
  w: Window,
): Promise<{ available: boolean; rows: Record<string, unknown>[] }> {
  const notices = await db()
    .selectFrom('ops.notice as n')
    .innerJoin('customer.notice_recipient as r', 'r.notice_id', 'n.id')
    .select([
      'n.id',
      'n.number',
      'n.kind',
      'n.severity',
      'n.status',
      'n.title_ja',
      'n.title_en',
      'n.body_ja',
      'n.body_en',
      'n.window_start',
      'n.window_end',
      'n.published_at',
      'n.closed_at',
      'r.service_ids',
      'r.notified_at',
      'r.acknowledged_at',
    ])
    .where('r.tenant_id', '=', w.tenantId)
    .where('r.notified_at', '<', w.to)
    .where((eb) => eb.or([eb('n.closed_at', 'is', null), eb('n.closed_at', '>=', w.from)]))
    .orderBy('r.notified_at')
    .orderBy('n.number')
    .execute();
  const ids = notices.map((n) => n.id);
  const events = ids.length
    ? await db()
        .selectFrom('ops.notice_event')
        .select(['id', 'notice_id', 'at', 'kind', 'status', 'body_ja', 'body_en'])
        .where('notice_id', 'in', ids)
        .where('at', '>=', w.from)
        .where('at', '<', w.to)
        .orderBy('id')
        .execute()
    : [];
  return {
    available: true,
    rows: [
      ...notices.map((n) => ({ type: 'notice', record_id: `notice:${n.number}`, ...n })),
      ...events.map((e) => ({
        type: 'notice_event',
        record_id: `notice_event:${e.id}`,
        ...e,
        id: Number(e.id),
      })),
    ],
  };
}

export async function tenantOf(tenantId: string) {
  return db()
    .selectFrom('ops.tenant')
    .select(['id', 'code', 'name'])
    .where('id', '=', tenantId)
    .executeTakeFirst();
}
