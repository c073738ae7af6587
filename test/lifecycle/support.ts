import { sql } from 'kysely';
import type { Database } from '../../src/db/client.ts';
import type { Config } from '../../src/config.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { zonedDate } from '../../src/lib/time.ts';
import { createSession } from '../../src/modules/identity/sessions.ts';
import { requestTermination, stopServices } from '../../src/modules/lifecycle/service.ts';
import { sealSecret } from '../../src/modules/tenancy/keys.ts';
import { seedSeries } from '../../src/modules/traffic/demo.ts';
import { createStaffMember, createUser } from '../support/auth.ts';
import { createTenant } from '../support/factories.ts';

export const sys = <T>(database: Database, fn: () => Promise<T>): Promise<T> =>
  inTransaction(database, systemScope(), fn);

/** Every table with a tenant_id column, read from the catalogue (so tables added later count too). */
export async function tenantTables(schema?: string): Promise<string[]> {
  const r = await sql<{ name: string }>`
    SELECT quote_ident(c.table_schema) || '.' || quote_ident(c.table_name) AS name
      FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.column_name = 'tenant_id' AND t.table_type = 'BASE TABLE'
       AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
       AND (${schema ?? null}::text IS NULL OR c.table_schema = ${schema ?? null})
       AND NOT EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class k ON k.oid = i.inhrelid
                        JOIN pg_namespace n ON n.oid = k.relnamespace
                       WHERE n.nspname = c.table_schema AND k.relname = c.table_name)
     ORDER BY 1`.execute(db());
  return r.rows.map((x) => x.name);
}

/** Rows per table for one tenant. */
export async function rowsOf(tenantId: string, tables: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) {
    const r = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM ${sql.raw(t)} WHERE tenant_id = ${tenantId}::uuid`.execute(db());
    out[t] = r.rows[0]!.n;
  }
  return out;
}

/** Rows of the traffic series (tables without tenant_id) for some connections. */
export async function trafficRows(connectionIds: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['raw', '5m', '1h', '1d', 'month', 'interface']) {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.raw(`ops.traffic_${t}`)}
       WHERE connection_id = ANY(${connectionIds}::uuid[])`.execute(db());
    out[t] = r.rows[0]!.n;
  }
  return out;
}

/**
 * A tenant with `connections` connections, `days` days of 5-minute traffic each, an
 * administrator and an operator with sessions, terminated today by staff and stopped.
 */
export async function seedStoppedTenant(
  database: Database,
  config: Config,
  opts: { connections: number; days: number },
): Promise<{ tenantId: string; terminationId: string; connectionIds: string[]; adminLogin: string }> {
  const t = await createTenant(database, { services: opts.connections });
  const admin = await createUser(database, t.id, { role: 'admin' });
  const operator = await createUser(database, t.id, { role: 'operator' });
  const staff = await createStaffMember(database);
  const now = new Date();
  const terminationId = await sys(database, async () => {
    for (const id of t.connectionIds)
      await seedSeries(id, now, opts.days, { baseBps: 1e7, growth: 0.1, outRatio: 1 });
    for (const u of [admin, operator])
      await createSession({
        kind: 'customer',
        principalId: u.id,
        tenantId: t.id,
        stage: 'full',
        idleS: 900,
        ip: '192.0.2.1',
        userAgent: 'test',
      });
    await sealSecret(config, t.id, 'psk:x', 'secret');
    const term = await requestTermination(
      config,
      { tenantId: t.id, terminationDate: zonedDate(now) },
      { kind: 'staff', id: staff.id },
      'en',
      now,
    );
    await stopServices(term.id, new Date(term.stop_at.getTime() + 1000));
    return term.id;
  });
  return { tenantId: t.id, terminationId, connectionIds: t.connectionIds, adminLogin: admin.login };
}
