import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { db } from '../../src/db/context.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, login, type LoggedIn } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant } from '../support/factories.ts';
import { helpers } from './physical-support.ts';

let p: TestPlatform;
let noc: LoggedIn;
beforeAll(async () => {
  p = await createTestPlatform();
  noc = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'noc' }));
});
afterAll(async () => p?.close());

const { call, ok, auditOf, personal, fixture, u, place, sys } = helpers(() => p);

describe(`capacity rules on ports and classes (${engineName})`, () => {
  it('refuses lowering a port below its contracted total, names the figures, and audits an override with its reason', async () => {
    const f = await fixture(noc); // oversubscription 2.0
    const d = await f.device();
    const port = await f.port(d.id, 'xe-1/0/0', 10_000); // limit 20,000
    await place(port.id, [
      { mbps: 5000 },
      { mbps: 4000, status: 'active' },
      { mbps: 9000, status: 'disabled' },
    ]);

    // 9,000 contracted: 4,000 × 2 = 8,000 is too little
    const low = await call(noc, 'PATCH', `/api/v1/network/ports/${port.id}`, { capacityMbps: 4000 });
    expect(low.statusCode).toBe(409);
    expect(low.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(low.json()).toMatchObject({
      code: 'capacity_exceeded',
      portId: port.id,
      port: `${d.hostname} xe-1/0/0`,
      capacityMbps: 4000,
      oversubscription: 2,
      limitMbps: 8000,
      contractedMbps: 9000,
      requestedTotalMbps: 9000,
    });
    const ja = await call(noc, 'PATCH', `/api/v1/network/ports/${port.id}`, { capacityMbps: 4000 }, 'ja');
    expect(ja.json<{ detail: string }>().detail).toContain('契約帯域合計 9000 Mbit/s');
    // 5,000 × 2 = 10,000 still carries it; raising is always fine
    expect(await ok(noc, 'PATCH', `/api/v1/network/ports/${port.id}`, { capacityMbps: 5000 })).toMatchObject({
      capacityMbps: 5000,
      limitMbps: 10_000,
      contractedMbps: 9000,
    });
    const needless = await call(noc, 'PATCH', `/api/v1/network/ports/${port.id}`, {
      capacityMbps: 6000,
      override: { reason: 'x' },
    });
    expect(needless.statusCode).toBe(400);
    expect(needless.json()).toMatchObject({ errors: [{ field: '/body/override', code: 'not_needed' }] });
    const blank = await call(noc, 'PATCH', `/api/v1/network/ports/${port.id}`, {
      capacityMbps: 1000,
      override: { reason: '   ' },
    });
    expect(blank.statusCode).toBe(400);

    const forced = await ok(noc, 'PATCH', `/api/v1/network/ports/${port.id}`, {
      capacityMbps: 1000,
      override: { reason: '増設までの暫定運用（2 週間）' },
    });
    expect(forced).toMatchObject({ capacityMbps: 1000, limitMbps: 2000, contractedMbps: 9000 });
    const rec = (await auditOf(port.id)).at(-1)!;
    expect(rec).toMatchObject({
      action: 'network.port.update',
      summary: {
        changes: { capacity_mbps: { before: 5000, after: 1000 } },
        override: { portId: port.id, contractedMbps: 9000, limitMbps: 2000 },
      },
    });
    expect((await personal(rec.personal_ref!)).data).toMatchObject({
      data: { overrideReason: '増設までの暫定運用（2 週間）' },
    });
  });

  it('re-checks the limit when a port changes class, and when a class lowers its oversubscription', async () => {
    const f = await fixture(noc, { oversubscription: 4 });
    const tight = await ok<{ code: string }>(noc, 'POST', '/api/v1/network/port-classes', {
      code: `bb-${u()}`,
      nameJa: 'バックボーン',
      nameEn: 'Backbone',
      oversubscription: 1,
      thresholdPct: 70,
    });
    const d = await f.device();
    const a = await f.port(d.id, 'eth1', 1000); // limit 4,000
    const b = await f.port(d.id, 'eth2', 1000);
    await place(a.id, [{ mbps: 1500 }]);
    await place(b.id, [{ mbps: 2500 }]);

    const move = await call(noc, 'PATCH', `/api/v1/network/ports/${a.id}`, { classCode: tight.code });
    expect(move.json()).toMatchObject({ code: 'capacity_exceeded', limitMbps: 1000, oversubscription: 1 });

    const lower = await call(noc, 'PATCH', `/api/v1/network/port-classes/${f.klass.code}`, {
      oversubscription: 2,
    });
    expect(lower.statusCode).toBe(409);
    expect(lower.json()).toMatchObject({
      code: 'capacity_exceeded',
      portId: b.id,
      limitMbps: 2000,
      contractedMbps: 2500,
      portsOverLimit: 1,
    });
    expect(
      await ok(noc, 'PATCH', `/api/v1/network/port-classes/${f.klass.code}`, { oversubscription: 2.5 }),
    ).toMatchObject({ oversubscription: 2.5 });
    await ok(noc, 'PATCH', `/api/v1/network/port-classes/${f.klass.code}`, {
      oversubscription: 1.2,
      override: { reason: 'Augmentation ordered' },
    });
    const rec = (await auditOf(f.klass.code)).at(-1)!;
    expect(rec).toMatchObject({
      action: 'network.port_class.update',
      summary: {
        changes: { oversubscription: { before: 2.5, after: 1.2 } },
        override: {
          portsOverLimit: [
            { portId: a.id, contractedMbps: 1500, limitMbps: 1200 },
            { portId: b.id, contractedMbps: 2500, limitMbps: 1200 },
          ],
        },
      },
    });
    expect((await personal(rec.personal_ref!)).data).toMatchObject({
      data: { overrideReason: 'Augmentation ordered' },
    });
  });
});

describe(`the management network stays apart from customer addresses (${engineName})`, () => {
  const tenantAddresses = async (opts: { pool?: string; v4?: string; subnets?: string[] }) => {
    const t = await createTenant(p.db.database, { services: 1 });
    await sys(async () => {
      if (opts.pool) {
        await db()
          .insertInto('ops.tenant_pool')
          .values({ tenant_id: t.id, prefix: opts.pool, assign_length: 30 })
          .execute();
      }
      await db()
        .updateTable('customer.connection')
        .set({
          ipv4_prefix: opts.v4 ?? null,
          customer_subnets: sql<string[]>`${`{${(opts.subnets ?? []).join(',')}}`}::cidr[]`,
        })
        .where('id', '=', t.connectionIds[0]!)
        .execute();
    });
  };
  const create = (prefix: string) =>
    call(noc, 'POST', '/api/v1/network/mgmt-networks', { name: `m-${u()}`, prefix }, 'ja');

  it('refuses a management network overlapping a tenant pool, either way round', async () => {
    await tenantAddresses({ pool: '172.20.0.0/16' });
    const inside = await create('172.20.4.0/24'); // inside the pool
    expect(inside.statusCode).toBe(409);
    expect(inside.json()).toMatchObject({
      code: 'mgmt_network_overlap',
      title: '管理ネットワークと重複するアドレスは使用できません。',
      overlapKind: 'tenant_pool',
      overlapPrefix: '172.20.0.0/16',
    });
    expect(inside.json<{ detail: string }>().detail).toContain('テナントのアドレスプール');
    const around = await create('172.16.0.0/12'); // the pool inside it
    expect(around.json()).toMatchObject({ code: 'mgmt_network_overlap', overlapKind: 'tenant_pool' });
    expect((await create('172.21.0.0/24')).statusCode).toBe(201);
  });

  it("refuses one overlapping a connection's transfer prefix or a customer subnet, and widening onto them", async () => {
    await tenantAddresses({ v4: '100.64.10.0/30', subnets: ['192.168.50.0/24', 'fd12:3456::/48'] });
    expect((await create('100.64.10.0/24')).json()).toMatchObject({
      overlapKind: 'connection',
      overlapPrefix: '100.64.10.0/30',
    });
    expect((await create('192.168.50.128/25')).json()).toMatchObject({
      overlapKind: 'customer_subnet',
      overlapPrefix: '192.168.50.0/24',
    });
    expect((await create('fd12:3456:0:1::/64')).json()).toMatchObject({ overlapKind: 'customer_subnet' });
    // a management network that is clear today may not be widened onto customer addresses
    const m = await create('192.168.51.0/24');
    expect(m.statusCode).toBe(201);
    const widen = await call(noc, 'PATCH', `/api/v1/network/mgmt-networks/${m.json<{ id: string }>().id}`, {
      prefix: '192.168.48.0/22',
    });
    expect(widen.statusCode).toBe(409);
    expect(widen.json()).toMatchObject({ code: 'mgmt_network_overlap', overlapKind: 'customer_subnet' });
    expect((await auditOf(m.json<{ id: string }>().id)).map((a) => a.action)).toEqual([
      'network.mgmt_network.create',
    ]);
  });

  it("refuses one covering a PE's underlay address", async () => {
    const f = await fixture(noc);
    await ok(noc, 'PATCH', `/api/v1/network/devices/${(await f.device()).id}`, {
      underlayAddress: '203.0.113.77',
    });
    expect((await create('203.0.113.0/24')).json()).toMatchObject({
      overlapKind: 'underlay',
      overlapPrefix: '203.0.113.77',
    });
  });
});
