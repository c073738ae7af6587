import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import {
  canonical,
  checkPersonalRef,
  GENESIS_HASH,
  type ChainRecord,
} from '../../src/modules/audit/chain.ts';
import * as repo from '../../src/modules/audit/repository.ts';
import { recordAudit } from '../../src/modules/audit/service.ts';
import { verifyChain } from '../../src/modules/audit/verify.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../support/db.ts';
import { chainHashBefore } from './reference.ts';

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

  it('verifies records hashed the earlier way, and hashes new ones the same way', async () => {
    const t5 = await createTestDatabase();
    const inSys = <T>(fn: () => Promise<T>): Promise<T> => inTransaction(t5.database, systemScope(), fn);
    const summaries: Record<string, unknown>[] = [
      {},
      { before: { label: '本社' }, after: { label: '本社 IPsec 😀' } },
      { n: [0, -1.5, 0.1 + 0.2, 1e21, 1e-7, 123456789012345680000, Number.MAX_SAFE_INTEGER] },
      {
        é: 1,
        e: 2,
        E: 3,
        '': 4,
        '10': 5,
        '9': 6,
        '\ud83d\ude00': 7,
        '\uffff': 8,
        nested: { z: null, a: [true, false, null] },
      },
      {
        text: 'quote " backslash \\ tab \t newline \n \u0001 \u2028',
        deep: { deeper: { deepest: [{ b: 1, a: 2 }] } },
      },
    ];
    try {
      // records written as the earlier code wrote them: its canonical text and a Hash object
      await inSys(async () => {
        let prev = GENESIS_HASH;
        for (let i = 0; i < summaries.length; i++) {
          const rec: ChainRecord = {
            seq: i + 1,
            at: new Date(Date.UTC(2026, 10, 26, 12, 5, i, i * 7)).toISOString(),
            tenant_id: null,
            actor_kind: 'staff',
            actor_id: i % 2 ? null : `職員-${i}`,
            action: `test.before.${i}`,
            target_type: i % 2 ? 'service' : null,
            target_id: i % 2 ? `PVA0001000${i}` : null,
            outcome: 'success',
            request_id: null,
            summary: summaries[i]!,
            personal_ref: null,
          };
          const hash = chainHashBefore(prev, rec);
          await repo.insertRecord(rec, prev, hash);
          prev = hash;
        }
      });
      // and new ones through recordAudit
      for (const summary of summaries)
        await inTransaction(t5.database, sys(), () => recordAudit({ action: 'test.after', summary }));
      expect(await inSys(() => verifyChain(2))).toMatchObject({ ok: true, records: 10 });
      expect(await inSys(() => verifyChain())).toMatchObject({ ok: true, records: 10 });
      // in a session whose zone is not UTC, the timestamps come back in that zone
      const tokyo = await inSys(async () => {
        await sql`SET LOCAL TIME ZONE 'Asia/Tokyo'`.execute(db());
        return verifyChain(3);
      });
      expect(tokyo).toMatchObject({ ok: true, records: 10 });
      // every stored hash is the earlier code's hash of the stored row
      const rows = await inSys(() => repo.readBatch(0, 100));
      let prev = GENESIS_HASH;
      for (const r of rows) {
        const rec: ChainRecord = {
          seq: Number(r.seq),
          at: r.at.toISOString(),
          tenant_id: r.tenant_id,
          actor_kind: r.actor_kind,
          actor_id: r.actor_id,
          action: r.action,
          target_type: r.target_type,
          target_id: r.target_id,
          outcome: r.outcome,
          request_id: r.request_id,
          summary:
            typeof r.summary === 'string' ? (JSON.parse(r.summary) as Record<string, unknown>) : r.summary,
          personal_ref: r.personal_ref,
        };
        prev = chainHashBefore(prev, rec);
        expect(r.hash).toBe(prev);
      }
    } finally {
      await t5.close();
    }
  });

  it('names the first missing record when whole batches of records are missing', async () => {
    const t6 = await createTestDatabase();
    const run = (batch: number) => inTransaction(t6.database, systemScope(), () => verifyChain(batch));
    try {
      for (let i = 0; i < 10; i++)
        await inTransaction(t6.database, systemScope(), () => recordAudit({ action: `b${i}` }));
      expect(await run(3)).toMatchObject({ ok: true, records: 10 });
      const remove = (seqs: string) =>
        t6.database.runScript(`ALTER TABLE audit.log DISABLE TRIGGER audit_log_append_only;
          DELETE FROM audit.log WHERE seq IN (${seqs});
          ALTER TABLE audit.log ENABLE TRIGGER audit_log_append_only;`);
      await remove('6'); // the last record of the batch 4..6
      expect(await run(3)).toMatchObject({
        ok: false,
        records: 5,
        firstBadSeq: 6,
        problem: 'record 6 is missing (removed): the next record is 7',
      });
      await remove('4, 5'); // the whole batch 4..6
      expect(await run(3)).toMatchObject({
        ok: false,
        records: 3,
        firstBadSeq: 4,
        problem: 'record 4 is missing (removed): the next record is 7',
      });
      await remove('7, 8, 9'); // two batches' worth
      expect(await run(3)).toMatchObject({
        ok: false,
        firstBadSeq: 4,
        problem: 'record 4 is missing (removed): the next record is 10',
      });
    } finally {
      await t6.close();
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
