import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope, tenantScope, type Actor } from '../../src/db/context.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../support/db.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';

let t: TestDatabase;
let a: TenantFixture;
let b: TenantFixture;
const actorOf = (tenantId: string): Actor => ({ kind: 'customer', id: null, tenantId });

beforeAll(async () => {
  t = await createTestDatabase();
  a = await createTenant(t.database);
  b = await createTenant(t.database);
});
afterAll(async () => t?.close());

describe(`tenant isolation (${engineName})`, () => {
  it('puts every customer table under tenant_id, forced RLS and a tenant policy', async () => {
    const tables = await inTransaction(t.database, systemScope(), async () => {
      const r = await sql<{
        table: string;
        rls: boolean;
        force: boolean;
        has_tenant: boolean;
        policies: string[] | null;
      }>`
        SELECT c.relname AS table, c.relrowsecurity AS rls, c.relforcerowsecurity AS force,
               EXISTS (SELECT 1 FROM information_schema.columns col
                        WHERE col.table_schema = 'customer' AND col.table_name = c.relname
                          AND col.column_name = 'tenant_id' AND col.is_nullable = 'NO') AS has_tenant,
               (SELECT array_agg(p.policyname::text) FROM pg_policies p
                 WHERE p.schemaname = 'customer' AND p.tablename = c.relname
                   AND p.qual LIKE '%current_setting(''app.tenant_id''%') AS policies
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'customer' AND c.relkind IN ('r', 'p')
         ORDER BY c.relname`.execute(db());
      return r.rows;
    });
    expect(tables.length).toBeGreaterThanOrEqual(3);
    const bad = tables
      .filter((x) => !x.rls || !x.force || !x.has_tenant || !x.policies?.length)
      .map((x) => x.table);
    expect(
      bad,
      `customer tables lacking tenant_id, forced RLS or a tenant policy: ${bad.join(', ')}`,
    ).toEqual([]);
  });

  it("shows tenant A's context no row of tenant B, in any customer table", async () => {
    const seen = await inTransaction(t.database, tenantScope(a.id, actorOf(a.id)), async () => ({
      contracts: await db().selectFrom('customer.contract').select('tenant_id').execute(),
      services: await db().selectFrom('customer.service').select('tenant_id').execute(),
      connections: await db().selectFrom('customer.connection').select(['id', 'tenant_id']).execute(),
    }));
    expect(seen.services.length).toBe(a.serviceIds.length);
    for (const rows of Object.values(seen)) for (const r of rows) expect(r.tenant_id).toBe(a.id);
    // even asking for B's ids by primary key finds nothing
    const direct = await inTransaction(t.database, tenantScope(a.id, actorOf(a.id)), () =>
      db().selectFrom('customer.connection').selectAll().where('id', 'in', b.connectionIds).execute(),
    );
    expect(direct).toEqual([]);
  });

  it("refuses to write a row into another tenant's data", async () => {
    await expect(
      inTransaction(t.database, tenantScope(a.id, actorOf(a.id)), () =>
        db()
          .insertInto('customer.connection')
          .values({
            tenant_id: b.id,
            service_id: b.serviceIds[0]!,
            name: 'intruder',
            kind: 'ipsec',
            bandwidth_mbps: 10,
          })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    const changed = await inTransaction(t.database, tenantScope(a.id, actorOf(a.id)), async () => {
      const r = await db()
        .updateTable('customer.service')
        .set({ label: 'hijacked' })
        .where('tenant_id', '=', b.id)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    });
    expect(changed).toBe(0);
  });

  it('shows nothing without a tenant context, and nothing after the transaction ends', async () => {
    const none = await inTransaction(
      t.database,
      { actor: { kind: 'anonymous', id: null, tenantId: null }, tenantId: null, providerAccess: false },
      () => db().selectFrom('customer.service').select('id').execute(),
    );
    expect(none).toEqual([]);
  });

  it('keeps concurrent transactions of two tenants apart', async () => {
    const runs = Array.from({ length: 20 }, (_, i) => {
      const tenant = i % 2 ? a : b;
      return inTransaction(t.database, tenantScope(tenant.id, actorOf(tenant.id)), async () => {
        const first = await db().selectFrom('customer.service').select('tenant_id').execute();
        await new Promise((r) => setTimeout(r, 2));
        const second = await db().selectFrom('customer.service').select('tenant_id').execute();
        return { tenant: tenant.id, ids: [...first, ...second].map((r) => r.tenant_id) };
      });
    });
    for (const r of await Promise.all(runs)) {
      expect(r.ids.length).toBeGreaterThan(0);
      expect(new Set(r.ids)).toEqual(new Set([r.tenant]));
    }
  });

  it('lets provider access read every tenant, and on the embedded engine only through its own role', async () => {
    const all = await inTransaction(t.database, systemScope(), () =>
      db().selectFrom('customer.service').select('tenant_id').distinct().execute(),
    );
    expect(all.map((r) => r.tenant_id)).toEqual(expect.arrayContaining([a.id, b.id]));
    const roles = await inTransaction(t.database, systemScope(), async () => {
      const r = await sql<{ roles: string[] }>`
        SELECT DISTINCT roles::text[] AS roles FROM pg_policies WHERE policyname = 'provider_access'`.execute(
        db(),
      );
      return r.rows.map((x) => x.roles);
    });
    if (engineName === 'pglite') {
      // migration 0034: a tenant's statement plans one policy; the setting alone opens nothing
      expect(roles).toEqual([['pva_provider']]);
      const seen = await inTransaction(t.database, tenantScope(a.id, actorOf(a.id)), async () => {
        await sql`SET LOCAL app.provider_access = 'on'`.execute(db());
        return db().selectFrom('customer.service').select('tenant_id').distinct().execute();
      });
      expect(seen.map((r) => r.tenant_id)).toEqual([a.id]);
    } else {
      // PostgreSQL: the application's role may not create roles; the setting decides
      expect(roles).toEqual([['public']]);
    }
  });

  it('does not run database access outside a transaction scope', () => {
    expect(() => db()).toThrow(/no transaction in scope/);
  });
});
