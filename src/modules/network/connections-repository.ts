import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import type { ConnectionStatus, IpsecSettings, PlacementOverride } from '../../db/schema-network.ts';

/**
 * Connections with where they sit: virtual network, PE port, device and PoP. Row-level security
 * limits rows to the tenant in context (portal); the service-code scope narrows them further.
 * Nothing here ever selects the sealed PSK except `sealedPsk`.
 */
const NO_SERVICE = '00000000-0000-0000-0000-000000000000';
const scopeIds = (scope: string[]): string[] => (scope.length ? scope : [NO_SERVICE]);

export interface ConnectionView {
  id: string;
  tenant_id: string;
  name: string;
  kind: 'ipsec' | 'direct';
  bandwidth_mbps: number;
  status: ConnectionStatus;
  created_at: Date;
  updated_at: Date;
  virtual_network_id: string | null;
  vnet_name: string | null;
  vni: number | null;
  port_id: string | null;
  port_name: string | null;
  capacity_mbps: string | null;
  device_id: string | null;
  hostname: string | null;
  underlay_address: string | null;
  pop_id: string | null;
  pop_code: string | null;
  pop_name_ja: string | null;
  pop_name_en: string | null;
  ipv4_prefix: string | null;
  ipv6_prefix: string | null;
  customer_subnets: string[];
  ipsec: IpsecSettings | null;
  psk_set: boolean;
  handoff_id: number | null;
  placement_override: PlacementOverride | null;
  service_id: string;
  service_code: string;
  service_label: string;
  service_bandwidth_mbps: number | null;
}

const viewQuery = () =>
  db()
    .selectFrom('customer.connection as n')
    .innerJoin('customer.service as s', 's.id', 'n.service_id')
    .leftJoin('customer.virtual_network as v', 'v.id', 'n.virtual_network_id')
    .leftJoin('ops.port as p', 'p.id', 'n.port_id')
    .leftJoin('ops.device as d', 'd.id', 'p.device_id')
    .leftJoin('ops.pop as pop', 'pop.id', 'd.pop_id')
    .select([
      'n.id',
      'n.tenant_id',
      'n.name',
      'n.kind',
      'n.bandwidth_mbps',
      'n.status',
      'n.created_at',
      'n.updated_at',
      'n.virtual_network_id',
      'v.name as vnet_name',
      'v.vni',
      'n.port_id',
      'p.name as port_name',
      sql<string | null>`p.capacity_mbps::text`.as('capacity_mbps'),
      'd.id as device_id',
      'd.hostname',
      sql<string | null>`host(d.underlay_address)`.as('underlay_address'),
      'pop.id as pop_id',
      'pop.code as pop_code',
      'pop.name_ja as pop_name_ja',
      'pop.name_en as pop_name_en',
      sql<string | null>`n.ipv4_prefix::text`.as('ipv4_prefix'),
      sql<string | null>`n.ipv6_prefix::text`.as('ipv6_prefix'),
      sql<string[]>`to_json(n.customer_subnets)`.as('customer_subnets'),
      'n.ipsec',
      sql<boolean>`n.psk_sealed IS NOT NULL`.as('psk_set'),
      'n.handoff_id',
      'n.placement_override',
      's.id as service_id',
      's.code as service_code',
      's.label as service_label',
      's.bandwidth_mbps as service_bandwidth_mbps',
    ]);

export interface ConnectionFilter {
  tenantId?: string | undefined;
  virtualNetworkIds?: string[] | undefined;
  /** the principal's service-code scope (null: every service) */
  scope?: string[] | null | undefined;
}

export async function listConnectionViews(f: ConnectionFilter): Promise<ConnectionView[]> {
  let q = viewQuery().orderBy('n.created_at').orderBy('n.id').limit(5000);
  if (f.tenantId) q = q.where('n.tenant_id', '=', f.tenantId);
  if (f.virtualNetworkIds) q = q.where('n.virtual_network_id', 'in', scopeIds(f.virtualNetworkIds));
  if (f.scope) q = q.where('n.service_id', 'in', scopeIds(f.scope));
  return await q.execute();
}

export async function findConnectionView(id: string, scope: string[] | null = null) {
  let q = viewQuery().where('n.id', '=', id);
  if (scope) q = q.where('n.service_id', 'in', scopeIds(scope));
  return await q.executeTakeFirst();
}

/** The connection row locked for a change, as it was before. */
export async function lockConnection(id: string) {
  return db()
    .selectFrom('customer.connection')
    .select([
      'id',
      'tenant_id',
      'service_id',
      'name',
      'kind',
      'bandwidth_mbps',
      'status',
      'virtual_network_id',
      'port_id',
      sql<string | null>`ipv4_prefix::text`.as('ipv4_prefix'),
      sql<string | null>`ipv6_prefix::text`.as('ipv6_prefix'),
      sql<string[]>`to_json(customer_subnets)`.as('customer_subnets'),
      'ipsec',
      sql<boolean>`psk_sealed IS NOT NULL`.as('psk_set'),
      'handoff_id',
      'placement_override',
    ])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}
export type LockedConnection = NonNullable<Awaited<ReturnType<typeof lockConnection>>>;

/** The sealed PSK of a connection (issue 6's reveal opens it; reads never select it). */
export async function sealedPsk(id: string): Promise<Uint8Array | null> {
  const r = await db()
    .selectFrom('customer.connection')
    .select('psk_sealed')
    .where('id', '=', id)
    .executeTakeFirst();
  return r?.psk_sealed ?? null;
}

/** The service a connection is for, with its contract's state. */
export async function serviceForConnection(serviceId: string) {
  return db()
    .selectFrom('customer.service as s')
    .innerJoin('customer.contract as c', 'c.id', 's.contract_id')
    .select(['s.id', 's.tenant_id', 's.code', 's.type', 's.bandwidth_mbps', 'c.status as contract_status'])
    .where('s.id', '=', serviceId)
    .executeTakeFirst();
}

/** A port as placement sees it: what it is, on which device, where. */
export async function portForPlacement(portId: string) {
  return db()
    .selectFrom('ops.port as p')
    .innerJoin('ops.device as d', 'd.id', 'p.device_id')
    .select([
      'p.id',
      'p.name',
      'p.purpose',
      'p.status',
      'd.id as device_id',
      'd.hostname',
      'd.role',
      'd.status as device_status',
      sql<string | null>`host(d.underlay_address)`.as('underlay_address'),
    ])
    .where('p.id', '=', portId)
    .executeTakeFirst();
}

/**
 * Handoff ids are unique per PE (the schema asks per port; the reference driver names one VXLAN
 * interface per id on the device, so two ports of one PE cannot share an id either).
 */
const devicePorts = (portId: string) =>
  sql`(SELECT id FROM ops.port WHERE device_id = (SELECT device_id FROM ops.port WHERE id = ${portId}))`;

export async function handoffTaken(portId: string, handoffId: number, exceptId: string | null) {
  const r = await sql<{ id: string }>`
    SELECT id FROM customer.connection
    WHERE port_id IN ${devicePorts(portId)} AND handoff_id = ${handoffId}
      AND id <> ${exceptId ?? '00000000-0000-0000-0000-000000000000'}
    LIMIT 1`.execute(db());
  return r.rows.length > 0;
}

/** Serialises handoff allocation on one PE (placement locks only the port). */
export async function lockDeviceOfPort(portId: string): Promise<void> {
  await sql`SELECT d.id FROM ops.device d JOIN ops.port p ON p.device_id = d.id
            WHERE p.id = ${portId} FOR UPDATE OF d`.execute(db());
}

/** The lowest free handoff id from 1001 on the port's PE (the connection itself excepted). */
export async function nextHandoffId(portId: string, exceptId: string | null): Promise<number> {
  const except = exceptId ?? '00000000-0000-0000-0000-000000000000';
  const r = await sql<{ id: number }>`
    WITH used AS (SELECT handoff_id AS h FROM customer.connection
                  WHERE port_id IN ${devicePorts(portId)} AND handoff_id >= 1001 AND id <> ${except})
    SELECT coalesce(min(x.h + 1), 1001)::int AS id
    FROM (SELECT 1000 AS h UNION ALL SELECT h FROM used) x
    WHERE NOT EXISTS (SELECT 1 FROM used u WHERE u.h = x.h + 1)`.execute(db());
  return r.rows[0]!.id;
}

/** Every prefix used inside a virtual network: transfer prefixes and customer subnets. */
export async function usedPrefixes(vnetId: string, exceptId: string | null) {
  const r = await sql<{ id: string; name: string; prefix: string; what: 'transfer' | 'subnet' }>`
    SELECT id, name, p::text AS prefix, what FROM (
      SELECT id, name, ipv4_prefix AS p, 'transfer' AS what FROM customer.connection WHERE virtual_network_id = ${vnetId}
      UNION ALL SELECT id, name, ipv6_prefix, 'transfer' FROM customer.connection WHERE virtual_network_id = ${vnetId}
      UNION ALL SELECT id, name, unnest(customer_subnets), 'subnet' FROM customer.connection WHERE virtual_network_id = ${vnetId}
    ) u WHERE p IS NOT NULL AND id <> ${exceptId ?? '00000000-0000-0000-0000-000000000000'}`.execute(db());
  return r.rows;
}

export async function mgmtPrefixes(): Promise<string[]> {
  const r = await sql<{ prefix: string }>`SELECT prefix::text AS prefix FROM ops.mgmt_network`.execute(db());
  return r.rows.map((x) => x.prefix);
}

/** The tenant's pools of one family, share-locked so a pool cannot be deleted under an allocation. */
export async function poolsForAllocation(tenantId: string, family: 4 | 6) {
  const r = await sql<{ id: string; prefix: string; assign_length: number }>`
    SELECT id, prefix::text AS prefix, assign_length FROM ops.tenant_pool
    WHERE tenant_id = ${tenantId} AND family(prefix) = ${family}
    ORDER BY created_at, id FOR SHARE`.execute(db());
  return r.rows;
}

export interface ConnectionWrite {
  name: string;
  bandwidth_mbps: number;
  status: ConnectionStatus;
  virtual_network_id: string;
  port_id: string;
  ipv4_prefix: string | null;
  ipv6_prefix: string | null;
  customer_subnets: string[];
  ipsec: IpsecSettings | null;
  /** undefined: keep the stored one */
  psk_sealed?: Uint8Array | null;
  handoff_id: number | null;
  placement_override: PlacementOverride | null;
}

const writeValues = (w: ConnectionWrite) => ({
  name: w.name,
  bandwidth_mbps: w.bandwidth_mbps,
  status: w.status,
  virtual_network_id: w.virtual_network_id,
  port_id: w.port_id,
  ipv4_prefix: w.ipv4_prefix,
  ipv6_prefix: w.ipv6_prefix,
  customer_subnets: sql<string[]>`${w.customer_subnets}::text[]::cidr[]`,
  ipsec: w.ipsec ? JSON.stringify(w.ipsec) : null,
  ...(w.psk_sealed !== undefined ? { psk_sealed: w.psk_sealed } : {}),
  handoff_id: w.handoff_id,
  placement_override: w.placement_override ? JSON.stringify(w.placement_override) : null,
});

export async function insertConnection(
  id: string,
  tenantId: string,
  serviceId: string,
  kind: 'ipsec' | 'direct',
  w: ConnectionWrite,
): Promise<void> {
  await db()
    .insertInto('customer.connection')
    .values({ id, tenant_id: tenantId, service_id: serviceId, kind, ...writeValues(w) })
    .execute();
}

export async function updateConnection(id: string, w: ConnectionWrite): Promise<void> {
  await db()
    .updateTable('customer.connection')
    .set({ ...writeValues(w), updated_at: new Date() } as never)
    .where('id', '=', id)
    .execute();
}

export async function renameConnection(id: string, name: string): Promise<void> {
  await db()
    .updateTable('customer.connection')
    .set({ name, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function deleteConnection(id: string): Promise<void> {
  await db().deleteFrom('customer.connection').where('id', '=', id).execute();
}
