import { sql } from 'kysely';
import { currentScope, db } from '../../db/context.ts';
import { foldForSearch } from './label.ts';
import type { ServiceRow } from './schema.ts';

/**
 * Contracted services and connections. Row-level security limits rows to the tenant in context
 * (portal); provider-side callers pass `tenantId`. The principal's service-code scope narrows
 * every list and lookup here: a service outside it answers like a missing one.
 */
const NO_SERVICE = '00000000-0000-0000-0000-000000000000';
const scopeIds = (scope: string[]): string[] => (scope.length ? scope : [NO_SERVICE]);

/** LIKE pattern for a search text: folded like the columns it is compared with, wildcards escaped. */
export function likePattern(q: string): string {
  return `%${foldForSearch(q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const serviceQuery = () =>
  db()
    .selectFrom('customer.service as s')
    .innerJoin('customer.contract as c', 'c.id', 's.contract_id')
    .select([
      's.id',
      's.code',
      's.type',
      's.bandwidth_mbps',
      's.options',
      's.label',
      's.label_updated_at',
      's.created_at',
      's.tenant_id',
      's.contract_id',
      'c.number as contract_number',
      'c.status as contract_status',
    ]);

export interface ServiceFilter {
  /** Search text over the service code and the label (case and full-/half-width insensitive). */
  q?: string | undefined;
  /** An exact service code (already checked and normalised). */
  code?: string | undefined;
  contractIds?: string[] | undefined;
  /** Provider side: the tenant whose services to list. */
  tenantId?: string | undefined;
}

export async function listServices(
  scope: string[] | null,
  filter: ServiceFilter = {},
): Promise<(ServiceRow & { tenant_id: string })[]> {
  let q = serviceQuery().orderBy('s.code');
  if (scope) q = q.where('s.id', 'in', scopeIds(scope));
  if (filter.tenantId) q = q.where('s.tenant_id', '=', filter.tenantId);
  if (filter.code) q = q.where('s.code', '=', filter.code);
  if (filter.contractIds) q = q.where('s.contract_id', 'in', scopeIds(filter.contractIds));
  if (filter.q) {
    const p = likePattern(filter.q);
    q = q.where((eb) =>
      eb.or([
        eb(sql`lower(normalize(s.label, NFKC))`, 'like', p),
        eb(sql`lower(normalize(s.code, NFKC))`, 'like', p),
      ]),
    );
  }
  return q.execute();
}

export async function findService(
  id: string,
  scope: string[] | null,
): Promise<(ServiceRow & { tenant_id: string }) | undefined> {
  let q = serviceQuery().where('s.id', '=', id);
  if (scope) q = q.where('s.id', 'in', scopeIds(scope));
  return q.executeTakeFirst();
}

/** Locks the service row for a change; the row as it was before. */
export async function lockService(id: string) {
  return db()
    .selectFrom('customer.service')
    .select(['id', 'tenant_id', 'contract_id', 'label', 'options', 'bandwidth_mbps'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateLabel(id: string, label: string): Promise<void> {
  await db()
    .updateTable('customer.service')
    .set({ label, label_updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

const connectionQuery = () =>
  db()
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
    ]);

export async function listConnections(scope: string[] | null, limit: number, offset: number) {
  let q = connectionQuery().orderBy('n.created_at').orderBy('n.id').limit(limit).offset(offset);
  // Row-level security returns the tenant's rows anyway; saying so lets the planner start from
  // the tenant's index. Only on one side: the same filter on both would be counted twice in the
  // planner's estimate (next to the policy's own) and turn the join into a filtered loop.
  const tenant = currentScope().tenantId;
  if (tenant) q = q.where('n.tenant_id', '=', tenant);
  if (scope) q = q.where('s.id', 'in', scopeIds(scope));
  return q.execute();
}

export async function connectionsOfService(serviceId: string) {
  return connectionQuery()
    .where('n.service_id', '=', serviceId)
    .orderBy('n.created_at')
    .orderBy('n.id')
    .limit(500)
    .execute();
}

/** A contract's summary (dates as text: the drivers turn a date into different Date values). */
export async function contractSummary(contractId: string) {
  return db()
    .selectFrom('customer.contract')
    .select([
      'id',
      'number',
      'status',
      sql<string>`to_char(start_date, 'YYYY-MM-DD')`.as('start_date'),
      sql<string | null>`to_char(end_date, 'YYYY-MM-DD')`.as('end_date'),
    ])
    .where('id', '=', contractId)
    .executeTakeFirst();
}
