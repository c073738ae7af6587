import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/cli/demo-data.ts';
import { db } from '../../src/db/context.ts';
import { DEMO_FIVE_MINUTE_DAYS } from '../../src/modules/traffic/demo.ts';
import { jstMonth } from '../../src/modules/traffic/maintenance.ts';
import { testDemoConfig } from '../support/app.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../support/db.ts';
import { sys } from './support.ts';

let t: TestDatabase;
let seconds = 0;
beforeAll(async () => {
  t = await createTestDatabase();
  const started = Date.now();
  await seedDemo(t.database, testDemoConfig);
  seconds = (Date.now() - started) / 1000;
});
afterAll(() => t?.close());

describe(`traffic demo data (${engineName})`, () => {
  it('gives every active demo connection 90 days: the last 36 at 5 minutes, all of them hourly and daily', async () => {
    const rows = await sys(t.database, () =>
      sql<{ name: string; n: number; h: number; d: number; oldest: Date }>`
        SELECT c.name,
               (SELECT count(*)::int FROM ops.traffic_5m f WHERE f.connection_id = c.id) AS n,
               (SELECT min(at) FROM ops.traffic_5m f WHERE f.connection_id = c.id) AS oldest,
               (SELECT count(*)::int FROM ops.traffic_1h f WHERE f.connection_id = c.id) AS h,
               (SELECT count(*)::int FROM ops.traffic_1d f WHERE f.connection_id = c.id) AS d
          FROM customer.connection c WHERE c.status = 'active' ORDER BY c.name`.execute(db()),
    );
    expect(rows.rows.length).toBeGreaterThan(0);
    const cut = Date.now() - DEMO_FIVE_MINUTE_DAYS * 86_400_000;
    for (const r of rows.rows) {
      // from the hour boundary before the cut: up to eleven points more
      expect(r.n).toBeGreaterThanOrEqual(DEMO_FIVE_MINUTE_DAYS * 288);
      expect(r.n).toBeLessThan(DEMO_FIVE_MINUTE_DAYS * 288 + 12);
      expect(new Date(r.oldest).getTime()).toBeGreaterThan(cut - 2 * 3_600_000);
      expect(r.h).toBeGreaterThanOrEqual(90 * 24);
      expect(r.d).toBeGreaterThanOrEqual(90);
    }
    console.info(`demo seeding with traffic took ${seconds.toFixed(1)} s on ${engineName}`);
  });

  it("ミナト精機's Osaka rack has grown: this month's 95th percentile is near its contract", async () => {
    const r = await sys(t.database, () =>
      sql<{ p95: number; mbps: number; first: number }>`
        SELECT m.p95_bps AS p95, c.bandwidth_mbps::float8 AS mbps,
               (SELECT p95_bps FROM ops.traffic_month x WHERE x.connection_id = c.id ORDER BY month LIMIT 1) AS first
          FROM customer.connection c JOIN ops.traffic_month m ON m.connection_id = c.id
         WHERE c.name = 'osaka-rack' AND m.month = ${jstMonth(new Date())}::date`.execute(db()),
    );
    const o = r.rows[0]!;
    expect(o.p95 / (o.mbps * 1e6)).toBeGreaterThan(0.75);
    expect(o.p95 / (o.mbps * 1e6)).toBeLessThan(1);
    expect(o.first).toBeLessThan(o.p95 * 0.7);
  });
});
