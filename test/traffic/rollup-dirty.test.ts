import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/context.ts';
import { rollupRecent } from '../../src/modules/traffic/maintenance.ts';
import { ingest, ingestMany } from '../../src/modules/traffic/repository.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../support/db.ts';
import { addConnection, addPort, createNet, mapInterface, sys, type NetFixture } from './support.ts';

/**
 * Rollups follow the writes (migration 0028): a closed bucket is rolled up once after its data
 * arrived, again when a late sample lands in it, and the hour and the JST day holding it follow.
 */

let t: TestDatabase;
let one: NetFixture;
let two: NetFixture;
let a: string;
let b: string;
const T0 = Date.parse('2026-12-02T00:00:00Z'); // 09:00 JST
const at = (ms: number) => new Date(T0 + ms);
const MIN = 60_000;
// a steady 8 Mbit/s in and 16 Mbit/s out
const sample = (c: string, ms: number) => ({
  connectionId: c,
  sample: { at: at(ms), inOctets: BigInt(ms) * 1000n, outOctets: BigInt(ms) * 2000n, uptime: null },
});

beforeAll(async () => {
  t = await createTestDatabase();
  one = await createNet(t.database);
  two = await createNet(t.database);
  a = await addConnection(t.database, one, await addPort(t.database, one, 1000), 100);
  b = await addConnection(t.database, two, await addPort(t.database, two, 1000), 100);
  await mapInterface(t.database, one, a, 'xe-a');
  await mapInterface(t.database, two, b, 'xe-b');
});
afterAll(() => t?.close());

const series = (level: '5m' | '1h' | '1d', c: string) =>
  sys(t.database, () =>
    db()
      .selectFrom(`ops.traffic_${level}`)
      .select(['at', 'seconds', 'in_octets'])
      .where('connection_id', '=', c)
      .orderBy('at')
      .execute(),
  ).then((rows) => rows.map((r) => [new Date(r.at).toISOString(), r.seconds, Number(r.in_octets)]));

describe(`rollups of the buckets written (${engineName})`, () => {
  it('rolls up a closed bucket once, leaves an open one, and again when a late sample lands in it', async () => {
    // connection a: a sample every minute from 00:00 to 00:06, one device per poll
    for (let m = 0; m <= 6; m++) await sys(t.database, () => ingest(one.deviceId, [sample(a, m * MIN)]));
    expect(await sys(t.database, () => rollupRecent(at(6 * MIN + 40_000)))).toEqual({
      '5m': 1,
      '1h': 0,
      '1d': 0,
    });
    expect(await series('5m', a)).toEqual([['2026-12-02T00:00:00.000Z', 300, 300_000_000]]);
    // nothing new: nothing is computed again
    expect(await sys(t.database, () => rollupRecent(at(6 * MIN + 50_000)))).toEqual({
      '5m': 0,
      '1h': 0,
      '1d': 0,
    });

    // connection b's device answers late: its interval from 00:03 to 00:04:30 arrives now, in
    // the same round as a's next poll
    await sys(t.database, () => ingest(two.deviceId, [sample(b, 3 * MIN)]));
    const r = await sys(t.database, () =>
      ingestMany([
        { deviceId: one.deviceId, samples: [sample(a, 7 * MIN)] },
        { deviceId: two.deviceId, samples: [sample(b, 4.5 * MIN)] },
      ]),
    );
    expect(r.map((x) => x.written)).toEqual([1, 1]);
    expect(await sys(t.database, () => rollupRecent(at(7 * MIN + 10_000)))).toEqual({
      '5m': 1,
      '1h': 0,
      '1d': 0,
    });
    expect(await series('5m', b)).toEqual([['2026-12-02T00:00:00.000Z', 90, 90_000_000]]);
    expect(await series('5m', a)).toEqual([['2026-12-02T00:00:00.000Z', 300, 300_000_000]]);
  });

  it('the hour and the JST day follow once they close', async () => {
    // 00:05 closes at 00:10; the hour at 01:00 (09:00–10:00 JST); the JST day at 15:00 UTC
    expect(await sys(t.database, () => rollupRecent(at(10 * MIN)))).toEqual({ '5m': 1, '1h': 0, '1d': 0 });
    expect(await series('5m', a)).toEqual([
      ['2026-12-02T00:00:00.000Z', 300, 300_000_000],
      ['2026-12-02T00:05:00.000Z', 120, 120_000_000],
    ]);
    expect(await series('1h', a)).toEqual([]);
    expect(await sys(t.database, () => rollupRecent(at(60 * MIN)))).toEqual({ '5m': 0, '1h': 1, '1d': 0 });
    expect(await series('1h', a)).toEqual([['2026-12-02T00:00:00.000Z', 420, 420_000_000]]);
    expect(await series('1h', b)).toEqual([['2026-12-02T00:00:00.000Z', 90, 90_000_000]]);
    expect(await series('1d', a)).toEqual([]);
    expect(await sys(t.database, () => rollupRecent(at(15 * 60 * MIN)))).toEqual({
      '5m': 0,
      '1h': 0,
      '1d': 1,
    });
    // the JST day 2026-12-02 starts at 2026-12-01T15:00Z
    expect(await series('1d', a)).toEqual([['2026-12-01T15:00:00.000Z', 420, 420_000_000]]);
    const left = await sys(t.database, () => db().selectFrom('ops.traffic_dirty').selectAll().execute());
    expect(left).toEqual([]);
  });
});
