import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';

/**
 * The database-backed suite runs on both engines: the embedded one by default, PostgreSQL when
 * PVA_TEST_DATABASE_URL names a server (a role with CREATEDB, not a superuser). On PostgreSQL
 * each test file gets a database of its own, so tests that tamper with the audit chain stay apart.
 */
export const TEST_PG_URL = process.env.PVA_TEST_DATABASE_URL || undefined;
export const PGLITE_TEMPLATE = fileURLToPath(new URL('../../.tmp/pglite-template.tar', import.meta.url));
export const engineName = TEST_PG_URL ? 'postgres' : 'pglite';

export interface TestDatabase {
  database: Database;
  url: string | undefined;
  close(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (!TEST_PG_URL) {
    const image = existsSync(PGLITE_TEMPLATE) ? new Blob([readFileSync(PGLITE_TEMPLATE)]) : undefined;
    const database = await openDatabase({ loadDataDir: image });
    await migrate(database); // a no-op on the template; the whole work without it
    return { database, url: undefined, close: () => database.close() };
  }
  const name = `pva_test_${randomBytes(6).toString('hex')}`;
  // the run's migrated template (test/support/global-setup.ts), when the run has one
  const template = inject('pgTemplate') ?? null;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  await admin.end();
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  await migrate(database); // a no-op on a copy of the template
  return {
    database,
    url: url.toString(),
    async close() {
      await database.close();
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
