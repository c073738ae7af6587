import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import type { TerminationSnapshot, TerminationStatus } from '../../db/schema-lifecycle.ts';

/** A termination as read back: the date as text, the snapshot with the ids the erasure needs. */
export interface TerminationRow {
  id: string;
  tenant_id: string;
  tenant_code: string;
  tenant_name: string;
  termination_date: string;
  status: TerminationStatus;
  requested_by_kind: 'customer' | 'staff';
  requested_at: Date;
  confirmed_at: Date | null;
  cancelled_at: Date | null;
  stop_at: Date;
  deadline: Date;
  erase_at: Date;
  grace_until: Date;
  reminded_at: Date | null;
  stopped_at: Date | null;
  change_id: string | null;
  change_number: string | null;
  last_alert_on: string | null;
  erasure_started_at: Date | null;
  erasure_phase: string | null;
  erased_counts: Record<string, number>;
  snapshot: FullSnapshot | null;
  key_id: string | null;
  completed_at: Date | null;
  certificate_id: string | null;
}

export interface FullSnapshot extends TerminationSnapshot {
  connectionIds: string[];
  userIds: string[];
  userEmails: string[];
}

const parse = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

function base() {
  return db()
    .selectFrom('ops.termination as t')
    .innerJoin('ops.tenant as n', 'n.id', 't.tenant_id')
    .leftJoin('ops.config_change as c', 'c.id', 't.change_id')
    .leftJoin('ops.erasure_certificate as e', 'e.termination_id', 't.id')
    .select([
      't.id',
      't.tenant_id',
      'n.code as tenant_code',
      'n.name as tenant_name',
      sql<string>`t.termination_date::text`.as('termination_date'),
      't.status',
      't.requested_by_kind',
      't.requested_at',
      't.confirmed_at',
      't.cancelled_at',
      't.stop_at',
      't.deadline',
      't.erase_at',
      't.grace_until',
      't.reminded_at',
      't.stopped_at',
      't.change_id',
      'c.number as change_number',
      sql<string | null>`t.last_alert_on::text`.as('last_alert_on'),
      't.erasure_started_at',
      't.erasure_phase',
      't.erased_counts',
      't.snapshot',
      't.key_id',
      't.completed_at',
      'e.id as certificate_id',
    ]);
}

const shape = (r: Record<string, unknown>): TerminationRow =>
  ({
    ...r,
    erased_counts: Object.fromEntries(
      Object.entries(parse<Record<string, unknown>>(r.erased_counts) ?? {}).map(([k, v]) => [k, Number(v)]),
    ),
    snapshot: r.snapshot ? parse<FullSnapshot>(r.snapshot) : null,
  }) as TerminationRow;

export async function findTermination(id: string): Promise<TerminationRow | undefined> {
  const r = await base().where('t.id', '=', id).executeTakeFirst();
  return r ? shape(r) : undefined;
}

/** The tenant's current (not cancelled) termination. */
export async function currentTermination(tenantId: string): Promise<TerminationRow | undefined> {
  const r = await base()
    .where('t.tenant_id', '=', tenantId)
    .where('t.status', '<>', 'cancelled')
    .executeTakeFirst();
  return r ? shape(r) : undefined;
}

export async function listTerminations(opts: { includeCancelled: boolean }): Promise<TerminationRow[]> {
  let q = base();
  if (!opts.includeCancelled) q = q.where('t.status', '<>', 'cancelled');
  const rows = await q.orderBy('t.stop_at').orderBy('t.id').limit(1000).execute();
  return rows.map(shape);
}

export interface NewTermination {
  tenantId: string;
  terminationDate: string;
  status: 'requested' | 'confirmed';
  requestedByKind: 'customer' | 'staff';
  requestedBy: string | null;
  confirmedBy: string | null;
  stopAt: Date;
  deadline: Date;
  eraseAt: Date;
  graceUntil: Date;
}

/** Inserts a termination; undefined when the tenant already has one open (the unique index). */
export async function insertTermination(t: NewTermination): Promise<string | undefined> {
  const r = await db()
    .insertInto('ops.termination')
    .values({
      tenant_id: t.tenantId,
      termination_date: t.terminationDate,
      status: t.status,
      requested_by_kind: t.requestedByKind,
      requested_by: t.requestedBy,
      confirmed_by: t.confirmedBy,
      confirmed_at: t.status === 'confirmed' ? new Date() : null,
      cancelled_at: null,
      stop_at: t.stopAt,
      deadline: t.deadline,
      erase_at: t.eraseAt,
      grace_until: t.graceUntil,
      reminded_at: null,
      stopped_at: null,
      change_id: null,
      last_alert_on: null,
      erasure_started_at: null,
      erasure_phase: null,
      snapshot: null,
      key_id: null,
      completed_at: null,
    })
    .onConflict((oc) => oc.column('tenant_id').where('status', '<>', 'cancelled').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id;
}

export async function updateTermination(
  id: string,
  set: Partial<{
    status: TerminationStatus;
    confirmed_by: string | null;
    confirmed_at: Date;
    cancelled_at: Date;
    erase_at: Date;
    grace_until: Date;
    reminded_at: Date;
    stopped_at: Date;
    change_id: string | null;
    last_alert_on: string;
  }>,
): Promise<void> {
  await db().updateTable('ops.termination').set(set).where('id', '=', id).execute();
}

/** Locks the row for a state change (two staff members confirming at once see one winner). */
export async function lockTermination(id: string): Promise<TerminationRow | undefined> {
  await db().selectFrom('ops.termination').select('id').where('id', '=', id).forUpdate().execute();
  return findTermination(id);
}

/** What the erasure needs before anything goes; taken once, status → erasing, in one transaction. */
export async function takeSnapshot(id: string, tenantId: string): Promise<void> {
  const tenant = await db()
    .selectFrom('ops.tenant')
    .select(['code', 'name'])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  const contracts = await db()
    .selectFrom('customer.contract')
    .select('number')
    .where('tenant_id', '=', tenantId)
    .orderBy('number')
    .execute();
  const users = await db()
    .selectFrom('customer.app_user')
    .select(['id', 'email', 'role'])
    .where('tenant_id', '=', tenantId)
    .execute();
  const conns = await db()
    .selectFrom('customer.connection')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .execute();
  const snapshot: FullSnapshot = {
    tenantCode: tenant.code,
    tenantName: tenant.name,
    contracts: contracts.map((c) => c.number),
    recipients: [...new Set(users.filter((u) => u.role === 'admin').map((u) => u.email))],
    connectionIds: conns.map((c) => c.id),
    userIds: users.map((u) => u.id),
    userEmails: [...new Set(users.map((u) => u.email))],
  };
  await db()
    .updateTable('ops.termination')
    .set({
      snapshot: JSON.stringify(snapshot),
      status: 'erasing',
      erasure_started_at: new Date(),
      erasure_phase: 'delete',
    })
    .where('id', '=', id)
    .execute();
}

export async function setPhase(id: string, phase: string, opts: { keyId?: string } = {}): Promise<void> {
  await db()
    .updateTable('ops.termination')
    .set({ erasure_phase: phase, ...(opts.keyId ? { key_id: opts.keyId } : {}) })
    .where('id', '=', id)
    .execute();
}

/** The certificate issued for a termination. */
export async function findCertificate(terminationId: string) {
  return db()
    .selectFrom('ops.erasure_certificate')
    .select(['id', 'tenant_id', 'document', 'key_id', 'issued_at'])
    .where('termination_id', '=', terminationId)
    .executeTakeFirst();
}
