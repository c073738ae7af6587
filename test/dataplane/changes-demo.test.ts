import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/cli/demo-data.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { intendedConfig } from '../../src/modules/dataplane/intended.ts';
import { testDemoConfig } from '../support/app.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../support/db.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

describe(`data-plane demo data (${engineName})`, () => {
  it('seeds backup versions for the PEs, one drifted PE, and change records in several states', async () => {
    await seedDemo(t.database, testDemoConfig);
    const sys = <T>(fn: () => Promise<T>) => inTransaction(t.database, systemScope(), fn);
    const pes = await sys(() =>
      db().selectFrom('ops.device').select(['id', 'hostname']).where('role', '=', 'pe').execute(),
    );
    expect(pes.length).toBeGreaterThan(1);
    // the demo's backups are the demo PEs' rendered configurations: every PE must render
    const problems = await sys(async () => {
      const out: string[] = [];
      for (const pe of pes)
        await intendedConfig(pe.id).catch((e: Error & { detail?: { en: string } }) =>
          out.push(`${pe.hostname}: ${e.detail?.en ?? e.message}`),
        );
      return out;
    });
    expect(problems, 'demo PEs that cannot be rendered (network demo vs. renderer)').toEqual([]);
    const versions = await sys(() =>
      db().selectFrom('ops.config_backup').select(['device_id', 'version', 'files']).execute(),
    );
    for (const pe of pes)
      expect(versions.filter((v) => v.device_id === pe.id).length).toBeGreaterThanOrEqual(2);
    // no secret in clear in any stored version
    const text = JSON.stringify(versions.map((v) => v.files));
    expect(text).toContain('<redacted:');
    expect(text).not.toMatch(/secret = 0s[A-Za-z0-9+/=]+/);

    const drifts = await sys(() =>
      db()
        .selectFrom('ops.config_drift')
        .select(['device_id', 'diff'])
        .where('resolved_at', 'is', null)
        .execute(),
    );
    expect(drifts).toHaveLength(1);
    expect(drifts[0]!.diff).toContain('+# hand change on the console');

    const changes = await sys(() =>
      db()
        .selectFrom('ops.config_change as c')
        .innerJoin('ops.config_change_device as cd', 'cd.change_id', 'c.id')
        .select(['c.status', 'c.prepared_by', 'c.approved_by', 'c.rejected_by', 'c.drift_id', 'cd.diff'])
        .execute(),
    );
    expect(new Set(changes.map((c) => c.status))).toEqual(
      new Set(['succeeded', 'rolled_back', 'submitted', 'rejected', 'draft']),
    );
    // the four-eyes rule holds in the demo as well
    for (const c of changes) {
      if (c.approved_by) expect(c.approved_by).not.toBe(c.prepared_by);
      if (c.rejected_by) expect(c.rejected_by).not.toBe(c.prepared_by);
    }
    expect(changes.find((c) => c.status === 'submitted')?.drift_id).not.toBeNull();
    expect(changes.find((c) => c.status === 'succeeded')?.diff).toMatch(/^\+/m);
  });
});
