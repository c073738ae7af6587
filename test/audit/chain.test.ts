import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { canonical, checkPersonalRef } from '../../src/modules/audit/chain.ts';
import { recordAudit } from '../../src/modules/audit/service.ts';
import { verifyChain } from '../../src/modules/audit/verify.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../support/db.ts';

let t: TestDatabase;
const sys = () => systemScope({ sourceIp: '192.0.2.10', userAgent: 'test-agent' });
const verify = () => inTransaction(t.database, systemScope(), () => verifyChain(3));

async function append(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await inTransaction(t.database, sys(), () =>
      recordAudit({ action: 'test.event', summary: { i }, personal: { name: `user ${i}` } }),
    );
  }
}

/** Runs raw SQL against the chain with the append-only trigger out of the way (an attacker with table access). */
async function tamper(statement: string): Promise<void> {
  await t.database.runScript(`ALTER TABLE audit.log DISABLE TRIGGER audit_log_append_only;
    ${statement};
    ALTER TABLE audit.log ENABLE TRIGGER audit_log_append_only;`);
}

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

describe(`audit chain (${engineName})`, () => {
  it('verifies an intact chain', async () => {
    await append(8);
    const r = await verify();
    expect(r).toMatchObject({ ok: true, firstBadSeq: null });
    expect(r.records).toBeGreaterThanOrEqual(8);
  });

  it('refuses updates and deletes through the append-only trigger', async () => {
    await expect(t.database.runScript(`UPDATE audit.log SET action = 'x' WHERE seq = 1`)).rejects.toThrow(
      /append-only/,
    );
    await expect(t.database.runScript(`DELETE FROM audit.log WHERE seq = 1`)).rejects.toThrow(/append-only/);
  });

  it('keeps personal data beside the chain: erasing it leaves the chain verifiable', async () => {
    const rows = await inTransaction(t.database, systemScope(), () =>
      db().selectFrom('audit.personal').selectAll().execute(),
    );
    const first = rows[0]!;
    const stored = (typeof first.data === 'string' ? JSON.parse(first.data) : first.data) as {
      salt: string;
      data: Record<string, unknown>;
    };
    expect(stored.data).toMatchObject({ source_ip: '192.0.2.10' });
    expect(checkPersonalRef(first.ref, stored)).toBe(true);
    await inTransaction(t.database, systemScope(), () => db().deleteFrom('audit.personal').execute());
    expect((await verify()).ok).toBe(true);
  });

  it('names an altered record', async () => {
    await tamper(`UPDATE audit.log SET summary = '{"i": 99}' WHERE seq = 4`);
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 4 });
    expect((await verify()).problem).toMatch(/record 4 was altered/);
  });

  it('names a removed record', async () => {
    await tamper(`UPDATE audit.log SET summary = '{"i": 3}' WHERE seq = 4`); // restore
    expect((await verify()).ok).toBe(true);
    await tamper(`DELETE FROM audit.log WHERE seq = 5`);
    const r = await verify();
    expect(r).toMatchObject({ ok: false, firstBadSeq: 5 });
    expect(r.problem).toMatch(/record 5 is missing/);
  });

  it('names swapped records', async () => {
    const t2 = await createTestDatabase();
    try {
      for (let i = 0; i < 5; i++)
        await inTransaction(t2.database, systemScope(), () => recordAudit({ action: `a${i}` }));
      // swap the content of records 2 and 3, keeping their sequence numbers
      await t2.database.runScript(`ALTER TABLE audit.log DISABLE TRIGGER audit_log_append_only;
        UPDATE audit.log SET seq = -2 WHERE seq = 2;
        UPDATE audit.log SET seq = 2 WHERE seq = 3;
        UPDATE audit.log SET seq = 3 WHERE seq = -2;`);
      const r = await inTransaction(t2.database, systemScope(), () => verifyChain());
      expect(r).toMatchObject({ ok: false, firstBadSeq: 2 });
    } finally {
      await t2.close();
    }
  });

  it('names records removed from the end', async () => {
    const t3 = await createTestDatabase();
    try {
      for (let i = 0; i < 4; i++)
        await inTransaction(t3.database, systemScope(), () => recordAudit({ action: `a${i}` }));
      await t3.database.runScript(
        `ALTER TABLE audit.log DISABLE TRIGGER audit_log_append_only; DELETE FROM audit.log WHERE seq = 4;`,
      );
      const r = await inTransaction(t3.database, systemScope(), () => verifyChain());
      expect(r).toMatchObject({ ok: false, firstBadSeq: 4 });
    } finally {
      await t3.close();
    }
  });

  it('keeps the sequence gap-free under concurrent appends', async () => {
    const t4 = await createTestDatabase();
    try {
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          inTransaction(t4.database, systemScope(), () => recordAudit({ action: `c${i}` })),
        ),
      );
      const seqs = await inTransaction(t4.database, systemScope(), async () =>
        (await sql<{ seq: number }>`SELECT seq FROM audit.log ORDER BY seq`.execute(db())).rows.map((r) =>
          Number(r.seq),
        ),
      );
      expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect((await inTransaction(t4.database, systemScope(), () => verifyChain())).ok).toBe(true);
    } finally {
      await t4.close();
    }
  });

  it('rolls an audit record back with the change it describes', async () => {
    const before = await inTransaction(t.database, systemScope(), () =>
      db().selectFrom('audit.head').select('seq').executeTakeFirstOrThrow(),
    );
    await expect(
      inTransaction(t.database, systemScope(), async () => {
        await recordAudit({ action: 'doomed' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const after = await inTransaction(t.database, systemScope(), () =>
      db().selectFrom('audit.head').select('seq').executeTakeFirstOrThrow(),
    );
    expect(after.seq).toBe(before.seq);
  });
});

describe('canonical serialisation', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonical({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });
});
