import { sql } from 'kysely';
import { db } from '../../db/context.ts';

/** Per-tenant address pools (ops.tenant_pool) and the management networks they must stay clear of. */
export interface PoolRow {
  id: string;
  tenant_id: string;
  prefix: string;
  assign_length: number;
  created_at: Date;
  /** transfer prefixes of the tenant's connections inside this pool */
  assigned: number;
}

const poolQuery = () =>
  db()
    .selectFrom('ops.tenant_pool as p')
    .select([
      'p.id',
      'p.tenant_id',
      sql<string>`p.prefix::text`.as('prefix'),
      'p.assign_length',
      'p.created_at',
      sql<number>`(SELECT count(*)::int FROM customer.connection c
        WHERE c.tenant_id = p.tenant_id AND (c.ipv4_prefix <<= p.prefix OR c.ipv6_prefix <<= p.prefix))`.as(
        'assigned',
      ),
    ]);

/** The tenant's pools in the order allocation tries them: IPv4 first, then oldest first. */
export async function listPools(tenantId: string): Promise<PoolRow[]> {
  return poolQuery()
    .where('p.tenant_id', '=', tenantId)
    .orderBy(sql`family(p.prefix)`)
    .orderBy('p.created_at')
    .orderBy('p.id')
    .execute();
}

export async function findPool(id: string): Promise<PoolRow | undefined> {
  return poolQuery().where('p.id', '=', id).executeTakeFirst();
}

export async function lockPool(id: string) {
  return db()
    .selectFrom('ops.tenant_pool')
    .select(['id', 'tenant_id', sql<string>`prefix::text`.as('prefix')])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** The tenant's pools overlapping a prefix. */
export async function overlappingPools(tenantId: string, prefix: string): Promise<string[]> {
  const r = await sql<{ prefix: string }>`
    SELECT prefix::text AS prefix FROM ops.tenant_pool
    WHERE tenant_id = ${tenantId} AND prefix && ${prefix}::cidr ORDER BY prefix`.execute(db());
  return r.rows.map((x) => x.prefix);
}

export async function insertPool(tenantId: string, prefix: string, assignLength: number): Promise<string> {
  const row = await db()
    .insertInto('ops.tenant_pool')
    .values({ tenant_id: tenantId, prefix, assign_length: assignLength })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function deletePool(id: string): Promise<void> {
  await db().deleteFrom('ops.tenant_pool').where('id', '=', id).execute();
}

/** Serialises pool changes of one tenant (two overlapping pools created at once). */
export async function lockTenantRow(tenantId: string) {
  return db()
    .selectFrom('ops.tenant')
    .select(['id', 'status'])
    .where('id', '=', tenantId)
    .forUpdate()
    .executeTakeFirst();
}

/** Management networks overlapping any of the prefixes: never shared with customer addressing. */
export async function mgmtOverlaps(
  prefixes: string[],
): Promise<{ name: string; prefix: string; hit: string }[]> {
  if (!prefixes.length) return [];
  // shared with other customer-address writes, exclusive against management-network writes
  // (physical-repository.ts lockMgmtNetworks): neither side can miss the other's concurrent insert
  await sql`SELECT pg_advisory_xact_lock_shared(hashtext('pva:ops.mgmt_network'))`.execute(db());
  const r = await sql<{ name: string; prefix: string; hit: string }>`
    SELECT m.name, m.prefix::text AS prefix, x.p AS hit
    FROM ops.mgmt_network m JOIN unnest(${prefixes}::text[]) AS x(p) ON m.prefix && x.p::cidr
    ORDER BY m.name`.execute(db());
  return r.rows;
}
