import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { db } from '../../src/db/context.ts';
import { migrate } from '../../src/db/migrate.ts';
import { verifyChain } from '../../src/modules/audit/verify.ts';
import { verifyCertificate } from '../../src/modules/lifecycle/certificate.ts';
import { findCertificate, findTermination } from '../../src/modules/lifecycle/repository.ts';
import { TEST_MASTER_KEY_FILE, TEST_SIGNING_KEY_FILE } from '../support/app.ts';
import { PVA_BIN } from '../support/cli.ts';
import { createTestDatabase, engineName, TEST_PG_URL, type TestDatabase } from '../support/db.ts';
import { rowsOf, seedStoppedTenant, sys, tenantTables, trafficRows } from './support.ts';

/**
 * SIGKILL the erasure (the real `pva erasure run` in a child process) at random points, at least
 * five times, then let it finish: it must end complete, with exactly one certificate. On the
 * embedded engine the data directory is handed from process to process: the killed child's lock
 * is stale (its pid is gone) and PGlite recovers its committed state, so this runs on both engines.
 */
const env: Record<string, string> = {
  PVA_MASTER_KEY_FILE: TEST_MASTER_KEY_FILE,
  PVA_SIGNING_KEY_FILE: TEST_SIGNING_KEY_FILE,
  PVA_LOG_LEVEL: 'silent',
};
const config = loadConfig({ PVA_DATA_DIR: '/nonexistent', ...env });
let pg: TestDatabase | undefined;
let dir: string | undefined;
let seeded: Awaited<ReturnType<typeof seedStoppedTenant>>;

async function open(): Promise<Database> {
  if (pg) return pg.database;
  const d = await openDatabase({ dataDir: dir! });
  await migrate(d);
  return d;
}
async function done(d: Database): Promise<void> {
  if (!pg) await d.close();
}

beforeAll(async () => {
  if (TEST_PG_URL) {
    pg = await createTestDatabase();
    env.PVA_DATABASE_URL = pg.url!;
  } else {
    mkdirSync(resolve('.tmp'), { recursive: true });
    dir = mkdtempSync(resolve('.tmp/lifecycle-crash-'));
    env.PVA_DATA_DIR = dir;
  }
  const d = await open();
  seeded = await seedStoppedTenant(d, config, { connections: 3, days: 2 });
  await done(d);
}, 300_000);
afterAll(async () => {
  await pg?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs `pva erasure run`; kills it with SIGKILL after `killAfter` committed steps (if it gets there). */
function runErasure(
  killAfter: number | null,
): Promise<{ killed: boolean; code: number | null; stdout: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PVA_')));
  return new Promise((res, rej) => {
    const child = spawn(
      process.execPath,
      [PVA_BIN, 'erasure', 'run', seeded.terminationId, '--batch', '40'],
      {
        env: { ...clean, ...env },
      },
    );
    let stdout = '';
    let steps = 0;
    let killed = false;
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      steps = (stdout.match(/^step /gm) ?? []).length;
      if (killAfter !== null && !killed && steps >= killAfter) {
        killed = child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (b: Buffer) => (stdout += b.toString()));
    child.on('error', rej);
    child.on('close', (code) => res({ killed, code, stdout }));
  });
}

describe(`erasure killed with SIGKILL and restarted (${engineName})`, () => {
  it('always ends in a complete erasure and a single certificate', async () => {
    let kills = 0;
    for (let i = 0; kills < 6 && i < 20; i++) {
      const r = await runErasure(1 + Math.floor(Math.random() * 12));
      if (r.killed) kills++;
      else expect(r.code, r.stdout).toBe(0);
    }
    expect(kills).toBeGreaterThanOrEqual(5);
    const last = await runErasure(null);
    expect(last.code, last.stdout).toBe(0);
    expect(last.stdout).toMatch(/^certificate [0-9a-f-]{36}/m);
    const again = await runErasure(null);
    expect(again.stdout).toMatch(/\(already erased\)/);

    const d = await open();
    try {
      await sys(d, async () => {
        const left = await rowsOf(seeded.tenantId, await tenantTables('customer'));
        expect(Object.entries(left).filter(([, n]) => n > 0)).toEqual([]);
        expect(Object.values(await trafficRows(seeded.connectionIds)).every((n) => n === 0)).toBe(true);
        const certs = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ops.erasure_certificate
            WHERE tenant_id = ${seeded.tenantId}::uuid`.execute(db());
        expect(certs.rows[0]!.n).toBe(1);
        const t = (await findTermination(seeded.terminationId))!;
        expect(t.status).toBe('erased');
        const cert = verifyCertificate((await findCertificate(seeded.terminationId))!.document);
        expect(cert.ok).toBe(true);
        // the counts survived the kills: each row was counted exactly once
        expect(cert.certificate!.erased['ops.traffic_5m']).toBe(3 * 2 * 288);
        expect(cert.certificate!.erased['customer.connection']).toBe(3);
        expect((await verifyChain()).ok).toBe(true);
      });
    } finally {
      await done(d);
    }
  }, 600_000);
});
