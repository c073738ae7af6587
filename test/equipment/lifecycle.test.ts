import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { addConnection, addPort, createNet, type NetFixture } from '../capacity/support.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, login, type LoggedIn, type TestPrincipal } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { caller, type Detail, type Item, type Problem } from './support.ts';

let p: TestPlatform;
let nocUser: TestPrincipal;
let noc: LoggedIn;
let security: LoggedIn;
let net: NetFixture;
let api: ReturnType<typeof caller>;

beforeAll(async () => {
  p = await createTestPlatform();
  api = caller(p);
  nocUser = await createStaffMember(p.db.database, { role: 'noc' });
  noc = await login(p.mgmt, p.db.database, nocUser);
  security = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'security' }));
  net = await createNet(p.db.database);
});
afterAll(async () => p?.close());

const move = (s: LoggedIn, deviceId: string, to: string, lang = 'en') =>
  api.call(s, 'POST', `/api/v1/equipment/devices/${deviceId}/transitions`, { to, reason: `to ${to}` }, lang);

describe(`equipment lifecycle (${engineName})`, () => {
  it('lists devices and components with location, owner and status; the view for advisories sees both', async () => {
    const comp = await api.ok<Detail>(noc, 'POST', '/api/v1/equipment/components', {
      deviceId: net.deviceId,
      kind: 'storage',
      storesData: true,
      vendor: 'Samsung',
      model: 'PM893 480GB',
      serial: `S${randomUUID().slice(0, 8)}`,
      firmwareVersion: 'JXTC404Q',
    });
    expect(comp.item).toMatchObject({
      kind: 'component',
      deviceId: net.deviceId,
      status: 'planned',
      storesData: true,
    });
    expect(comp.history.map((h) => h.to)).toEqual(['planned']);
    await api.ok(noc, 'PATCH', `/api/v1/equipment/devices/${net.deviceId}`, {
      rack: 'R12',
      position: 'U20-21',
      ownerStaffId: nocUser.id,
      ownerTeam: 'NOC',
    });
    const list = await api.ok<Item[]>(noc, 'GET', `/api/v1/equipment/inventory?q=${net.hostname}`);
    const dev = list.find((i) => i.kind === 'device')!;
    expect(dev).toMatchObject({ rack: 'R12', position: 'U20-21', status: 'active', storesData: true });
    expect(dev.owner).toMatchObject({ staffId: nocUser.id, team: 'NOC' });
    // a fitted component sits where its device is
    const fitted = (await api.ok<Item[]>(noc, 'GET', '/api/v1/equipment/inventory?kind=component')).find(
      (i) => i.id === comp.item.id,
    )!;
    expect(fitted).toMatchObject({ rack: 'R12', pop: { code: net.popCode }, hostname: net.hostname });

    const view = await inTransaction(p.db.database, systemScope(), () =>
      db().selectFrom('ops.inventory_item').selectAll().where('device_id', '=', net.deviceId).execute(),
    );
    expect(view.map((v) => v.item_kind).sort()).toEqual(['component', 'device']);
    expect(view.find((v) => v.item_kind === 'component')).toMatchObject({
      vendor: 'Samsung',
      product: 'PM893 480GB',
      version: 'JXTC404Q',
    });
  });

  it('refuses to decommission a device in use, naming connections, tenants, virtual networks and ports (ja/en)', async () => {
    const portId = await addPort(p.db.database, net, 10_000, { name: 'xe-0/0/7' });
    const c1 = await addConnection(p.db.database, net, portId, 100);
    const c2 = await addConnection(p.db.database, net, portId, 200, 'disabled');
    const r = await move(noc, net.deviceId, 'decommissioning');
    expect(r.statusCode).toBe(409);
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    const body = r.json<
      Problem & {
        dependants: {
          connections: { id: string; serviceCode: string }[];
          tenants: number;
          virtualNetworks: { id: string }[];
          ports: { name: string }[];
        };
      }
    >();
    expect(body.code).toBe('device_in_use');
    expect(body.deviceId).toBe(net.deviceId);
    expect(body.dependants.connections.map((c) => c.id).sort()).toEqual([c1, c2].sort());
    expect(body.dependants.tenants).toBe(1);
    expect(body.dependants.virtualNetworks.map((v) => v.id)).toEqual([net.vnetId]);
    expect(body.dependants.ports.map((x) => x.name)).toEqual(['xe-0/0/7']);
    const code = body.dependants.connections[0]!.serviceCode;
    expect(body.detail).toContain(net.hostname);
    expect(body.detail).toContain(code);
    expect(body.detail).toContain('xe-0/0/7');
    const ja = (await move(noc, net.deviceId, 'decommissioning', 'ja')).json<Problem>();
    expect(ja.detail).toContain('まだ使われています');
    expect(ja.title).toContain('撤去');

    // the same rule holds through the network model's own device edit
    const viaNetwork = await api.call(noc, 'PATCH', `/api/v1/network/devices/${net.deviceId}`, {
      status: 'decommissioning',
    });
    expect(viaNetwork.statusCode).toBe(409);
    expect(viaNetwork.json<Problem>().code).toBe('device_in_use');

    const detail = await api.ok<Detail>(noc, 'GET', `/api/v1/equipment/devices/${net.deviceId}`);
    expect(detail.item.status).toBe('active');
    expect(detail.history).toEqual([]);

    // once the connections are gone the device may be decommissioned
    await inTransaction(p.db.database, systemScope(), () =>
      db().deleteFrom('customer.connection').where('id', 'in', [c1, c2]).execute(),
    );
    const okMove = await move(noc, net.deviceId, 'decommissioning');
    expect(okMove.statusCode, okMove.body).toBe(200);
    const after = okMove.json<Detail>();
    expect(after.item.status).toBe('decommissioning');
    expect(after.history[0]).toMatchObject({
      from: 'active',
      to: 'decommissioning',
      actor: { id: nocUser.id },
    });
    expect(after.history[0]!.at).toMatch(/\+09:00$/);
    expect(after.next).toEqual(['active', 'reused', 'disposed']);
  });

  it('enforces the allowed transitions and needs a completed record for disposed or reused', async () => {
    const other = await createNet(p.db.database);
    const bad = await move(noc, other.deviceId, 'reused');
    expect(bad.statusCode).toBe(409);
    expect(bad.json<Problem>()).toMatchObject({
      code: 'invalid_transition',
      allowed: ['maintenance', 'decommissioning'],
    });
    expect((await move(noc, other.deviceId, 'maintenance')).statusCode).toBe(200);
    expect((await move(noc, other.deviceId, 'decommissioning')).statusCode).toBe(200);
    const noRecord = await move(noc, other.deviceId, 'disposed');
    expect(noRecord.statusCode).toBe(409);
    expect(noRecord.json<Problem>().code).toBe('disposal_required');
    // the network model's edit cannot jump over the process either
    const jump = await api.call(noc, 'PATCH', `/api/v1/network/devices/${other.deviceId}`, {
      status: 'disposed',
    });
    expect(jump.json<Problem>().code).toBe('disposal_required');
    // back into service is allowed, and recorded
    const back = await api.ok<Detail>(
      noc,
      'POST',
      `/api/v1/equipment/devices/${other.deviceId}/transitions`,
      {
        to: 'active',
        reason: 'decommissioning called off',
      },
    );
    expect(back.history.map((h) => `${h.from}>${h.to}`)).toEqual([
      'decommissioning>active',
      'maintenance>decommissioning',
      'active>maintenance',
    ]);
  });

  it('is provider-side only, needs network.manage to change, audits, and answers 404 for unknown ids', async () => {
    expect((await p.portal.inject({ method: 'GET', url: '/api/v1/equipment/inventory' })).statusCode).toBe(
      404,
    );
    expect((await move(security, net.deviceId, 'active')).statusCode).toBe(403);
    const missing = await api.call(noc, 'GET', `/api/v1/equipment/devices/${randomUUID()}`);
    expect(missing.statusCode).toBe(404);
    expect((await move(noc, randomUUID(), 'active')).statusCode).toBe(404);
    expect((await api.call(noc, 'GET', `/api/v1/equipment/components/${net.deviceId}`)).statusCode).toBe(404);
    const audit = await inTransaction(p.db.database, systemScope(), () =>
      db()
        .selectFrom('audit.log')
        .select(['action', 'summary'])
        .where('target_id', '=', net.deviceId)
        .where('action', '=', 'equipment.device_transition')
        .execute(),
    );
    expect(audit.length).toBeGreaterThan(0);
  });

  it('refuses bad component input with field errors, never a 500', async () => {
    const r = await api.call(noc, 'POST', '/api/v1/equipment/components', {
      deviceId: randomUUID(),
      kind: 'storage',
      vendor: 'X',
      model: 'Y',
      serial: 'Z',
    });
    expect(r.statusCode).toBe(400);
    expect(r.json<Problem>().errors?.[0]).toMatchObject({ field: '/body/deviceId', code: 'unknown_device' });
    const spare = {
      kind: 'optic',
      vendor: 'Finisar',
      model: 'FTLX8574D3BCL',
      serial: `F${randomUUID().slice(0, 6)}`,
      popId: net.popId,
    };
    expect((await api.call(noc, 'POST', '/api/v1/equipment/components', spare)).statusCode).toBe(201);
    const dup = await api.call(noc, 'POST', '/api/v1/equipment/components', spare);
    expect(dup.statusCode).toBe(400);
    expect(dup.json<Problem>().errors?.[0]?.code).toBe('taken');
  });
});
