import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import type { ChangeRequestTable } from '../../db/schema.ts';

export type ChangeStatus = 'submitted' | 'approved' | 'rejected' | 'executed' | 'withdrawn';
export type ChangeKind = ChangeRequestTable['kind'];
export interface Desired {
  bandwidthMbps?: number;
  description?: string;
}

/** No service id matches this: an empty service-code scope must select nothing. */
const NO_ID = '00000000-0000-0000-0000-000000000000';

/** One change request as both listeners read it (RLS limits a portal transaction to its tenant). */
export interface ChangeRow {
  id: string;
  tenant_id: string;
  tenant_code: string;
  tenant_name: string;
  number: string;
  service_id: string;
  service_code: string;
  service_label: string;
  service_type: string;
  kind: ChangeKind;
  desired: Desired;
  current: { bandwidthMbps?: number | null } | null;
  desired_date: string;
  reason: string;
  status: ChangeStatus;
  requested_by: string | null;
  requester_name: string | null;
  decided_by: string | null;
  decider_name: string | null;
  executed_by: string | null;
  executor_name: string | null;
  decision_reason: string | null;
  execution_note: string | null;
  decided_at: Date | null;
  executed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

function baseQuery() {
  return db()
    .selectFrom('customer.change_request as cr')
    .innerJoin('customer.service as s', 's.id', 'cr.service_id')
    .innerJoin('ops.tenant as t', 't.id', 'cr.tenant_id')
    .leftJoin('customer.app_user as u', 'u.id', 'cr.requested_by')
    .leftJoin('ops.staff as sd', 'sd.id', 'cr.decided_by')
    .leftJoin('ops.staff as se', 'se.id', 'cr.executed_by')
    .select([
      'cr.id',
      'cr.tenant_id',
      't.code as tenant_code',
      't.name as tenant_name',
      'cr.number',
      'cr.service_id',
      's.code as service_code',
      's.label as service_label',
      's.type as service_type',
      'cr.kind',
      'cr.desired',
      'cr.current',
      sql<string>`cr.desired_date::text`.as('desired_date'),
      'cr.reason',
      'cr.status',
      'cr.requested_by',
      'u.name as requester_name',
      'cr.decided_by',
      'sd.name as decider_name',
      'cr.executed_by',
      'se.name as executor_name',
      'cr.decision_reason',
      'cr.execution_note',
      'cr.decided_at',
      'cr.executed_at',
      'cr.created_at',
      'cr.updated_at',
    ]);
}

export interface ListFilter {
  /** Service ids the reader is limited to (null: all the tenant's, or all for staff). */
  scope: string[] | null;
  status?: ChangeStatus | undefined;
  tenantId?: string | undefined;
  limit: number;
  offset: number;
}

/** Newest first. Portal transactions see their tenant's rows only (RLS); the scope narrows further. */
export async function listChangeRequests(f: ListFilter): Promise<ChangeRow[]> {
  let q = baseQuery()
    .orderBy('cr.created_at', 'desc')
    .orderBy('cr.number', 'desc')
    .limit(f.limit)
    .offset(f.offset);
  if (f.scope) q = q.where('cr.service_id', 'in', f.scope.length ? f.scope : [NO_ID]);
  if (f.status) q = q.where('cr.status', '=', f.status);
  if (f.tenantId) q = q.where('cr.tenant_id', '=', f.tenantId);
  return await q.execute();
}

export async function getChangeRequest(id: string, scope: string[] | null): Promise<ChangeRow | undefined> {
  let q = baseQuery().where('cr.id', '=', id);
  if (scope) q = q.where('cr.service_id', 'in', scope.length ? scope : [NO_ID]);
  return await q.executeTakeFirst();
}

/** The request's status, locked for the rest of the transaction (one transition at a time). */
export async function lockChangeRequest(
  id: string,
): Promise<{ id: string; status: ChangeStatus; tenant_id: string } | undefined> {
  return db()
    .selectFrom('customer.change_request')
    .select(['id', 'status', 'tenant_id'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export interface ServiceRef {
  id: string;
  tenant_id: string;
  code: string;
  label: string;
  type: string;
  bandwidth_mbps: number | null;
}

export async function findService(id: string): Promise<ServiceRef | undefined> {
  return db()
    .selectFrom('customer.service')
    .select(['id', 'tenant_id', 'code', 'label', 'type', 'bandwidth_mbps'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** CR-<year>-<6 digits> from one sequence: unique across tenants, never reused. */
export async function nextNumber(year: number): Promise<string> {
  const r = await sql<{
    n: number | string;
  }>`SELECT nextval('customer.change_request_number_seq') AS n`.execute(db());
  return `CR-${year}-${String(r.rows[0]!.n).padStart(6, '0')}`;
}

export interface NewChangeRequest {
  tenantId: string;
  number: string;
  serviceId: string;
  kind: ChangeKind;
  desired: Desired;
  current: { bandwidthMbps: number | null } | null;
  desiredDate: string;
  reason: string;
  requestedBy: string | null;
  /** Demo data writes whole histories at once; requests always start as submitted, now. */
  history?: {
    status: ChangeStatus;
    createdAt: Date;
    decidedBy?: string;
    decisionReason?: string | null;
    decidedAt?: Date;
    executedBy?: string;
    executionNote?: string | null;
    executedAt?: Date;
    updatedAt: Date;
  };
}

export async function insertChangeRequest(r: NewChangeRequest): Promise<string> {
  const row = await db()
    .insertInto('customer.change_request')
    .values({
      tenant_id: r.tenantId,
      number: r.number,
      service_id: r.serviceId,
      kind: r.kind,
      desired: JSON.stringify(r.desired),
      current: r.current ? JSON.stringify(r.current) : null,
      desired_date: r.desiredDate,
      reason: r.reason,
      requested_by: r.requestedBy,
      decided_by: r.history?.decidedBy ?? null,
      executed_by: r.history?.executedBy ?? null,
      decision_reason: r.history?.decisionReason ?? null,
      execution_note: r.history?.executionNote ?? null,
      decided_at: r.history?.decidedAt ?? null,
      executed_at: r.history?.executedAt ?? null,
      ...(r.history
        ? { status: r.history.status, created_at: r.history.createdAt, updated_at: r.history.updatedAt }
        : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface StatusChange {
  status: ChangeStatus;
  decidedBy?: string;
  decisionReason?: string | null;
  executedBy?: string;
  executionNote?: string | null;
}

export async function setStatus(id: string, c: StatusChange): Promise<void> {
  const now = sql<Date>`now()`;
  await db()
    .updateTable('customer.change_request')
    .set({
      status: c.status,
      updated_at: now,
      ...(c.decidedBy !== undefined
        ? { decided_by: c.decidedBy, decided_at: now, decision_reason: c.decisionReason ?? null }
        : {}),
      ...(c.executedBy !== undefined
        ? { executed_by: c.executedBy, executed_at: now, execution_note: c.executionNote ?? null }
        : {}),
    })
    .where('id', '=', id)
    .execute();
}

export interface NewEvent {
  tenantId: string;
  changeRequestId: string;
  actorKind: 'customer' | 'staff' | 'system';
  actorId: string | null;
  fromStatus: ChangeStatus | null;
  toStatus: ChangeStatus;
  note: string | null;
  /** Demo data back-dates its timelines; requests always use the transaction's time. */
  at?: Date;
}

export async function insertEvent(e: NewEvent): Promise<void> {
  await db()
    .insertInto('customer.change_request_event')
    .values({
      tenant_id: e.tenantId,
      change_request_id: e.changeRequestId,
      actor_kind: e.actorKind,
      actor_id: e.actorId,
      from_status: e.fromStatus,
      to_status: e.toStatus,
      note: e.note,
      ...(e.at ? { at: e.at } : {}),
    })
    .execute();
}

export interface EventRow {
  id: number;
  at: Date;
  actor_kind: 'customer' | 'staff' | 'system';
  actor_id: string | null;
  actor_name: string | null;
  from_status: ChangeStatus | null;
  to_status: ChangeStatus;
  note: string | null;
}

/** The timeline, oldest first. Staff names are looked up only where staff read it. */
export async function listEvents(changeRequestId: string, staffNames: boolean): Promise<EventRow[]> {
  const rows = await db()
    .selectFrom('customer.change_request_event as e')
    .leftJoin('customer.app_user as u', (j) =>
      j.onRef('u.id', '=', 'e.actor_id').on('e.actor_kind', '=', 'customer'),
    )
    .leftJoin('ops.staff as st', (j) => j.onRef('st.id', '=', 'e.actor_id').on('e.actor_kind', '=', 'staff'))
    .select([
      'e.id',
      'e.at',
      'e.actor_kind',
      'e.actor_id',
      'u.name as customer_name',
      'st.name as staff_name',
      'e.from_status',
      'e.to_status',
      'e.note',
    ])
    .where('e.change_request_id', '=', changeRequestId)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor_kind: r.actor_kind,
    actor_id: r.actor_id,
    actor_name: r.actor_kind === 'staff' ? (staffNames ? r.staff_name : null) : r.customer_name,
    from_status: r.from_status as ChangeStatus | null,
    to_status: r.to_status as ChangeStatus,
    note: r.note,
  }));
}

/** The requester's address for the notices (null once the user was deleted). */
export async function requesterContact(
  userId: string | null,
): Promise<{ email: string; name: string } | undefined> {
  if (!userId) return undefined;
  return db()
    .selectFrom('customer.app_user')
    .select(['email', 'name'])
    .where('id', '=', userId)
    .executeTakeFirst();
}
