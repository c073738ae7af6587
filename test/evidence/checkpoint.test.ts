import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { chainHash, type ChainRecord } from '../../src/modules/audit/chain.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createCheckpoint } from '../../src/modules/audit/checkpoint.ts';
import { recordAudit } from '../../src/modules/audit/service.ts';
import { TEST_SIGNING_KEY_FILE } from '../support/app.ts';
import { runPva } from '../support/cli.ts';
import { createTestDatabase, engineName } from '../support/db.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'pva-checkpoint-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A database the CLI can open, like test/cli/cli.test.ts. */
async function chainDatabase(): Promise<{
  database: Database;
  env: Record<string, string>;
  close: () => Promise<void>;
}> {
  const key = { PVA_SIGNING_KEY_FILE: TEST_SIGNING_KEY_FILE };
  if (engineName === 'pglite') {
    const dir = tempDir();
    const database = await openDatabase({ dataDir: dir });
    await migrate(database);
    return { database, env: { PVA_DATA_DIR: dir, ...key }, close: () => Promise.resolve() };
  }
  const t = await createTestDatabase();
  return {
    database: t.database,
    env: { PVA_DATABASE_URL: t.url!, PVA_DATA_DIR: tempDir(), ...key },
    close: () => t.close(),
  };
}

/**
 * A rewrite by someone with full database access: record 2 changed and every hash after it
 * recomputed, head included. The chain alone verifies again; the signed checkpoint does not.
 */
async function rewriteFrom2(database: Database): Promise<string> {
  const rows = await inTransaction(database, systemScope(), () =>
    db().selectFrom('audit.log').selectAll().orderBy('seq').execute(),
  );
  let prev = rows[0]!.hash;
  const sql = ['ALTER TABLE audit.log DISABLE TRIGGER audit_log_append_only;'];
  for (const r of rows.slice(1)) {
    const summary = Number(r.seq) === 2 ? { i: 99 } : r.summary;
    const rec: ChainRecord = {
      seq: Number(r.seq),
      at: new Date(r.at).toISOString(),
      tenant_id: r.tenant_id,
      actor_kind: r.actor_kind,
      actor_id: r.actor_id,
      action: r.action,
      target_type: r.target_type,
      target_id: r.target_id,
      outcome: r.outcome,
      request_id: r.request_id,
      summary,
      personal_ref: r.personal_ref,
    };
    const hash = chainHash(prev, rec);
    sql.push(
      `UPDATE audit.log SET summary = '${JSON.stringify(summary)}', prev_hash = '${prev}', hash = '${hash}' WHERE seq = ${rec.seq};`,
    );
    prev = hash;
  }
  sql.push(`UPDATE audit.head SET hash = '${prev}' WHERE id = 1;`);
  return sql.join('\n');
}

describe(`pva audit verify with signed checkpoints (${engineName})`, () => {
  it('verifies checkpoint signatures and roots; a forged checkpoint fails naming it', async () => {
    const c = await chainDatabase();
    try {
      for (let i = 0; i < 4; i++) {
        await inTransaction(c.database, systemScope(), () =>
          recordAudit({ action: `e${i}`, summary: { i } }),
        );
        if (i % 2 === 1)
          await inTransaction(c.database, systemScope(), () =>
            createCheckpoint({ signingKeyFile: TEST_SIGNING_KEY_FILE }, 'on_demand'),
          );
      }
      if (engineName === 'pglite') await c.database.close();
      const ok = await runPva(['audit', 'verify'], c.env);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/audit chain intact: \d+ records verified; 2 signed checkpoints verified/);
      const db2 = engineName === 'pglite' ? await openDatabase({ dataDir: c.env.PVA_DATA_DIR! }) : c.database;
      await db2.runScript(
        `ALTER TABLE audit.checkpoint DISABLE TRIGGER audit_checkpoint_append_only;
         UPDATE audit.checkpoint SET merkle_root = repeat('a', 64) WHERE seq = (SELECT min(seq) FROM audit.checkpoint)`,
      );
      if (engineName === 'pglite') await db2.close();
      const bad = await runPva(['audit', 'verify'], c.env);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(
        /audit checkpoint BROKEN: checkpoint at record 2: its signed statement differs/,
      );
    } finally {
      await c.close();
    }
  }, 240_000);

  it('catches a rewrite of the chain that the hash chain alone cannot', async () => {
    const c = await chainDatabase();
    try {
      for (let i = 0; i < 3; i++)
        await inTransaction(c.database, systemScope(), () =>
          recordAudit({ action: `e${i}`, summary: { i } }),
        );
      await inTransaction(c.database, systemScope(), () =>
        createCheckpoint({ signingKeyFile: TEST_SIGNING_KEY_FILE }, 'on_demand'),
      );
      const db2 = c.database;
      await db2.runScript(await rewriteFrom2(db2));
      if (engineName === 'pglite') await db2.close();
      const bad = await runPva(['audit', 'verify'], c.env);
      expect(bad.code, bad.stdout).toBe(1);
      expect(bad.stderr).not.toMatch(/audit chain BROKEN/);
      expect(bad.stderr).toMatch(
        /audit checkpoint BROKEN: checkpoint at record 3: its hash differs from the hash of record 3/,
      );
    } finally {
      await c.close();
    }
  }, 240_000);
});
