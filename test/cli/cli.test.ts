import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { inTransaction, systemScope } from '../../src/db/context.ts';
import { migrate } from '../../src/db/migrate.ts';
import { recordAudit } from '../../src/modules/audit/service.ts';
import { runPva } from '../support/cli.ts';
import { createTestDatabase, engineName, PGLITE_TEMPLATE } from '../support/db.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'pva-cli-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('pva CLI', () => {
  it('prints help for every command', async () => {
    for (const args of [
      ['--help'],
      ['start', '--help'],
      ['demo', '--help'],
      ['migrate', '--help'],
      ['audit', '--help'],
      ['audit', 'verify', '--help'],
    ]) {
      const r = await runPva(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage: pva/);
    }
  });

  it('exits non-zero with a clear message on bad arguments', async () => {
    const unknown = await runPva(['frobnicate']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    const role = await runPva(['start', '--role', 'boss']);
    expect(role.code).not.toBe(0);
    expect(role.stderr).toMatch(/expected web, worker or all/);
  });

  it('names the bad key on bad configuration', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ PVA_PORTAL_ADDR: 'nonsense' }, /PVA_PORTAL_ADDR: expected host:port/],
      [{ PVA_TIMEZONE: 'Mars/Olympus' }, /PVA_TIMEZONE: unknown IANA time zone/],
      [{ PVA_DATABASE_URL: 'mysql://x' }, /PVA_DATABASE_URL: expected a postgres: or postgresql: URL/],
      [{ PVA_TLS_CERT: '/x.crt' }, /PVA_TLS_KEY: PVA_TLS_CERT and PVA_TLS_KEY must be set together/],
      [{ PVA_PORTL_ADDR: '1.2.3.4:1' }, /PVA_PORTL_ADDR: unknown configuration key/],
    ];
    for (const [env, re] of cases) {
      const r = await runPva(['migrate'], { PVA_DATA_DIR: tempDir(), ...env });
      expect(r.code, JSON.stringify(env)).toBe(2);
      expect(r.stderr).toMatch(re);
    }
  });

  it('refuses a second process on the same embedded data directory', async () => {
    const dir = tempDir();
    const first = await openDatabase({ dataDir: dir });
    try {
      const r = await runPva(['migrate'], { PVA_DATA_DIR: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/in use by process \d+/);
    } finally {
      await first.close();
    }
  });

  it('refuses a second open in the same process, and opens again once the first is closed', async () => {
    const dir = tempDir();
    const first = await openDatabase({ dataDir: dir });
    try {
      await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/in use by process \d+/);
    } finally {
      await first.close();
    }
    const again = await openDatabase({ dataDir: dir });
    await again.close();
  });

  it.skipIf(!process.env.PVA_TEST_SUPERUSER_URL)(
    'refuses to start on PostgreSQL as a superuser role',
    async () => {
      const r = await runPva(['start'], {
        PVA_DATABASE_URL: process.env.PVA_TEST_SUPERUSER_URL!,
        PVA_DATA_DIR: tempDir(),
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/refusing to start: the database role "postgres" is a superuser/);
    },
  );
});

describe(`pva audit verify (${engineName})`, () => {
  /** A database the CLI can open: a data directory (embedded) or the test database URL (PostgreSQL). */
  async function chainDatabase(): Promise<{
    database: Database;
    env: Record<string, string>;
    close: () => Promise<void>;
  }> {
    if (engineName === 'pglite') {
      const dir = tempDir();
      // from the migrated template the suite's setup leaves (migrating anew takes seconds)
      const image = existsSync(PGLITE_TEMPLATE) ? new Blob([readFileSync(PGLITE_TEMPLATE)]) : undefined;
      const database = await openDatabase({ dataDir: dir, loadDataDir: image });
      await migrate(database);
      return { database, env: { PVA_DATA_DIR: dir }, close: () => Promise.resolve() };
    }
    const t = await createTestDatabase();
    return {
      database: t.database,
      env: { PVA_DATABASE_URL: t.url!, PVA_DATA_DIR: tempDir() },
      close: () => t.close(),
    };
  }

  for (const [name, statement, re] of [
    [
      'changed',
      `UPDATE audit.log SET action = 'forged' WHERE seq = 3`,
      /BROKEN at record 3: record 3 was altered/,
    ],
    ['deleted', `DELETE FROM audit.log WHERE seq = 3`, /BROKEN at record 3: record 3 is missing/],
    [
      'swapped',
      `UPDATE audit.log SET seq = -3 WHERE seq = 3; UPDATE audit.log SET seq = 3 WHERE seq = 4; UPDATE audit.log SET seq = 4 WHERE seq = -3`,
      /BROKEN at record 3/,
    ],
  ] as const) {
    it(`exits 1 naming a ${name} record, 0 when intact`, async () => {
      const c = await chainDatabase();
      try {
        for (let i = 0; i < 5; i++)
          await inTransaction(c.database, systemScope(), () =>
            recordAudit({ action: `e${i}`, summary: { i } }),
          );
        if (engineName === 'pglite') await c.database.close();
        const ok = await runPva(['audit', 'verify'], c.env);
        expect(ok.code, ok.stderr).toBe(0);
        expect(ok.stdout).toMatch(/audit chain intact: \d+ records verified/);
        const db2 =
          engineName === 'pglite' ? await openDatabase({ dataDir: c.env.PVA_DATA_DIR! }) : c.database;
        await db2.runScript(`ALTER TABLE audit.log DISABLE TRIGGER audit_log_append_only; ${statement};`);
        if (engineName === 'pglite') await db2.close();
        const bad = await runPva(['audit', 'verify'], c.env);
        expect(bad.code).toBe(1);
        expect(bad.stderr).toMatch(re);
      } finally {
        await c.close();
      }
    });
  }
});
