/**
 * `erasure_rows_per_s` and `erasure_vs_delete_ratio` (issue 9): two identical tenants, each with
 * 1,000,000 rows of 5-minute traffic (10 connections × 348 days) besides their contract, services,
 * connections and users. One is erased by PVA's erasure job (catalogue plan, batches of
 * PVA_ERASURE_BATCH rows each in its own transaction with its counts, recount, key destruction,
 * audit pseudonymisation, signed certificate); the other's rows go by bare DELETE statements (the
 * superuser, one transaction, no batching). Ratio = PVA time / bare time, same process and run.
 * Alone: `node bench/erasure.ts [--quick]`.
 */
import { sql } from 'kysely';
import { resolve } from 'node:path';
import { loadConfig } from '../src/config.ts';
import type { Database } from '../src/db/client.ts';
import { db, inTransaction, systemScope } from '../src/db/context.ts';
import { zonedDate } from '../src/lib/time.ts';
import { eraseTenant } from '../src/modules/lifecycle/erase.ts';
import { requestTermination, stopServices } from '../src/modules/lifecycle/service.ts';
import { seedSeries } from '../src/modules/traffic/demo.ts';
import { openEmbedded } from './setup.ts';

export interface ErasureBenchResult {
  rowsPerS: number;
  ratio: number;
  pvaS: number;
  bareS: number;
  rows: number;
  trafficRows: number;
  setupS: number;
}

const config = loadConfig({
  PVA_DATA_DIR: '/nonexistent-bench',
  PVA_LOG_LEVEL: 'silent',
  PVA_MASTER_KEY_FILE: resolve('.tmp/bench-master.key'),
  PVA_SIGNING_KEY_FILE: resolve('.tmp/bench-signing.key'),
});

async function tenantWithTraffic(database: Database, code: string, connections: number, days: number) {
  return inTransaction(database, systemScope(), async () => {
    const t = await db()
      .insertInto('ops.tenant')
      .values({ code, name: `Bench ${code}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    const k = await db()
      .insertInto('customer.contract')
      .values({ tenant_id: t.id, number: `K-${code}`, start_date: '2025-01-01' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ids: string[] = [];
    for (let i = 0; i < connections; i++) {
      const s = await db()
        .insertInto('customer.service')
        .values({
          tenant_id: t.id,
          contract_id: k.id,
          code: `${code}S${i}`,
          type: 'ipsec',
          bandwidth_mbps: 100,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const c = await db()
        .insertInto('customer.connection')
        .values({ tenant_id: t.id, service_id: s.id, name: `site-${i}`, kind: 'ipsec', bandwidth_mbps: 100 })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(c.id);
      await seedSeries(c.id, new Date(), days, { baseBps: 1e7, growth: 0.1, outRatio: 1 });
    }
    await db()
      .insertInto('customer.app_user')
      .values({
        tenant_id: t.id,
        login: `admin@${code.toLowerCase()}.example`,
        email: `admin@${code.toLowerCase()}.example`,
        name: 'Admin',
        role: 'admin',
      })
      .execute();
    return { id: t.id, connectionIds: ids };
  });
}

export async function erasureBench(opts: { connections: number; days: number }): Promise<ErasureBenchResult> {
  const database = await openEmbedded();
  try {
    const s0 = performance.now();
    const a = await tenantWithTraffic(database, 'BENCHERA', opts.connections, opts.days);
    const b = await tenantWithTraffic(database, 'BENCHDEL', opts.connections, opts.days);
    const trafficRows = await inTransaction(database, systemScope(), async () =>
      Number(
        (
          await sql<{
            n: number;
          }>`SELECT count(*)::int AS n FROM ops.traffic_5m WHERE connection_id = ANY(${a.connectionIds}::uuid[])`.execute(
            db(),
          )
        ).rows[0]!.n,
      ),
    );
    const termination = await inTransaction(database, systemScope(), async () => {
      const now = new Date();
      const staff = await db()
        .insertInto('ops.staff')
        .values({
          email: 'bench-staff@provider.example',
          name: 'Bench',
          role: 'admin',
          password_hash: null,
          status: 'active',
          password_changed_at: null,
          last_login_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const t = await requestTermination(
        config,
        { tenantId: a.id, terminationDate: zonedDate(now) },
        { kind: 'staff', id: staff.id },
        'en',
        now,
      );
      await stopServices(t.id, new Date(t.stop_at.getTime() + 1000));
      return t.id;
    });
    if (database.engine === 'pglite') await database.runScript('ANALYZE');
    const setupS = (performance.now() - s0) / 1000;

    // the baseline: the same kinds and numbers of rows of the twin tenant, by bare DELETEs
    const ids = b.connectionIds.map((x) => `'${x}'`).join(',');
    const b0 = performance.now();
    await database.runScript(`BEGIN;
      DELETE FROM ops.traffic_5m WHERE connection_id IN (${ids});
      DELETE FROM customer.connection WHERE tenant_id = '${b.id}';
      DELETE FROM customer.service WHERE tenant_id = '${b.id}';
      DELETE FROM customer.contract WHERE tenant_id = '${b.id}';
      DELETE FROM customer.app_user WHERE tenant_id = '${b.id}';
      COMMIT;`);
    const bareS = (performance.now() - b0) / 1000;

    const p0 = performance.now();
    await eraseTenant(database, config, termination);
    const pvaS = (performance.now() - p0) / 1000;
    const rows = await inTransaction(database, systemScope(), async () => {
      const r = await db()
        .selectFrom('ops.termination')
        .select('erased_counts')
        .where('id', '=', termination)
        .executeTakeFirstOrThrow();
      const counts = (
        typeof r.erased_counts === 'string' ? JSON.parse(r.erased_counts) : r.erased_counts
      ) as Record<string, number>;
      return Object.entries(counts)
        .filter(([k]) => !k.includes('('))
        .reduce((n, [, v]) => n + Number(v), 0);
    });
    return { rowsPerS: rows / pvaS, ratio: pvaS / bareS, pvaS, bareS, rows, trafficRows, setupS };
  } finally {
    await database.close();
  }
}

/** 1,000,000 rows: 10 connections × 348 days × 288 five-minute points (1,002,240). */
export const erasureBenchConfig = (quick: boolean) =>
  quick ? { connections: 10, days: 35 } : { connections: 10, days: 348 };

if (import.meta.main) {
  const quick = process.argv.includes('--quick');
  const r = await erasureBench(erasureBenchConfig(quick));
  process.stdout.write(
    `erasure_rows_per_s ${r.rowsPerS.toFixed(0)}: ${r.rows} rows (${r.trafficRows} traffic) erased in ${r.pvaS.toFixed(1)} s\n` +
      `erasure_vs_delete_ratio ${r.ratio.toFixed(2)}: bare DELETE of the twin tenant's rows ${r.bareS.toFixed(1)} s; set-up ${r.setupS.toFixed(0)} s\n`,
  );
}
