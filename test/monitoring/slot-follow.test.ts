import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../support/db.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';

let t: TestDatabase;
let a: TenantFixture;
beforeAll(async () => {
  t = await createTestDatabase();
  a = await createTenant(t.database, { services: 1 });
});
afterAll(async () => t?.close());

const slotRow = () =>
  inTransaction(t.database, systemScope(), async () => {
    const r = await sql<{ xmin: string; due: string }>`
      SELECT xmin::text AS xmin, next_due_at::text AS due FROM ops.monitor_slot WHERE interval_s = 60 AND slot = 3`.execute(
      db(),
    );
    return r.rows[0];
  });

/** New connections (each gets its monitor from a trigger), all placed in slot 3. */
const addConnections = (n: number) =>
  inTransaction(t.database, systemScope(), async () => {
    const rows = Array.from({ length: n }, (_, i) => ({
      tenant_id: a.id,
      service_id: a.serviceIds[0]!,
      name: `slot-${Date.now()}-${i}`,
      kind: 'direct' as const,
      bandwidth_mbps: 10,
      status: 'planned' as const,
      ipv4_prefix: `198.51.100.${4 * (i % 60)}/30`,
    }));
    const ids = await db().insertInto('customer.connection').values(rows).returning('id').execute();
    await db()
      .updateTable('customer.monitor')
      .set({ slot: 3, interval_s: 60 })
      .where(
        'connection_id',
        'in',
        ids.map((x) => x.id),
      )
      .execute();
  });

describe(`monitor slots (${engineName})`, () => {
  it('makes a slot due when a monitor joins it, and leaves a slot that is due already alone', async () => {
    await addConnections(1);
    const first = await slotRow();
    expect(first?.due).toBe('-infinity');
    // many monitors joining in one transaction do not rewrite the due slot's row
    await addConnections(200);
    const after = await slotRow();
    expect(after).toEqual(first);
    // once the slot has run, a monitor joining it makes it due again
    await inTransaction(t.database, systemScope(), () =>
      sql`UPDATE ops.monitor_slot SET next_due_at = now() + interval '1 minute' WHERE interval_s = 60 AND slot = 3`.execute(
        db(),
      ),
    );
    await addConnections(1);
    expect((await slotRow())?.due).toBe('-infinity');
  });
});
