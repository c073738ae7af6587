import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import type { DeviceRole, DeviceStatus, PortPurpose } from '../../db/schema-network.ts';

/** SQL of devices and their ports (provider-owned, `ops`), with port loads counted over all tenants. */

const n = (v: unknown): number => Number(v ?? 0); // pg returns bigint and numeric as strings

export interface DeviceRow {
  id: string;
  hostname: string;
  role: DeviceRole;
  vendor: string;
  model: string;
  serial: string;
  os_version: string;
  pop_id: string;
  pop_code: string;
  pop_name_ja: string;
  pop_name_en: string;
  mgmt_network_id: string;
  mgmt_network_name: string;
  mgmt_prefix: string;
  mgmt_address: string;
  underlay_address: string | null;
  driver: string;
  driver_target: Record<string, unknown>;
  status: DeviceStatus;
  created_at: Date;
  updated_at: Date;
  ports: number;
}

export interface DeviceFilter {
  id?: string | undefined;
  popId?: string | undefined;
  role?: DeviceRole | undefined;
  status?: DeviceStatus | undefined;
  q?: string | undefined;
}

export async function listDevices(f: DeviceFilter = {}): Promise<DeviceRow[]> {
  const like = f.q ? `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const r = await sql<DeviceRow & { ports: string }>`
    SELECT d.id, d.hostname, d.role, d.vendor, d.model, d.serial, d.os_version,
      d.pop_id, p.code AS pop_code, p.name_ja AS pop_name_ja, p.name_en AS pop_name_en,
      d.mgmt_network_id, m.name AS mgmt_network_name, m.prefix::text AS mgmt_prefix,
      host(d.mgmt_address) AS mgmt_address, host(d.underlay_address) AS underlay_address,
      d.driver, d.driver_target, d.status, d.created_at, d.updated_at,
      (SELECT count(*) FROM ops.port x WHERE x.device_id = d.id)::text AS ports
    FROM ops.device d JOIN ops.pop p ON p.id = d.pop_id JOIN ops.mgmt_network m ON m.id = d.mgmt_network_id
    WHERE true
      ${f.id ? sql`AND d.id = ${f.id}` : sql``}
      ${f.popId ? sql`AND d.pop_id = ${f.popId}` : sql``}
      ${f.role ? sql`AND d.role = ${f.role}` : sql``}
      ${f.status ? sql`AND d.status = ${f.status}` : sql``}
      ${
        like
          ? sql`AND (d.hostname ILIKE ${like} OR d.vendor ILIKE ${like} OR d.model ILIKE ${like}
                     OR d.serial ILIKE ${like})`
          : sql``
      }
    ORDER BY p.code, d.hostname`.execute(db());
  return r.rows.map((x) => ({ ...x, ports: n(x.ports) }));
}

export async function lockDevice(id: string) {
  const r = await sql<{
    id: string;
    hostname: string;
    pop_id: string;
    role: DeviceRole;
    vendor: string;
    model: string;
    serial: string;
    os_version: string;
    mgmt_network_id: string;
    mgmt_address: string;
    underlay_address: string | null;
    driver: string;
    driver_target: Record<string, unknown>;
    status: DeviceStatus;
  }>`
    SELECT id, hostname, pop_id, role, vendor, model, serial, os_version, mgmt_network_id,
      host(mgmt_address) AS mgmt_address, host(underlay_address) AS underlay_address,
      driver, driver_target, status
    FROM ops.device WHERE id = ${id} FOR UPDATE`.execute(db());
  return r.rows[0];
}

/** Which unique device fields another device already holds. */
export async function deviceClashes(
  v: { hostname?: string; mgmtAddress?: string; underlayAddress?: string | null },
  exceptId?: string,
): Promise<{ hostname: boolean; mgmtAddress: boolean; underlayAddress: boolean }> {
  const r = await sql<{ h: boolean; m: boolean; u: boolean }>`
    SELECT
      coalesce(bool_or(hostname = ${v.hostname ?? null}), false) AS h,
      coalesce(bool_or(mgmt_address = ${v.mgmtAddress ?? null}::inet), false) AS m,
      coalesce(bool_or(underlay_address = ${v.underlayAddress ?? null}::inet), false) AS u
    FROM ops.device ${exceptId ? sql`WHERE id <> ${exceptId}` : sql``}`.execute(db());
  const x = r.rows[0];
  return { hostname: !!x?.h, mgmtAddress: !!x?.m, underlayAddress: !!x?.u };
}

export interface DeviceValues {
  pop_id: string;
  hostname: string;
  role: DeviceRole;
  vendor: string;
  model: string;
  serial: string;
  os_version: string;
  mgmt_network_id: string;
  mgmt_address: string;
  underlay_address: string | null;
  driver: string;
  driver_target: Record<string, unknown>;
  status: DeviceStatus;
}

export async function insertDevice(v: DeviceValues): Promise<string> {
  const r = await db()
    .insertInto('ops.device')
    .values({ ...v, driver_target: JSON.stringify(v.driver_target) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateDevice(id: string, v: Partial<DeviceValues>): Promise<void> {
  const { driver_target, ...rest } = v;
  await db()
    .updateTable('ops.device')
    .set({
      ...rest,
      ...(driver_target ? { driver_target: JSON.stringify(driver_target) } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
}

/** Deletes a device with its ports (the caller checked that none carries a connection or link). */
export async function deleteDevice(id: string): Promise<void> {
  await db().deleteFrom('ops.port').where('device_id', '=', id).execute();
  await db().deleteFrom('ops.device').where('id', '=', id).execute();
}

/** What still uses a device's ports: connections in any status, and links. */
export async function deviceUsage(id: string): Promise<{ connections: number; links: number }> {
  const r = await sql<{ c: string; l: string }>`
    SELECT
      (SELECT count(*) FROM customer.connection c JOIN ops.port p ON p.id = c.port_id
       WHERE p.device_id = ${id})::text AS c,
      (SELECT count(*) FROM ops.link l JOIN ops.port p ON p.id IN (l.a_port_id, l.b_port_id)
       WHERE p.device_id = ${id})::text AS l`.execute(db());
  return { connections: n(r.rows[0]?.c), links: n(r.rows[0]?.l) };
}

export interface PortRow {
  id: string;
  device_id: string;
  hostname: string;
  pop_code: string;
  name: string;
  capacity_mbps: number;
  class_code: string;
  oversubscription: number;
  threshold_pct: number;
  purpose: PortPurpose;
  status: 'active' | 'disabled';
  description: string;
  created_at: Date;
  contracted_mbps: number;
  connections: number;
  link_id: string | null;
  peer_port_id: string | null;
  peer_port: string | null;
  peer_device_id: string | null;
  peer_hostname: string | null;
}

/** Ports with class, contracted total and count of counted connections (planned + active), and link peer. */
export async function listPorts(f: { deviceId?: string; id?: string }): Promise<PortRow[]> {
  const r = await sql<Record<keyof PortRow, unknown>>`
    SELECT p.id, p.device_id, d.hostname, pop.code AS pop_code, p.name, p.capacity_mbps::text AS capacity_mbps,
      p.class_code, k.oversubscription::text AS oversubscription, k.threshold_pct, p.purpose, p.status,
      p.description, p.created_at,
      coalesce(u.contracted, 0)::text AS contracted_mbps, coalesce(u.connections, 0)::text AS connections,
      l.id AS link_id, peer.id AS peer_port_id, peer.name AS peer_port,
      pd.id AS peer_device_id, pd.hostname AS peer_hostname
    FROM ops.port p
    JOIN ops.device d ON d.id = p.device_id
    JOIN ops.pop pop ON pop.id = d.pop_id
    JOIN ops.port_class k ON k.code = p.class_code
    LEFT JOIN (
      SELECT port_id, sum(bandwidth_mbps) AS contracted, count(*) AS connections FROM customer.connection
      WHERE status IN ('planned', 'active') AND port_id IS NOT NULL GROUP BY port_id
    ) u ON u.port_id = p.id
    LEFT JOIN ops.link l ON p.id IN (l.a_port_id, l.b_port_id)
    LEFT JOIN ops.port peer ON peer.id = CASE WHEN l.a_port_id = p.id THEN l.b_port_id ELSE l.a_port_id END
    LEFT JOIN ops.device pd ON pd.id = peer.device_id
    WHERE true
      ${f.deviceId ? sql`AND p.device_id = ${f.deviceId}` : sql``}
      ${f.id ? sql`AND p.id = ${f.id}` : sql``}
    ORDER BY d.hostname, p.name`.execute(db());
  return r.rows.map((x) => ({
    ...(x as unknown as PortRow),
    capacity_mbps: n(x.capacity_mbps),
    oversubscription: n(x.oversubscription),
    threshold_pct: n(x.threshold_pct),
    contracted_mbps: n(x.contracted_mbps),
    connections: n(x.connections),
  }));
}

export async function portNameTaken(deviceId: string, name: string, exceptId?: string): Promise<boolean> {
  let q = db().selectFrom('ops.port').select('id').where('device_id', '=', deviceId).where('name', '=', name);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export interface PortValues {
  name: string;
  capacity_mbps: number;
  class_code: string;
  purpose: PortPurpose;
  status: 'active' | 'disabled';
  description: string;
}

export async function insertPort(deviceId: string, v: PortValues): Promise<string | undefined> {
  const r = await db()
    .insertInto('ops.port')
    .values({ device_id: deviceId, ...v })
    .onConflict((oc) => oc.columns(['device_id', 'name']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id;
}

export async function lockPort(id: string) {
  const r = await sql<PortValues & { id: string; device_id: string; capacity_mbps: string }>`
    SELECT id, device_id, name, capacity_mbps::text AS capacity_mbps, class_code, purpose, status, description
    FROM ops.port WHERE id = ${id} FOR UPDATE`.execute(db());
  const x = r.rows[0];
  return x && { ...x, capacity_mbps: n(x.capacity_mbps) };
}

export async function updatePort(id: string, v: Partial<PortValues>): Promise<void> {
  await db().updateTable('ops.port').set(v).where('id', '=', id).execute();
}

export async function deletePort(id: string): Promise<void> {
  await db().deleteFrom('ops.port').where('id', '=', id).execute();
}

/** Connections of any status still placed on a port (they keep the port from being deleted). */
export async function portConnections(id: string): Promise<number> {
  const r = await sql<{ c: string }>`
    SELECT count(*)::text AS c FROM customer.connection WHERE port_id = ${id}`.execute(db());
  return n(r.rows[0]?.c);
}

/** Devices and ports for the topology: everything, ordered by PoP, host name and port name. */
export async function topologyRows() {
  const devices = await db()
    .selectFrom('ops.device')
    .select(['id', 'pop_id', 'hostname', 'role', 'status', 'model'])
    .orderBy('hostname')
    .execute();
  const ports = await sql<{
    id: string;
    device_id: string;
    name: string;
    capacity: string;
    purpose: PortPurpose;
    status: 'active' | 'disabled';
    link_id: string | null;
  }>`
    SELECT p.id, p.device_id, p.name, p.capacity_mbps::text AS capacity, p.purpose, p.status, l.id AS link_id
    FROM ops.port p LEFT JOIN ops.link l ON p.id IN (l.a_port_id, l.b_port_id)
    ORDER BY p.name`.execute(db());
  return { devices, ports: ports.rows.map((p) => ({ ...p, capacity_mbps: n(p.capacity) })) };
}
