import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { runProbePass } from '../../src/modules/monitoring/probe.ts';
import { claimDue } from '../../src/modules/monitoring/repository.ts';
import { DEFAULT_SETTINGS, type MonitoringSettings } from '../../src/modules/monitoring/settings.ts';
import { allocateIsolationId } from '../../src/modules/network/isolation.ts';
import { insertVirtualNetwork } from '../../src/modules/network/virtual-repository.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../support/db.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';

/**
 * The probe pass without root: TCP connect probes from the host to a real listener on a loopback
 * address (the customer side of a 127.0.0.0/30 transfer prefix), and the claim shared by workers.
 */

let t: TestDatabase;
let tenant: TenantFixture;
let server: Server;
let port = 0;
let clock = Date.now();
const sys = <T>(fn: () => Promise<T>) => inTransaction(t.database, systemScope(), fn);
const S: MonitoringSettings = {
  ...DEFAULT_SETTINGS,
  pings: 2,
  periodMs: 10,
  timeoutMs: 300,
  hostSource: 1,
  downAfter: 2,
  upAfter: 2,
};
const links = { portal: null, console: null };

async function placeAll(prefix: (i: number) => string, t2: TenantFixture, mgmt: number): Promise<void> {
  await sys(async () => {
    const vn = await insertVirtualNetwork(t2.id, 'probe', await allocateIsolationId(t2.id, 64512));
    const pop = await db()
      .insertInto('ops.pop')
      .values({ code: `P${t2.code}`, name_ja: 'p', name_en: 'p' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const mg = await db()
      .insertInto('ops.mgmt_network')
      .values({ name: `m-${t2.code}`, prefix: `198.18.${mgmt}.0/24` })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('ops.port_class')
      .values({ code: 'probe-test', name_ja: 'p', name_en: 'p', oversubscription: 1000 })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    const dev = await db()
      .insertInto('ops.device')
      .values({
        pop_id: pop.id,
        hostname: `pe-${t2.code.toLowerCase()}`,
        role: 'pe',
        vendor: 'v',
        model: 'm',
        serial: t2.code,
        os_version: '1',
        mgmt_network_id: mg.id,
        mgmt_address: `198.18.${mgmt}.9`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const p = await db()
      .insertInto('ops.port')
      .values({ device_id: dev.id, name: 'xe-0/0/0', capacity_mbps: 100_000, class_code: 'probe-test' })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [i, id] of t2.connectionIds.entries())
      await db()
        .updateTable('customer.connection')
        .set({ status: 'active', virtual_network_id: vn, port_id: p.id, ipv4_prefix: prefix(i) })
        .where('id', '=', id)
        .execute();
  });
}

beforeAll(async () => {
  t = await createTestDatabase();
  server = createServer((s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.2', r));
  port = (server.address() as { port: number }).port;
  tenant = await createTenant(t.database, { services: 1 });
  await placeAll(() => '127.0.0.0/30', tenant, 1);
  await sys(() =>
    db()
      .updateTable('customer.monitor')
      .set({ probe_kind: 'tcp', tcp_port: port })
      .where('tenant_id', '=', tenant.id)
      .execute(),
  );
});
afterAll(async () => {
  server?.close();
  await t?.close();
});

const state = () =>
  sys(() =>
    db()
      .selectFrom('customer.monitor')
      .select(['state'])
      .where('tenant_id', '=', tenant.id)
      .executeTakeFirstOrThrow(),
  );
async function pass(): Promise<number> {
  clock += 60_000;
  return (await runProbePass(t.database, S, links, () => new Date(clock))).probed;
}

describe(`probe pass (${engineName})`, () => {
  it('probes a TCP port on the customer-side address: up while it answers, down after the rounds when it stops', async () => {
    expect(await pass()).toBe(1);
    expect((await state()).state).toBe('up');
    const rounds = await sys(() =>
      db().selectFrom('customer.monitor_round').selectAll().where('tenant_id', '=', tenant.id).execute(),
    );
    expect(rounds[0]).toMatchObject({ sent: 2, received: 2, loss_pct: 0 });
    expect(rounds[0]!.rtt_median_ms).toBeGreaterThan(0);

    await new Promise<void>((r) => server.close(() => r()));
    await pass();
    expect((await state()).state).toBe('degraded');
    await pass();
    expect((await state()).state).toBe('down');
  });

  it('never lets two workers claim the same monitor', async () => {
    const many = await createTenant(t.database, { services: 40 });
    await placeAll((i) => `10.95.${i}.0/30`, many, 2);
    const now = new Date(clock + 3_600_000);
    const [a, b] = await Promise.all([
      sys(() => claimDue(now, 25, true)),
      sys(() => claimDue(now, 25, true)),
    ]);
    const mine = new Set(
      (
        await sys(() =>
          db().selectFrom('customer.monitor').select('id').where('tenant_id', '=', many.id).execute(),
        )
      ).map((m) => m.id),
    );
    const claimed = [...a, ...b].map((m) => m.id).filter((id) => mine.has(id));
    expect(new Set(claimed).size).toBe(claimed.length); // no monitor twice
    expect(claimed.length).toBe(40); // and none left behind (the other tenant's monitor is due too)
    expect(await sys(() => claimDue(now, 100, true))).toEqual([]); // nothing is due twice
  });
});
