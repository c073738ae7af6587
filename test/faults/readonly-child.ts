/**
 * Run by readonly-disk.test.ts inside a private mount namespace (`unshare -m`): the embedded
 * database lives on an ext4 file system of its own (a loop-mounted image, `errors=remount-ro`).
 * While the app runs, the kernel is told the file system has an error, and turns it read-only
 * under the engine, as it does on a failing disk. The app is then restarted while the disk is
 * still read-only, and again after `e2fsck` and a fresh mount. Prints one JSON line of
 * observations; the test judges them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
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

const base = process.argv[2]!;
const diskImage = join(base, 'disk.img');
const mnt = join(base, 'mnt');
mkdirSync(mnt, { recursive: true });
execFileSync('mount', ['--make-rprivate', '/']);
execFileSync('truncate', ['-s', '600M', diskImage]);
execFileSync('mkfs.ext4', ['-q', '-F', diskImage]);
// a loop mount detaches its device by itself when it is unmounted, or when this namespace ends
const mountDisk = (): void => {
  execFileSync('mount', ['-o', 'loop,errors=remount-ro', diskImage, mnt]);
};
mountDisk();
const device = basename(execFileSync('findmnt', ['-n', '-o', 'SOURCE', mnt], { encoding: 'utf8' }).trim());
const mountOptions = (): string =>
  execFileSync('findmnt', ['-n', '-o', 'OPTIONS', mnt], { encoding: 'utf8' }).trim();

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

const answer = (r: { statusCode: number; headers: Record<string, unknown>; body: string }) => ({
  status: r.statusCode,
  type: typeof r.headers['content-type'] === 'string' ? r.headers['content-type'] : '',
  retryAfter: r.headers['retry-after'] ?? null,
  body: r.body.slice(0, 2000),
});

// 1. a first run writes data and an audit trail
// (from the migrated template when the test run made one: migrating from scratch is slow)
let run = await start(existsSync(PGLITE_TEMPLATE) ? new Blob([readFileSync(PGLITE_TEMPLATE)]) : undefined);
const tenant = await createTenant(run.database);
const user = await createUser(run.database, tenant.id, { role: 'admin' });
const first = await login(run.app, run.database, user);
const label = (app: App, headers: Record<string, string>, text: string) =>
  app.inject({
    method: 'PUT',
    url: `/api/v1/services/${tenant.serviceIds[0]}/label`,
    headers,
    payload: { label: text },
  });
out.write = (await label(run.app, first.headers, 'written before the fault')).statusCode;

// 2. the kernel turns the file system read-only under the running engine
execFileSync('sh', ['-c', `echo 'pva fault test' > /sys/fs/ext4/${device}/trigger_fs_error`]);
out.mountAfterFault = mountOptions();
out.writeDuring = answer(await label(run.app, first.headers, 'written after the fault'));
out.readDuring = answer(
  await run.app.inject({
    url: `/api/v1/services/${tenant.serviceIds[0]}`,
    headers: { ...first.headers, 'accept-language': 'en' },
  }),
);
out.readyDuring = answer(await run.app.inject({ url: '/readyz' }));
out.liveDuring = (await run.app.inject({ url: '/livez' })).statusCode;
await run.app.close();
await run.database.close();
out.closed = true;

// 3. a start while the disk is still read-only fails with an error that names the cause
try {
  const r = await start();
  out.readOnlyStart = 'started';
  await r.app.close();
  await r.database.close();
} catch (e) {
  out.readOnlyStart = { code: (e as NodeJS.ErrnoException).code ?? null, message: String(e).slice(0, 300) };
}

// 4. the disk is checked and mounted again: the data is intact and the audit chain verifies
execFileSync('umount', [mnt]);
try {
  execFileSync('e2fsck', ['-f', '-y', diskImage], { stdio: 'ignore' });
} catch (e) {
  // exit status 1: errors were corrected
  if ((e as { status?: number }).status !== 1) throw e;
}
mountDisk();
out.mountAfterRepair = mountOptions();
run = await start();
const again = await login(run.app, run.database, user);
const svc = await run.app.inject({ url: `/api/v1/services/${tenant.serviceIds[0]}`, headers: again.headers });
out.read = { status: svc.statusCode, body: svc.body.slice(0, 2000) };
out.writeAfter = (await label(run.app, again.headers, 'written after recovery')).statusCode;
out.verify = await inTransaction(run.database, systemScope(), () => verifyChain());
await run.app.close();
await run.database.close();
process.stdout.write(`\nRESULT ${JSON.stringify(out)}\n`);
process.exit(0);
