import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import type { IsolationIds } from './isolation.ts';

/**
 * Tenant virtual networks. Provider-side callers pass the tenant; in the portal, row-level
 * security already limits the rows to the tenant of the transaction.
 */
export interface VirtualNetworkRow {
  id: string;
  tenant_id: string;
  name: string;
  vni: number;
  route_distinguisher: string;
  route_target: string;
  namespace: string;
  created_at: Date;
  connection_count: number;
}

const vnetQuery = () =>
  db()
    .selectFrom('customer.virtual_network as v')
    .select([
      'v.id',
      'v.tenant_id',
      'v.name',
      'v.vni',
      'v.route_distinguisher',
      'v.route_target',
      'v.namespace',
      'v.created_at',
      sql<number>`(SELECT count(*)::int FROM customer.connection c WHERE c.virtual_network_id = v.id)`.as(
        'connection_count',
      ),
    ]);

export async function listVirtualNetworks(tenantId: string | null): Promise<VirtualNetworkRow[]> {
  let q = vnetQuery().orderBy('v.created_at').orderBy('v.id');
  if (tenantId) q = q.where('v.tenant_id', '=', tenantId);
  return q.execute();
}

export async function findVirtualNetwork(id: string): Promise<VirtualNetworkRow | undefined> {
  return vnetQuery().where('v.id', '=', id).executeTakeFirst();
}

/**
 * Locks the virtual network row: every address allocation inside one virtual network runs under
 * this lock, so two concurrent connections never get the same transfer prefix.
 */
export async function lockVirtualNetwork(id: string) {
  return db()
    .selectFrom('customer.virtual_network')
    .select(['id', 'tenant_id', 'name', 'vni'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function nameTaken(tenantId: string, name: string, exceptId?: string): Promise<boolean> {
  let q = db()
    .selectFrom('customer.virtual_network')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('name', '=', name);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function insertVirtualNetwork(
  tenantId: string,
  name: string,
  ids: IsolationIds,
): Promise<string> {
  const row = await db()
    .insertInto('customer.virtual_network')
    .values({
      tenant_id: tenantId,
      name,
      vni: ids.vni,
      route_distinguisher: ids.routeDistinguisher,
      route_target: ids.routeTarget,
      namespace: ids.namespace,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function renameVirtualNetwork(id: string, name: string): Promise<void> {
  await db().updateTable('customer.virtual_network').set({ name }).where('id', '=', id).execute();
}

export async function deleteVirtualNetwork(id: string): Promise<void> {
  await db().deleteFrom('customer.virtual_network').where('id', '=', id).execute();
}

/** The tenant as the provider sees it (null: no such tenant). */
export async function tenantState(tenantId: string) {
  return db().selectFrom('ops.tenant').select(['id', 'status']).where('id', '=', tenantId).executeTakeFirst();
}
