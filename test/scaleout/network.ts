import type { Database } from '../../src/db/client.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { allocateIsolationId } from '../../src/modules/network/isolation.ts';
import { insertVirtualNetwork } from '../../src/modules/network/virtual-repository.ts';
import type { TenantFixture } from '../support/factories.ts';

/**
 * Makes every connection of the tenant active on a port of a PE, with the transfer prefix
 * 127.0.0.0/30: its monitor probes 127.0.0.2, where the test listens (as test/monitoring does).
 */
export async function placeOnPort(database: Database, t: TenantFixture): Promise<void> {
  await inTransaction(database, systemScope(), async () => {
    const vn = await insertVirtualNetwork(t.id, 'scaleout', await allocateIsolationId(t.id, 64512));
    const pop = await db()
      .insertInto('ops.pop')
      .values({ code: `P${t.code}`, name_ja: 'p', name_en: 'p' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const mg = await db()
      .insertInto('ops.mgmt_network')
      .values({ name: `m-${t.code}`, prefix: '198.18.77.0/24' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('ops.port_class')
      .values({ code: 'scaleout', name_ja: 'p', name_en: 'p', oversubscription: 1000 })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    const dev = await db()
      .insertInto('ops.device')
      .values({
        pop_id: pop.id,
        hostname: `pe-${t.code.toLowerCase()}`,
        role: 'pe',
        vendor: 'v',
        model: 'm',
        serial: t.code,
        os_version: '1',
        mgmt_network_id: mg.id,
        mgmt_address: '198.18.77.9',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const port = await db()
      .insertInto('ops.port')
      .values({ device_id: dev.id, name: 'xe-0/0/0', capacity_mbps: 100_000, class_code: 'scaleout' })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const id of t.connectionIds)
      await db()
        .updateTable('customer.connection')
        .set({ status: 'active', virtual_network_id: vn, port_id: port.id, ipv4_prefix: '127.0.0.0/30' })
        .where('id', '=', id)
        .execute();
  });
}
