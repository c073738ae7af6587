import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import type { ComponentKind, LifecycleStatus } from '../../db/schema-equipment.ts';

/** Inventory rows: devices (with their location and owner) and components, in one shape. */
export interface ItemRow {
  kind: 'device' | 'component';
  id: string;
  device_id: string | null;
  hostname: string | null;
  component_kind: ComponentKind | null;
  stores_data: boolean;
  vendor: string;
  model: string;
  serial: string;
  version: string;
  status: LifecycleStatus;
  pop_id: string | null;
  pop_code: string | null;
  rack: string;
  position: string;
  owner_staff_id: string | null;
  owner_name: string | null;
  owner_team: string;
  notes: string;
}

const DEVICES = sql`
  SELECT 'device' AS kind, d.id, d.id AS device_id, d.hostname, NULL::text AS component_kind,
         EXISTS (SELECT 1 FROM ops.device_component c WHERE c.device_id = d.id AND c.stores_data) AS stores_data,
         d.vendor, d.model, d.serial, d.os_version AS version, d.status,
         d.pop_id, p.code AS pop_code, coalesce(i.rack, '') AS rack, coalesce(i.position, '') AS position,
         i.owner_staff_id, s.name AS owner_name, coalesce(i.owner_team, '') AS owner_team,
         coalesce(i.notes, '') AS notes
    FROM ops.device d
    JOIN ops.pop p ON p.id = d.pop_id
    LEFT JOIN ops.device_inventory i ON i.device_id = d.id
    LEFT JOIN ops.staff s ON s.id = i.owner_staff_id`;

// a fitted component is where its device is; a spare is where it was put
const COMPONENTS = sql`
  SELECT 'component' AS kind, c.id, c.device_id, d.hostname, c.kind AS component_kind, c.stores_data,
         c.vendor, c.model, c.serial, c.firmware_version AS version, c.status,
         coalesce(d.pop_id, c.pop_id) AS pop_id, p.code AS pop_code,
         CASE WHEN d.id IS NULL THEN c.rack ELSE coalesce(i.rack, '') END AS rack,
         CASE WHEN d.id IS NULL THEN c.position ELSE coalesce(i.position, '') END AS position,
         c.owner_staff_id, s.name AS owner_name, c.owner_team, c.notes
    FROM ops.device_component c
    LEFT JOIN ops.device d ON d.id = c.device_id
    LEFT JOIN ops.device_inventory i ON i.device_id = d.id
    LEFT JOIN ops.pop p ON p.id = coalesce(d.pop_id, c.pop_id)
    LEFT JOIN ops.staff s ON s.id = c.owner_staff_id`;

export async function listItems(f: {
  kind?: 'device' | 'component' | undefined;
  status?: LifecycleStatus | undefined;
  q?: string | undefined;
  deviceId?: string | undefined;
  id?: string | undefined;
}): Promise<ItemRow[]> {
  const parts = [];
  if (f.kind !== 'component' && !f.deviceId) parts.push(DEVICES);
  if (f.kind !== 'device') parts.push(COMPONENTS);
  const like = f.q ? `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null;
  const r = await sql<ItemRow>`
    SELECT * FROM (${sql.join(parts, sql` UNION ALL `)}) x
     WHERE true
       ${f.status ? sql`AND x.status = ${f.status}` : sql``}
       ${f.deviceId ? sql`AND x.device_id = ${f.deviceId}` : sql``}
       ${f.id ? sql`AND x.id = ${f.id}` : sql``}
       ${like ? sql`AND (x.hostname ILIKE ${like} OR x.vendor ILIKE ${like} OR x.model ILIKE ${like} OR x.serial ILIKE ${like})` : sql``}
     ORDER BY x.pop_code NULLS LAST, x.hostname NULLS LAST, x.kind DESC, x.model, x.serial
     LIMIT 2000`.execute(db());
  return r.rows;
}

export async function findItem(kind: 'device' | 'component', id: string): Promise<ItemRow | null> {
  return (await listItems({ kind, id }))[0] ?? null;
}

/** Locks the item's row so two transitions of one item run one after the other. */
export async function lockStatus(kind: 'device' | 'component', id: string): Promise<LifecycleStatus | null> {
  const table = kind === 'device' ? sql`ops.device` : sql`ops.device_component`;
  const r = await sql<{
    status: LifecycleStatus;
  }>`SELECT status FROM ${table} WHERE id = ${id} FOR UPDATE`.execute(db());
  return r.rows[0]?.status ?? null;
}

export async function setStatus(
  kind: 'device' | 'component',
  id: string,
  to: LifecycleStatus,
): Promise<void> {
  if (kind === 'device')
    await db()
      .updateTable('ops.device')
      .set({ status: to, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
  else
    await db()
      .updateTable('ops.device_component')
      .set({ status: to, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
}

export async function insertTransition(t: {
  kind: 'device' | 'component';
  id: string;
  from: string | null;
  to: string;
  reason: string;
  actor: string | null;
}): Promise<void> {
  await db()
    .insertInto('ops.equipment_transition')
    .values({
      device_id: t.kind === 'device' ? t.id : null,
      component_id: t.kind === 'component' ? t.id : null,
      from_status: t.from,
      to_status: t.to,
      reason: t.reason,
      actor_staff_id: t.actor,
    })
    .execute();
}

export interface TransitionRow {
  id: string;
  from_status: string | null;
  to_status: string;
  reason: string;
  actor_staff_id: string | null;
  actor_name: string | null;
  at: Date;
}

export async function history(kind: 'device' | 'component', id: string): Promise<TransitionRow[]> {
  return db()
    .selectFrom('ops.equipment_transition as t')
    .leftJoin('ops.staff as s', 's.id', 't.actor_staff_id')
    .select([
      't.id',
      't.from_status',
      't.to_status',
      't.reason',
      't.actor_staff_id',
      's.name as actor_name',
      't.at',
    ])
    .where(kind === 'device' ? 't.device_id' : 't.component_id', '=', id)
    .orderBy('t.at', 'desc')
    .orderBy('t.id')
    .execute();
}

export async function upsertDeviceInventory(
  deviceId: string,
  v: {
    rack?: string;
    position?: string;
    owner_staff_id?: string | null;
    owner_team?: string;
    notes?: string;
  },
): Promise<void> {
  await db()
    .insertInto('ops.device_inventory')
    .values({ device_id: deviceId, ...v })
    .onConflict((oc) => oc.column('device_id').doUpdateSet({ ...v, updated_at: new Date() }))
    .execute();
}

export type ComponentValues = {
  device_id?: string | null;
  kind?: ComponentKind;
  stores_data?: boolean;
  vendor?: string;
  model?: string;
  serial?: string;
  firmware_version?: string;
  pop_id?: string | null;
  rack?: string;
  position?: string;
  owner_staff_id?: string | null;
  owner_team?: string;
  notes?: string;
};

/** Null when the vendor/serial pair is taken. */
export async function insertComponent(
  v: ComponentValues & { kind: ComponentKind; vendor: string; model: string; serial: string },
): Promise<string | null> {
  const r = await db()
    .insertInto('ops.device_component')
    .values(v)
    .onConflict((oc) => oc.columns(['vendor', 'serial']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id ?? null;
}

export async function serialTaken(vendor: string, serial: string, exceptId: string): Promise<boolean> {
  const r = await db()
    .selectFrom('ops.device_component')
    .select('id')
    .where('vendor', '=', vendor)
    .where('serial', '=', serial)
    .where('id', '<>', exceptId)
    .executeTakeFirst();
  return !!r;
}

export async function updateComponent(id: string, v: ComponentValues): Promise<void> {
  await db()
    .updateTable('ops.device_component')
    .set({ ...v, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export const deviceExists = async (id: string): Promise<boolean> =>
  !!(await db().selectFrom('ops.device').select('id').where('id', '=', id).executeTakeFirst());
export const popExists = async (id: string): Promise<boolean> =>
  !!(await db().selectFrom('ops.pop').select('id').where('id', '=', id).executeTakeFirst());
export const activeStaff = async (id: string): Promise<{ id: string; name: string } | null> =>
  (await db()
    .selectFrom('ops.staff')
    .select(['id', 'name'])
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst()) ?? null;

export async function listStaff(): Promise<{ id: string; name: string; email: string }[]> {
  return db()
    .selectFrom('ops.staff')
    .select(['id', 'name', 'email'])
    .where('status', '=', 'active')
    .orderBy('name')
    .execute();
}

/** What uses a device: every connection placed on one of its ports, with its service and network. */
export interface DependantRow {
  connection_id: string;
  connection_status: string;
  service_code: string;
  tenant_id: string;
  virtual_network_id: string | null;
  virtual_network_name: string | null;
  port_id: string;
  port_name: string;
}
export async function dependants(deviceId: string): Promise<DependantRow[]> {
  const r = await sql<DependantRow>`
    SELECT c.id AS connection_id, c.status AS connection_status, s.code AS service_code, c.tenant_id,
           v.id AS virtual_network_id, v.name AS virtual_network_name, p.id AS port_id, p.name AS port_name
      FROM customer.connection c
      JOIN ops.port p ON p.id = c.port_id
      JOIN customer.service s ON s.id = c.service_id
      LEFT JOIN customer.virtual_network v ON v.id = c.virtual_network_id
     WHERE p.device_id = ${deviceId}
     ORDER BY s.code, c.id`.execute(db());
  return r.rows;
}

/** Storage-bearing components fitted in a device that are not yet disposed of or reused. */
export async function storageComponents(deviceId: string): Promise<{ id: string; label: string }[]> {
  const r = await sql<{ id: string; label: string }>`
    SELECT id, model || ' ' || serial AS label FROM ops.device_component
     WHERE device_id = ${deviceId} AND stores_data AND status NOT IN ('disposed', 'reused')
     ORDER BY model, serial`.execute(db());
  return r.rows;
}
