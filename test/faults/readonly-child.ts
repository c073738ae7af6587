/**
 * Run by readonly-disk.test.ts inside a private mount namespace (`unshare -m`): the embedded
 * database lives on a tmpfs of its own, which turns read-only between two runs of the app and
 * writable again. Prints one JSON line of observations; the test judges them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '../../src/app/build.ts';
import type { App } from '../../src/app/types.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { inTransaction, systemScope } from '../../src/db/context.ts';
import { migrate } from '../../src/db/migrate.ts';
import { verifyChain } from '../../src/modules/audit/verify.ts';
import { TEST_MASTER_KEY_FILE, TEST_SIGNING_KEY_FILE } from '../support/app.ts';
import { PGLITE_TEMPLATE } from '../support/db.ts';
import { createUser, login } from '../support/auth.ts';
import { createTenant } from '../support/factories.ts';

const mnt = process.argv[2]!;
mkdirSync(mnt, { recursive: true });
execFileSync('mount', ['--make-rprivate', '/']);
execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512m', 'pva-fault', mnt]);
const dataDir = join(mnt, 'pva');
const config = loadConfig({
  PVA_DATA_DIR: dataDir,
  PVA_LOG_LEVEL: 'silent',
  PVA_MASTER_KEY_FILE: TEST_MASTER_KEY_FILE,
  PVA_SIGNING_KEY_FILE: TEST_SIGNING_KEY_FILE,
});
const out: Record<string, unknown> = {};

async function start(image?: Blob): Promise<{ database: Database; app: App }> {
  const database = await openDatabase({ dataDir, loadDataDir: image });
  await migrate(database);
  const app = await buildApp({ config, database, plane: 'portal', logger: false });
  await app.ready();
  return { database, app };
}

// 1. a first run writes data and an audit trail
// (from the migrated template when the test run made one: migrating from scratch is slow)
let run = await start(existsSync(PGLITE_TEMPLATE) ? new Blob([readFileSync(PGLITE_TEMPLATE)]) : undefined);
const tenant = await createTenant(run.database);
const user = await createUser(run.database, tenant.id, { role: 'admin' });
const first = await login(run.app, run.database, user);
const put = await run.app.inject({
  method: 'PUT',
  url: `/api/v1/services/${tenant.serviceIds[0]}/label`,
  headers: first.headers,
  payload: { label: 'written before the fault' },
});
out.write = put.statusCode;
await run.app.close();
await run.database.close();

// 2. the disk turns read-only: the next start fails with an error that names the cause
execFileSync('mount', ['-o', 'remount,ro', mnt]);
try {
  const r = await start();
  out.readOnlyStart = 'started';
  await r.app.close();
  await r.database.close();
} catch (e) {
  out.readOnlyStart = { code: (e as NodeJS.ErrnoException).code ?? null, message: String(e).slice(0, 300) };
}

// 3. the disk is writable again: the data is intact and the audit chain verifies
execFileSync('mount', ['-o', 'remount,rw', mnt]);
run = await start();
const again = await login(run.app, run.database, user);
const svc = await run.app.inject({ url: `/api/v1/services/${tenant.serviceIds[0]}`, headers: again.headers });
out.read = { status: svc.statusCode, body: svc.body.slice(0, 2000) };
out.verify = await inTransaction(run.database, systemScope(), () => verifyChain());
await run.app.close();
await run.database.close();
process.stdout.write(`\nRESULT ${JSON.stringify(out)}\n`);
process.exit(0);
