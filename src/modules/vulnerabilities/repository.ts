import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import type { StaffRole } from '../../db/schema.ts';
import type { MatchVerdict } from '../../db/schema-vulnerabilities.ts';
import type { InventoryEntry } from './match.ts';
import type { ParsedAdvisory } from './model.ts';

/** Advisories and inventory for matching; the SQL of the module's read models is in views-repository.ts. */

export async function findAdvisoryByExternalId(externalId: string) {
  return db()
    .selectFrom('ops.vuln_advisory')
    .select(['id', 'revision', 'source', 'modified_at'])
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

const advisoryValues = (a: ParsedAdvisory) => ({
  source: a.source,
  external_id: a.externalId,
  revision: a.revision,
  title: a.title.slice(0, 500),
  summary: a.summary,
  publisher: a.publisher.slice(0, 200),
  published_at: a.publishedAt ? new Date(a.publishedAt) : null,
  modified_at: a.modifiedAt ? new Date(a.modifiedAt) : null,
  cves: JSON.stringify(a.cves),
  cvss_score: a.cvssScore,
  cvss_vector: a.cvssVector,
  severity: a.severity,
  products: JSON.stringify(a.products),
  remediations: JSON.stringify(a.remediations),
  refs: JSON.stringify(a.references),
});

export async function insertAdvisory(
  a: ParsedAdvisory,
  origin: string,
  staffId: string | null,
): Promise<string> {
  const r = await db()
    .insertInto('ops.vuln_advisory')
    .values({ ...advisoryValues(a), origin: origin.slice(0, 2000), imported_by: staffId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateAdvisory(id: string, a: ParsedAdvisory, origin: string, staffId: string | null) {
  await db()
    .updateTable('ops.vuln_advisory')
    .set({
      ...advisoryValues(a),
      origin: origin.slice(0, 2000),
      imported_by: staffId,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

export async function loadInventory(): Promise<InventoryEntry[]> {
  const rows = await db()
    .selectFrom('ops.inventory_item')
    .select([
      'item_kind',
      'item_id',
      'device_id',
      'label',
      'vendor',
      'product',
      'version',
      'lifecycle_status',
    ])
    .execute();
  return rows.map((r) => ({
    itemKind: r.item_kind,
    itemId: r.item_id,
    deviceId: r.device_id,
    label: r.label,
    vendor: r.vendor,
    product: r.product,
    version: r.version ?? '',
    lifecycleStatus: r.lifecycle_status,
  }));
}

export async function advisoriesForMatching(ids?: string[]) {
  let q = db()
    .selectFrom('ops.vuln_advisory')
    .select(['id', 'products', 'severity', 'title', 'external_id', 'cvss_score']);
  if (ids) {
    if (ids.length === 0) return [];
    q = q.where('id', 'in', ids);
  }
  return q.execute();
}

export interface ExistingMatch {
  id: string;
  advisory_id: string;
  item_id: string;
  current: boolean;
  verdict: MatchVerdict;
  version_seen: string;
}

export async function existingMatches(advisoryIds?: string[]): Promise<ExistingMatch[]> {
  let q = db()
    .selectFrom('ops.vuln_match')
    .select(['id', 'advisory_id', 'item_id', 'current', 'verdict', 'version_seen']);
  if (advisoryIds) {
    if (advisoryIds.length === 0) return [];
    q = q.where('advisory_id', 'in', advisoryIds);
  }
  return q.execute();
}

export interface NewMatch {
  advisoryId: string;
  itemKind: 'device' | 'component';
  itemId: string;
  deviceId: string | null;
  verdict: MatchVerdict;
  version: string;
  dueDate: string;
}

/** Inserts matches in batches; returns the new rows' ids with their advisory and item. */
export async function insertMatches(rows: NewMatch[], at: Date) {
  const out: { id: string; advisory_id: string; item_id: string }[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    out.push(
      ...(await db()
        .insertInto('ops.vuln_match')
        .values(
          batch.map((m) => ({
            advisory_id: m.advisoryId,
            item_kind: m.itemKind,
            item_id: m.itemId,
            device_id: m.deviceId,
            verdict: m.verdict,
            version_seen: m.version.slice(0, 100),
            due_date: m.dueDate,
            first_matched_at: at,
            last_matched_at: at,
          })),
        )
        .onConflict((oc) => oc.columns(['advisory_id', 'item_id']).doNothing())
        .returning(['id', 'advisory_id', 'item_id'])
        .execute()),
    );
  }
  return out;
}

export async function refreshMatch(
  id: string,
  verdict: MatchVerdict,
  version: string,
  at: Date,
): Promise<void> {
  await db()
    .updateTable('ops.vuln_match')
    .set({
      current: true,
      verdict,
      version_seen: version.slice(0, 100),
      last_matched_at: at,
      resolved_at: null,
    })
    .where('id', '=', id)
    .execute();
}

export async function resolveMatches(ids: string[], at: Date): Promise<void> {
  for (let i = 0; i < ids.length; i += 1000)
    await db()
      .updateTable('ops.vuln_match')
      .set({ current: false, resolved_at: at })
      .where('id', 'in', ids.slice(i, i + 1000))
      .execute();
}

/** Critical matches not yet alerted, with what the email names. */
export async function unalertedCritical() {
  return db()
    .selectFrom('ops.vuln_match as m')
    .innerJoin('ops.vuln_advisory as a', 'a.id', 'm.advisory_id')
    .leftJoin('ops.inventory_item as i', 'i.item_id', 'm.item_id')
    .select([
      'm.id',
      'm.advisory_id',
      'a.external_id',
      'a.title',
      'a.cvss_score',
      'm.item_kind',
      'i.label',
      'm.version_seen',
      sql<string | null>`m.due_date::text`.as('due_date'),
    ])
    .where('m.current', '=', true)
    .where('m.alerted_at', 'is', null)
    .where('a.severity', '=', 'critical')
    .where('m.state', 'in', ['new', 'affected'])
    .orderBy('a.external_id')
    .orderBy('i.label')
    .execute();
}

export async function markAlerted(ids: string[], at: Date): Promise<void> {
  if (ids.length)
    await db().updateTable('ops.vuln_match').set({ alerted_at: at }).where('id', 'in', ids).execute();
}

/** Active staff in the given roles (the recipients of alerts). */
export async function staffIn(roles: readonly StaffRole[]): Promise<{ id: string; email: string }[]> {
  if (roles.length === 0) return [];
  return db()
    .selectFrom('ops.staff')
    .select(['id', 'email'])
    .where('status', '=', 'active')
    .where('role', 'in', [...roles])
    .orderBy('email')
    .execute();
}

export async function changeNumber(id: string): Promise<string | null> {
  const r = await db()
    .selectFrom('ops.config_change')
    .select('number')
    .where('id', '=', id)
    .executeTakeFirst();
  return r?.number ?? null;
}

export async function upsertFeedStatus(s: {
  url: string;
  at: Date;
  ok: boolean;
  error: string | null;
  imported: number;
}) {
  await db()
    .insertInto('ops.vuln_feed_status')
    .values({
      url: s.url,
      last_run_at: s.at,
      last_ok_at: s.ok ? s.at : null,
      last_error: s.error,
      imported: s.imported,
    })
    .onConflict((oc) =>
      oc.column('url').doUpdateSet({
        last_run_at: s.at,
        last_error: s.error,
        imported: s.imported,
        ...(s.ok ? { last_ok_at: s.at } : {}),
      }),
    )
    .execute();
}
