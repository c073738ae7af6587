import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/cli/demo-data.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { seedNetworkDemo } from '../../src/modules/network/demo.ts';
import { testDemoConfig } from '../support/app.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../support/db.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());
const sys = <T>(fn: () => Promise<T>) => inTransaction(t.database, systemScope(), fn);

describe(`network demo data (${engineName})`, () => {
  it('places every demo connection once, in a virtual network per tenant, and loads some ports near their threshold', async () => {
    await seedDemo(t.database, testDemoConfig);
    const before = await sys(() => db().selectFrom('customer.connection').select('id').execute());
    const tenants = await sys(() => db().selectFrom('ops.tenant').select(['id', 'code']).execute());
    await sys(() => seedNetworkDemo(Object.fromEntries(tenants.map((x) => [x.code, x.id])), testDemoConfig));
    // a second run adds nothing
    expect(await sys(() => db().selectFrom('customer.connection').select('id').execute())).toHaveLength(
      before.length,
    );

    const rows = await sys(() =>
      db()
        .selectFrom('customer.connection as n')
        .innerJoin('ops.tenant as t', 't.id', 'n.tenant_id')
        .leftJoin('ops.port as p', 'p.id', 'n.port_id')
        .leftJoin('ops.device as d', 'd.id', 'p.device_id')
        .select([
          't.code',
          'n.name',
          'n.kind',
          'n.status',
          'n.virtual_network_id',
          'n.psk_sealed',
          'd.hostname',
          'p.name as port',
        ])
        .execute(),
    );
    const minato = rows.filter((r) => r.code === 'C0001001');
    expect(minato.map((r) => [r.name, r.kind, `${r.hostname} ${r.port}`]).sort()).toEqual([
      ['nagoya-factory', 'ipsec', 'pe1.osa1 xe-0/0/0'],
      ['osaka-rack', 'direct', 'pe1.osa1 ge-0/0/1'],
      ['tokyo-hq', 'ipsec', 'pe1.tky1 xe-0/0/0'],
    ]);
    // every connection of the demo is placed, active and in a virtual network; IPsec ones hold a sealed PSK
    for (const r of rows) {
      expect(r.virtual_network_id, r.name).not.toBeNull();
      expect(r.hostname, r.name).not.toBeNull();
      expect(r.status).toBe('active');
      expect(r.psk_sealed !== null).toBe(r.kind === 'ipsec');
    }
    expect(rows.find((r) => r.name === 'sendai-branch')).toBeDefined();

    const load = await sys(
      async () =>
        (
          await sql<{ port: string; ratio: number }>`
          SELECT d.hostname || ' ' || p.name AS port,
            (sum(n.bandwidth_mbps) / (p.capacity_mbps * c.oversubscription))::float8 AS ratio
          FROM customer.connection n JOIN ops.port p ON p.id = n.port_id
          JOIN ops.device d ON d.id = p.device_id JOIN ops.port_class c ON c.code = p.class_code
          WHERE n.status IN ('planned', 'active') GROUP BY d.hostname, p.name, p.capacity_mbps, c.oversubscription`.execute(
            db(),
          )
        ).rows,
    );
    const near = load.filter((l) => l.ratio >= 0.75 && l.ratio <= 0.95).map((l) => l.port);
    expect(near.length).toBeGreaterThanOrEqual(3);
    expect(near.some((p) => p.includes('osa1'))).toBe(true);
    expect(load.every((l) => l.ratio <= 1)).toBe(true);
  });
});
