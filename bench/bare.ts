import Fastify from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { Database } from '../src/db/client.ts';
import { ConnectionOut, connectionOut, type ConnectionRow } from '../src/modules/services/schema.ts';

export type BareApp = ReturnType<typeof buildBareApp>;

export const BARE_PATH = '/bare/connections';

/** The query string of GET /api/v1/connections (src/modules/services/routes.ts), copied. */
export const Paging = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});

/** The route's own response schema and JSON mapping: only the SELECT is copied. */
export const Connection = ConnectionOut;
export const toJson = (rows: ConnectionRow[]) => rows.map(connectionOut);

/**
 * listConnections' SELECT as Kysely compiles it (src/modules/services/repository.ts), with the
 * tenant filter that row-level security adds written out, run outside any transaction. The
 * bench checks before timing that both routes answer the same bytes, so a drift of the real
 * query or mapping stops the run instead of skewing it.
 */
export async function bareList(
  database: Database,
  tenantId: string,
  limit: number,
  offset: number,
): Promise<ConnectionRow[]> {
  const { rows } = await sql<ConnectionRow>`
    select "n"."id", "n"."name", "n"."kind", "n"."bandwidth_mbps", "n"."status", "n"."created_at",
           "s"."id" as "service_id", "s"."code" as "service_code", "s"."label" as "service_label"
    from "customer"."connection" as "n"
    inner join "customer"."service" as "s" on "s"."id" = "n"."service_id"
    where "n"."tenant_id" = ${tenantId} and "s"."tenant_id" = ${tenantId}
    order by "n"."created_at", "n"."id"
    limit ${limit} offset ${offset}`.execute(database.kysely);
  return rows;
}

/**
 * The baseline: a plain Fastify instance (no auth, no transaction, no row-level security, none
 * of the portal's hooks) with one route that runs the same SELECT on the same database through
 * the same driver and answers the same JSON (the route's own mapping) with the same request and
 * response schemas.
 */
export function buildBareApp(database: Database, tenantId: string, tls: { key: string; cert: string }) {
  const app = Fastify({
    logger: false,
    https: { ...tls, minVersion: 'TLSv1.2' },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    BARE_PATH,
    { schema: { querystring: Paging, response: { 200: Type.Array(Connection) } } },
    async (req) => toJson(await bareList(database, tenantId, req.query.limit, req.query.offset)),
  );
  return app;
}
