import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { seedPhysicalDemo } from '../../src/modules/network/demo-physical.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, login } from '../support/auth.ts';
import { engineName } from '../support/db.ts';

let p: TestPlatform;
beforeAll(async () => {
  p = await createTestPlatform();
});
afterAll(async () => p?.close());

const sys = <T>(fn: () => Promise<T>) => inTransaction(p.db.database, systemScope(), fn);
const counts = () =>
  sys(async () => {
    const n = async (
      t: 'ops.pop' | 'ops.device' | 'ops.port' | 'ops.link' | 'ops.port_class' | 'ops.mgmt_network',
    ) =>
      Number(
        (
          await db()
            .selectFrom(t)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      pops: await n('ops.pop'),
      mgmt: await n('ops.mgmt_network'),
      classes: await n('ops.port_class'),
      devices: await n('ops.device'),
      ports: await n('ops.port'),
      links: await n('ops.link'),
    };
  });

describe(`physical network demo data (${engineName})`, () => {
  it('seeds two PoPs, PEs, aggregation and links once; a second run adds nothing', async () => {
    const first = await sys(() => seedPhysicalDemo());
    const after1 = await counts();
    const second = await sys(() => seedPhysicalDemo());
    expect(second).toEqual(first);
    expect(await counts()).toEqual(after1);
    expect(after1).toMatchObject({ pops: 2, mgmt: 1, classes: 3, devices: 7, links: 5 });
    expect(Object.keys(first.devices)).toEqual(
      expect.arrayContaining(['pe1.tky1', 'pe2.tky1', 'agg1.tky1', 'pe1.osa1', 'pe2.osa1', 'agg1.osa1']),
    );

    const staff = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'noc' }));
    const get = async <T>(url: string) => {
      const r = await p.mgmt.inject({ url, headers: staff.headers });
      expect(r.statusCode, r.body).toBe(200);
      return r.json<T>();
    };
    const topo = await get<{ pops: { code: string; devices: { hostname: string }[] }[]; links: unknown[] }>(
      '/api/v1/network/topology',
    );
    expect(topo.pops.map((x) => x.code)).toEqual(['OSA1', 'TKY1']);
    expect(topo.links).toHaveLength(5);
    const pe = await get<{
      driver: string;
      driverTarget: unknown;
      mgmtAddress: string;
      underlayAddress: string;
      ports: { name: string; capacityMbps: number; classCode: string; link: unknown }[];
    }>(`/api/v1/network/devices/${first.devices['pe1.tky1']}`);
    expect(pe).toMatchObject({
      driver: 'linux',
      driverTarget: { netns: 'pva-pe-tky1a' },
      mgmtAddress: '10.255.0.11',
      underlayAddress: '203.0.113.11',
    });
    expect(pe.ports.map((x) => [x.name, x.capacityMbps, x.classCode])).toEqual([
      ['et-0/0/48', 100_000, 'backbone'],
      ['fxp0', 1000, 'backbone'],
      ['ge-0/0/2', 1000, 'access-1g'],
      ['xe-0/0/0', 10_000, 'access-10g'],
      ['xe-0/0/1', 10_000, 'access-10g'],
    ]);
    expect(pe.ports[0]!.link).toMatchObject({ peer: { hostname: 'agg1.tky1', portName: 'et-0/0/1' } });
    const others = await get<{ hostname: string; driver: string }[]>('/api/v1/network/devices?role=pe');
    expect(others.filter((d) => d.driver === 'linux').map((d) => d.hostname)).toEqual(['pe1.tky1']);
  });
});
