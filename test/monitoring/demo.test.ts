import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { seedMonitoringDemo } from '../../src/modules/monitoring/demo.ts';
import { allocateIsolationId } from '../../src/modules/network/isolation.ts';
import { insertVirtualNetwork } from '../../src/modules/network/virtual-repository.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../support/db.ts';
import { createTenant } from '../support/factories.ts';

let t: TestDatabase;
const sys = <T>(fn: () => Promise<T>) => inTransaction(t.database, systemScope(), fn);

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

describe(`monitoring demo data (${engineName})`, () => {
  it('seeds three days of rounds, one past outage with its events, one paused monitor; twice is once', async () => {
    expect(await sys(() => seedMonitoringDemo())).toBe(0); // nothing to monitor yet
    const tenant = await createTenant(t.database, { services: 3 });
    await sys(async () => {
      const vn = await insertVirtualNetwork(tenant.id, 'demo', await allocateIsolationId(tenant.id, 64512));
      const pop = await db()
        .insertInto('ops.pop')
        .values({ code: 'DEMO1', name_ja: '拠点', name_en: 'PoP' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const mg = await db()
        .insertInto('ops.mgmt_network')
        .values({ name: 'demo-mgmt', prefix: '192.0.2.0/24' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db()
        .insertInto('ops.port_class')
        .values({ code: 'demo', name_ja: 'd', name_en: 'd', oversubscription: 10 })
        .onConflict((oc) => oc.column('code').doNothing())
        .execute();
      const dev = await db()
        .insertInto('ops.device')
        .values({
          pop_id: pop.id,
          hostname: 'demo-pe',
          role: 'pe',
          vendor: 'v',
          model: 'm',
          serial: 's',
          os_version: '1',
          mgmt_network_id: mg.id,
          mgmt_address: '192.0.2.9',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const port = await db()
        .insertInto('ops.port')
        .values({ device_id: dev.id, name: 'xe-0/0/0', capacity_mbps: 10_000, class_code: 'demo' })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const [i, id] of tenant.connectionIds.entries())
        await db()
          .updateTable('customer.connection')
          .set({
            status: 'active',
            virtual_network_id: vn,
            port_id: port.id,
            ipv4_prefix: `10.96.0.${i * 4}/30`,
          })
          .where('id', '=', id)
          .execute();
    });
    const now = new Date('2026-11-27T03:00:00Z');
    const rows = await sys(() => seedMonitoringDemo(now));
    expect(rows).toBe(3 * (3 * 144 + 1));
    expect(await sys(() => seedMonitoringDemo(now))).toBe(0);
    const monitors = await sys(() =>
      db()
        .selectFrom('customer.monitor')
        .select(['id', 'paused_at', 'state'])
        .where('tenant_id', '=', tenant.id)
        .execute(),
    );
    expect(monitors.filter((m) => m.paused_at)).toHaveLength(1);
    const events = await sys(() =>
      db()
        .selectFrom('customer.monitor_event')
        .select(['kind'])
        .where('tenant_id', '=', tenant.id)
        .orderBy('at')
        .execute(),
    );
    expect(events.map((e) => e.kind)).toEqual(['degraded', 'down', 'up', 'paused']);
  });
});
