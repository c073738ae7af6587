import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import type { RiskRating, SupplierCategory } from '../../db/schema-equipment.ts';

export interface SupplierRow {
  id: string;
  name: string;
  category: SupplierCategory;
  supplies: string;
  contact: string;
  active: boolean;
  assessed_on: string | null;
  rating: RiskRating | null;
  next_review_on: string | null;
  overdue_alerted_for: string | null;
  pops: number;
  devices: number;
  agreements: number;
}

/** Suppliers with their current (latest) assessment; `today` is the JST calendar day. */
export async function listSuppliers(f: {
  id?: string;
  overdueOn?: string | undefined;
  category?: SupplierCategory | undefined;
}): Promise<SupplierRow[]> {
  const r = await sql<SupplierRow>`
    SELECT s.id, s.name, s.category, s.supplies, s.contact, s.active,
           a.assessed_on::text AS assessed_on, a.rating, a.next_review_on::text AS next_review_on,
           s.overdue_alerted_for::text AS overdue_alerted_for,
           (SELECT count(*) FROM ops.supplier_pop p WHERE p.supplier_id = s.id)::int AS pops,
           (SELECT count(*) FROM ops.supplier_device d WHERE d.supplier_id = s.id)::int AS devices,
           (SELECT count(*) FROM ops.supplier_agreement g WHERE g.supplier_id = s.id)::int AS agreements
      FROM ops.supplier s
      LEFT JOIN LATERAL (
        SELECT assessed_on, rating, next_review_on FROM ops.supplier_assessment
         WHERE supplier_id = s.id ORDER BY assessed_on DESC, created_at DESC LIMIT 1) a ON true
     WHERE true
       ${f.id ? sql`AND s.id = ${f.id}` : sql``}
       ${f.category ? sql`AND s.category = ${f.category}` : sql``}
       ${f.overdueOn ? sql`AND s.active AND a.next_review_on < ${f.overdueOn}::date` : sql``}
     ORDER BY s.name`.execute(db());
  return r.rows;
}

export async function countOverdue(today: string): Promise<number> {
  const r = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM ops.supplier s
      JOIN LATERAL (SELECT next_review_on FROM ops.supplier_assessment WHERE supplier_id = s.id
                     ORDER BY assessed_on DESC, created_at DESC LIMIT 1) a ON true
     WHERE s.active AND a.next_review_on < ${today}::date`.execute(db());
  return Number(r.rows[0]?.n ?? 0);
}

export async function lockSupplier(id: string): Promise<boolean> {
  const r = await sql`SELECT id FROM ops.supplier WHERE id = ${id} FOR UPDATE`.execute(db());
  return r.rows.length > 0;
}

export type SupplierValues = Partial<{
  name: string;
  category: SupplierCategory;
  supplies: string;
  contact: string;
  active: boolean;
}>;

/** Null when the name is taken. */
export async function insertSupplier(v: SupplierValues & { name: string; category: SupplierCategory }) {
  const r = await db()
    .insertInto('ops.supplier')
    .values(v)
    .onConflict((oc) => oc.column('name').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id ?? null;
}

export async function nameTaken(name: string, exceptId: string): Promise<boolean> {
  return !!(await db()
    .selectFrom('ops.supplier')
    .select('id')
    .where('name', '=', name)
    .where('id', '<>', exceptId)
    .executeTakeFirst());
}

export async function updateSupplier(id: string, v: SupplierValues): Promise<void> {
  await db()
    .updateTable('ops.supplier')
    .set({ ...v, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function setLinks(id: string, popIds: string[] | undefined, deviceIds: string[] | undefined) {
  if (popIds) {
    await db().deleteFrom('ops.supplier_pop').where('supplier_id', '=', id).execute();
    if (popIds.length)
      await db()
        .insertInto('ops.supplier_pop')
        .values(popIds.map((pop_id) => ({ supplier_id: id, pop_id })))
        .execute();
  }
  if (deviceIds) {
    await db().deleteFrom('ops.supplier_device').where('supplier_id', '=', id).execute();
    if (deviceIds.length)
      await db()
        .insertInto('ops.supplier_device')
        .values(deviceIds.map((device_id) => ({ supplier_id: id, device_id })))
        .execute();
  }
}

export async function links(id: string) {
  const pops = await db()
    .selectFrom('ops.supplier_pop as sp')
    .innerJoin('ops.pop as p', 'p.id', 'sp.pop_id')
    .select(['p.id', 'p.code'])
    .where('sp.supplier_id', '=', id)
    .orderBy('p.code')
    .execute();
  const devices = await db()
    .selectFrom('ops.supplier_device as sd')
    .innerJoin('ops.device as d', 'd.id', 'sd.device_id')
    .select(['d.id', 'd.hostname', 'd.status'])
    .where('sd.supplier_id', '=', id)
    .orderBy('d.hostname')
    .execute();
  return { pops, devices };
}

export const existingIds = async (table: 'ops.pop' | 'ops.device', ids: string[]): Promise<Set<string>> =>
  ids.length
    ? new Set((await db().selectFrom(table).select('id').where('id', 'in', ids).execute()).map((r) => r.id))
    : new Set();

/** Suppliers a device depends on: linked to it directly or to its PoP. */
export async function suppliersOfDevice(deviceId: string) {
  const r = await sql<{ id: string; name: string; category: SupplierCategory }>`
    SELECT DISTINCT s.id, s.name, s.category FROM ops.supplier s
     WHERE s.id IN (SELECT supplier_id FROM ops.supplier_device WHERE device_id = ${deviceId})
        OR s.id IN (SELECT sp.supplier_id FROM ops.supplier_pop sp JOIN ops.device d ON d.pop_id = sp.pop_id
                     WHERE d.id = ${deviceId})
     ORDER BY s.name`.execute(db());
  return r.rows;
}

export async function assessments(id: string) {
  return db()
    .selectFrom('ops.supplier_assessment as a')
    .leftJoin('ops.staff as s', 's.id', 'a.assessed_by')
    .select([
      'a.id',
      sql<string>`a.assessed_on::text`.as('assessed_on'),
      'a.rating',
      sql<string>`a.next_review_on::text`.as('next_review_on'),
      'a.notes',
      'a.assessed_by',
      's.name as assessed_by_name',
      'a.created_at',
    ])
    .where('a.supplier_id', '=', id)
    .orderBy('a.assessed_on', 'desc')
    .orderBy('a.created_at', 'desc')
    .execute();
}

export async function insertAssessment(v: {
  supplier_id: string;
  assessed_on: string;
  rating: RiskRating;
  next_review_on: string;
  notes: string;
  assessed_by: string;
}): Promise<string> {
  return (
    await db().insertInto('ops.supplier_assessment').values(v).returning('id').executeTakeFirstOrThrow()
  ).id;
}

export async function agreements(id: string, agreementId?: string) {
  let q = db()
    .selectFrom('ops.supplier_agreement')
    .select([
      'id',
      'reference',
      sql<string>`start_on::text`.as('start_on'),
      sql<string | null>`end_on::text`.as('end_on'),
      'security_clauses',
    ])
    .where('supplier_id', '=', id);
  if (agreementId) q = q.where('id', '=', agreementId);
  return q.orderBy('start_on', 'desc').orderBy('id').execute();
}

export async function upsertAgreement(
  supplierId: string,
  agreementId: string | null,
  v: { reference: string; start_on: string; end_on: string | null; security_clauses: string },
): Promise<string> {
  if (agreementId) {
    await db()
      .updateTable('ops.supplier_agreement')
      .set({ ...v, updated_at: new Date() })
      .where('id', '=', agreementId)
      .where('supplier_id', '=', supplierId)
      .execute();
    return agreementId;
  }
  return (
    await db()
      .insertInto('ops.supplier_agreement')
      .values({ supplier_id: supplierId, ...v })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

/** Active suppliers whose current review date has passed and who were not alerted for it yet. */
export async function newlyOverdue(today: string): Promise<SupplierRow[]> {
  const all = await listSuppliers({ overdueOn: today });
  return all.filter((s) => s.overdue_alerted_for !== s.next_review_on);
}

export async function markAlerted(id: string, reviewOn: string): Promise<void> {
  await db()
    .updateTable('ops.supplier')
    .set({ overdue_alerted_for: reviewOn })
    .where('id', '=', id)
    .execute();
}
