import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/context.ts';
import { seedSeries } from '../../src/modules/traffic/demo.ts';
import { computeConnectionMonths, rollup } from '../../src/modules/traffic/repository.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../support/db.ts';
import { addConnection, addPort, createNet, sys } from './support.ts';

let t: TestDatabase;
let full: string;
let short: string;
let cut: Date;
// the series starts at 03:30 UTC: its first hour holds six 5-minute points
const END = new Date('2026-11-20T03:32:00Z');
const PROFILE = { baseBps: 40e6, growth: 0.8, outRatio: 0.6 };

beforeAll(async () => {
  t = await createTestDatabase();
  const net = await createNet(t.database);
  const port = await addPort(t.database, net, 1000);
  full = await addConnection(t.database, net, port, 100);
  short = await addConnection(t.database, net, port, 100);
  // the reference: 60 days of 5-minute points, rolled up and summarised as the jobs do it
  await sys(t.database, async () => {
    await seedSeries(full, END, 60, PROFILE);
    await rollup('1h', new Date(END.getTime() - 61 * 86_400_000), END);
    for (const m of ['2026-09-01', '2026-10-01', '2026-11-01']) await computeConnectionMonths(m);
  });
  // the same series with only its last 20 days at 5 minutes
  cut = await sys(t.database, () => seedSeries(short, END, 60, PROFILE, 20));
});
afterAll(() => t?.close());

describe(`demo series with older days stored hourly (${engineName})`, () => {
  it('keeps 5-minute points from an hour boundary 20 days back, the same as the full series there', async () => {
    expect(cut.toISOString()).toBe('2026-10-31T03:00:00.000Z');
    const r = await sys(t.database, () =>
      sql<{ n: number; before: number; differing: number }>`
        SELECT count(*)::int AS n,
               count(*) FILTER (WHERE s.at < ${cut}::timestamptz)::int AS before,
               count(*) FILTER (WHERE (s.in_octets, s.out_octets, s.in_max_bps, s.out_max_bps)
                                      IS DISTINCT FROM (f.in_octets, f.out_octets, f.in_max_bps, f.out_max_bps))::int AS differing
          FROM ops.traffic_5m s LEFT JOIN ops.traffic_5m f ON f.connection_id = ${full}::uuid AND f.at = s.at
         WHERE s.connection_id = ${short}::uuid`.execute(db()),
    );
    expect(r.rows[0]).toEqual({
      n: (END.getTime() - 120_000 - cut.getTime()) / 300_000,
      before: 0,
      differing: 0,
    });
  });

  it('writes each earlier hour as the rollup of its twelve 5-minute points would', async () => {
    const r = await sys(t.database, () =>
      sql<{ n: number; missing: number; differing: number }>`
        SELECT count(*)::int AS n,
               count(*) FILTER (WHERE f.at IS NULL)::int AS missing,
               count(*) FILTER (WHERE (s.seconds, s.in_octets, s.out_octets, s.in_max_bps, s.out_max_bps)
                                      IS DISTINCT FROM (f.seconds, f.in_octets, f.out_octets, f.in_max_bps, f.out_max_bps))::int AS differing
          FROM ops.traffic_1h s LEFT JOIN ops.traffic_1h f ON f.connection_id = ${full}::uuid AND f.at = s.at
         WHERE s.connection_id = ${short}::uuid`.execute(db()),
    );
    // 40 days of hours before the cut, the first one from 03:30
    expect(r.rows[0]).toEqual({ n: 40 * 24, missing: 0, differing: 0 });
    const first = await sys(t.database, () =>
      sql<{ seconds: number }>`
        SELECT seconds FROM ops.traffic_1h WHERE connection_id = ${short}::uuid ORDER BY at LIMIT 1`.execute(
        db(),
      ),
    );
    expect(first.rows[0]!.seconds).toBe(6 * 300);
  });

  it('gives each month starting before the cut the 95th percentile of all its 5-minute points', async () => {
    const r = await sys(t.database, () =>
      sql<{ month: string; p95: number; ref: number; samples: number; ref_samples: number }>`
        SELECT to_char(s.month, 'YYYY-MM') AS month, s.p95_bps AS p95, f.p95_bps AS ref,
               s.samples, f.samples AS ref_samples, s.in_p95_bps = f.in_p95_bps AND s.out_p95_bps = f.out_p95_bps
               AND s.peak_bps = f.peak_bps AS same
          FROM ops.traffic_month s JOIN ops.traffic_month f ON f.connection_id = ${full}::uuid AND f.month = s.month
         WHERE s.connection_id = ${short}::uuid ORDER BY s.month`.execute(db()),
    );
    // September from the series' start, and October (JST), which holds the cut, whole
    expect(r.rows.map((x) => x.month)).toEqual(['2026-09', '2026-10']);
    for (const x of r.rows) {
      expect(x).toMatchObject({ same: true, samples: x.ref_samples });
      expect(x.p95).toBe(x.ref);
    }
    // September (JST) from 12:30 on the 21st, October whole
    expect(r.rows.map((x) => x.samples)).toEqual([(9 * 24 + 11.5) * 12, 31 * 288]);
  });
});
