import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import type { IpsecSettings } from '../../db/schema-network.ts';

/**
 * The SQL behind the data-plane model: one PE device with its ports and every connection placed
 * on them, and one connection as the customer's configuration download needs it. Provider-side
 * reads run with provider access; the customer's read runs in the tenant's scope (RLS).
 */

export interface DeviceRow {
  id: string;
  hostname: string;
  role: string;
  status: string;
  driver: string;
  driver_target: Record<string, unknown>;
  mgmt_address: string;
  mgmt_prefix: string;
  underlay_address: string | null;
}

export async function deviceRow(deviceId: string): Promise<DeviceRow | undefined> {
  const r = await sql<DeviceRow>`
    SELECT d.id, d.hostname, d.role, d.status, d.driver, d.driver_target,
           host(d.mgmt_address) AS mgmt_address, m.prefix::text AS mgmt_prefix,
           host(d.underlay_address) AS underlay_address
    FROM ops.device d JOIN ops.mgmt_network m ON m.id = d.mgmt_network_id
    WHERE d.id = ${deviceId}`.execute(db());
  return r.rows[0];
}

export interface PortRow {
  id: string;
  name: string;
  purpose: 'access' | 'backbone' | 'management';
  status: 'active' | 'disabled';
}

export async function portRows(deviceId: string): Promise<PortRow[]> {
  return db()
    .selectFrom('ops.port')
    .select(['id', 'name', 'purpose', 'status'])
    .where('device_id', '=', deviceId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export interface PlacedConnectionRow {
  id: string;
  tenant_id: string;
  tenant_code: string;
  name: string;
  kind: 'ipsec' | 'direct';
  status: string;
  bandwidth_mbps: number;
  port_name: string;
  ipv4_prefix: string | null;
  ipv6_prefix: string | null;
  customer_subnets: string[];
  ipsec: IpsecSettings | null;
  psk_sealed: Uint8Array | null;
  handoff_id: number | null;
  created_at: string;
  vn_id: string;
  vn_name: string;
  vni: number;
  namespace: string;
}

/** Connections placed on the device's ports that belong on it (planned or active), in a fixed order. */
export async function placedConnections(deviceId: string): Promise<PlacedConnectionRow[]> {
  const r = await sql<PlacedConnectionRow>`
    SELECT c.id, c.tenant_id, t.code AS tenant_code, c.name, c.kind, c.status, c.bandwidth_mbps,
           p.name AS port_name, c.ipv4_prefix::text AS ipv4_prefix, c.ipv6_prefix::text AS ipv6_prefix,
           to_json(c.customer_subnets) AS customer_subnets, c.ipsec, c.psk_sealed, c.handoff_id,
           to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at,
           v.id AS vn_id, v.name AS vn_name, v.vni, v.namespace
    FROM customer.connection c
    JOIN ops.port p ON p.id = c.port_id
    JOIN customer.virtual_network v ON v.id = c.virtual_network_id
    JOIN ops.tenant t ON t.id = c.tenant_id
    WHERE p.device_id = ${deviceId} AND c.status IN ('planned', 'active')
    ORDER BY v.vni, c.created_at, c.id`.execute(db());
  return r.rows.map((row) => ({ ...row, customer_subnets: row.customer_subnets ?? [] }));
}

const NO_SERVICE = '00000000-0000-0000-0000-000000000000';

export interface CustomerConnectionRow {
  id: string;
  tenant_id: string;
  service_id: string;
  name: string;
  kind: 'ipsec' | 'direct';
  status: string;
  bandwidth_mbps: number;
  ipv4_prefix: string | null;
  ipv6_prefix: string | null;
  customer_subnets: string[];
  ipsec: IpsecSettings | null;
  psk_sealed: Uint8Array | null;
  vn_name: string | null;
  pe_underlay: string | null;
  pop_name_ja: string | null;
  pop_name_en: string | null;
}

/**
 * One connection of the tenant in scope (RLS), with its PE's underlay address (where the customer's
 * IPsec peer connects) and the PoP's name: the customer's own attachment point, nothing more.
 */
export async function customerConnection(
  id: string,
  serviceScope: string[] | null,
): Promise<CustomerConnectionRow | undefined> {
  let q = db()
    .selectFrom('customer.connection as c')
    .leftJoin('customer.virtual_network as v', 'v.id', 'c.virtual_network_id')
    .leftJoin('ops.port as p', 'p.id', 'c.port_id')
    .leftJoin('ops.device as d', 'd.id', 'p.device_id')
    .leftJoin('ops.pop as o', 'o.id', 'd.pop_id')
    .select([
      'c.id',
      'c.tenant_id',
      'c.service_id',
      'c.name',
      'c.kind',
      'c.status',
      'c.bandwidth_mbps',
      sql<string | null>`c.ipv4_prefix::text`.as('ipv4_prefix'),
      sql<string | null>`c.ipv6_prefix::text`.as('ipv6_prefix'),
      sql<string[]>`to_json(c.customer_subnets)`.as('customer_subnets'),
      'c.ipsec',
      'c.psk_sealed',
      'v.name as vn_name',
      sql<string | null>`host(d.underlay_address)`.as('pe_underlay'),
      'o.name_ja as pop_name_ja',
      'o.name_en as pop_name_en',
    ])
    .where('c.id', '=', id);
  if (serviceScope) q = q.where('c.service_id', 'in', serviceScope.length ? serviceScope : [NO_SERVICE]);
  const row = await q.executeTakeFirst();
  return row ? { ...row, customer_subnets: row.customer_subnets ?? [] } : undefined;
}

/** The other connections' prefixes in the same virtual network (within the user's service scope). */
export async function siblingPrefixes(
  connectionId: string,
  serviceScope: string[] | null,
): Promise<string[]> {
  let q = db()
    .selectFrom('customer.connection as c')
    .innerJoin('customer.connection as me', 'me.virtual_network_id', 'c.virtual_network_id')
    .select([
      sql<string | null>`c.ipv4_prefix::text`.as('v4'),
      sql<string | null>`c.ipv6_prefix::text`.as('v6'),
      sql<string[]>`to_json(c.customer_subnets)`.as('subnets'),
    ])
    .where('me.id', '=', connectionId)
    .where('c.id', '<>', connectionId)
    .where('c.status', 'in', ['planned', 'active']);
  if (serviceScope) q = q.where('c.service_id', 'in', serviceScope.length ? serviceScope : [NO_SERVICE]);
  const rows = await q.execute();
  return rows.flatMap((r) => [r.v4, r.v6, ...(r.subnets ?? [])].filter((x): x is string => !!x));
}
