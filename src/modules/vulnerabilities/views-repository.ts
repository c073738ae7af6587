import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import type { AdvisorySeverity } from './model.ts';

/** Read models of the console: advisories with their match counts, matches with item and advisory. */

export async function listAdvisories(f: {
  q?: string | undefined;
  severity?: AdvisorySeverity | undefined;
  limit: number;
}) {
  let q = db()
    .selectFrom('ops.vuln_advisory as a')
    .leftJoin('ops.vuln_match as m', (j) => j.onRef('m.advisory_id', '=', 'a.id').on('m.current', '=', true))
    .select([
      'a.id',
      'a.source',
      'a.external_id',
      'a.revision',
      'a.title',
      'a.severity',
      'a.cvss_score',
      'a.cves',
      'a.publisher',
      'a.published_at',
      'a.imported_at',
      'a.updated_at',
      sql<number>`count(m.id)::int`.as('matched'),
      sql<number>`count(m.id) FILTER (WHERE m.state IN ('new', 'affected'))::int`.as('open'),
    ])
    .groupBy('a.id');
  if (f.severity) q = q.where('a.severity', '=', f.severity);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb('a.external_id', 'ilike', like),
        eb('a.title', 'ilike', like),
        eb(sql`a.cves::text`, 'ilike', like),
      ]),
    );
  }
  return q.orderBy('a.imported_at', 'desc').orderBy('a.id').limit(f.limit).execute();
}

export async function getAdvisory(id: string) {
  return db().selectFrom('ops.vuln_advisory').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface MatchFilter {
  advisoryId?: string | undefined;
  deviceId?: string | undefined;
  itemId?: string | undefined;
  open?: boolean | undefined;
  overdueBefore?: string | undefined;
  current?: boolean | undefined;
  matchId?: string | undefined;
  limit: number;
}

export async function listMatches(f: MatchFilter) {
  let q = db()
    .selectFrom('ops.vuln_match as m')
    .innerJoin('ops.vuln_advisory as a', 'a.id', 'm.advisory_id')
    .leftJoin('ops.inventory_item as i', 'i.item_id', 'm.item_id')
    .leftJoin('ops.config_change as c', 'c.id', 'm.change_id')
    .leftJoin('ops.staff as s', 's.id', 'm.assessed_by')
    .select([
      'm.id',
      'm.advisory_id',
      'a.external_id',
      'a.title',
      'a.severity',
      'a.cvss_score',
      'm.item_kind',
      'm.item_id',
      'm.device_id',
      'i.label',
      'i.vendor',
      'i.product',
      'i.version',
      'm.verdict',
      'm.version_seen',
      'm.current',
      'm.first_matched_at',
      'm.resolved_at',
      'm.state',
      'm.justification',
      'm.assessed_at',
      's.name as assessed_by_name',
      'm.assessed_by',
      sql<string | null>`m.due_date::text`.as('due_date'),
      'm.change_id',
      'c.number as change_number',
      'm.alerted_at',
    ]);
  if (f.matchId) q = q.where('m.id', '=', f.matchId);
  if (f.advisoryId) q = q.where('m.advisory_id', '=', f.advisoryId);
  if (f.deviceId) q = q.where('m.device_id', '=', f.deviceId);
  if (f.itemId) q = q.where('m.item_id', '=', f.itemId);
  if (f.current !== undefined) q = q.where('m.current', '=', f.current);
  if (f.open) q = q.where('m.current', '=', true).where('m.state', 'in', ['new', 'affected']);
  if (f.overdueBefore) q = q.where(sql<boolean>`m.due_date < ${f.overdueBefore}::date`);
  return q
    .orderBy(sql`m.current DESC`)
    .orderBy(
      sql`CASE a.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END`,
    )
    .orderBy('m.due_date')
    .orderBy('i.label')
    .limit(f.limit)
    .execute();
}
export type MatchRow = Awaited<ReturnType<typeof listMatches>>[number];

export async function assessmentHistory(matchId: string) {
  return db()
    .selectFrom('ops.vuln_assessment as h')
    .leftJoin('ops.staff as s', 's.id', 'h.assessed_by')
    .leftJoin('ops.config_change as c', 'c.id', 'h.change_id')
    .select([
      'h.id',
      'h.state',
      'h.justification',
      'h.change_id',
      'c.number as change_number',
      sql<string | null>`h.due_date::text`.as('due_date'),
      'h.assessed_by',
      's.name as assessed_by_name',
      'h.assessed_at',
    ])
    .where('h.match_id', '=', matchId)
    .orderBy('h.assessed_at')
    .orderBy('h.id')
    .execute();
}

export async function feedStatuses() {
  return db().selectFrom('ops.vuln_feed_status').selectAll().orderBy('url').execute();
}
