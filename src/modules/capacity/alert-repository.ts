import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import type { AlertKind } from '../../db/schema-capacity.ts';
import type { StaffRole } from '../../db/schema.ts';

export interface OpenAlert {
  id: string;
  port_id: string;
  kind: AlertKind;
}

export async function openAlerts(): Promise<OpenAlert[]> {
  return db()
    .selectFrom('ops.capacity_alert')
    .select(['id', 'port_id', 'kind'])
    .where('cleared_at', 'is', null)
    .execute();
}

/**
 * Raises alerts; a port that already has an open alert of the kind is skipped (the partial unique
 * index), so two checks running at once still raise one alert per crossing. Returns the new ones.
 */
export async function raiseAlerts(
  rows: { portId: string; kind: AlertKind; valueMbps: number; thresholdMbps: number }[],
  at: Date,
): Promise<{ id: string; port_id: string; kind: AlertKind; crossed_at: Date }[]> {
  if (rows.length === 0) return [];
  const r = await sql<{ id: string; port_id: string; kind: AlertKind; crossed_at: Date }>`
    INSERT INTO ops.capacity_alert (port_id, kind, crossed_at, value_mbps, threshold_mbps)
    VALUES ${sql.join(rows.map((x) => sql`(${x.portId}, ${x.kind}, ${at}, ${x.valueMbps}, ${x.thresholdMbps})`))}
    ON CONFLICT (port_id, kind) WHERE cleared_at IS NULL DO NOTHING
    RETURNING id, port_id, kind, crossed_at`.execute(db());
  return r.rows;
}

export async function clearAlerts(ids: string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db()
    .updateTable('ops.capacity_alert')
    .set({ cleared_at: at })
    .where('id', 'in', ids)
    .where('cleared_at', 'is', null)
    .execute();
}

export async function markNotified(ids: string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db().updateTable('ops.capacity_alert').set({ notified_at: at }).where('id', 'in', ids).execute();
}

/** Active provider staff in the given roles, with an email address. */
export async function staffRecipients(roles: readonly StaffRole[]): Promise<{ id: string; email: string }[]> {
  if (roles.length === 0) return [];
  return db()
    .selectFrom('ops.staff')
    .select(['id', 'email'])
    .where('status', '=', 'active')
    .where('role', 'in', [...roles])
    .orderBy('email')
    .execute();
}

export interface AlertRow {
  id: string;
  port_id: string;
  port_name: string;
  device_id: string;
  hostname: string;
  pop_code: string;
  kind: AlertKind;
  crossed_at: Date;
  cleared_at: Date | null;
  value_mbps: number;
  threshold_mbps: number;
  notified_at: Date | null;
}

export async function listAlerts(f: {
  open?: boolean | undefined;
  portId?: string | undefined;
  limit: number;
}) {
  let q = db()
    .selectFrom('ops.capacity_alert as a')
    .innerJoin('ops.port as p', 'p.id', 'a.port_id')
    .innerJoin('ops.device as d', 'd.id', 'p.device_id')
    .innerJoin('ops.pop as pop', 'pop.id', 'd.pop_id')
    .select([
      'a.id',
      'a.port_id',
      'p.name as port_name',
      'd.id as device_id',
      'd.hostname',
      'pop.code as pop_code',
      'a.kind',
      'a.crossed_at',
      'a.cleared_at',
      'a.value_mbps',
      'a.threshold_mbps',
      'a.notified_at',
    ]);
  if (f.open === true) q = q.where('a.cleared_at', 'is', null);
  if (f.open === false) q = q.where('a.cleared_at', 'is not', null);
  if (f.portId) q = q.where('a.port_id', '=', f.portId);
  return q.orderBy('a.crossed_at', 'desc').orderBy('a.id').limit(f.limit).execute() as Promise<AlertRow[]>;
}
