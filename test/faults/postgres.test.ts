import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app/build.ts';
import type { App } from '../../src/app/types.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { inTransaction, systemScope } from '../../src/db/context.ts';
import { migrate } from '../../src/db/migrate.ts';
import { verifyChain } from '../../src/modules/audit/verify.ts';
import { TEST_MASTER_KEY_FILE, TEST_SIGNING_KEY_FILE } from '../support/app.ts';
import { createUser, login } from '../support/auth.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';
import { createCluster, serverBinaries, type Cluster } from './cluster.ts';

/**
 * Faults of a PostgreSQL server (issue 12): a restart under load, and an exhausted pool. They
 * stop and start a private cluster of their own, so they need the server binaries, not the shared
 * test server; they run in the default (embedded) pass only, where no other engine is selected,
 * and are skipped when the binaries (or root, to run them as the postgres user) are missing.
 */
const bin = serverBinaries();
const engineRun = Boolean(process.env.PVA_TEST_DATABASE_URL);

let cluster: Cluster;
let database: Database;
let app: App;
let tenant: TenantFixture;
let headers: Record<string, string>;

const config = loadConfig({
  PVA_DATA_DIR: '/nonexistent-test-data',
  PVA_LOG_LEVEL: 'silent',
  PVA_MASTER_KEY_FILE: TEST_MASTER_KEY_FILE,
  PVA_SIGNING_KEY_FILE: TEST_SIGNING_KEY_FILE,
});

interface Outcome {
  status: number;
  code: string | undefined;
  retryAfter: string | undefined;
  problemJson: boolean;
}

async function call(target: App, url: string, h: Record<string, string>): Promise<Outcome> {
  const r = await target.inject({ url, headers: { ...h, 'accept-language': 'en' } });
  const problemJson = String(r.headers['content-type']).startsWith('application/problem+json');
  return {
    status: r.statusCode,
    code: problemJson ? r.json<{ code: string }>().code : undefined,
    retryAfter: r.headers['retry-after'],
    problemJson,
  };
}

describe.skipIf(!bin || engineRun)('PostgreSQL faults', () => {
  beforeAll(async () => {
    cluster = await createCluster(bin!);
    database = await openDatabase({ url: cluster.url, pool: { max: 4, connectTimeoutMs: 2000 } });
    await migrate(database);
    app = await buildApp({ config, database, plane: 'portal', logger: false });
    await app.ready();
    tenant = await createTenant(database);
    const user = await createUser(database, tenant.id, { role: 'admin' });
    headers = (await login(app, database, user)).headers;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
    cluster?.destroy();
  });

  it('restart under load: 503 problem+json with Retry-After during the outage, recovery without restart', async () => {
    const outcomes = { before: [] as Outcome[], during: [] as Outcome[], after: [] as Outcome[] };
    let phase: keyof typeof outcomes = 'before';
    let stop = false;
    // each outcome counts in the phase its request started in (pg_ctl runs synchronously, so no
    // request starts while the server is stopping or starting)
    const client = async (url: string) => {
      while (!stop) {
        const started = phase;
        const o = await call(app, url, headers);
        outcomes[started].push(o);
      }
    };
    const load = ['/api/v1/services', '/api/v1/connections', '/readyz', '/api/v1/services'].map(client);
    const until = async (cond: () => boolean) => {
      while (!cond()) await new Promise((r) => setTimeout(r, 20));
    };

    await until(() => outcomes.before.length >= 20);
    cluster.stop(); // a clean fast shutdown: sessions are terminated (57P01), new connections refused
    phase = 'during';
    await until(() => outcomes.during.length >= 40);
    cluster.start();
    phase = 'after';
    // recovery: the same app, without restart, answers again (how soon is the pool's business)
    await until(() => outcomes.after.filter((o) => o.status === 200).length >= 40);
    stop = true;
    await Promise.all(load);

    // before the stop everything succeeds; what was in flight when it came ends in a clean 503
    expect(outcomes.before.slice(0, 20).filter((o) => o.status !== 200)).toEqual([]);
    expect(outcomes.before.filter((o) => o.status !== 200 && o.status !== 503)).toEqual([]);
    for (const o of outcomes.during) {
      expect(o.status).toBe(503);
      expect(o.problemJson).toBe(true);
      expect(o.retryAfter).toMatch(/^\d+$/);
      expect(['database_unavailable', 'not_ready']).toContain(o.code);
    }
    expect(outcomes.after.filter((o) => o.status !== 200 && o.status !== 503)).toEqual([]);
    expect(outcomes.after.slice(-10).filter((o) => o.status !== 200)).toEqual([]);

    // writes work again, and the audit chain written across the outage verifies
    const w = await app.inject({
      method: 'PUT',
      url: `/api/v1/services/${tenant.serviceIds[0]}/label`,
      headers,
      payload: { label: 'after the restart' },
    });
    expect(w.statusCode).toBe(200);
    const v = await inTransaction(database, systemScope(), () => verifyChain());
    expect(v).toMatchObject({ ok: true });
  }, 120_000);

  it('exhausted pool, short wait: requests fail fast with 503 and Retry-After, then succeed', async () => {
    const small = await openDatabase({ url: cluster.url, pool: { max: 2, connectTimeoutMs: 300 } });
    const a = await buildApp({ config, database: small, plane: 'portal', logger: false });
    await a.ready();
    let release = (): void => {};
    const gate = new Promise<void>((r) => (release = r));
    // two transactions hold both connections of the pool until released
    const holders = [0, 1].map(() => small.kysely.transaction().execute(() => gate));
    try {
      await new Promise((r) => setTimeout(r, 50));
      const during = await Promise.all(Array.from({ length: 6 }, () => call(a, '/api/v1/services', headers)));
      for (const o of during) {
        expect(o).toMatchObject({ status: 503, code: 'database_unavailable', problemJson: true });
        expect(o.retryAfter).toMatch(/^\d+$/);
      }
    } finally {
      release();
      await Promise.all(holders);
    }
    expect((await call(a, '/api/v1/services', headers)).status).toBe(200);
    await a.close();
    await small.close();
  }, 60_000);

  it('exhausted pool, long wait: requests queue and complete once connections free up (no hang)', async () => {
    const small = await openDatabase({ url: cluster.url, pool: { max: 2, connectTimeoutMs: 60_000 } });
    const a = await buildApp({ config, database: small, plane: 'portal', logger: false });
    await a.ready();
    let release = (): void => {};
    const gate = new Promise<void>((r) => (release = r));
    const holders = [0, 1].map(() => small.kysely.transaction().execute(() => gate));
    const queued = Array.from({ length: 6 }, () => call(a, '/api/v1/services', headers));
    // every request is waiting for a connection before the holders let go
    while ((small.poolStats?.().waiting ?? 0) < 6) await new Promise((r) => setTimeout(r, 10));
    release();
    await Promise.all(holders);
    const done = await Promise.all(queued);
    expect(done.map((o) => o.status)).toEqual([200, 200, 200, 200, 200, 200]);
    await a.close();
    await small.close();
  }, 60_000);
});
