import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/context.ts';
import { zonedDate } from '../../src/lib/time.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, createUser, login, type LoggedIn } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createPhysical, kit, type PhysicalFixture } from './virtual-fixtures.ts';

let p: TestPlatform;
let noc: LoggedIn;
let admin: LoggedIn;
let phys: PhysicalFixture;
beforeAll(async () => {
  p = await createTestPlatform();
  noc = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'noc' }));
  admin = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'admin' }));
  phys = await createPhysical(p, { ports: { a: 1000, b: 1000 }, oversubscription: 1 });
});
afterAll(async () => p?.close());
const { sys, mgmt, portal, auditOf, tenantWithNet, addService } = kit(() => p);

interface Conn {
  id: string;
  bandwidthMbps: number;
  status: string;
  handoffId: number | null;
  ipsec: { localId: string; peerAddress: string; auth: string } | null;
  pskSet: boolean;
  addressing: { ipv4: { prefix: string } | null; customerSubnets: string[] };
  placement: { port: { id: string } } | null;
  placementOverride: { reason: string } | null;
}

const A = () => phys.ports.a!;
const B = () => phys.ports.b!;
const clear = () =>
  sys(() => db().deleteFrom('customer.connection').where('port_id', 'in', [A(), B()]).execute());
const place = async (
  vnetId: string,
  serviceId: string,
  portId: string,
  mbps: number,
  extra: Record<string, unknown> = {},
) => {
  const r = await mgmt(noc, 'POST', `/api/v1/virtual-networks/${vnetId}/connections`, {
    serviceId,
    name: `c-${mbps}`,
    portId,
    bandwidthMbps: mbps,
    ipsec: { peerAddress: '203.0.113.30', auth: 'psk' },
    ...extra,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<Conn>();
};
const patch = (id: string, body: Record<string, unknown>) =>
  mgmt(noc, 'PATCH', `/api/v1/connections/${id}`, body);

describe(`changing connections (${engineName})`, () => {
  it('checks placement on a bandwidth increase and a port move, never on a decrease', async () => {
    await clear();
    const { t, vnetId } = await tenantWithNet(noc, { services: 0 });
    const s1 = await addService(t, 'ipsec', 1000);
    const s2 = await addService(t, 'ipsec', 1000);
    const big = await place(vnetId, s1, A(), 700);
    const small = await place(vnetId, s2, B(), 400);
    const up = await patch(big.id, { bandwidthMbps: 1001 });
    expect(up.statusCode).toBe(400); // over the service's contract (1000) first
    const upA = await patch(small.id, { portId: A() });
    expect(upA.statusCode).toBe(409);
    expect(upA.json()).toMatchObject({
      code: 'capacity_exceeded',
      portId: A(),
      requestedTotalMbps: 1100,
      capacityMbps: 1000,
    });
    expect((await patch(small.id, { bandwidthMbps: 300, portId: A() })).statusCode).toBe(200);
    const over = await patch(big.id, { bandwidthMbps: 800 });
    expect(over.statusCode).toBe(409);
    expect(over.json()).toMatchObject({ requestedTotalMbps: 1100 });
    // with an override the increase passes and is recorded; a later decrease needs no check
    const forced = await patch(big.id, {
      bandwidthMbps: 800,
      placementOverride: { reason: 'temporary event traffic' },
    });
    expect(forced.statusCode, forced.body).toBe(200);
    expect(forced.json<Conn>().placementOverride).toMatchObject({ reason: 'temporary event traffic' });
    expect((await auditOf(big.id)).map((a) => a.action)).toEqual([
      'connection.create',
      'connection.placement_override',
      'connection.update',
    ]);
    const down = await patch(big.id, { bandwidthMbps: 750 });
    expect(down.statusCode, down.body).toBe(200);
    const audit = (await auditOf(big.id)).at(-1)!;
    expect(audit.summary).toMatchObject({ changes: { bandwidth_mbps: { before: 800, after: 750 } } });
    // disabling frees the port; coming back is checked again
    expect((await patch(small.id, { status: 'disabled' })).statusCode).toBe(200);
    expect((await place(vnetId, await addService(t, 'ipsec', 1000), A(), 250)).bandwidthMbps).toBe(250);
    const back = await patch(small.id, { status: 'active' });
    expect(back.statusCode).toBe(409);
    expect(back.json()).toMatchObject({ code: 'capacity_exceeded', requestedTotalMbps: 1300 });
  });

  it('moves an IPsec connection: the PE identity follows; replaces IPsec settings keeping or replacing the PSK', async () => {
    await clear();
    const other = await createPhysical(p, { ports: { z: 1000 } });
    const { t, vnetId } = await tenantWithNet(noc);
    const c = await place(vnetId, t.serviceIds[0]!, A(), 50);
    expect(c.ipsec!.localId).toBe(phys.underlay);
    const moved = await patch(c.id, { portId: other.ports.z });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json<Conn>().ipsec!.localId).toBe(other.underlay);
    const sealed = () =>
      sys(async () =>
        Buffer.from(
          (
            await db()
              .selectFrom('customer.connection')
              .select('psk_sealed')
              .where('id', '=', c.id)
              .executeTakeFirstOrThrow()
          ).psk_sealed!,
        ).toString('hex'),
      );
    const before = await sealed();
    const kept = await patch(c.id, { ipsec: { peerAddress: '203.0.113.31', auth: 'psk' } });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json<Conn>()).toMatchObject({ pskSet: true, ipsec: { peerAddress: '203.0.113.31' } });
    expect(await sealed()).toBe(before);
    const replaced = await patch(c.id, {
      ipsec: { peerAddress: '203.0.113.31', auth: 'psk', psk: 'N3w-pre-shared-key-for-2027' },
    });
    expect(replaced.statusCode).toBe(200);
    expect(await sealed()).not.toBe(before);
    expect(JSON.stringify(await auditOf(c.id))).not.toContain('N3w-pre-shared-key-for-2027');
    expect((await auditOf(c.id)).at(-1)!.summary).toMatchObject({
      changes: { psk: { before: 'set', after: 'replaced' } },
    });
  });

  it('changes customer subnets with the overlap check; handoff ids stay unique per PE across a move', async () => {
    await clear();
    const other = await createPhysical(p, { ports: { z: 1000 } });
    const { t, vnetId } = await tenantWithNet(noc, { services: 0 });
    const d1 = await addService(t, 'direct', 200);
    const d2 = await addService(t, 'direct', 200);
    const d3 = await addService(t, 'direct', 200);
    const direct = { ipsec: undefined };
    const x = await place(vnetId, d1, A(), 100, { ...direct, customerSubnets: ['192.168.50.0/24'] });
    expect(x.handoffId).toBe(1001);
    // port B is on the same PE: 1001 is taken there too
    const clashOnPe = await mgmt(noc, 'POST', `/api/v1/virtual-networks/${vnetId}/connections`, {
      serviceId: d2,
      name: 'y',
      portId: B(),
      bandwidthMbps: 100,
      handoffId: 1001,
    });
    expect(clashOnPe.statusCode).toBe(409);
    expect(clashOnPe.json()).toMatchObject({ errors: [{ field: '/body/handoffId', code: 'taken' }] });
    const y = await place(vnetId, d2, B(), 100, direct);
    expect(y.handoffId).toBe(1002);
    const w = await place(vnetId, d3, other.ports.z!, 100, { ...direct, handoffId: 1002 });
    expect(w.handoffId).toBe(1002);

    const clash = await patch(y.id, { customerSubnets: ['192.168.50.128/25'] });
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({ code: 'address_overlap' });
    const ok = await patch(y.id, { customerSubnets: ['192.168.51.0/24', '2001:db8:51:1::/64'] });
    expect(ok.json<Conn>().addressing.customerSubnets).toEqual(['192.168.51.0/24', '2001:db8:51:1::/64']);
    // moving y within its PE keeps its id; onto the other PE, where 1002 is taken, it gets a free one
    expect((await patch(y.id, { portId: A() })).json<Conn>().handoffId).toBe(1002);
    const moved = await patch(y.id, { portId: other.ports.z });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json<Conn>().handoffId).toBe(1001);
    expect((await patch(y.id, { handoffId: 1002 })).statusCode).toBe(409);
    expect((await patch(y.id, { handoffId: 4000 })).json<Conn>().handoffId).toBe(4000);
    expect((await patch(y.id, { ipsec: { peerAddress: '203.0.113.1', auth: 'psk' } })).statusCode).toBe(400);
  });

  it('deletes a connection (audited) and answers 404 for unknown ids', async () => {
    await clear();
    const { t, vnetId } = await tenantWithNet(noc);
    const c = await place(vnetId, t.serviceIds[0]!, A(), 10);
    expect((await mgmt(noc, 'DELETE', `/api/v1/connections/${c.id}`)).statusCode).toBe(204);
    expect((await auditOf(c.id)).map((a) => a.action)).toEqual(['connection.create', 'connection.delete']);
    for (const [m, body] of [
      ['GET', undefined],
      ['PATCH', { name: 'x' }],
      ['DELETE', undefined],
    ] as const) {
      const r = await mgmt(noc, m, `/api/v1/connections/${c.id}`, body);
      expect(r.statusCode, m).toBe(404);
    }
    // a connection that was never placed can only be renamed
    const legacy = t.connectionIds[0]!;
    expect((await patch(legacy, { name: 'renamed' })).statusCode).toBe(200);
    expect((await patch(legacy, { bandwidthMbps: 5 })).statusCode).toBe(409);
  });
});

describe(`a service's bandwidth change keeps its connections in step (${engineName})`, () => {
  const tomorrow = () => zonedDate(new Date(Date.now() + 86_400_000));

  async function executeChange(serviceId: string, customer: LoggedIn, mbps: number) {
    const cr = await portal(customer, 'POST', '/api/v1/change-requests', {
      serviceId,
      kind: 'bandwidth',
      desired: { bandwidthMbps: mbps },
      desiredDate: tomorrow(),
    });
    expect(cr.statusCode, cr.body).toBe(201);
    const id = cr.json<{ id: string }>().id;
    expect((await mgmt(admin, 'POST', `/api/v1/change-requests/${id}/approve`, {})).statusCode).toBe(200);
    return { id, exec: await mgmt(admin, 'POST', `/api/v1/change-requests/${id}/execute`, {}) };
  }

  it('an executed increase the port can take moves the connection along; one it cannot take is refused with nothing changed', async () => {
    await clear();
    const { t, vnetId } = await tenantWithNet(noc, { services: 0 });
    const s = await addService(t, 'ipsec', 300);
    const filler = await addService(t, 'ipsec', 1000);
    const c = await place(vnetId, s, A(), 300);
    await place(vnetId, filler, A(), 500);
    const customer = await login(p.portal, p.db.database, await createUser(p.db.database, t.id));

    const fits = await executeChange(s, customer, 500);
    expect(fits.exec.statusCode, fits.exec.body).toBe(200);
    const after = (await mgmt(noc, 'GET', `/api/v1/connections/${c.id}`)).json<Conn>();
    expect(after.bandwidthMbps).toBe(500);
    const audit = await sys(() =>
      db()
        .selectFrom('audit.log')
        .select('summary')
        .where('action', '=', 'service.bandwidth.change')
        .where('target_id', '=', s)
        .execute(),
    );
    expect(audit.at(-1)!.summary).toMatchObject({
      before: 300,
      after: 500,
      change_request: fits.id,
      connections: [{ id: c.id, before: 300, after: 500 }],
    });

    const tooMuch = await executeChange(s, customer, 600);
    expect(tooMuch.exec.statusCode).toBe(409);
    expect(tooMuch.exec.json()).toMatchObject({
      code: 'capacity_exceeded',
      portId: A(),
      requestedTotalMbps: 1100,
    });
    const cr = (await mgmt(admin, 'GET', `/api/v1/change-requests/${tooMuch.id}`)).json<{ status: string }>();
    expect(cr.status).toBe('approved');
    const svc = await sys(() =>
      db()
        .selectFrom('customer.service')
        .select('bandwidth_mbps')
        .where('id', '=', s)
        .executeTakeFirstOrThrow(),
    );
    expect(svc.bandwidth_mbps).toBe(500);

    // a decrease always passes and takes the connection down with it
    const down = await executeChange(s, customer, 100);
    expect(down.exec.statusCode).toBe(200);
    expect((await mgmt(noc, 'GET', `/api/v1/connections/${c.id}`)).json<Conn>().bandwidthMbps).toBe(100);
  });
});
