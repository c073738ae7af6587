import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { createStaffMember, createUser } from '../support/auth.ts';
import { createTenant } from '../support/factories.ts';
import { createDevices } from '../vulnerabilities/support.ts';
import { check, db, sys } from './support.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

describe('identity.mfa (9.2.3)', () => {
  it('passes when every administrator and staff member has MFA, warns before first login, fails after', async () => {
    const tenant = await createTenant(t.database, { services: 1 });
    await createUser(t.database, tenant.id, { role: 'admin' });
    await createUser(t.database, tenant.id, { role: 'viewer', totp: false }); // not privileged: not counted
    await createStaffMember(t.database, { role: 'noc' });
    let r = await check(t.database, 'identity.mfa');
    expect(r.status).toBe('pass');
    expect(r.figures).toMatchObject({ adminsTotal: 1, adminsWithMfa: 1, staffTotal: 1, sharePct: 100 });

    const pending = await createUser(t.database, tenant.id, { role: 'admin', totp: false });
    r = await check(t.database, 'identity.mfa');
    expect(r.status).toBe('warn');
    expect(r.figures).toMatchObject({
      adminsTotal: 2,
      adminsWithMfa: 1,
      withoutMfa: 1,
      loggedInWithoutMfa: 0,
    });
    expect(r.objects.map((o) => o.id)).toEqual([pending.id]);

    // the administrator's MFA was removed after they had logged in: the control is broken
    const admin = await createUser(t.database, tenant.id, { role: 'admin' });
    await sys(t.database, async () => {
      await db().deleteFrom('iam.totp').where('principal_id', '=', admin.id).execute();
      await db()
        .updateTable('customer.app_user')
        .set({ last_login_at: new Date() })
        .where('id', '=', admin.id)
        .execute();
    });
    r = await check(t.database, 'identity.mfa');
    expect(r.status).toBe('fail');
    expect(r.figures.loggedInWithoutMfa).toBe(1);
    expect(r.summary.en).toContain('MFA enrolled: 50% (customer administrators 1/3, staff 1/1)');

    // a passkey counts as MFA
    await sys(t.database, async () => {
      for (const id of [pending.id, admin.id])
        await db()
          .insertInto('iam.passkey')
          .values({
            id: `pk-${id}`,
            principal_kind: 'customer',
            principal_id: id,
            tenant_id: tenant.id,
            public_key: 'x',
          })
          .execute();
    });
    r = await check(t.database, 'identity.mfa');
    expect(r.status).toBe('pass');
  });
});

describe('identity.ip-allowlist (9.2.3)', () => {
  it('passes when every active tenant has an administrator allowlist and warns otherwise', async () => {
    const all = await sys(t.database, () =>
      db().selectFrom('ops.tenant').select('id').where('status', '=', 'active').execute(),
    );
    await sys(t.database, async () => {
      for (const x of all)
        await db()
          .insertInto('customer.tenant_setting')
          .values({ tenant_id: x.id, ip_allowlist: ['192.0.2.0/24'] })
          .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ ip_allowlist: ['192.0.2.0/24'] }))
          .execute();
    });
    let r = await check(t.database, 'identity.ip-allowlist');
    expect(r.status).toBe('pass');
    const bare = await createTenant(t.database, { services: 1 });
    r = await check(t.database, 'identity.ip-allowlist');
    expect(r.status).toBe('warn');
    expect(r.objects.map((o) => o.id)).toEqual([bare.id]);
    expect(r.figures.tenantsWithAllowlist).toBe(all.length);
  });
});

describe('tenancy.rls (8.1.1, CLD.9.5.1)', () => {
  it('passes on the migrated schema, warns when a table is not forced, fails without RLS', async () => {
    let r = await check(t.database, 'tenancy.rls');
    expect(r.status).toBe('pass');
    expect(Number(r.figures.tables)).toBeGreaterThan(10);
    await t.database.runScript('ALTER TABLE customer.service NO FORCE ROW LEVEL SECURITY');
    r = await check(t.database, 'tenancy.rls');
    expect(r.status).toBe('warn');
    expect(r.objects.map((o) => o.id)).toEqual(['customer.service']);
    await t.database.runScript('ALTER TABLE customer.service FORCE ROW LEVEL SECURITY');
    await t.database.runScript('CREATE TABLE customer.compliance_probe (id int PRIMARY KEY)');
    r = await check(t.database, 'tenancy.rls');
    expect(r.status).toBe('fail');
    expect(r.objects[0]!.note!.en).toContain('no tenant_id column');
    await t.database.runScript('DROP TABLE customer.compliance_probe');
    expect((await check(t.database, 'tenancy.rls')).status).toBe('pass');
  });
});

describe('network.mgmt-segregation (CLD.9.5.1, 13.1.3)', () => {
  it('passes apart, warns on a device outside its management network, fails on an overlap', async () => {
    const [deviceId] = await createDevices(t.database, [{ vendor: 'Linux', model: 'x', os: '6.1' }]);
    let r = await check(t.database, 'network.mgmt-segregation');
    expect(r.status).toBe('pass');
    await sys(t.database, () =>
      db()
        .updateTable('ops.device')
        .set({ mgmt_address: '198.51.100.7' })
        .where('id', '=', deviceId!)
        .execute(),
    );
    r = await check(t.database, 'network.mgmt-segregation');
    expect(r.status).toBe('warn');
    expect(r.objects.map((o) => o.id)).toEqual([deviceId]);
    const mgmt = await sys(t.database, () =>
      db()
        .selectFrom('ops.device as d')
        .innerJoin('ops.mgmt_network as m', 'm.id', 'd.mgmt_network_id')
        .select(sql<string>`m.prefix::text`.as('prefix'))
        .where('d.id', '=', deviceId!)
        .executeTakeFirstOrThrow(),
    );
    const tenant = await createTenant(t.database, { services: 1 });
    await sys(t.database, () =>
      sql`UPDATE customer.connection SET customer_subnets = ARRAY[${mgmt.prefix}::cidr] WHERE id = ${tenant.connectionIds[0]}`.execute(
        db(),
      ),
    );
    r = await check(t.database, 'network.mgmt-segregation');
    expect(r.status).toBe('fail');
    expect(r.objects.find((o) => o.kind === 'connection')?.id).toBe(tenant.connectionIds[0]);
  });
});
