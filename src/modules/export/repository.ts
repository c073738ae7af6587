import { sql } from 'kysely';
import { db } from '../../db/context.ts';

/**
 * The export's reads: for each section a count and a keyset page (`key > after ORDER BY key
 * LIMIT n`, on a unique indexed column), so a page costs the same at row 1 and at row 100,000.
 * Row-level security limits every read to the tenant of the transaction; the service-code scope
 * of the principal (null = all services) narrows them further here.
 */
type Scope = string[] | null;

// `IN ()` is not SQL: an empty scope matches a service id that cannot exist.
const NO_SERVICE = ['00000000-0000-0000-0000-000000000000'];
const inScope = (scope: string[]): string[] => (scope.length ? scope : NO_SERVICE);
const text = (col: string) => sql<string | null>`to_char(${sql.ref(col)}, 'YYYY-MM-DD')`;

/**
 * Every page reads in key order straight off the key's unique index. Without this the planner,
 * short of statistics (the embedded engine has no autovacuum; a fresh bulk load on PostgreSQL
 * has none until autovacuum runs), takes the row-level security filter for very selective,
 * collects every remaining row of the tenant and sorts them, for each page: a 100,000-row export
 * then costs O(n²). Transaction-local, so nothing else is affected.
 */
async function keyOrder(): Promise<void> {
  await sql`SET LOCAL enable_sort = off`.execute(db());
}

export async function tableExists(name: string): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`SELECT to_regclass(${name}) IS NOT NULL AS ok`.execute(db());
  return r.rows[0]?.ok === true;
}

const countOf = async (q: { executeTakeFirstOrThrow(): Promise<{ n: number | string | bigint }> }) =>
  Number((await q.executeTakeFirstOrThrow()).n);

// ---- tenant (one object) -------------------------------------------------------------------

export async function tenant(tenantId: string) {
  return db()
    .selectFrom('ops.tenant')
    .select(['id', 'code', 'name', 'status', 'created_at'])
    .where('id', '=', tenantId)
    .execute();
}

// ---- contracts -----------------------------------------------------------------------------

const contracts = (scope: Scope) => {
  const q = db().selectFrom('customer.contract as c');
  if (!scope) return q;
  return q.where(
    'c.id',
    'in',
    db().selectFrom('customer.service').select('contract_id').where('id', 'in', inScope(scope)),
  );
};
export const countContracts = (scope: Scope) =>
  countOf(contracts(scope).select((eb) => eb.fn.countAll<number>().as('n')));
export async function contractPage(scope: Scope, after: string | null, limit: number) {
  await keyOrder();
  let q = contracts(scope)
    .select(['c.id', 'c.number', 'c.status', 'c.created_at'])
    .select([text('c.start_date').as('start_date'), text('c.end_date').as('end_date')])
    .orderBy('c.number')
    .limit(limit);
  if (after !== null) q = q.where('c.number', '>', after);
  return q.execute();
}

// ---- services ------------------------------------------------------------------------------

const services = (scope: Scope) => {
  const q = db().selectFrom('customer.service as s');
  return scope ? q.where('s.id', 'in', inScope(scope)) : q;
};
export const countServices = (scope: Scope) =>
  countOf(services(scope).select((eb) => eb.fn.countAll<number>().as('n')));
export async function servicePage(scope: Scope, after: string | null, limit: number) {
  await keyOrder();
  let q = services(scope)
    .innerJoin('customer.contract as c', 'c.id', 's.contract_id')
    .select([
      's.id',
      's.code',
      's.type',
      's.bandwidth_mbps',
      's.label',
      's.label_updated_at',
      's.options',
      's.created_at',
      's.contract_id',
      'c.number as contract_number',
    ])
    .orderBy('s.code')
    .limit(limit);
  if (after !== null) q = q.where('s.code', '>', after);
  return q.execute();
}

// ---- virtual networks ----------------------------------------------------------------------

// a user limited to some services sees the virtual networks holding one of their connections
const virtualNetworks = (scope: Scope) => {
  const q = db().selectFrom('customer.virtual_network as v');
  if (!scope) return q;
  return q.where(
    'v.id',
    'in',
    db()
      .selectFrom('customer.connection')
      .select('virtual_network_id')
      .where('service_id', 'in', inScope(scope))
      .where('virtual_network_id', 'is not', null)
      .$narrowType<{ virtual_network_id: string }>(),
  );
};
export const countVirtualNetworks = (scope: Scope) =>
  countOf(virtualNetworks(scope).select((eb) => eb.fn.countAll<number>().as('n')));
export async function virtualNetworkPage(scope: Scope, after: string | null, limit: number) {
  await keyOrder();
  let q = virtualNetworks(scope).select(['v.id', 'v.name', 'v.created_at']).orderBy('v.id').limit(limit);
  if (after !== null) q = q.where('v.id', '>', after);
  return q.execute();
}

// ---- connections ---------------------------------------------------------------------------

const connections = (scope: Scope) => {
  const q = db().selectFrom('customer.connection as n');
  return scope ? q.where('n.service_id', 'in', inScope(scope)) : q;
};
export const countConnections = (scope: Scope) =>
  countOf(connections(scope).select((eb) => eb.fn.countAll<number>().as('n')));
export async function connectionPage(scope: Scope, after: string | null, limit: number) {
  await keyOrder();
  // keyed by id (the primary key): the order is stable and every page is an index range scan
  let q = connections(scope)
    .innerJoin('customer.service as s', 's.id', 'n.service_id')
    .select(['n.id', 'n.name', 'n.kind', 'n.bandwidth_mbps', 'n.status', 'n.created_at', 'n.service_id'])
    .select('s.code as service_code')
    // the settings of the connection; never the sealed pre-shared key
    .select([
      'n.virtual_network_id',
      sql<string | null>`n.ipv4_prefix::text`.as('ipv4_prefix'),
      sql<string | null>`n.ipv6_prefix::text`.as('ipv6_prefix'),
      sql<string[]>`to_json(n.customer_subnets)`.as('customer_subnets'),
      'n.ipsec',
      'n.handoff_id',
      'n.updated_at',
    ])
    .orderBy('n.id')
    .limit(limit);
  if (after !== null) q = q.where('n.id', '>', after);
  return q.execute();
}

// ---- users (administrators only) -------------------------------------------------------------

export const countUsers = () =>
  countOf(
    db()
      .selectFrom('customer.app_user')
      .select((eb) => eb.fn.countAll<number>().as('n')),
  );
export async function userPage(after: string | null, limit: number) {
  await keyOrder();
  // never the password hash: the columns are named one by one
  let q = db()
    .selectFrom('customer.app_user as u')
    .select([
      'u.id',
      'u.login',
      'u.name',
      'u.email',
      'u.role',
      'u.status',
      'u.last_login_at',
      'u.created_at',
      sql<string[] | null>`CASE WHEN u.service_scope IS NULL THEN NULL ELSE ARRAY(
        SELECT s.code FROM customer.service s WHERE s.id = ANY (u.service_scope) ORDER BY s.code) END`.as(
        'service_codes',
      ),
    ])
    .orderBy('u.login')
    .limit(limit);
  if (after !== null) q = q.where('u.login', '>', after);
  return q.execute();
}

// ---- security settings (administrators only; one object) -----------------------------------

export async function securitySettings(tenantId: string) {
  return db()
    .selectFrom('ops.tenant as t')
    .leftJoin('customer.tenant_setting as s', 's.tenant_id', 't.id')
    .select([
      's.ip_allowlist',
      's.allowlist_scope',
      's.allowlist_tokens',
      's.mfa_required_all',
      's.updated_at',
    ])
    .where('t.id', '=', tenantId)
    .execute();
}

// ---- change requests and their timeline ------------------------------------------------------

const changeRequests = (scope: Scope) => {
  const q = db().selectFrom('customer.change_request as r');
  return scope ? q.where('r.service_id', 'in', inScope(scope)) : q;
};
export const countChangeRequests = (scope: Scope) =>
  countOf(changeRequests(scope).select((eb) => eb.fn.countAll<number>().as('n')));
export async function changeRequestPage(scope: Scope, after: string | null, limit: number) {
  await keyOrder();
  let q = changeRequests(scope)
    .innerJoin('customer.service as s', 's.id', 'r.service_id')
    .leftJoin('customer.app_user as u', 'u.id', 'r.requested_by')
    .select([
      'r.id',
      'r.number',
      'r.service_id',
      's.code as service_code',
      'r.kind',
      'r.desired',
      'r.current',
      'r.reason',
      'r.status',
      'u.login as requested_by',
      'r.decision_reason',
      'r.execution_note',
      'r.decided_at',
      'r.executed_at',
      'r.created_at',
      'r.updated_at',
      text('r.desired_date').as('desired_date'),
    ])
    .orderBy('r.number')
    .limit(limit);
  if (after !== null) q = q.where('r.number', '>', after);
  return q.execute();
}

const changeRequestEvents = (scope: Scope) => {
  const q = db().selectFrom('customer.change_request_event as e');
  if (!scope) return q;
  return q.where(
    'e.change_request_id',
    'in',
    db().selectFrom('customer.change_request').select('id').where('service_id', 'in', inScope(scope)),
  );
};
export const countChangeRequestEvents = (scope: Scope) =>
  countOf(changeRequestEvents(scope).select((eb) => eb.fn.countAll<number>().as('n')));
export async function changeRequestEventPage(scope: Scope, after: number | null, limit: number) {
  await keyOrder();
  let q = changeRequestEvents(scope)
    .innerJoin('customer.change_request as r', 'r.id', 'e.change_request_id')
    .select([
      'e.id',
      'e.change_request_id',
      'r.number as change_request_number',
      'e.at',
      'e.actor_kind',
      'e.from_status',
      'e.to_status',
      'e.note',
    ])
    .orderBy('e.id')
    .limit(limit);
  if (after !== null) q = q.where('e.id', '>', after);
  return q.execute();
}

/** The codes of the services an export is limited to (for its `scope` member). */
export async function serviceCodes(ids: string[]): Promise<string[]> {
  const rows = await db()
    .selectFrom('customer.service')
    .select('code')
    .where('id', 'in', inScope(ids))
    .orderBy('code')
    .execute();
  return rows.map((r) => r.code);
}
