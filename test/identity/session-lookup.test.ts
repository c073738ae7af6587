import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope, tenantScope } from '../../src/db/context.ts';
import { sha256 } from '../../src/modules/identity/crypto.ts';
import {
  createSession,
  lookupSession,
  revokeSession,
  touchSession,
} from '../../src/modules/identity/sessions.ts';
import { createStaffMember, createUser } from '../support/auth.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../support/db.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';

let t: TestDatabase;
let a: TenantFixture;
let b: TenantFixture;

beforeAll(async () => {
  t = await createTestDatabase();
  a = await createTenant(t.database);
  b = await createTenant(t.database);
});
afterAll(async () => t?.close());

const newSession = (kind: 'staff' | 'customer', principalId: string, tenantId: string | null) =>
  inTransaction(t.database, systemScope(), () =>
    createSession({
      kind,
      principalId,
      tenantId,
      stage: 'full',
      idleS: 600,
      ip: '192.0.2.1',
      userAgent: 'ua',
    }),
  );

describe(`authentication in one statement (${engineName})`, () => {
  it("reads a customer user's session with the user's role and service scope", async () => {
    const u = await createUser(t.database, a.id, { role: 'operator', serviceScope: [a.serviceIds[0]!] });
    const { token, csrf } = await newSession('customer', u.id, a.id);
    const found = await lookupSession(t.database, token);
    expect(found?.session.csrf_token).toBe(csrf);
    expect(found?.session.expires_at).toBeInstanceOf(Date);
    expect(found?.principal).toEqual({
      kind: 'customer',
      id: u.id,
      tenantId: a.id,
      role: 'operator',
      serviceScope: [a.serviceIds[0]],
      status: 'active',
      mustChangePassword: false,
    });
  });

  it("reads a staff member's session, and nothing for an unknown token", async () => {
    const s = await createStaffMember(t.database, { role: 'noc' });
    const { token } = await newSession('staff', s.id, null);
    const found = await lookupSession(t.database, token);
    expect(found?.principal).toMatchObject({ kind: 'staff', id: s.id, tenantId: null, role: 'noc' });
    expect(await lookupSession(t.database, `${token}x`)).toBeUndefined();
  });

  it('sees a disabled user as disabled at once', async () => {
    const u = await createUser(t.database, a.id);
    const { token } = await newSession('customer', u.id, a.id);
    // read once first: on the embedded engine this keeps the session in memory
    expect((await lookupSession(t.database, token))?.principal?.status).toBe('active');
    await inTransaction(t.database, systemScope(), () =>
      db().updateTable('customer.app_user').set({ status: 'disabled' }).where('id', '=', u.id).execute(),
    );
    expect((await lookupSession(t.database, token))?.principal?.status).toBe('disabled');
  });

  it('sees every change to a session or its principal at once, however it was written', async () => {
    const u = await createUser(t.database, a.id, { role: 'admin' });
    const other = await newSession('customer', u.id, a.id);
    const { token } = await newSession('customer', u.id, a.id);
    const hash = sha256(token);
    const look = async () => lookupSession(t.database, token);
    // a statement outside the application's code (provider access: PostgreSQL forces RLS on its owner)
    const statement = (stmt: string) =>
      t.database.runScript(`BEGIN; SET LOCAL app.provider_access = 'on'; ${stmt}; COMMIT`);
    expect((await look())?.principal?.role).toBe('admin');
    expect((await lookupSession(t.database, other.token))?.principal?.role).toBe('admin');

    // a role change made outside the application's code
    await statement(`UPDATE customer.app_user SET role = 'viewer' WHERE id = '${u.id}'`);
    expect((await look())?.principal?.role).toBe('viewer');
    // ... reaches every session of that principal
    expect((await lookupSession(t.database, other.token))?.principal?.role).toBe('viewer');

    await inTransaction(t.database, systemScope(), () =>
      db().updateTable('iam.session').set({ stage: 'mfa' }).where('id_hash', '=', hash).execute(),
    );
    expect((await look())?.session.stage).toBe('mfa');

    const seen = new Date('2026-01-02T03:04:05Z');
    await inTransaction(t.database, systemScope(), () => touchSession(hash, seen));
    expect((await look())?.session.last_seen_at).toEqual(seen);

    await inTransaction(t.database, systemScope(), () => revokeSession(hash));
    expect((await look())?.session.revoked_at).toBeInstanceOf(Date);

    // a change rolled back is no change
    await expect(
      inTransaction(t.database, systemScope(), async () => {
        await db().updateTable('iam.session').set({ revoked_at: null }).where('id_hash', '=', hash).execute();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await look())?.session.revoked_at).toBeInstanceOf(Date);

    await statement(`DELETE FROM iam.session WHERE id_hash = '${hash}'`);
    expect(await look()).toBeUndefined();

    // the principal removed: its other session is kept in memory, then has no principal
    expect((await lookupSession(t.database, other.token))?.principal).not.toBeNull();
    await statement(`DELETE FROM customer.app_user WHERE id = '${u.id}'`);
    expect((await lookupSession(t.database, other.token))?.principal).toBeNull();
  });

  it("gives no provider access beyond its own lookup when called inside a tenant's transaction", async () => {
    const u = await createUser(t.database, b.id);
    const { token } = await newSession('customer', u.id, b.id);
    const seen = await inTransaction(
      t.database,
      tenantScope(a.id, { kind: 'customer', id: null, tenantId: a.id }),
      async () => {
        const looked = await sql<{
          principal_role: string;
        }>`select * from iam.session_principal(${sha256(token)})`.execute(db());
        const tenants = await db().selectFrom('customer.service').select('tenant_id').distinct().execute();
        const access = await sql<{
          v: string | null;
        }>`select current_setting('app.provider_access', true) as v`.execute(db());
        return {
          looked: looked.rows.length,
          tenants: tenants.map((r) => r.tenant_id),
          access: access.rows[0]?.v,
        };
      },
    );
    expect(seen.looked).toBe(1);
    expect(seen.tenants).toEqual([a.id]);
    expect(seen.access).toBe('off');
  });

  it('sets the scope of a transaction verbatim, quotes included', async () => {
    const actor = { kind: 'system' as const, id: "o'brien; drop table x; --", tenantId: null };
    const got = await inTransaction(t.database, systemScope({ actor }), async () => {
      const r = await sql<{ actor: string; access: string }>`select current_setting('app.actor') as actor,
        current_setting('app.provider_access') as access`.execute(db());
      return r.rows[0];
    });
    expect(got).toEqual({ actor: `system:${actor.id}`, access: 'on' });
  });
});
