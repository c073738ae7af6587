import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/context.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, createUser, login, type LoggedIn } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant } from '../support/factories.ts';
import { kit } from './virtual-fixtures.ts';

let p: TestPlatform;
let noc: LoggedIn;
let security: LoggedIn;
beforeAll(async () => {
  p = await createTestPlatform();
  noc = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'noc' }));
  security = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'security' }));
});
afterAll(async () => p?.close());
const { sys, mgmt, portal, auditOf } = kit(() => p);

interface Vnet {
  id: string;
  tenantId: string;
  name: string;
  vni: number;
  routeDistinguisher: string;
  routeTarget: string;
  namespace: string;
  connectionCount: number;
  owner: string;
  createdAt: string;
}

describe(`virtual networks (${engineName})`, () => {
  it('creates one with isolation ids derived from a fresh VNI, audited; renames it; lists it', async () => {
    const t = await createTenant(p.db.database);
    const r = await mgmt(noc, 'POST', `/api/v1/tenants/${t.id}/virtual-networks`, { name: ' 本社網 ' });
    expect(r.statusCode, r.body).toBe(201);
    const v = r.json<Vnet>();
    expect(v).toMatchObject({ tenantId: t.id, name: '本社網', owner: 'customer', connectionCount: 0 });
    expect(v.vni).toBeGreaterThanOrEqual(4096);
    expect(v.routeDistinguisher).toBe(`64512:${v.vni}`);
    expect(v.routeTarget).toBe(`target:64512:${v.vni}`);
    expect(v.namespace).toBe(`vn${v.vni}`);
    expect(v.createdAt).toMatch(/\+09:00$/);
    // the identifier row belongs to the tenant
    const iso = await sys(() =>
      db().selectFrom('ops.isolation_id').selectAll().where('vni', '=', v.vni).executeTakeFirstOrThrow(),
    );
    expect(iso).toMatchObject({ tenant_id: t.id, state: 'allocated' });
    expect((await auditOf(v.id)).map((a) => [a.action, a.actor_kind, a.tenant_id])).toEqual([
      ['virtual_network.create', 'staff', t.id],
    ]);

    const renamed = await mgmt(noc, 'PATCH', `/api/v1/virtual-networks/${v.id}`, { name: 'Main' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json<Vnet>()).toMatchObject({ name: 'Main', vni: v.vni });
    const list = await mgmt(security, 'GET', `/api/v1/tenants/${t.id}/virtual-networks`);
    expect(list.statusCode).toBe(200);
    expect(list.json<Vnet[]>().map((x) => x.name)).toEqual(['Main']);
    // a staff read of customer data is audited
    const reads = await sys(() =>
      db()
        .selectFrom('audit.log')
        .select('action')
        .where('action', '=', 'staff.read.listTenantVirtualNetworks')
        .execute(),
    );
    expect(reads.length).toBeGreaterThan(0);
  });

  it('refuses a duplicate name, a blank or control-character name, and unknown ids, in ja and en', async () => {
    const t = await createTenant(p.db.database);
    await mgmt(noc, 'POST', `/api/v1/tenants/${t.id}/virtual-networks`, { name: 'A' });
    const dup = await mgmt(noc, 'POST', `/api/v1/tenants/${t.id}/virtual-networks`, { name: 'A' }, 'ja');
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'conflict', errors: [{ field: '/body/name', code: 'taken' }] });
    expect(dup.json<{ errors: { message: string }[] }>().errors[0]!.message).toMatch(/すでに使われています/);
    const blank = await mgmt(noc, 'POST', `/api/v1/tenants/${t.id}/virtual-networks`, { name: '  ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: '/body/name', code: 'required' }],
    });
    const ctl = await mgmt(noc, 'POST', `/api/v1/tenants/${t.id}/virtual-networks`, { name: 'a\u0007b' });
    expect(ctl.json()).toMatchObject({ errors: [{ field: '/body/name', code: 'control' }] });
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const [method, url, body] of [
      ['POST', `/api/v1/tenants/${missing}/virtual-networks`, { name: 'x' }],
      ['GET', `/api/v1/tenants/${missing}/virtual-networks`, undefined],
      ['PATCH', `/api/v1/virtual-networks/${missing}`, { name: 'x' }],
      ['DELETE', `/api/v1/virtual-networks/${missing}`, undefined],
    ] as const) {
      const r = await mgmt(noc, method, url, body);
      expect(r.statusCode, `${method} ${url}`).toBe(404);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
    }
  });

  it('needs network.manage to write and network.read to read', async () => {
    const t = await createTenant(p.db.database);
    const r = await mgmt(security, 'POST', `/api/v1/tenants/${t.id}/virtual-networks`, { name: 'x' });
    expect(r.statusCode).toBe(403);
  });

  it('deletes only without connections; the VNI stays with the tenant and is not handed out again', async () => {
    const t = await createTenant(p.db.database);
    const v = (
      await mgmt(noc, 'POST', `/api/v1/tenants/${t.id}/virtual-networks`, { name: 'gone' })
    ).json<Vnet>();
    // a connection in it (written directly: placement is tested in connections.test.ts)
    await sys(() =>
      db()
        .updateTable('customer.connection')
        .set({ virtual_network_id: v.id })
        .where('id', '=', t.connectionIds[0]!)
        .execute(),
    );
    const refused = await mgmt(noc, 'DELETE', `/api/v1/virtual-networks/${v.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'in_use' });
    await sys(() =>
      db()
        .updateTable('customer.connection')
        .set({ virtual_network_id: null })
        .where('id', '=', t.connectionIds[0]!)
        .execute(),
    );
    const del = await mgmt(noc, 'DELETE', `/api/v1/virtual-networks/${v.id}`);
    expect(del.statusCode, del.body).toBe(204);
    const iso = await sys(() =>
      db().selectFrom('ops.isolation_id').selectAll().where('vni', '=', v.vni).executeTakeFirstOrThrow(),
    );
    expect(iso).toMatchObject({ tenant_id: t.id, state: 'allocated' });
    const again = (
      await mgmt(noc, 'POST', `/api/v1/tenants/${t.id}/virtual-networks`, { name: 'gone' })
    ).json<Vnet>();
    expect(again.vni).not.toBe(v.vni);
    expect((await auditOf(v.id)).map((a) => a.action)).toEqual([
      'virtual_network.create',
      'virtual_network.delete',
    ]);
  });

  it('is not reachable from the portal: customers list only their own virtual networks', async () => {
    const a = await createTenant(p.db.database);
    const b = await createTenant(p.db.database);
    const va = (
      await mgmt(noc, 'POST', `/api/v1/tenants/${a.id}/virtual-networks`, { name: 'A-net' })
    ).json<Vnet>();
    await mgmt(noc, 'POST', `/api/v1/tenants/${b.id}/virtual-networks`, { name: 'B-net' });
    const sb = await login(p.portal, p.db.database, await createUser(p.db.database, b.id));
    const list = await portal(sb, 'GET', '/api/v1/virtual-networks');
    expect(list.statusCode).toBe(200);
    expect(list.json<{ name: string }[]>().map((v) => v.name)).toEqual(['B-net']);
    // the management routes do not exist on the portal listener
    for (const url of [
      `/api/v1/tenants/${a.id}/virtual-networks`,
      `/api/v1/virtual-networks/${va.id}`,
      `/api/v1/tenants/${a.id}/pools`,
      '/api/v1/placement/ports',
    ]) {
      const r = await portal(sb, 'GET', url);
      expect(r.statusCode, url).toBe(404);
    }
    expect(JSON.stringify(list.json())).not.toMatch(/vni|routeTarget|namespace/);
  });
});
