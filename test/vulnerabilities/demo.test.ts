import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { seedVulnerabilitiesDemo } from '../../src/modules/vulnerabilities/demo.ts';
import { createStaffMember } from '../support/auth.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../support/db.ts';
import { createDevices } from './support.ts';

let t: TestDatabase;
const sys = <T>(fn: () => Promise<T>) => inTransaction(t.database, systemScope(), fn);

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

describe(`vulnerability demo data (${engineName})`, () => {
  it('seeds two advisories matching the demo PEs and switch, one assessed; twice is once', async () => {
    const [pe1osa, pe2tky, mgmt, agg] = await createDevices(t.database, [
      { hostname: 'pe1.osa1', vendor: 'Juniper', model: 'MX204', os: 'Junos OS 22.4R3' },
      { hostname: 'pe2.tky1', vendor: 'Juniper', model: 'MX204', os: 'Junos OS 22.4R3' },
      { hostname: 'mgmt1.tky1', vendor: 'Cisco', model: 'Catalyst 9200', os: 'IOS XE 17.9.4' },
      { hostname: 'agg1.tky1', vendor: 'Arista', model: '7280R3', os: 'EOS 4.31.2F' },
    ]);
    const sec = await createStaffMember(t.database, { role: 'security' });
    const staff = { 'suzuki@pva.example': sec.id };
    await sys(() => seedVulnerabilitiesDemo(staff));
    await sys(() => seedVulnerabilitiesDemo(staff));
    const advisories = await sys(() => db().selectFrom('ops.vuln_advisory').select('external_id').execute());
    expect(advisories).toHaveLength(2);
    const matches = await sys(() =>
      db()
        .selectFrom('ops.vuln_match')
        .select(['item_id', 'state', 'assessed_by'])
        .orderBy('item_id')
        .execute(),
    );
    expect(matches.map((m) => m.item_id).sort()).toEqual([pe1osa, pe2tky, mgmt].sort());
    expect(matches.map((m) => m.item_id)).not.toContain(agg);
    expect(matches.find((m) => m.item_id === pe1osa)).toMatchObject({
      state: 'mitigated',
      assessed_by: sec.id,
    });
    const history = await sys(() => db().selectFrom('ops.vuln_assessment').select('id').execute());
    expect(history).toHaveLength(1);
  });
});
