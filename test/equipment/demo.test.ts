import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { zonedDate } from '../../src/lib/time.ts';
import { seedEquipmentDemo } from '../../src/modules/equipment/demo.ts';
import { countOverdue } from '../../src/modules/equipment/supplier-repository.ts';
import { createNet } from '../capacity/support.ts';
import { createStaffMember } from '../support/auth.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../support/db.ts';

let t: TestDatabase;
const sys = <T>(fn: () => Promise<T>) => inTransaction(t.database, systemScope(), fn);

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

describe(`equipment demo data (${engineName})`, () => {
  it('seeds components, suppliers with one overdue review and one completed disposal; twice is once', async () => {
    const net = await createNet(t.database, { popCode: 'TKY1' });
    await sys(() =>
      db().updateTable('ops.device').set({ vendor: 'Juniper' }).where('id', '=', net.deviceId).execute(),
    );
    const noc = await createStaffMember(t.database, { role: 'noc' });
    const sec = await createStaffMember(t.database, { role: 'security' });
    const staff = { 'tanaka@pva.example': noc.id, 'suzuki@pva.example': sec.id };
    await sys(() => seedEquipmentDemo(staff));
    await sys(() => seedEquipmentDemo(staff));
    const comps = await sys(() =>
      db()
        .selectFrom('ops.device_component')
        .select(['kind', 'status'])
        .where('device_id', '=', net.deviceId)
        .execute(),
    );
    expect(comps.map((c) => c.kind).sort()).toEqual(['optic', 'psu', 'storage']);
    expect(await sys(() => countOverdue(zonedDate(new Date())))).toBe(1);
    const disposals = await sys(() =>
      sql<{ status: string; performer_staff_id: string; verifier_staff_id: string; n: number }>`
        SELECT x.status, x.performer_staff_id, x.verifier_staff_id,
               (SELECT count(*)::int FROM ops.disposal_evidence e WHERE e.disposal_id = x.id) AS n
          FROM ops.disposal x`.execute(db()),
    );
    expect(disposals.rows).toEqual([
      { status: 'completed', performer_staff_id: noc.id, verifier_staff_id: sec.id, n: 1 },
    ]);
    expect(
      Number(
        (await sys(() => sql<{ n: number }>`SELECT count(*) AS n FROM ops.supplier`.execute(db()))).rows[0]!
          .n,
      ),
    ).toBe(5);
  });
});
