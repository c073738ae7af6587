import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import type { ContractStatusValue, ServiceOptionsValue } from '../services/schema.ts';

/**
 * Tenants, contracts and contracted services (provider-owned records). Provider-side callers run
 * with provider access and name the tenant; the portal reads under its tenant's row-level security.
 */

/** Whether an error is PostgreSQL's unique violation (both engines report SQLSTATE 23505). */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'code' in e && e.code === '23505';
}

const count = (n: unknown): number => Number(n ?? 0); // pg returns bigint counts as strings

export async function tenantDetail(id: string) {
  const t = await db()
    .selectFrom('ops.tenant as t')
    .select((eb) => [
      't.id',
      't.code',
      't.name',
      't.status',
      't.created_at',
      eb
        .selectFrom('customer.contract as c')
        .select(eb.fn.countAll().as('n'))
        .whereRef('c.tenant_id', '=', 't.id')
        .as('contracts'),
      eb
        .selectFrom('customer.service as s')
        .select(eb.fn.countAll().as('n'))
        .whereRef('s.tenant_id', '=', 't.id')
        .as('services'),
    ])
    .where('t.id', '=', id)
    .executeTakeFirst();
  return t && { ...t, contracts: count(t.contracts), services: count(t.services) };
}

export async function nextCustomerNumber(): Promise<number> {
  const r = await sql<{ n: string | number }>`SELECT nextval('ops.customer_code_seq') AS n`.execute(db());
  return Number(r.rows[0]!.n);
}

/** Inserts a tenant; undefined when the code is taken. */
export async function insertTenant(code: string, name: string): Promise<string | undefined> {
  const r = await db()
    .insertInto('ops.tenant')
    .values({ code, name })
    .onConflict((oc) => oc.column('code').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id;
}

export async function lockTenant(id: string) {
  return db().selectFrom('ops.tenant').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function renameTenant(id: string, name: string): Promise<void> {
  await db().updateTable('ops.tenant').set({ name }).where('id', '=', id).execute();
}

const contractQuery = () =>
  db()
    .selectFrom('customer.contract')
    .select([
      'id',
      'tenant_id',
      'number',
      'status',
      'created_at',
      // as text: the two drivers turn a date into different Date values
      sql<string>`to_char(start_date, 'YYYY-MM-DD')`.as('start_date'),
      sql<string | null>`to_char(end_date, 'YYYY-MM-DD')`.as('end_date'),
    ]);
export type ContractRow = NonNullable<
  Awaited<ReturnType<ReturnType<typeof contractQuery>['executeTakeFirst']>>
>;

/** Contracts of a tenant (provider side) or of the tenant in context (portal), newest start first. */
export async function listContracts(
  filter: { tenantId?: string; ids?: string[] } = {},
): Promise<ContractRow[]> {
  let q = contractQuery().orderBy('start_date', 'desc').orderBy('number');
  if (filter.tenantId) q = q.where('tenant_id', '=', filter.tenantId);
  if (filter.ids)
    q = q.where('id', 'in', filter.ids.length ? filter.ids : ['00000000-0000-0000-0000-000000000000']);
  return q.execute();
}

export async function findContract(id: string, lock = false): Promise<ContractRow | undefined> {
  const q = contractQuery().where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

/** Inserts a contract; undefined when the number is taken. */
export async function insertContract(c: {
  tenantId: string;
  number: string;
  startDate: string;
  endDate: string | null;
}): Promise<string | undefined> {
  const r = await db()
    .insertInto('customer.contract')
    .values({ tenant_id: c.tenantId, number: c.number, start_date: c.startDate, end_date: c.endDate })
    .onConflict((oc) => oc.column('number').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id;
}

export async function numberTaken(number: string, exceptId: string): Promise<boolean> {
  const r = await db()
    .selectFrom('customer.contract')
    .select('id')
    .where('number', '=', number)
    .where('id', '!=', exceptId)
    .executeTakeFirst();
  return r !== undefined;
}

export async function updateContract(
  id: string,
  set: { number?: string; start_date?: string; end_date?: string | null; status?: ContractStatusValue },
): Promise<void> {
  await db().updateTable('customer.contract').set(set).where('id', '=', id).execute();
}

export async function nextServiceNumber(): Promise<number> {
  const r = await sql<{ n: string | number }>`SELECT nextval('ops.service_code_seq') AS n`.execute(db());
  return Number(r.rows[0]!.n);
}

/** Inserts a contracted service; undefined when the code is taken (the caller takes the next). */
export async function insertService(s: {
  tenantId: string;
  contractId: string;
  code: string;
  type: 'ipsec' | 'direct' | 'option';
  bandwidthMbps: number | null;
  options: ServiceOptionsValue;
}): Promise<string | undefined> {
  const r = await db()
    .insertInto('customer.service')
    .values({
      tenant_id: s.tenantId,
      contract_id: s.contractId,
      code: s.code,
      type: s.type,
      bandwidth_mbps: s.bandwidthMbps,
      options: JSON.stringify(s.options),
    })
    .onConflict((oc) => oc.column('code').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id;
}

export async function updateServiceOptions(id: string, options: ServiceOptionsValue): Promise<void> {
  await db()
    .updateTable('customer.service')
    .set({ options: JSON.stringify(options) })
    .where('id', '=', id)
    .execute();
}

export async function tenantOfService(serviceId: string) {
  return db()
    .selectFrom('customer.service as s')
    .innerJoin('ops.tenant as t', 't.id', 's.tenant_id')
    .select(['t.id', 't.code', 't.name'])
    .where('s.id', '=', serviceId)
    .executeTakeFirst();
}
