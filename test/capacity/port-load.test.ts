import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../support/db.ts';
import { addConnection, addPort, createNet, setConnectionStatus } from './support.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

const sys = <T>(fn: () => Promise<T>) => inTransaction(t.database, systemScope(), fn);

/** The kept figures next to a fresh sum over the connections, for the given ports. */
async function kept(portIds: string[]) {
  return sys(async () => {
    const r = await sql<{ port_id: string; kept: number | null; fresh: number; n: number | null; m: number }>`
      SELECT p.id AS port_id, l.contracted_mbps::int AS kept, l.connections AS n,
             coalesce((SELECT sum(bandwidth_mbps) FROM customer.connection c
                        WHERE c.port_id = p.id AND c.status IN ('planned', 'active')), 0)::int AS fresh,
             (SELECT count(*) FROM customer.connection c
               WHERE c.port_id = p.id AND c.status IN ('planned', 'active'))::int AS m
        FROM ops.port p LEFT JOIN ops.port_load l ON l.port_id = p.id
       WHERE p.id IN (${sql.join(portIds)}) ORDER BY p.id`.execute(db());
    return r.rows.map((x) => ({ kept: x.kept ?? 0, fresh: x.fresh, n: x.n ?? 0, m: x.m }));
  });
}

describe(`kept contracted totals (${engineName})`, () => {
  it('follow every insert, move, resize, status change and delete of a connection', async () => {
    const net = await createNet(t.database);
    const p1 = await addPort(t.database, net, 1000);
    const p2 = await addPort(t.database, net, 1000);
    const a = await addConnection(t.database, net, p1, 100);
    const b = await addConnection(t.database, net, p1, 250, 'planned');
    await addConnection(t.database, net, p1, 400, 'disabled');
    expect(await kept([p1, p2])).toContainEqual({ kept: 350, fresh: 350, n: 2, m: 2 });

    const update = (id: string, set: Record<string, unknown>) =>
      sys(() => db().updateTable('customer.connection').set(set).where('id', '=', id).execute());
    await update(a, { bandwidth_mbps: 300 }); // resize
    await update(b, { port_id: p2 }); // move
    await setConnectionStatus(t.database, a, 'disabled'); // no longer counted
    await setConnectionStatus(t.database, a, 'active'); // counted again
    await update(a, { port_id: p2, bandwidth_mbps: 50 }); // move and resize at once
    await sys(() => db().deleteFrom('customer.connection').where('id', '=', b).execute());

    const rows = await kept([p1, p2]);
    for (const r of rows) expect(r.kept).toBe(r.fresh);
    for (const r of rows) expect(r.n).toBe(r.m);
    expect(rows.map((r) => r.fresh).sort()).toEqual([0, 50]);
  });

  it('stays exact when a transaction that changed it rolls back', async () => {
    const net = await createNet(t.database);
    const p = await addPort(t.database, net, 1000);
    await addConnection(t.database, net, p, 100);
    await expect(
      sys(async () => {
        await db()
          .updateTable('customer.connection')
          .set({ bandwidth_mbps: 900 })
          .where('port_id', '=', p)
          .execute();
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await kept([p])).toEqual([{ kept: 100, fresh: 100, n: 1, m: 1 }]);
  });
});
