import { expect, it } from 'vitest';
import { seedDemo } from '../../src/cli/demo-data.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { intendedConfig } from '../../src/modules/dataplane/intended.ts';
import { testDemoConfig } from '../support/app.ts';
import { createTestDatabase, engineName } from '../support/db.ts';

/** Every device of the demo data renders (the console and the backup job show them all). */
it(`renders every device of the demo network (${engineName})`, async () => {
  const t = await createTestDatabase();
  try {
    await seedDemo(t.database, testDemoConfig);
    const sys = <T>(fn: () => Promise<T>) => inTransaction(t.database, systemScope(), fn);
    const devices = await sys(() =>
      db().selectFrom('ops.device').select(['id', 'hostname', 'role']).execute(),
    );
    expect(devices.length).toBeGreaterThan(3);
    for (const d of devices) {
      const r = await sys(() => intendedConfig(d.id, { config: testDemoConfig }));
      expect(r.hostname).toBe(d.hostname);
      expect(Object.keys(r.files)).toContain('ns/core.conf');
      // every placed demo connection is complete enough to render
      expect(
        (r.warnings ?? []).filter((w) => w.startsWith('connection')),
        d.hostname,
      ).toEqual([]);
      if (d.role === 'pe') expect(r.files['swanctl/swanctl.conf']).toMatch(/secret = 0s/);
    }
  } finally {
    await t.close();
  }
});
