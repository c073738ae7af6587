import { sql } from 'kysely';
import { db } from '../../db/context.ts';
import type { NoticeRow } from './repository.ts';

/**
 * The customer side: a portal transaction sees only its tenant's recipient rows (row-level
 * security), and through them only the notices that reached the tenant. Announcements still in
 * draft never show.
 */

export type PortalNoticeRow = NoticeRow & {
  service_ids: string[];
  notified_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by_name: string | null;
  read_at: Date | null;
};

/** A user limited to some services sees a notice that touches one of them, or names none. */
const inScope = (scope: string[] | null) =>
  scope
    ? sql<boolean>`(cardinality(r.service_ids) = 0 OR r.service_ids && ${sql.val(scope)}::uuid[])`
    : sql<boolean>`true`;

function base(userId: string, scope: string[] | null) {
  return db()
    .selectFrom('customer.notice_recipient as r')
    .innerJoin('ops.notice as n', 'n.id', 'r.notice_id')
    .leftJoin('customer.app_user as u', 'u.id', 'r.acknowledged_by')
    .leftJoin('customer.notice_read as rd', (j) =>
      j.onRef('rd.notice_id', '=', 'r.notice_id').on('rd.user_id', '=', userId),
    )
    .selectAll('n')
    .select([
      'r.service_ids',
      'r.notified_at',
      'r.acknowledged_at',
      'u.name as acknowledged_by_name',
      'rd.read_at',
    ])
    .where('n.status', '<>', 'draft')
    .where(inScope(scope));
}

export async function listPortalNotices(f: {
  userId: string;
  scope: string[] | null;
  type?: 'announcement' | 'incident' | undefined;
  unread?: boolean | undefined;
  limit: number;
  offset: number;
}): Promise<PortalNoticeRow[]> {
  let q = base(f.userId, f.scope)
    .orderBy('r.notified_at', 'desc')
    .orderBy('n.number', 'desc')
    .limit(f.limit)
    .offset(f.offset);
  if (f.type === 'incident') q = q.where('n.kind', '=', 'incident');
  if (f.type === 'announcement') q = q.where('n.kind', '<>', 'incident');
  if (f.unread) q = q.where('rd.read_at', 'is', null);
  return await q.execute();
}

export async function getPortalNotice(
  id: string,
  userId: string,
  scope: string[] | null,
): Promise<PortalNoticeRow | undefined> {
  return await base(userId, scope).where('n.id', '=', id).executeTakeFirst();
}

export async function countUnread(userId: string, scope: string[] | null): Promise<number> {
  const r = await db()
    .selectFrom('customer.notice_recipient as r')
    .innerJoin('ops.notice as n', 'n.id', 'r.notice_id')
    .leftJoin('customer.notice_read as rd', (j) =>
      j.onRef('rd.notice_id', '=', 'r.notice_id').on('rd.user_id', '=', userId),
    )
    .select(sql<string>`count(*)::text`.as('n'))
    .where('n.status', '<>', 'draft')
    .where('rd.read_at', 'is', null)
    .where(inScope(scope))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function markRead(noticeId: string, tenantId: string, userId: string): Promise<void> {
  await db()
    .insertInto('customer.notice_read')
    .values({ notice_id: noticeId, tenant_id: tenantId, user_id: userId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Records the first acknowledgement; false when the tenant had already acknowledged. */
export async function acknowledge(noticeId: string, userId: string, at: Date): Promise<boolean> {
  const r = await db()
    .updateTable('customer.notice_recipient')
    .set({ acknowledged_by: userId, acknowledged_at: at })
    .where('notice_id', '=', noticeId)
    .where('acknowledged_at', 'is', null)
    .returning('notice_id')
    .executeTakeFirst();
  return r !== undefined;
}

/** The services of the tenant with the labels its users gave them. */
export async function tenantServices(
  ids: string[],
): Promise<Map<string, { code: string; label: string; type: string }>> {
  if (!ids.length) return new Map();
  const rows = await db()
    .selectFrom('customer.service')
    .select(['id', 'code', 'label', 'type'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Maintenance windows that reached the tenant, for its calendar feed. */
export async function feedNotices(): Promise<(NoticeRow & { service_ids: string[] })[]> {
  return await db()
    .selectFrom('customer.notice_recipient as r')
    .innerJoin('ops.notice as n', 'n.id', 'r.notice_id')
    .selectAll('n')
    .select('r.service_ids')
    .where('n.kind', '=', 'maintenance')
    .where('n.status', '<>', 'draft')
    .orderBy('n.window_start')
    .limit(1000)
    .execute();
}

export interface FeedTokenRow {
  id: string;
  tenant_id: string;
  created_at: Date;
  created_by_name: string | null;
  last_used_at: Date | null;
}

export async function liveFeedToken(): Promise<FeedTokenRow | undefined> {
  return db()
    .selectFrom('customer.notice_feed_token as f')
    .leftJoin('customer.app_user as u', 'u.id', 'f.created_by')
    .select(['f.id', 'f.tenant_id', 'f.created_at', 'u.name as created_by_name', 'f.last_used_at'])
    .where('f.revoked_at', 'is', null)
    .executeTakeFirst();
}

/** Revokes the tenant's live token (RLS limits the update to the tenant); returns its id. */
export async function revokeFeedToken(at: Date): Promise<string | undefined> {
  const r = await db()
    .updateTable('customer.notice_feed_token')
    .set({ revoked_at: at })
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return r?.id;
}

export async function insertFeedToken(tenantId: string, hash: string, userId: string): Promise<string> {
  const r = await db()
    .insertInto('customer.notice_feed_token')
    .values({
      tenant_id: tenantId,
      token_hash: hash,
      created_by: userId,
      revoked_at: null,
      last_used_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Provider-side lookup of a presented feed token (the feed has no session to name the tenant). */
export async function findFeedToken(hash: string): Promise<{ id: string; tenant_id: string } | undefined> {
  return db()
    .selectFrom('customer.notice_feed_token')
    .select(['id', 'tenant_id'])
    .where('token_hash', '=', hash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function touchFeedToken(id: string, at: Date): Promise<void> {
  await db()
    .updateTable('customer.notice_feed_token')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .execute();
}
