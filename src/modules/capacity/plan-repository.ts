import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import type { PlanStatus } from '../../db/schema-capacity.ts';

export const OPEN_STATUSES: readonly PlanStatus[] = ['planned', 'ordered', 'in_progress'];

export interface PlanRow {
  id: string;
  port_id: string | null;
  port_name: string | null;
  device_id: string;
  hostname: string;
  pop_id: string;
  pop_code: string;
  pop_name_ja: string;
  pop_name_en: string;
  reason: string;
  target_date: string;
  status: PlanStatus;
  note: string;
  created_by: string | null;
  created_by_name: string | null;
  updated_by: string | null;
  updated_by_name: string | null;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
}

export interface PlanFilter {
  status?: PlanStatus | 'open' | undefined;
  portId?: string | undefined;
  /** plans for the device itself and for any of its ports */
  deviceId?: string | undefined;
  id?: string | undefined;
}

/** Plans with their port, device (the port's, for a port plan), PoP and staff names. */
export async function listPlans(f: PlanFilter, opts: { lock?: boolean } = {}): Promise<PlanRow[]> {
  const where = [sql`true`];
  if (f.id) where.push(sql`a.id = ${f.id}`);
  if (f.status === 'open') where.push(sql`a.status IN ('planned', 'ordered', 'in_progress')`);
  else if (f.status) where.push(sql`a.status = ${f.status}`);
  if (f.portId) where.push(sql`a.port_id = ${f.portId}`);
  if (f.deviceId) where.push(sql`d.id = ${f.deviceId}`);
  const r = await sql<PlanRow>`
    SELECT a.id, a.port_id, p.name AS port_name, d.id AS device_id, d.hostname,
           pop.id AS pop_id, pop.code AS pop_code, pop.name_ja AS pop_name_ja, pop.name_en AS pop_name_en,
           a.reason, a.target_date::text AS target_date, a.status, a.note,
           a.created_by, cs.name AS created_by_name, a.updated_by, us.name AS updated_by_name,
           a.created_at, a.updated_at, a.closed_at
      FROM ops.augmentation_plan a
      LEFT JOIN ops.port p ON p.id = a.port_id
      JOIN ops.device d ON d.id = coalesce(a.device_id, p.device_id)
      JOIN ops.pop pop ON pop.id = d.pop_id
      LEFT JOIN ops.staff cs ON cs.id = a.created_by
      LEFT JOIN ops.staff us ON us.id = a.updated_by
     WHERE ${sql.join(where, sql` AND `)}
     ORDER BY (a.status IN ('done', 'cancelled')), a.target_date, a.created_at
     ${opts.lock ? sql`FOR UPDATE OF a` : sql``}`.execute(db());
  return r.rows;
}

export async function findPlan(id: string, lock = false): Promise<PlanRow | undefined> {
  return (await listPlans({ id }, { lock }))[0];
}

export async function insertPlan(v: {
  portId: string | null;
  deviceId: string | null;
  reason: string;
  targetDate: string;
  note: string;
  staffId: string | null;
}): Promise<string> {
  const r = await db()
    .insertInto('ops.augmentation_plan')
    .values({
      port_id: v.portId,
      device_id: v.deviceId,
      reason: v.reason,
      target_date: v.targetDate,
      note: v.note,
      created_by: v.staffId,
      updated_by: v.staffId,
      closed_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updatePlan(
  id: string,
  set: { status?: PlanStatus; reason?: string; targetDate?: string; note?: string },
  staffId: string | null,
): Promise<void> {
  const closing = set.status === 'done' || set.status === 'cancelled';
  await db()
    .updateTable('ops.augmentation_plan')
    .set({
      ...(set.status !== undefined ? { status: set.status } : {}),
      ...(set.reason !== undefined ? { reason: set.reason } : {}),
      ...(set.targetDate !== undefined ? { target_date: set.targetDate } : {}),
      ...(set.note !== undefined ? { note: set.note } : {}),
      ...(closing ? { closed_at: sql<Date>`now()` } : {}),
      updated_by: staffId,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
}

/** The port (with its device) or the device a new plan names; undefined when it does not exist. */
export async function findPort(id: string) {
  return db()
    .selectFrom('ops.port as p')
    .innerJoin('ops.device as d', 'd.id', 'p.device_id')
    .select(['p.id', 'p.name', 'p.device_id', 'd.hostname'])
    .where('p.id', '=', id)
    .executeTakeFirst();
}

export async function findDevice(id: string) {
  return db().selectFrom('ops.device').select(['id', 'hostname']).where('id', '=', id).executeTakeFirst();
}
