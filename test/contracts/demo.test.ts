import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/cli/demo-data.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { seedContractsDemo } from '../../src/modules/contracts/demo.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../support/db.ts';
import { testDemoConfig } from '../support/app.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

describe(`contracts demo data (${engineName})`, () => {
  it('adds options, English labels and a terminating contract to the demo tenants', async () => {
    await seedDemo(t.database, testDemoConfig);
    const sys = <T>(fn: () => Promise<T>) => inTransaction(t.database, systemScope(), fn);
    const tenants = await sys(() => db().selectFrom('ops.tenant').select(['id', 'code']).execute());
    const byCode = Object.fromEntries(tenants.map((x) => [x.code, x.id]));
    await sys(() => seedContractsDemo(byCode));
    await sys(() => seedContractsDemo(byCode)); // a second run changes nothing more

    const contracts = await sys(() =>
      db()
        .selectFrom('customer.contract')
        .select(['number', 'status', 'tenant_id'])
        .where('tenant_id', '=', byCode.C0001002!)
        .orderBy('number')
        .execute(),
    );
    expect(contracts.map((c) => [c.number, c.status])).toEqual([
      ['K-2024-0002', 'active'],
      ['K-2025-0012', 'terminating'],
    ]);
    const services = await sys(() =>
      db().selectFrom('customer.service').select(['code', 'label', 'options']).orderBy('code').execute(),
    );
    const byService = Object.fromEntries(services.map((s) => [s.code, s]));
    expect(byService.PVA00010001!.options).toEqual({ monitoring: 'extended', redundancy: 'dual' });
    expect(byService.PVA00020001!.label).toBe('Sapporo DC (primary)');
    expect(byService.PVA00010001!.label).toBe('本社 IPsec');
    const closing = services.filter((s) => s.label === 'Sendai branch (closing)');
    expect(closing).toHaveLength(1);
    expect(closing[0]!.code).toMatch(/^PVA\d{8}$/);
  });
});
