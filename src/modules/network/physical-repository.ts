import { sql } from 'kysely';
import { db } from '../../db/context.ts';

/**
 * SQL of PoPs, management networks, port classes and links (provider-owned, `ops`). Management
 * requests run with provider access, so the reads of customer.connection here see every tenant.
 */

const n = (v: unknown): number => Number(v ?? 0); // pg returns bigint and numeric as strings

export interface PopRow {
  id: string;
  code: string;
  name_ja: string;
  name_en: string;
  address: string;
  created_at: Date;
  devices: number;
}

export async function listPops(id?: string): Promise<PopRow[]> {
  let q = db()
    .selectFrom('ops.pop as p')
    .selectAll('p')
    .select((eb) =>
      eb
        .selectFrom('ops.device as d')
        .whereRef('d.pop_id', '=', 'p.id')
        .select(eb.fn.countAll().as('c'))
        .as('devices'),
    )
    .orderBy('p.code');
  if (id) q = q.where('p.id', '=', id);
  return (await q.execute()).map((r) => ({ ...r, devices: n(r.devices) }));
}

export async function lockPop(id: string) {
  return db().selectFrom('ops.pop').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function popCodeTaken(code: string, exceptId?: string): Promise<boolean> {
  let q = db().selectFrom('ops.pop').select('id').where('code', '=', code);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function insertPop(v: {
  code: string;
  name_ja: string;
  name_en: string;
  address: string;
}): Promise<string | undefined> {
  const r = await db()
    .insertInto('ops.pop')
    .values(v)
    .onConflict((oc) => oc.column('code').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id;
}

export async function updatePop(
  id: string,
  v: Partial<{ code: string; name_ja: string; name_en: string; address: string }>,
): Promise<void> {
  await db().updateTable('ops.pop').set(v).where('id', '=', id).execute();
}

export async function deletePop(id: string): Promise<void> {
  await db().deleteFrom('ops.pop').where('id', '=', id).execute();
}

export interface MgmtNetworkRow {
  id: string;
  name: string;
  prefix: string;
  created_at: Date;
  devices: number;
}

export async function listMgmtNetworks(id?: string): Promise<MgmtNetworkRow[]> {
  let q = db()
    .selectFrom('ops.mgmt_network as m')
    .selectAll('m')
    .select((eb) =>
      eb
        .selectFrom('ops.device as d')
        .whereRef('d.mgmt_network_id', '=', 'm.id')
        .select(eb.fn.countAll().as('c'))
        .as('devices'),
    )
    .orderBy('m.name');
  if (id) q = q.where('m.id', '=', id);
  return (await q.execute()).map((r) => ({ ...r, devices: n(r.devices) }));
}

export async function lockMgmtNetwork(id: string) {
  return db().selectFrom('ops.mgmt_network').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function mgmtNameTaken(name: string, exceptId?: string): Promise<boolean> {
  let q = db().selectFrom('ops.mgmt_network').select('id').where('name', '=', name);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function insertMgmtNetwork(name: string, prefix: string): Promise<string> {
  const r = await db()
    .insertInto('ops.mgmt_network')
    .values({ name, prefix })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateMgmtNetwork(id: string, v: Partial<{ name: string; prefix: string }>) {
  await db().updateTable('ops.mgmt_network').set(v).where('id', '=', id).execute();
}

export async function deleteMgmtNetwork(id: string): Promise<void> {
  await db().deleteFrom('ops.mgmt_network').where('id', '=', id).execute();
}

export type OverlapKind = 'mgmt_network' | 'tenant_pool' | 'connection' | 'customer_subnet' | 'underlay';

/**
 * The first address already in use that overlaps `prefix` (either contains the other): another
 * management network, a tenant pool, a connection's transfer prefix, a customer subnet, or a PE's
 * underlay address. Serialised against concurrent writers by the caller's lock on the networks.
 */
export async function findMgmtOverlap(
  prefix: string,
  exceptMgmtId?: string,
): Promise<{ kind: OverlapKind; prefix: string } | undefined> {
  const except = exceptMgmtId ? sql`AND id <> ${exceptMgmtId}` : sql``;
  const r = await sql<{ kind: OverlapKind; prefix: string }>`
    SELECT kind, prefix FROM (
      SELECT 1 AS o, 'mgmt_network' AS kind, prefix::text AS prefix FROM ops.mgmt_network
        WHERE prefix && ${prefix}::cidr ${except}
      UNION ALL SELECT 2, 'tenant_pool', prefix::text FROM ops.tenant_pool WHERE prefix && ${prefix}::cidr
      UNION ALL SELECT 3, 'connection', ipv4_prefix::text FROM customer.connection
        WHERE ipv4_prefix && ${prefix}::cidr
      UNION ALL SELECT 3, 'connection', ipv6_prefix::text FROM customer.connection
        WHERE ipv6_prefix && ${prefix}::cidr
      UNION ALL SELECT 4, 'customer_subnet', s::text FROM customer.connection c, unnest(c.customer_subnets) s
        WHERE s && ${prefix}::cidr
      UNION ALL SELECT 5, 'underlay', host(underlay_address) FROM ops.device
        WHERE underlay_address && ${prefix}::cidr
    ) x ORDER BY o, prefix LIMIT 1`.execute(db());
  return r.rows[0];
}

/** The management network containing `address`, if any (a device's underlay must be outside all). */
export async function mgmtNetworkContaining(address: string) {
  const r = await sql<{ id: string; name: string; prefix: string }>`
    SELECT id, name, prefix::text AS prefix FROM ops.mgmt_network WHERE ${address}::inet <<= prefix
    ORDER BY masklen(prefix) DESC LIMIT 1`.execute(db());
  return r.rows[0];
}

/** Serialises writes that must see every management network (overlap checks). */
export async function lockMgmtNetworks(): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('pva:ops.mgmt_network'))`.execute(db());
}

/** Devices whose management address would fall outside `prefix` (a narrowed management network). */
export async function devicesOutside(mgmtId: string, prefix: string): Promise<string[]> {
  const r = await sql<{ hostname: string }>`
    SELECT hostname FROM ops.device
    WHERE mgmt_network_id = ${mgmtId} AND NOT (mgmt_address <<= ${prefix}::cidr)
    ORDER BY hostname`.execute(db());
  return r.rows.map((x) => x.hostname);
}

export interface PortClassRow {
  code: string;
  name_ja: string;
  name_en: string;
  oversubscription: number;
  threshold_pct: number;
  ports: number;
}

export async function listPortClasses(code?: string): Promise<PortClassRow[]> {
  let q = db()
    .selectFrom('ops.port_class as c')
    .selectAll('c')
    .select((eb) =>
      eb
        .selectFrom('ops.port as p')
        .whereRef('p.class_code', '=', 'c.code')
        .select(eb.fn.countAll().as('n'))
        .as('ports'),
    )
    .orderBy('c.code');
  if (code) q = q.where('c.code', '=', code);
  return (await q.execute()).map((r) => ({
    ...r,
    oversubscription: n(r.oversubscription),
    ports: n(r.ports),
  }));
}

export async function lockPortClass(code: string) {
  const r = await db()
    .selectFrom('ops.port_class')
    .selectAll()
    .where('code', '=', code)
    .forUpdate()
    .executeTakeFirst();
  return r && { ...r, oversubscription: n(r.oversubscription) };
}

export async function insertPortClass(v: {
  code: string;
  name_ja: string;
  name_en: string;
  oversubscription: number;
  threshold_pct: number;
}): Promise<boolean> {
  const r = await db()
    .insertInto('ops.port_class')
    .values(v)
    .onConflict((oc) => oc.column('code').doNothing())
    .returning('code')
    .executeTakeFirst();
  return r !== undefined;
}

export async function updatePortClass(
  code: string,
  v: Partial<{ name_ja: string; name_en: string; oversubscription: number; threshold_pct: number }>,
): Promise<void> {
  await db().updateTable('ops.port_class').set(v).where('code', '=', code).execute();
}

export async function deletePortClass(code: string): Promise<void> {
  await db().deleteFrom('ops.port_class').where('code', '=', code).execute();
}

export interface ClassPortLoad {
  id: string;
  name: string;
  hostname: string;
  capacity_mbps: number;
  contracted_mbps: number;
}

/**
 * Every port of a class with its contracted total (planned + active), the ports locked FOR UPDATE
 * like lockPortLoad does, so no placement slips in while the class's limit changes.
 */
export async function lockClassPortLoads(code: string): Promise<ClassPortLoad[]> {
  await sql`SELECT id FROM ops.port WHERE class_code = ${code} ORDER BY id FOR UPDATE`.execute(db());
  const r = await sql<{ id: string; name: string; hostname: string; capacity: string; contracted: string }>`
    SELECT p.id, p.name, d.hostname, p.capacity_mbps::text AS capacity,
           coalesce((SELECT sum(c.bandwidth_mbps) FROM customer.connection c
                     WHERE c.port_id = p.id AND c.status IN ('planned', 'active')), 0)::text AS contracted
    FROM ops.port p JOIN ops.device d ON d.id = p.device_id
    WHERE p.class_code = ${code} ORDER BY d.hostname, p.name`.execute(db());
  return r.rows.map((x) => ({
    id: x.id,
    name: x.name,
    hostname: x.hostname,
    capacity_mbps: n(x.capacity),
    contracted_mbps: n(x.contracted),
  }));
}
