import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { seedChangeRequests } from '../../src/modules/changes/demo.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, createUser, login, type TestPrincipal } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant } from '../support/factories.ts';

let p: TestPlatform;
beforeAll(async () => {
  p = await createTestPlatform();
});
afterAll(async () => p?.close());

describe(`change request demo data (${engineName})`, () => {
  it('seeds a request in every status, with timelines, and an executed change linked in the audit', async () => {
    const tenants = [
      await createTenant(p.db.database, { services: 4 }),
      await createTenant(p.db.database, { services: 2 }),
      await createTenant(p.db.database, { services: 1 }),
    ];
    const users: TestPrincipal[] = [];
    for (const t of tenants) users.push(await createUser(p.db.database, t.id));
    const staff = await createStaffMember(p.db.database);
    const n = await inTransaction(p.db.database, systemScope(), () =>
      seedChangeRequests(
        tenants.map((t, i) => ({ tenantId: t.id, requesterId: users[i]!.id, serviceIds: t.serviceIds })),
        staff.id,
      ),
    );
    expect(n).toBe(8);
    const rows = await inTransaction(p.db.database, systemScope(), () =>
      db()
        .selectFrom('customer.change_request')
        .select(['id', 'status', 'tenant_id', 'kind'])
        .where(
          'tenant_id',
          'in',
          tenants.map((t) => t.id),
        )
        .execute(),
    );
    expect(new Set(rows.map((r) => r.status))).toEqual(
      new Set(['submitted', 'approved', 'rejected', 'executed', 'withdrawn']),
    );
    // the customer sees them through the API, with a timeline that ends in the current status
    const s = await login(p.portal, p.db.database, users[0]!);
    const list = (await p.portal.inject({ url: '/api/v1/change-requests', headers: s.headers })).json<
      { id: string; status: string }[]
    >();
    expect(list).toHaveLength(5);
    for (const cr of list) {
      const d = (
        await p.portal.inject({ url: `/api/v1/change-requests/${cr.id}`, headers: s.headers })
      ).json<{ status: string; timeline: { toStatus: string }[] }>();
      expect(d.timeline.at(-1)!.toStatus).toBe(d.status);
    }
    // the executed bandwidth change of the second tenant went through the service edit path
    const executed = rows.find((r) => r.tenant_id === tenants[1]!.id && r.status === 'executed')!;
    const audit = await inTransaction(p.db.database, systemScope(), () =>
      db()
        .selectFrom('audit.log')
        .select(['summary'])
        .where('action', '=', 'service.bandwidth.change')
        .where('tenant_id', '=', tenants[1]!.id)
        .execute(),
    );
    expect(audit.map((a) => a.summary.change_request)).toEqual([executed.id]);
  });
});
