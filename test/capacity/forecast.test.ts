import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, systemScope } from '../../src/db/context.ts';
import { crossingDay, forecast, monthOf, monthIndex } from '../../src/modules/capacity/forecast.ts';
import { portViews, type Clock } from '../../src/modules/capacity/view.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../support/db.ts';
import { addMonthsSeries, addPort, createNet, type NetFixture } from './support.ts';

let t: TestDatabase;
let net: NetFixture;
beforeAll(async () => {
  t = await createTestDatabase();
  net = await createNet(t.database, { thresholdPct: 80 });
});
afterAll(async () => t?.close());

/** The forecast of a port whose complete months before `current` are `values`, as the view computes it (SQL fit). */
async function forecastOf(values: number[], clock: Clock, capacity = 1000) {
  const portId = await addPort(t.database, net, capacity);
  await addMonthsSeries(t.database, portId, values, clock.current);
  const [v] = await inTransaction(t.database, systemScope(), () => portViews({ portId }, clock));
  return v!.forecast;
}

describe(`forecast on synthetic series (${engineName})`, () => {
  it('+50 Mbit/s a month on a 1,000 Mbit/s port, threshold 80 %: 300 … 550 in Jul–Dec 2025 reach 800 on 2026-05-01', async () => {
    // each month's figure sits on its first day: Dec 550, Jan 600, … May 800
    const f = await forecastOf([300, 350, 400, 450, 500, 550], {
      today: '2026-01-20',
      current: '2026-01-01',
    });
    expect(f).toEqual({
      status: 'crossing',
      date: '2026-05-01',
      thresholdMbps: 800,
      months: 6,
      slopeMbpsPerMonth: 50,
    });
  });

  it('spreads a fraction of a month over its days and rounds up to the first day at or over the threshold', async () => {
    // 325 … 575: the line reaches 800 half-way through April 2026 (30 days): day 15.0 → 16 April
    const april = await forecastOf([325, 375, 425, 475, 525, 575], {
      today: '2026-01-20',
      current: '2026-01-01',
    });
    expect(april.date).toBe('2026-04-16');
    // the same a month later: half-way through May (31 days) is day 15.5 → 17 May
    const may = await forecastOf([325, 375, 425, 475, 525, 575], {
      today: '2026-02-03',
      current: '2026-02-01',
    });
    expect(may.date).toBe('2026-05-17');
  });

  it('fits over the last twelve complete months only, and needs three of them', async () => {
    // two old months far below, then a year of +50: the old ones are outside the window
    const values = [0, 0, ...Array.from({ length: 12 }, (_, i) => 100 + 50 * i)];
    const f = await forecastOf(values, { today: '2026-01-10', current: '2026-01-01' }, 2000);
    // 100 at Jan 2025 … 650 at Dec 2025, 700 at Jan 2026: 1,600 (80 % of 2,000) 18 months later
    expect(f).toMatchObject({ status: 'crossing', date: '2027-07-01', months: 12, slopeMbpsPerMonth: 50 });
    const two = await forecastOf([100, 200], { today: '2026-01-10', current: '2026-01-01' });
    expect(two).toMatchObject({ status: 'insufficient_data', date: null, months: 2 });
  });

  it('gives no date when the trend is flat or falling, or the port is already over', async () => {
    const clock = { today: '2026-01-10', current: '2026-01-01' };
    expect((await forecastOf([500, 500, 500], clock)).status).toBe('not_rising');
    expect((await forecastOf([700, 600, 500], clock)).status).toBe('not_rising');
    expect((await forecastOf([700, 750, 810], clock)).status).toBe('crossed');
  });
});

describe('forecast arithmetic', () => {
  it('counts months across years', () => {
    expect(monthOf(monthIndex('2025-12-01') + 1)).toBe('2026-01-01');
    expect(monthOf(monthIndex('2026-01-01') - 13)).toBe('2024-12-01');
  });

  it('is not moved by floating-point noise of the fit', () => {
    const t = 800;
    for (const slope of [50 * (1 + 1e-12), 50 * (1 - 1e-12)]) {
      // intercept chosen so the exact crossing is x = 4 (2026-05-01)
      expect(crossingDay({ slope, intercept: t - 4 * 50 }, t, '2026-01-01')).toBe('2026-05-01');
    }
  });

  it('reports a very slow rise as beyond the horizon', () => {
    const f = forecast({ months: 12, slope: 0.5, intercept: 100 }, 800, 100, '2026-01-01');
    expect(f).toMatchObject({ status: 'beyond_horizon', date: null });
  });
});
