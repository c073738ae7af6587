import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { createServer, type Server } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { enqueue } from '../../src/jobs/queue.ts';
import { run } from '../../src/modules/dataplane/drivers/linux/exec.ts';
import { upsertCollector } from '../../src/modules/traffic/collector-repository.ts';
import { createUser, type TestPrincipal } from '../support/auth.ts';
import { createTestDatabase, TEST_PG_URL, type TestDatabase } from '../support/db.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';
import { openStream, until } from '../live/stream.ts';
import { isRoot } from '../netns/lab.ts';
import { addConnection, addPort, createNet, KEYS, mapInterface } from '../traffic/support.ts';
import { loginOver, startCluster, type Cluster, type Node } from './cluster.ts';
import { placeOnPort } from './network.ts';

/**
 * Scale-out acceptance (issue 12): two web and two worker processes, real `pva start` children,
 * on one PostgreSQL database. Sessions work across web processes, live updates cross processes
 * (LISTEN/NOTIFY), scheduled jobs run once, and probing is shared by the workers with no monitor
 * probed twice. The two workers differ only in the pings per round (4 and 5), so every stored
 * round tells which worker probed it. As root, traffic collection too: devices whose interface
 * counters are read in a network namespace this test makes, polled by both workers, each poll
 * recording its worker (host:pid).
 */

// the processes serve a certificate they generated themselves: trust it in this test process only
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

const MONITORS = 8;
const INTERVAL_S = 10;
let t: TestDatabase;
let tenant: TenantFixture;
let user: TestPrincipal;
let cluster: Cluster;
let server: Server;
let web1: Node;
let web2: Node;
const sys = <T>(fn: () => Promise<T>) => inTransaction(t.database, systemScope(), fn);
const ROOT = isRoot();
const NS = `pso${randomBytes(3).toString('hex')}`;
const DEVICES = 4;
const COLLECT_S = 10;
/** the connections whose counters the workers collect, one per device */
const collected: string[] = [];

const probeEnv = (pings: number) => ({
  PVA_MONITORING_HOST_SOURCE: '1',
  PVA_MONITORING_CLAIM_LIMIT: '1', // one slot (one monitor here) per pass: passes overlap across workers
  PVA_MONITORING_PINGS: String(pings),
  PVA_MONITORING_PERIOD_MS: '1000',
  PVA_MONITORING_TIMEOUT_MS: '1000',
});

describe.skipIf(!TEST_PG_URL)('scale-out: 2 web + 2 worker processes on one PostgreSQL database', () => {
  beforeAll(async () => {
    t = await createTestDatabase();
    server = createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.2', r));
    const port = (server.address() as { port: number }).port;
    tenant = await createTenant(t.database, { services: MONITORS });
    await placeOnPort(t.database, tenant);
    await sys(async () => {
      for (const [i, id] of tenant.connectionIds.entries())
        await db()
          .updateTable('customer.monitor')
          .set({ probe_kind: 'tcp', tcp_port: port, interval_s: INTERVAL_S, slot: i })
          .where('connection_id', '=', id)
          .execute();
    });
    user = await createUser(t.database, tenant.id);
    if (ROOT) {
      // one interface (a veth end) per device in a namespace of this test; counters read through `ip netns exec`
      await run('ip', ['netns', 'add', NS]);
      for (let i = 0; i < DEVICES; i++) {
        await run('ip', ['-n', NS, 'link', 'add', `d${i}`, 'type', 'veth', 'peer', 'name', `e${i}`]);
        await run('ip', ['-n', NS, 'link', 'set', `d${i}`, 'up']);
        const net = await createNet(t.database);
        const c = await addConnection(t.database, net, await addPort(t.database, net, 1000), 100);
        await mapInterface(t.database, net, c, `d${i}`);
        await sys(() => upsertCollector(net.deviceId, 'linux', { namespace: NS }, COLLECT_S, true, KEYS));
        collected.push(c);
      }
    }
    const workerEnv = (pings: number) => ({ ...probeEnv(pings), PVA_TRAFFIC_PARALLEL: '1' });
    cluster = await startCluster(t.url!, [
      { name: 'web1', role: 'web' },
      { name: 'web2', role: 'web' },
      { name: 'worker1', role: 'worker', env: workerEnv(4) },
      { name: 'worker2', role: 'worker', env: workerEnv(5) },
    ]);
    [web1, web2] = cluster.nodes as [Node, Node];
  }, 240_000);
  afterAll(async () => {
    await cluster?.stop();
    if (ROOT) await run('ip', ['netns', 'del', NS], { allowFail: true });
    server?.close();
    await t?.close();
  }, 180_000);

  it('a session made through web 1 works on web 2, and a logout on web 2 ends it on web 1', async () => {
    const s = await loginOver(t.database, web1.portal, user);
    const me = await fetch(`${web2.portal}/api/v1/session`, { headers: { cookie: s.cookie } });
    expect(((await me.json()) as { authenticated: boolean }).authenticated).toBe(true);
    const label = await fetch(`${web2.portal}/api/v1/services/${tenant.serviceIds[1]}/label`, {
      method: 'PUT',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'via web 2' }),
    });
    expect(label.status).toBe(200);
    const out = await fetch(`${web2.portal}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    expect(out.status).toBe(204);
    const after = await fetch(`${web1.portal}/api/v1/session`, { headers: { cookie: s.cookie } });
    expect(((await after.json()) as { authenticated: boolean }).authenticated).toBe(false);
  });

  it('a change made through web 1 reaches a live stream open on web 2', async () => {
    const s = await loginOver(t.database, web1.portal, user);
    const stream = await openStream(`${web2.portal}/api/v1/events`, { cookie: s.cookie });
    try {
      expect(stream.status).toBe(200);
      await until('the stream to open', () => stream.text().includes(': connected'));
      const r = await fetch(`${web1.portal}/api/v1/services/${tenant.serviceIds[0]}/label`, {
        method: 'PUT',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
        body: JSON.stringify({ label: 'live from web 1' }),
      });
      expect(r.status).toBe(200);
      await until('the event on web 2', () =>
        stream.changes().some((c) => c.kind === 'service' && c.id === tenant.serviceIds[0]),
      );
    } finally {
      stream.close();
    }
  });

  it('probing is shared by both workers, and no monitor is probed twice in one interval', async () => {
    // more probe passes than the schedule makes (one per 10 s), and more than one worker claims at
    // a time (5): while one worker is busy probing, the other claims the next pass
    let extra = 0;
    const morePasses = (n: number) =>
      sys(async () => {
        for (let i = 0; i < n; i++)
          await enqueue('monitoring.probe', {}, { singletonKey: `scaleout-${extra++}` });
      });
    const bySent = () =>
      sys(async () => {
        const r = await sql<{ sent: number; n: number }>`
          SELECT sent, count(*)::int AS n FROM customer.monitor_round WHERE tenant_id = ${tenant.id} GROUP BY sent`.execute(
          db(),
        );
        return new Map(r.rows.map((x) => [x.sent, x.n]));
      });
    let counts = new Map<number, number>();
    const total = () => [...counts.values()].reduce((x, y) => x + y, 0);
    // both workers probed, and every monitor had time for a second round (so "twice" could show)
    const enough = () => (counts.get(4) ?? 0) > 0 && (counts.get(5) ?? 0) > 0 && total() >= 2 * MONITORS;
    const end = Date.now() + 180_000;
    await morePasses(12);
    while (!enough()) {
      if (Date.now() > end)
        throw new Error(
          `not enough rounds: ${JSON.stringify([...counts])}\n${cluster.nodes.map((n) => n.output()).join('\n')}`,
        );
      await new Promise((r) => setTimeout(r, 1000));
      await morePasses(2);
      counts = await bySent();
    }
    expect([...counts.keys()].every((sent) => sent === 4 || sent === 5)).toBe(true);
    // nothing twice: a monitor's rounds are at least its interval apart, whichever worker took them
    const rounds = await sys(() =>
      db()
        .selectFrom('customer.monitor_round')
        .select(['monitor_id', 'at'])
        .where('tenant_id', '=', tenant.id)
        .orderBy('monitor_id')
        .orderBy('at')
        .execute(),
    );
    for (let i = 1; i < rounds.length; i++) {
      if (rounds[i]!.monitor_id !== rounds[i - 1]!.monitor_id) continue;
      expect(rounds[i]!.at.getTime() - rounds[i - 1]!.at.getTime()).toBeGreaterThanOrEqual(INTERVAL_S * 1000);
    }
  }, 240_000);

  it.skipIf(!ROOT)(
    'traffic collection is shared by both workers, and no counter sample is used twice',
    async () => {
      const workers = cluster.nodes
        .filter((n) => n.role === 'worker')
        .map((n) => `${hostname()}:${n.process.pid}`);
      let extra = 0;
      // more collection passes than the minute's schedule; with one device per claim both take part
      // (two waiting at a time: the queue does not grow while the workers are busy)
      const morePasses = () =>
        sys(async () => {
          const waiting = await db()
            .selectFrom('ops.job')
            .select('id')
            .where('name', '=', 'traffic.collect')
            .where('status', '=', 'pending')
            .execute();
          if (waiting.length >= 2) return;
          for (let i = 0; i < 2; i++)
            await enqueue('traffic.collect', {}, { singletonKey: `collect-${extra++}` });
        });
      const seen = new Set<string>();
      const rawOf = () =>
        sys(() =>
          db()
            .selectFrom('ops.traffic_raw')
            .select(['connection_id', 'at', 'seconds'])
            .where('connection_id', 'in', collected)
            .orderBy('connection_id')
            .orderBy('at')
            .execute(),
        );
      let raw = await rawOf();
      const perConnection = () =>
        Math.min(...collected.map((c) => raw.filter((r) => r.connection_id === c).length));
      const end = Date.now() + 180_000;
      while (!(workers.every((w) => seen.has(w)) && perConnection() >= 3)) {
        if (Date.now() > end)
          throw new Error(
            `collection not shared: pollers ${JSON.stringify([...seen])}, workers ${JSON.stringify(workers)}, ` +
              `${raw.length} intervals\n${cluster.nodes.map((n) => n.output()).join('\n')}`,
          );
        await morePasses();
        await new Promise((r) => setTimeout(r, 1000));
        const polled = await sys(() =>
          db()
            .selectFrom('ops.traffic_collector')
            .select(['last_polled_by', 'last_error'])
            .where('last_polled_by', 'is not', null)
            .execute(),
        );
        for (const p of polled) {
          expect(p.last_error).toBeNull();
          seen.add(p.last_polled_by!);
        }
        raw = await rawOf();
      }
      expect([...seen].sort()).toEqual([...workers].sort());
      // each interval starts where the connection's previous one ended: no sample twice, no gap
      for (let i = 1; i < raw.length; i++) {
        const [a, b] = [raw[i - 1]!, raw[i]!];
        if (a.connection_id !== b.connection_id) continue;
        expect(Math.abs(a.at.getTime() + a.seconds * 1000 - b.at.getTime())).toBeLessThan(2);
        // two polls of one device are at least half its interval apart (claimDue), whoever made them
        expect(b.at.getTime() - a.at.getTime()).toBeGreaterThanOrEqual((COLLECT_S / 2 - 1) * 1000);
      }
    },
    240_000,
  );

  it('a scheduled job runs once across the two workers', async () => {
    // both workers' schedulers have run many passes by now; the day's audit verification ran
    // once (on a loaded machine it may still be running: wait for it to finish first)
    await expect
      .poll(
        () =>
          sys(() =>
            db()
              .selectFrom('ops.job')
              .select('status')
              .where('name', '=', 'audit.verify')
              .where('status', 'in', ['pending', 'running'])
              .execute(),
          ),
        { timeout: 60_000, interval: 500 },
      )
      .toEqual([]);
    const r = await sys(async () => ({
      jobs: await db()
        .selectFrom('ops.job')
        .select(['status', 'attempts'])
        .where('name', '=', 'audit.verify')
        .execute(),
      verifications: await db().selectFrom('audit.verification').select('id').execute(),
      audited: await db()
        .selectFrom('audit.log')
        .select('seq')
        .where('action', '=', 'audit.verified')
        .execute(),
    }));
    expect(r.jobs).toEqual([{ status: 'done', attempts: 1 }]);
    expect(r.verifications).toHaveLength(1);
    expect(r.audited).toHaveLength(1);
  });

  it('the management listener of either web process shows the shared queue in its metrics', async () => {
    const m = await (await fetch(`${web2.mgmt}/metrics`)).text();
    expect(m).toMatch(/^pva_job_runs\{name="monitoring\.probe",outcome="done"\} [1-9]\d*$/m);
    expect(m).toMatch(/^pva_db_pool_connections\{state="in_use"\} \d+$/m);
  });
});

describe.skipIf(TEST_PG_URL)('scale-out', () => {
  it.skip('not applicable on the embedded engine (one process owns its data directory): set PVA_TEST_DATABASE_URL', () => {});
});
