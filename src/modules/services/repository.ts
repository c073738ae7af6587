import { db } from '../../db/context.ts';

/**
 * Contracted services and connections of the tenant in context. Row-level security limits rows
 * to the tenant; the service-code scope of the principal narrows them further here.
 */
export async function listServices(scope: string[] | null) {
  let q = db()
    .selectFrom('customer.service as s')
    .innerJoin('customer.contract as c', 'c.id', 's.contract_id')
    .select([
      's.id',
      's.code',
      's.type',
      's.bandwidth_mbps',
      's.label',
      's.created_at',
      'c.number as contract_number',
    ])
    .orderBy('s.code');
  if (scope) q = q.where('s.id', 'in', scope.length ? scope : ['00000000-0000-0000-0000-000000000000']);
  return q.execute();
}

export async function listConnections(scope: string[] | null, limit: number, offset: number) {
  let q = db()
    .selectFrom('customer.connection as n')
    .innerJoin('customer.service as s', 's.id', 'n.service_id')
    .select([
      'n.id',
      'n.name',
      'n.kind',
      'n.bandwidth_mbps',
      'n.status',
      'n.created_at',
      's.id as service_id',
      's.code as service_code',
      's.label as service_label',
    ])
    .orderBy('n.created_at')
    .orderBy('n.id')
    .limit(limit)
    .offset(offset);
  if (scope) q = q.where('s.id', 'in', scope.length ? scope : ['00000000-0000-0000-0000-000000000000']);
  return q.execute();
}
