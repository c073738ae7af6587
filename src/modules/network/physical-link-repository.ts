import { sql } from 'kysely';
import { db } from '../../db/context.ts';

/** SQL of links between ports (provider-owned, `ops`). */

const n = (v: unknown): number => Number(v ?? 0); // pg returns bigint as a string

export interface LinkRow {
  id: string;
  description: string;
  created_at: Date;
  a_port_id: string;
  a_port: string;
  a_device_id: string;
  a_hostname: string;
  a_pop: string;
  a_capacity: number;
  b_port_id: string;
  b_port: string;
  b_device_id: string;
  b_hostname: string;
  b_pop: string;
  b_capacity: number;
}

export async function listLinks(filter: { id?: string; deviceId?: string } = {}): Promise<LinkRow[]> {
  const byId = filter.id ? sql`AND l.id = ${filter.id}` : sql``;
  const byDevice = filter.deviceId
    ? sql`AND (ad.id = ${filter.deviceId} OR bd.id = ${filter.deviceId})`
    : sql``;
  const r = await sql<LinkRow & { a_capacity: string; b_capacity: string }>`
    SELECT l.id, l.description, l.created_at,
      ap.id AS a_port_id, ap.name AS a_port, ad.id AS a_device_id, ad.hostname AS a_hostname,
      apop.code AS a_pop, ap.capacity_mbps::text AS a_capacity,
      bp.id AS b_port_id, bp.name AS b_port, bd.id AS b_device_id, bd.hostname AS b_hostname,
      bpop.code AS b_pop, bp.capacity_mbps::text AS b_capacity
    FROM ops.link l
    JOIN ops.port ap ON ap.id = l.a_port_id JOIN ops.device ad ON ad.id = ap.device_id
    JOIN ops.pop apop ON apop.id = ad.pop_id
    JOIN ops.port bp ON bp.id = l.b_port_id JOIN ops.device bd ON bd.id = bp.device_id
    JOIN ops.pop bpop ON bpop.id = bd.pop_id
    WHERE true ${byId} ${byDevice}
    ORDER BY ad.hostname, ap.name`.execute(db());
  return r.rows.map((x) => ({ ...x, a_capacity: n(x.a_capacity), b_capacity: n(x.b_capacity) }));
}

/** The link a port is an end of, if any. */
export async function linkOfPort(portId: string): Promise<string | undefined> {
  const r = await db()
    .selectFrom('ops.link')
    .select('id')
    .where((eb) => eb.or([eb('a_port_id', '=', portId), eb('b_port_id', '=', portId)]))
    .executeTakeFirst();
  return r?.id;
}

export async function insertLink(a: string, b: string, description: string): Promise<string> {
  const r = await db()
    .insertInto('ops.link')
    .values({ a_port_id: a, b_port_id: b, description })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function lockLink(id: string) {
  return db().selectFrom('ops.link').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateLink(id: string, description: string): Promise<void> {
  await db().updateTable('ops.link').set({ description }).where('id', '=', id).execute();
}

export async function deleteLink(id: string): Promise<void> {
  await db().deleteFrom('ops.link').where('id', '=', id).execute();
}

/** Serialises link creation, so two concurrent requests cannot both link one port. */
export async function lockLinks(): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('pva:ops.link'))`.execute(db());
}
