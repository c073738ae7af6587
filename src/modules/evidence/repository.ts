import { sql, type Updateable } from 'kysely';
import { db } from '../../db/context.ts';
import type { EvidenceKind, EvidenceRequestTable, EvidenceStatus } from '../../db/schema-evidence.ts';

/** Evidence requests and their bundles (customer schema, row-level security by tenant). */

export async function nextNumber(year: string): Promise<string> {
  const r = await sql<{
    n: string | number;
  }>`SELECT nextval('customer.evidence_request_number_seq') AS n`.execute(db());
  return `EV-${year}-${String(r.rows[0]!.n).padStart(6, '0')}`;
}

export async function insertRequest(v: {
  tenant_id: string;
  number: string;
  window_from: Date;
  window_to: Date;
  kinds: EvidenceKind[];
  purpose: string;
  requested_by: string | null;
}) {
  return db().insertInto('customer.evidence_request').values(v).returningAll().executeTakeFirstOrThrow();
}

const columns = [
  'r.id',
  'r.tenant_id',
  'r.number',
  'r.window_from',
  'r.window_to',
  'r.kinds',
  'r.purpose',
  'r.status',
  'r.requested_by',
  'r.decided_by',
  'r.decided_at',
  'r.decision_reason',
  'r.progress',
  'r.phase',
  'r.error',
  'r.bundle_name',
  'r.bundle_bytes',
  'r.bundle_sha256',
  'r.counts',
  'r.checkpoint_seq',
  'r.completed_at',
  'r.expires_at',
  'r.downloads',
  'r.created_at',
  'r.updated_at',
  't.code as tenant_code',
  't.name as tenant_name',
  'u.name as requested_by_name',
  's.name as decided_by_name',
] as const;

function base() {
  return db()
    .selectFrom('customer.evidence_request as r')
    .innerJoin('ops.tenant as t', 't.id', 'r.tenant_id')
    .leftJoin('customer.app_user as u', 'u.id', 'r.requested_by')
    .leftJoin('ops.staff as s', 's.id', 'r.decided_by')
    .select(columns);
}
export type RequestView = Awaited<ReturnType<typeof findRequest>> & object;

export async function listRequests(q: { tenantId?: string; status?: EvidenceStatus; limit: number }) {
  let query = base();
  if (q.tenantId) query = query.where('r.tenant_id', '=', q.tenantId);
  if (q.status) query = query.where('r.status', '=', q.status);
  return query.orderBy('r.created_at', 'desc').limit(q.limit).execute();
}

export async function findRequest(id: string, tenantId: string | null) {
  let q = base().where('r.id', '=', id);
  if (tenantId) q = q.where('r.tenant_id', '=', tenantId);
  return q.executeTakeFirst();
}

/** Locks the request row for a state change. */
export async function lockRequest(id: string) {
  return db()
    .selectFrom('customer.evidence_request')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateRequest(id: string, patch: Updateable<EvidenceRequestTable>): Promise<void> {
  await db()
    .updateTable('customer.evidence_request')
    .set({ ...patch, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function saveBundle(requestId: string, tenantId: string, content: Buffer): Promise<void> {
  await db()
    .insertInto('customer.evidence_bundle')
    .values({ request_id: requestId, tenant_id: tenantId, content })
    .onConflict((oc) => oc.column('request_id').doUpdateSet({ content }))
    .execute();
}

export async function readBundle(requestId: string): Promise<Buffer | null> {
  const r = await db()
    .selectFrom('customer.evidence_bundle')
    .select('content')
    .where('request_id', '=', requestId)
    .executeTakeFirst();
  return r ? Buffer.from(r.content) : null;
}

export async function countDownload(id: string): Promise<void> {
  await db()
    .updateTable('customer.evidence_request')
    .set((eb) => ({ downloads: eb('downloads', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Bundles past their expiry: the bytes go, the request row stays as the record of what was given. */
export async function expireBundles(now: Date): Promise<{ id: string; tenant_id: string; number: string }[]> {
  const rows = await db()
    .updateTable('customer.evidence_request')
    .set({ status: 'expired', updated_at: now })
    .where('status', '=', 'ready')
    .where('expires_at', '<=', now)
    .returning(['id', 'tenant_id', 'number'])
    .execute();
  if (rows.length)
    await db()
      .deleteFrom('customer.evidence_bundle')
      .where(
        'request_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
  return rows;
}
