import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import type {
  DisposalMethod,
  DisposalOutcome,
  DisposalStatus,
  EvidenceKind,
} from '../../db/schema-equipment.ts';

export interface DisposalRow {
  id: string;
  device_id: string | null;
  component_id: string | null;
  label: string;
  outcome: DisposalOutcome;
  method: DisposalMethod;
  supplier_id: string | null;
  supplier_name: string | null;
  status: DisposalStatus;
  performer_staff_id: string | null;
  performer_name: string | null;
  performed_on: string | null;
  verifier_staff_id: string | null;
  verifier_name: string | null;
  completed_at: Date | null;
  notes: string;
  created_at: Date;
}

export interface EvidenceMeta {
  id: string;
  disposal_id: string;
  kind: EvidenceKind;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string | null;
  uploaded_by_name: string | null;
  uploaded_at: Date;
}

export async function listDisposals(f: {
  id?: string;
  status?: DisposalStatus | undefined;
  deviceId?: string;
  componentId?: string;
  lock?: boolean;
}): Promise<DisposalRow[]> {
  const r = await sql<DisposalRow>`
    SELECT x.id, x.device_id, x.component_id,
           coalesce(d.hostname, c.model || ' ' || c.serial) AS label,
           x.outcome, x.method, x.supplier_id, sup.name AS supplier_name, x.status,
           x.performer_staff_id, pf.name AS performer_name, x.performed_on::text AS performed_on,
           x.verifier_staff_id, vf.name AS verifier_name, x.completed_at, x.notes, x.created_at
      FROM ops.disposal x
      LEFT JOIN ops.device d ON d.id = x.device_id
      LEFT JOIN ops.device_component c ON c.id = x.component_id
      LEFT JOIN ops.supplier sup ON sup.id = x.supplier_id
      LEFT JOIN ops.staff pf ON pf.id = x.performer_staff_id
      LEFT JOIN ops.staff vf ON vf.id = x.verifier_staff_id
     WHERE true
       ${f.id ? sql`AND x.id = ${f.id}` : sql``}
       ${f.status ? sql`AND x.status = ${f.status}` : sql``}
       ${f.deviceId ? sql`AND x.device_id = ${f.deviceId}` : sql``}
       ${f.componentId ? sql`AND (x.component_id = ${f.componentId} OR x.id IN (SELECT disposal_id FROM ops.disposal_component WHERE component_id = ${f.componentId}))` : sql``}
     ORDER BY x.created_at DESC, x.id
     ${f.lock ? sql`FOR UPDATE OF x` : sql``}`.execute(db());
  return r.rows;
}

export async function coveredComponents(
  disposalIds: string[],
): Promise<{ disposal_id: string; id: string; label: string }[]> {
  if (!disposalIds.length) return [];
  return db()
    .selectFrom('ops.disposal_component as dc')
    .innerJoin('ops.device_component as c', 'c.id', 'dc.component_id')
    .select(['dc.disposal_id', 'c.id', sql<string>`c.model || ' ' || c.serial`.as('label')])
    .where('dc.disposal_id', 'in', disposalIds)
    .orderBy('c.model')
    .orderBy('c.serial')
    .execute();
}

export async function evidenceOf(disposalIds: string[]): Promise<EvidenceMeta[]> {
  if (!disposalIds.length) return [];
  return db()
    .selectFrom('ops.disposal_evidence as e')
    .leftJoin('ops.staff as s', 's.id', 'e.uploaded_by')
    .select([
      'e.id',
      'e.disposal_id',
      'e.kind',
      'e.filename',
      'e.content_type',
      'e.size_bytes',
      'e.sha256',
      'e.uploaded_by',
      's.name as uploaded_by_name',
      'e.uploaded_at',
    ])
    .where('e.disposal_id', 'in', disposalIds)
    .orderBy('e.uploaded_at')
    .orderBy('e.id')
    .execute();
}

export async function evidenceContent(
  disposalId: string,
  evidenceId: string,
): Promise<{ filename: string; content_type: string; sha256: string; content: Uint8Array } | null> {
  return (
    (await db()
      .selectFrom('ops.disposal_evidence')
      .select(['filename', 'content_type', 'sha256', 'content'])
      .where('id', '=', evidenceId)
      .where('disposal_id', '=', disposalId)
      .executeTakeFirst()) ?? null
  );
}

export async function insertDisposal(v: {
  device_id: string | null;
  component_id: string | null;
  outcome: DisposalOutcome;
  method: DisposalMethod;
  supplier_id: string | null;
  performer_staff_id: string | null;
  performed_on: string | null;
  notes: string;
  created_by: string | null;
}): Promise<string | null> {
  // the partial unique index refuses a second open record for one item
  const r = await sql<{ id: string }>`
    INSERT INTO ops.disposal (device_id, component_id, outcome, method, supplier_id, performer_staff_id,
                              performed_on, notes, created_by)
    VALUES (${v.device_id}, ${v.component_id}, ${v.outcome}, ${v.method}, ${v.supplier_id},
            ${v.performer_staff_id}, ${v.performed_on}, ${v.notes}, ${v.created_by})
    ON CONFLICT DO NOTHING RETURNING id`.execute(db());
  return r.rows[0]?.id ?? null;
}

export async function setCovered(disposalId: string, componentIds: string[]): Promise<void> {
  if (!componentIds.length) return;
  await db()
    .insertInto('ops.disposal_component')
    .values(componentIds.map((component_id) => ({ disposal_id: disposalId, component_id })))
    .execute();
}

export async function updateDisposal(
  id: string,
  v: Partial<{
    supplier_id: string | null;
    performer_staff_id: string | null;
    performed_on: string | null;
    notes: string;
    status: DisposalStatus;
    verifier_staff_id: string;
    completed_at: Date;
  }>,
): Promise<void> {
  await db()
    .updateTable('ops.disposal')
    .set({ ...v, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function insertEvidence(v: {
  disposal_id: string;
  kind: EvidenceKind;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  uploaded_by: string | null;
}): Promise<string> {
  const r = await db()
    .insertInto('ops.disposal_evidence')
    .values(v)
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** A completed record of this outcome covers the item (its own, or its device's for a component). */
export async function completedDisposal(
  kind: 'device' | 'component',
  id: string,
  outcome: DisposalOutcome,
): Promise<boolean> {
  const r = await sql<{ n: number }>`
    SELECT 1 AS n FROM ops.disposal x
     WHERE x.status = 'completed' AND x.outcome = ${outcome}
       AND ${
         kind === 'device'
           ? sql`x.device_id = ${id}`
           : sql`(x.component_id = ${id} OR x.id IN (SELECT disposal_id FROM ops.disposal_component WHERE component_id = ${id}))`
       }
     LIMIT 1`.execute(db());
  return r.rows.length > 0;
}

export const supplierName = async (id: string): Promise<string | null> =>
  (await db().selectFrom('ops.supplier').select('name').where('id', '=', id).executeTakeFirst())?.name ??
  null;
