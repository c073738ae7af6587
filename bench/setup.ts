import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { buildApp } from '../src/app/build.ts';
import { loadTls } from '../src/app/tls.ts';
import type { App } from '../src/app/types.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { createUser, login, type LoggedIn } from '../test/support/auth.ts';
import { createTenant, type TenantFixture } from '../test/support/factories.ts';
import { buildBareApp, type BareApp } from './bare.ts';

/** The migrated template the test suite's global setup leaves behind (a fresh migrate otherwise). */
const PGLITE_TEMPLATE = fileURLToPath(new URL('../.tmp/pglite-template.tar', import.meta.url));

/**
 * Always the embedded engine, whatever PVA_TEST_DATABASE_URL says: the bare baseline reads
 * without row-level security, which only the embedded engine's superuser session can do.
 */
export async function openEmbedded(): Promise<Database> {
  const image = existsSync(PGLITE_TEMPLATE) ? new Blob([readFileSync(PGLITE_TEMPLATE)]) : undefined;
  const database = await openDatabase({ loadDataDir: image });
  await migrate(database); // a no-op on the template
  return database;
}

/**
 * The embedded engine as an installation runs it: on a data directory (with the durable start
 * parameters), not in memory as the tests do. In memory, every file the engine grows is copied
 * into a larger buffer again and again (a new WAL segment alone costs hundreds of milliseconds),
 * work an installation does not do; a figure that counts the engine's CPU time against a baseline
 * outside the database needs the engine as it runs. The directory goes when the database closes.
 */
export async function openEmbeddedOnDisk(): Promise<Database> {
  const dir = mkdtempSync(join(tmpdir(), 'pva-bench-db-'));
  const image = existsSync(PGLITE_TEMPLATE) ? new Blob([readFileSync(PGLITE_TEMPLATE)]) : undefined;
  const database = await openDatabase({ dataDir: dir, loadDataDir: image });
  await migrate(database); // a no-op on the template
  const close = database.close.bind(database);
  database.close = async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  };
  return database;
}

export interface ApiBench {
  config: Config;
  database: Database;
  tenant: TenantFixture;
  session: LoggedIn;
  /** The real portal app (customer listener), HTTPS-capable, not yet listening. */
  portal: App;
  /** A plain Fastify instance with one route running the same SELECT without auth, tx or RLS. */
  bare: BareApp;
  tls: { key: string; cert: string };
  /**
   * Waits until the server has no work left: a load generator that stops abandons its requests
   * in flight, and the server still runs them, which would fall into the next measurement.
   */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Every statement of both apps passes through the embedded database's one FIFO lock, so a
 * trivial statement that answers at once, several times in a row with pauses in between (in
 * which a request between two of its statements would queue again), means the server is idle.
 */
export async function settle(database: Database): Promise<void> {
  const deadline = performance.now() + 60_000;
  let quiet = 0;
  while (quiet < 5 && performance.now() < deadline) {
    const t = performance.now();
    await sql`select 1`.execute(database.kysely);
    quiet = performance.now() - t < 15 ? quiet + 1 : 0;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * One embedded database with a tenant of `rows` services (one connection each) among
 * `neighbours` other tenants of as many (a multi-tenant database: what row-level security has
 * to filter out), a customer user logged in through the real password + TOTP endpoints, the
 * portal app and the bare app.
 */
export async function setupApi(
  rows: number,
  neighbours: number,
  open: () => Promise<Database> = openEmbedded,
): Promise<ApiBench> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pva-bench-'));
  const config = loadConfig({
    PVA_DATA_DIR: dataDir,
    PVA_LOG_LEVEL: 'silent',
    PVA_PORTAL_ADDR: '127.0.0.1:0',
    PVA_MGMT_ADDR: '127.0.0.1:0',
  });
  const database = await open();
  for (let i = 0; i < neighbours; i++) await createTenant(database, { services: rows });
  const tenant = await createTenant(database, { services: rows });
  const user = await createUser(database, tenant.id, { role: 'viewer' });
  // A running installation has statistics (the migration and the worker's db.analyze job run
  // ANALYZE); without them the planner guesses a handful of rows per tenant on both sides.
  await database.runScript('ANALYZE');
  const tlsFull = await loadTls(config);
  const tls = { key: tlsFull.key, cert: tlsFull.cert };
  const portal = await buildApp({ config, database, plane: 'portal', https: tls, logger: false });
  await portal.ready();
  const session = await login(portal, database, user);
  const bare = buildBareApp(database, tenant.id, tls);
  await bare.ready();
  return {
    config,
    database,
    tenant,
    session,
    portal,
    bare,
    tls,
    settle: () => settle(database),
    async close() {
      await portal.close();
      await bare.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
