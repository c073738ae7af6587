import type { Config } from '../config.ts';
import { buildApp } from '../app/build.ts';
import { listenerUrl } from '../lib/url.ts';
import { loadTls } from '../app/tls.ts';
import type { App } from '../app/types.ts';
import { openDatabase, roleFacts, type Database } from '../db/client.ts';
import { inTransaction, systemScope } from '../db/context.ts';
import { migrate } from '../db/migrate.ts';
import { formatInstant, setTimezone } from '../lib/time.ts';
import { issueBootstrapToken } from '../modules/identity/bootstrap.ts';
import { startWorker, type Worker } from '../jobs/worker.ts';
import { createMailer } from '../jobs/mailer.ts';
import { join } from 'node:path';
import { seedDemo, type DemoSummary } from './demo-data.ts';

export type Role = 'web' | 'worker' | 'all';
export { migrate } from '../db/migrate.ts';
export { inTransaction, systemScope } from '../db/context.ts';
export { verifyChain } from '../modules/audit/verify.ts';
export { recordVerification } from '../modules/audit/repository.ts';

export interface Platform {
  database: Database;
  portal: App | null;
  mgmt: App | null;
  worker: Worker | null;
  urls: { portal: string; mgmt: string };
  demo: DemoSummary | null;
  stop(): Promise<void>;
}

/** Opens the database, refusing roles that bypass row-level security (PostgreSQL). */
export async function openChecked(config: Config): Promise<Database> {
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
    pool: config.pool,
  });
  if (database.engine === 'postgres') {
    const role = await roleFacts(database);
    if (role.superuser || role.bypassRls) {
      await database.close();
      throw new Error(
        `refusing to start: the database role "${role.name}" is ${role.superuser ? 'a superuser' : 'allowed to bypass row-level security'}, ` +
          'which would switch off tenant isolation. Connect PVA_DATABASE_URL as a role with NOSUPERUSER NOBYPASSRLS that owns the PVA schemas (see docs/operations.md).',
      );
    }
  }
  return database;
}

export async function startPlatform(
  config: Config,
  opts: { role: Role; demo: boolean; log?: (line: string) => void },
): Promise<Platform> {
  const log = opts.log ?? ((line: string) => console.log(line));
  setTimezone(config.timezone);
  const database = opts.demo
    ? await openDatabase({}) // the demo runs on a fresh in-memory embedded database every time
    : await openChecked(config);
  const apps: App[] = [];
  let worker: Worker | null = null;
  try {
    await migrate(database);
    let demo: DemoSummary | null = null;
    if (opts.demo) {
      demo = await seedDemo(database, config);
      // the embedded engine has no autovacuum: give the planner statistics for the seeded data
      await database.runScript('ANALYZE');
    } else if (opts.role !== 'worker') {
      const token = await inTransaction(database, systemScope(), () => issueBootstrapToken());
      if (token) {
        log(
          `No provider administrator exists yet. One-time bootstrap token (valid until ${formatInstant(token.expiresAt)}):`,
        );
        log(`  ${token.token}`);
        log(
          'Open the management console and create the first administrator with it (POST /api/v1/bootstrap).',
        );
      }
    }
    let portal: App | null = null;
    let mgmt: App | null = null;
    const urls = { portal: '', mgmt: '' };
    if (opts.role !== 'worker') {
      const tls = await loadTls(config);
      portal = await buildApp({ config, database, plane: 'portal', https: tls });
      apps.push(portal);
      mgmt = await buildApp({ config, database, plane: 'mgmt', https: tls });
      apps.push(mgmt);
      await portal.listen({ host: config.portal.host, port: config.portal.port });
      await mgmt.listen({ host: config.mgmt.host, port: config.mgmt.port });
      const portAddr = (a: App) => {
        const addr = a.server.address();
        return typeof addr === 'object' && addr ? addr.port : 0;
      };
      if (!config.portalUrl) portal.pva.publicUrl = listenerUrl(config.portal.host, portAddr(portal));
      if (!config.mgmtUrl) mgmt.pva.publicUrl = listenerUrl(config.mgmt.host, portAddr(mgmt));
      urls.portal = `${portal.pva.publicUrl}/`;
      urls.mgmt = `${mgmt.pva.publicUrl}/`;
    }
    if (opts.role !== 'web') {
      const mailer =
        opts.demo && !config.smtp.url
          ? createMailer(config, { fileDir: join(config.dataDir, 'demo-mail') })
          : undefined;
      worker = startWorker({ database, config, ...(mailer ? { mailer } : {}) });
    }
    let stopped = false;
    return {
      database,
      portal,
      mgmt,
      worker,
      urls,
      demo,
      async stop() {
        if (stopped) return;
        stopped = true;
        await worker?.stop();
        for (const a of apps) await a.close();
        await database.close();
      },
    };
  } catch (e) {
    await worker?.stop();
    for (const a of apps) await a.close().catch(() => {});
    await database.close().catch(() => {});
    throw e;
  }
}
