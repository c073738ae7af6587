import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { runProbePass } from '../../src/modules/monitoring/probe.ts';
import { claimDue, storeRounds, type RoundRow } from '../../src/modules/monitoring/repository.ts';
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

  it('stores a round only for a monitor still as claimed: a pause or another round meanwhile wins', async () => {
    const few = await createTenant(t.database, { services: 4 });
    await placeAll((i) => `10.96.${i}.0/30`, few, 3);
    const now = new Date(clock + 7_200_000);
    const claimed = (await sys(() => claimDue(now, 1000, true))).filter((m) => m.target.startsWith('10.96.'));
    expect(claimed).toHaveLength(4);
    const [paused, other, steady, changing] = claimed as [
      (typeof claimed)[0],
      (typeof claimed)[0],
      (typeof claimed)[0],
      (typeof claimed)[0],
    ];
    // meanwhile: the customer pauses one monitor, and another worker's round moves another on
    await sys(async () => {
      await db()
        .updateTable('customer.monitor')
        .set({ paused_at: now })
        .where('id', '=', paused.id)
        .execute();
      await db().updateTable('customer.monitor').set({ fail_streak: 1 }).where('id', '=', other.id).execute();
    });
    const round = (m: (typeof claimed)[0], next: 'up' | 'down' | null): RoundRow => ({
      monitor_id: m.id,
      version: m.version,
      sent: 2,
      received: next === 'down' ? 0 : 2,
      loss_pct: next === 'down' ? 100 : 0,
      rtt_min_ms: next === 'down' ? null : 0.041,
      rtt_median_ms: next === 'down' ? null : 0.05,
      rtt_max_ms: next === 'down' ? null : 1.25,
      state: next ?? m.state,
      fail_streak: next === 'down' ? 9 : m.fail_streak,
      ok_streak: m.ok_streak,
      changed: next !== null && next !== m.state,
      down_notified: m.down_notified,
      dirty: next !== null,
    });
    const moved = await sys(() =>
      storeRounds(now, [
        round(paused, 'down'),
        round(other, null),
        round(steady, null),
        round(changing, 'down'),
      ]),
    );
    expect([...moved]).toEqual([changing.id]);
    const rows = await sys(() =>
      db()
        .selectFrom('customer.monitor_round')
        .select(['monitor_id', 'state', 'rtt_min_ms', 'rtt_median_ms', 'rtt_max_ms', 'loss_pct'])
        .where('at', '=', now)
        .where(
          'monitor_id',
          'in',
          claimed.map((m) => m.id),
        )
        .execute(),
    );
    expect(new Map(rows.map((r) => [r.monitor_id, r.state]))).toEqual(
      new Map([
        [steady.id, steady.state],
        [changing.id, 'down'],
      ]),
    );
    // the figures arrive as sent: a steady round's RTTs, a lost round's nulls
    expect(rows.find((r) => r.monitor_id === steady.id)).toMatchObject({
      rtt_min_ms: 0.041,
      rtt_median_ms: 0.05,
      rtt_max_ms: 1.25,
      loss_pct: 0,
    });
    expect(rows.find((r) => r.monitor_id === changing.id)).toMatchObject({
      rtt_min_ms: null,
      rtt_median_ms: null,
      rtt_max_ms: null,
      loss_pct: 100,
    });
    const states = await sys(() =>
      db()
        .selectFrom('customer.monitor')
        .select(['id', 'state', 'fail_streak'])
        .where('id', 'in', [paused.id, changing.id])
        .execute(),
    );
    expect(states.find((x) => x.id === paused.id)).toMatchObject({
      state: paused.state,
      fail_streak: paused.fail_streak,
    });
    expect(states.find((x) => x.id === changing.id)).toMatchObject({ state: 'down', fail_streak: 9 });
  });
});
