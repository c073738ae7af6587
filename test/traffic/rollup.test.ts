import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/context.ts';
import { dropPartitionsBefore, ensurePartitions } from '../../src/modules/traffic/partitions.ts';
import {
  computeConnectionMonths,
  forgetCachedSamples,
  ingest,
  portMonths,
  rollup,
} from '../../src/modules/traffic/repository.ts';
import { COUNTER_MAX } from '../../src/modules/traffic/rate.ts';
import {
  claimDue,
  upsertCollector,
  upsertInterface,
} from '../../src/modules/traffic/collector-repository.ts';
import { computeMonths } from '../../src/modules/traffic/maintenance.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { addConnection, addPort, createNet, KEYS, mapInterface, sys, type NetFixture } from './support.ts';

let t: TestDatabase;
let net: NetFixture;
let portId: string;
let a: string;
let b: string;
beforeAll(async () => {
  t = await createTestDatabase();
  net = await createNet(t.database);
  portId = await addPort(t.database, net, 1000);
  a = await addConnection(t.database, net, portId, 100);
  b = await addConnection(t.database, net, portId, 100);
});
afterAll(() => t?.close());

// November 2026 in JST: 2026-10-31T15:00Z .. 2026-11-30T15:00Z, 30 days = 8640 five-minute buckets
const MONTH_START = new Date('2026-10-31T15:00:00Z');
const N = 8640;

describe('rollups and the monthly 95th percentile on a synthetic series', () => {
  beforeAll(async () => {
    await sys(t.database, async () => {
      await ensurePartitions('raw', MONTH_START, new Date(MONTH_START.getTime() + N * 300_000));
      // connection a: bucket k carries j = (k * 7919) mod 8640 + 1 (a permutation of 1..8640):
      // in = 1000 j bit/s, out = 2000 j bit/s, as two raw intervals of 150 s each.
      // connection b: out 5 Mbit/s constant, in 0, one interval of 300 s.
      await sql`
        INSERT INTO ops.traffic_raw (connection_id, at, seconds, in_octets, out_octets)
        SELECT ${a}::uuid, ${MONTH_START}::timestamptz + make_interval(secs => k * 300 + h * 150), 150,
               ((k::bigint * 7919) % 8640 + 1) * 18750, ((k::bigint * 7919) % 8640 + 1) * 37500
          FROM generate_series(0, ${N - 1}::int) k, generate_series(0, 1) h`.execute(db());
      await sql`
        INSERT INTO ops.traffic_raw (connection_id, at, seconds, in_octets, out_octets)
        SELECT ${b}::uuid, ${MONTH_START}::timestamptz + make_interval(secs => k * 300), 300, 0, 187500000
          FROM generate_series(0, ${N - 1}::int) k`.execute(db());
      const end = new Date(MONTH_START.getTime() + N * 300_000);
      expect(await rollup('5m', MONTH_START, end)).toBe(2 * N);
      await rollup('1h', MONTH_START, end);
      await rollup('1d', MONTH_START, end);
      await computeConnectionMonths('2026-11-01');
    });
  });

  it('5-minute buckets add up the raw intervals exactly', async () => {
    const rows = await sys(t.database, () =>
      db().selectFrom('ops.traffic_5m').selectAll().where('connection_id', '=', a).orderBy('at').execute(),
    );
    expect(rows).toHaveLength(N);
    const k = 37;
    const j = ((k * 7919) % 8640) + 1;
    const r = rows[k]!;
    expect(new Date(r.at).toISOString()).toBe(new Date(MONTH_START.getTime() + k * 300_000).toISOString());
    expect(r.seconds).toBe(300);
    expect(Number(r.in_octets)).toBe(37500 * j);
    expect((Number(r.in_octets) * 8) / r.seconds).toBe(1000 * j);
    expect(r.in_max_bps).toBe(1000 * j);
  });

  it('hourly and daily (JST) buckets are the sums of the finer ones', async () => {
    const sumJ = (from: number, to: number) => {
      let s = 0;
      for (let k = from; k < to; k++) s += ((k * 7919) % 8640) + 1;
      return s;
    };
    const maxJ = (from: number, to: number) => {
      let m = 0;
      for (let k = from; k < to; k++) m = Math.max(m, ((k * 7919) % 8640) + 1);
      return m;
    };
    const hours = await sys(t.database, () =>
      db().selectFrom('ops.traffic_1h').selectAll().where('connection_id', '=', a).orderBy('at').execute(),
    );
    expect(hours).toHaveLength(720);
    expect(hours[5]!.seconds).toBe(3600);
    expect(Number(hours[5]!.in_octets)).toBe(37500 * sumJ(60, 72));
    expect(hours[5]!.in_max_bps).toBe(1000 * maxJ(60, 72));
    const days = await sys(t.database, () =>
      db().selectFrom('ops.traffic_1d').selectAll().where('connection_id', '=', a).orderBy('at').execute(),
    );
    expect(days).toHaveLength(30);
    // JST midnight of 1 November = 15:00 UTC the day before
    expect(new Date(days[0]!.at).toISOString()).toBe('2026-10-31T15:00:00.000Z');
    expect(days[0]!.seconds).toBe(86400);
    expect(Number(days[2]!.out_octets)).toBe(75000 * sumJ(576, 864));
  });

  it('the 95th percentile is the nearest-rank value, per connection and per port', async () => {
    const m = await sys(t.database, () =>
      db()
        .selectFrom('ops.traffic_month')
        .selectAll()
        .where('connection_id', '=', a)
        .executeTakeFirstOrThrow(),
    );
    // ceil(0.95 × 8640) = 8208: the 8208th smallest of 1..8640
    expect(m.samples).toBe(N);
    expect(m.in_p95_bps).toBe(8_208_000);
    expect(m.out_p95_bps).toBe(16_416_000);
    expect(m.p95_bps).toBe(16_416_000);
    expect(m.peak_bps).toBe(17_280_000);
    const ports = await sys(t.database, () => portMonths('2026-11-01'));
    const p = ports.find((x) => x.portId === portId)!;
    // per interval: max(in a + in b, out a + out b) = 2000 j + 5,000,000
    expect(p.samples).toBe(N);
    expect(p.p95Mbps).toBeCloseTo(21.416, 9);
    expect(p.peakMbps).toBeCloseTo(22.28, 9);
  });
});

describe('feeding the capacity view', () => {
  it("writes the port's monthly 95th percentile and peak to ops.port_utilisation_month", async () => {
    const months = await sys(t.database, () => computeMonths(new Date('2026-11-20T00:00:00Z')));
    expect(months).toEqual(['2026-11-01']);
    const row = await sys(t.database, () =>
      db()
        .selectFrom('ops.port_utilisation_month')
        .selectAll()
        .where('port_id', '=', portId)
        .where('month', '=', '2026-11-01')
        .executeTakeFirstOrThrow(),
    );
    expect(row.samples).toBe(N);
    expect(row.p95_mbps).toBeCloseTo(21.416, 9);
    expect(row.peak_mbps).toBeCloseTo(22.28, 9);
  });
});

describe('collection claims', () => {
  it('hands each due device to one worker only, and not again before its interval', async () => {
    const nets = [await createNet(t.database), await createNet(t.database), await createNet(t.database)];
    await sys(t.database, async () => {
      for (const n of nets) await upsertCollector(n.deviceId, 'snmp', { community: 'x' }, 60, true, KEYS);
    });
    const now = new Date(Date.now() + 1000);
    const [x, y] = await Promise.all([
      sys(t.database, () => claimDue(2, now)),
      sys(t.database, () => claimDue(2, now)),
    ]);
    const ids = [...x, ...y].map((c) => c.device_id).filter((id) => nets.some((n) => n.deviceId === id));
    expect(ids.sort()).toEqual(nets.map((n) => n.deviceId).sort());
    expect(await sys(t.database, () => claimDue(10, now))).toEqual([]);
  });
});

describe('counter samples', () => {
  it('count a 64-bit wrap as traffic and skip resets instead of spiking', async () => {
    const c = await addConnection(t.database, net, portId, 10);
    await mapInterface(t.database, net, c, 'xe-wrap');
    const t0 = Date.parse('2026-12-01T00:00:00Z');
    const s = (min: number, inOctets: bigint, outOctets: bigint, uptime: bigint | null) => ({
      connectionId: c,
      sample: { at: new Date(t0 + min * 60_000), inOctets, outOctets, uptime },
    });
    const results = [];
    for (const x of [
      s(0, COUNTER_MAX - 1000n, 5_000n, 100n),
      s(1, 6_500n, 12_500n, 6100n), // in wrapped: 7,500 octets = 1,000 bit/s; out 7,500
      s(2, 6_600n, 12_600n, 50n), // the device restarted (uptime back): skipped
      s(3, 14_100n, 20_100n, 6050n), // 1,000 bit/s again
      s(4, 300n, 200n, null), // counters cleared, no uptime: the wrapped difference is implausible
      s(5, 7_800n, 7_700n, null),
    ])
      results.push(await sys(t.database, () => ingest(net.deviceId, [x])));
    expect(results.map((r) => r.written)).toEqual([0, 1, 0, 1, 0, 1]);
    expect(results.map((r) => r.resets)).toEqual([0, 0, 1, 0, 1, 0]);
    const raw = await sys(t.database, () =>
      db().selectFrom('ops.traffic_raw').selectAll().where('connection_id', '=', c).orderBy('at').execute(),
    );
    expect(
      raw.map((r) => [(Number(r.in_octets) * 8) / r.seconds, (Number(r.out_octets) * 8) / r.seconds]),
    ).toEqual([
      [1000, 1000],
      [1000, 1000],
      [1000, 1000],
    ]);
    const state = await sys(t.database, () =>
      db()
        .selectFrom('ops.traffic_interface')
        .selectAll()
        .where('connection_id', '=', c)
        .executeTakeFirstOrThrow(),
    );
    expect(state.resets).toBe(2);
    // each interval keeps the counters it ended on: the newest is the previous sample
    expect(raw.map((r) => [String(r.in_counter), String(r.out_counter), r.uptime])).toEqual([
      ['6500', '12500', expect.anything()],
      ['14100', '20100', expect.anything()],
      ['7800', '7700', null],
    ]);
    // the last sample that ended no interval (the cleared counters) is the interface's mark
    expect([String(state.mark_in), String(state.mark_out), new Date(state.mark_at!).getTime()]).toEqual([
      '300',
      '200',
      t0 + 4 * 60_000,
    ]);
    await sys(t.database, () => upsertInterface(c, net.deviceId, 'xe-other', null));
    const after = await sys(t.database, () => ingest(net.deviceId, [s(6, 9_000n, 9_000n, null)]));
    expect(after).toMatchObject({ written: 0, resets: 0 });
  });

  it('another worker continues from the database exactly, wraps, resets and remappings included', async () => {
    const c = await addConnection(t.database, net, portId, 10);
    await mapInterface(t.database, net, c, 'xe-handover');
    const t0 = Date.parse('2026-12-02T00:00:00Z');
    const s = (min: number, inOctets: bigint, uptime: bigint | null) => ({
      connectionId: c,
      sample: { at: new Date(t0 + min * 60_000), inOctets, outOctets: inOctets, uptime },
    });
    // each poll as if by a worker that has never seen the device (its memory is empty)
    const fresh = (x: ReturnType<typeof s>) => {
      forgetCachedSamples();
      return sys(t.database, () => ingest(net.deviceId, [x]));
    };
    const results = [
      await fresh(s(0, COUNTER_MAX - 1000n, 100n)), // primes: a mark above 2^63
      await fresh(s(1, 6_500n, 6100n)), // wraps: 7,500 octets
      await fresh(s(2, 6_600n, 50n)), // uptime went back: reset, the new start is a mark
      await fresh(s(3, 14_100n, 6050n)), // 7,500 octets from the mark
      await fresh(s(4, COUNTER_MAX - 10n, 12050n)), // implausible jump: reset
      await fresh(s(5, 7_490n, 18050n)), // wraps from the mark: 7,500 octets
      await fresh(s(6, 14_990n, 24050n)), // from the newest interval's end counters: 7,500
    ];
    expect(results.map((r) => [r.written, r.resets])).toEqual([
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 0],
      [0, 1],
      [1, 0],
      [1, 0],
    ]);
    const raw = await sys(t.database, () =>
      db().selectFrom('ops.traffic_raw').selectAll().where('connection_id', '=', c).orderBy('at').execute(),
    );
    expect(raw.map((r) => [new Date(r.at).getTime() - t0, String(r.in_octets)])).toEqual([
      [0, '7500'],
      [2 * 60_000, '7500'],
      [4 * 60_000, '7500'],
      [5 * 60_000, '7500'],
    ]);
    // a remapped interface counts afresh, from memory or from the database
    await sys(t.database, () => upsertInterface(c, net.deviceId, 'xe-handover-2', null));
    expect(await sys(t.database, () => ingest(net.deviceId, [s(7, 1_000n, 30050n)]))).toMatchObject({
      written: 0,
      resets: 0,
    });
    expect(await fresh(s(8, 8_500n, 36050n))).toMatchObject({ written: 1 });
    // saving the same mapping again keeps counting
    await sys(t.database, () => upsertInterface(c, net.deviceId, 'xe-handover-2', null));
    expect(await fresh(s(9, 16_000n, 42050n))).toMatchObject({ written: 1 });
  });

  it('partitions are created for new days and dropped whole after the retention', async () => {
    const names = await sys(t.database, async () => {
      await ensurePartitions('raw', new Date('2020-01-01T00:00:00Z'), new Date('2020-01-02T12:00:00Z'));
      return dropPartitionsBefore('raw', new Date('2020-01-03T00:00:00Z'));
    });
    expect(names).toEqual(['traffic_raw_p20200101', 'traffic_raw_p20200102']);
  });
});
