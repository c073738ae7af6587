import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { seedCapacityDemo } from '../../src/modules/capacity/demo.ts';
import { addMonths, daysBetween } from '../../src/modules/capacity/forecast.ts';
import { clockAt, portViews } from '../../src/modules/capacity/view.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../support/db.ts';
import { addConnection, addPort, createNet } from './support.ts';

let t: TestDatabase;
const sys = <T>(fn: () => Promise<T>) => inTransaction(t.database, systemScope(), fn);

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

describe(`capacity demo data (${engineName})`, () => {
  it('does nothing without ports', async () => {
    await sys(() => seedCapacityDemo());
    expect(await sys(() => db().selectFrom('ops.augmentation_plan').select('id').execute())).toEqual([]);
  });

  it('seeds twelve months per access and backbone port, an Osaka port crossing 80 % in about four months, and one plan; twice is once', async () => {
    const tokyo = await createNet(t.database, { popCode: 'TYO1', popNameEn: 'Tokyo' });
    const osaka = await createNet(t.database, { popCode: 'OSA1', popNameEn: 'Osaka' });
    const busyTokyo = await addPort(t.database, tokyo, 1000, { name: 'xe-0/0/1' });
    await addConnection(t.database, tokyo, busyTokyo, 1700);
    const quietTokyo = await addPort(t.database, tokyo, 10_000, { name: 'xe-0/0/2' });
    const osakaPort = await addPort(t.database, osaka, 1000, { name: 'xe-0/0/1' });
    await addConnection(t.database, osaka, osakaPort, 600);
    const uplink = await addPort(t.database, osaka, 100_000, { name: 'et-0/0/9', purpose: 'backbone' });
    await sys(async () => {
      await db()
        .insertInto('ops.staff')
        .values({
          email: 'tanaka@pva.example',
          name: '田中 健',
          role: 'noc',
          password_hash: null,
          password_changed_at: null,
          last_login_at: null,
          training_acknowledged_on: null,
        })
        .execute();
    });

    const now = new Date();
    await sys(() => seedCapacityDemo(now));
    await sys(() => seedCapacityDemo(now)); // idempotent

    const months = await sys(() =>
      db()
        .selectFrom('ops.port_utilisation_month')
        .select(['port_id', sql<string>`month::text`.as('month'), 'p95_mbps', 'peak_mbps'])
        .execute(),
    );
    const { current, today } = clockAt(now);
    for (const port of [busyTokyo, quietTokyo, osakaPort, uplink]) {
      const own = months.filter((m) => m.port_id === port);
      expect(own).toHaveLength(13); // twelve complete months and this one so far
      expect(own.map((m) => m.month).sort()[0]).toBe(addMonths(current, -12));
      expect(own.every((m) => m.peak_mbps >= m.p95_mbps)).toBe(true);
    }

    const views = await sys(() => portViews({}, clockAt(now)));
    const o = views.find((v) => v.row.id === osakaPort)!;
    expect(o.forecast.status).toBe('crossing');
    const days = daysBetween(today, o.forecast.date!);
    // about four months from today
    expect(days).toBeGreaterThanOrEqual(118);
    expect(days).toBeLessThanOrEqual(125);
    expect(o.state).toBe('watch');
    expect(o.measured!.utilisationPct).toBeLessThan(80);
    // the others stay away from their thresholds
    for (const id of [busyTokyo, quietTokyo]) {
      const v = views.find((x) => x.row.id === id)!;
      expect(v.measured!.utilisationPct).toBeLessThan(60);
      expect(v.reasons).not.toContain('forecast');
    }

    const plans = await sys(() => db().selectFrom('ops.augmentation_plan').selectAll().execute());
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ port_id: busyTokyo, status: 'ordered' });
    expect(plans[0]!.created_by).not.toBeNull();
  });
});
