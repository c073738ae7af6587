import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createUser, login } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant } from '../support/factories.ts';

let p: TestPlatform;
beforeAll(async () => {
  p = await createTestPlatform();
});
afterAll(async () => p?.close());

describe(`services and connections (${engineName})`, () => {
  it("lists the tenant's services and connections, narrowed to a user's service-code scope", async () => {
    const a = await createTenant(p.db.database, { services: 3 });
    await createTenant(p.db.database, { services: 2 }); // another tenant's rows must not show
    const admin = await createUser(p.db.database, a.id, { role: 'admin' });
    const scoped = await createUser(p.db.database, a.id, {
      role: 'viewer',
      serviceScope: [a.serviceIds[1]!],
    });
    const sa = await login(p.portal, p.db.database, admin);
    const services = (await p.portal.inject({ url: '/api/v1/services', headers: sa.headers })).json<
      { id: string }[]
    >();
    expect(services.map((s) => s.id).sort()).toEqual([...a.serviceIds].sort());
    const conns = (await p.portal.inject({ url: '/api/v1/connections?limit=50', headers: sa.headers })).json<
      { id: string; createdAt: string }[]
    >();
    expect(conns.map((c) => c.id).sort()).toEqual([...a.connectionIds].sort());
    expect(conns[0]!.createdAt).toMatch(/\+09:00$/);
    const ss = await login(p.portal, p.db.database, scoped);
    const mine = (await p.portal.inject({ url: '/api/v1/connections', headers: ss.headers })).json<
      { service: { id: string } }[]
    >();
    expect(mine.map((c) => c.service.id)).toEqual([a.serviceIds[1]]);
  });

  it('refuses the lists without a session', async () => {
    expect((await p.portal.inject({ url: '/api/v1/services' })).statusCode).toBe(401);
  });
});
