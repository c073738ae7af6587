import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { queueEmail } from '../../src/jobs/outbox.ts';
import { enqueue } from '../../src/jobs/queue.ts';
import { defineJob } from '../../src/jobs/registry.ts';
import { runScheduler, startWorker, type Worker } from '../../src/jobs/worker.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../support/db.ts';
import { startSmtp } from '../support/smtp.ts';

let t: TestDatabase;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let worker: Worker;
let clock: Date | null = null; // null: real time; the scheduler test pins it

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startSmtp({ rejectRecipient: (a) => a.endsWith('@reject.example') });
  const config = loadConfig({ PVA_SMTP_URL: smtp.url, PVA_SMTP_FROM: 'PVA <noc@pva.example>' });
  worker = startWorker({ database: t.database, config, autoStart: false, now: () => clock ?? new Date() });
});
afterAll(async () => {
  await worker?.stop();
  await smtp?.close();
  await t?.close();
});

const outboxRow = (subject: string) =>
  inTransaction(t.database, systemScope(), () =>
    db().selectFrom('ops.outbox').selectAll().where('subject', '=', subject).executeTakeFirst(),
  );

describe(`outbox and jobs (${engineName})`, () => {
  it('delivers an email written in a committed transaction over real SMTP', async () => {
    await inTransaction(t.database, systemScope(), () =>
      queueEmail({ to: 'sato@minato.example', subject: 'メンテナンスのお知らせ', text: '本文です' }),
    );
    await worker.tick();
    const mail = smtp.mails.find((m) => m.to.includes('sato@minato.example'));
    expect(mail).toBeDefined();
    expect(mail!.raw).toMatch(/Subject: =\?UTF-8\?/);
    expect((await outboxRow('メンテナンスのお知らせ'))?.status).toBe('sent');
  });

  it('writes nothing when the transaction rolls back', async () => {
    await expect(
      inTransaction(t.database, systemScope(), async () => {
        await queueEmail({ to: 'ghost@x.example', subject: 'rolled back', text: 'x' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await outboxRow('rolled back')).toBeUndefined();
  });

  it('retries a refused message with backoff, then delivers it', async () => {
    smtp.failNext(1);
    await inTransaction(t.database, systemScope(), () =>
      queueEmail({ to: 'retry@x.example', subject: 'retry me', text: 'x' }),
    );
    await worker.tick();
    const after1 = await outboxRow('retry me');
    expect(after1).toMatchObject({ status: 'pending', attempts: 1 });
    expect(after1!.last_error).toMatch(/451|temporarily/);
    expect(after1!.next_attempt_at.getTime()).toBeGreaterThan(Date.now());
    await worker.tick(); // not yet due: nothing happens
    expect((await outboxRow('retry me'))?.attempts).toBe(1);
    await inTransaction(t.database, systemScope(), () =>
      db()
        .updateTable('ops.outbox')
        .set({ next_attempt_at: new Date(0) })
        .where('subject', '=', 'retry me')
        .execute(),
    );
    await worker.tick();
    expect(await outboxRow('retry me')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smtp.mails.some((m) => m.to.includes('retry@x.example'))).toBe(true);
  });

  it('gives every message one Message-ID, fixed when queued and the same on every attempt', async () => {
    smtp.failNext(1);
    await inTransaction(t.database, systemScope(), () =>
      queueEmail({ to: 'mid@x.example', subject: 'message id', text: 'x' }),
    );
    const queued = await outboxRow('message id');
    expect(queued!.message_id).toMatch(/^<outbox-\d+\.[0-9a-f]{32}@pva>$/);
    expect(queued!.message_id).toContain(`<outbox-${queued!.id}.`);
    await worker.tick(); // refused (451): retried later
    await inTransaction(t.database, systemScope(), () =>
      db()
        .updateTable('ops.outbox')
        .set({ next_attempt_at: new Date(0) })
        .where('id', '=', queued!.id)
        .execute(),
    );
    await worker.tick();
    const got = smtp.mails.filter((m) => m.to.includes('mid@x.example'));
    expect(got).toHaveLength(1);
    expect(got[0]!.raw).toContain(`Message-ID: ${queued!.message_id}`);
    expect((await outboxRow('message id'))!.message_id).toBe(queued!.message_id);
  });

  it('marks a message refused for good (550, or an address that cannot be sent to) failed at once', async () => {
    await inTransaction(t.database, systemScope(), async () => {
      await queueEmail({ to: 'nobody@reject.example', subject: 'refused 550', text: 'x' });
      await queueEmail({ to: 'not an address', subject: 'bad address', text: 'x' });
    });
    await worker.tick();
    const refused = await outboxRow('refused 550');
    expect(refused).toMatchObject({ status: 'failed', attempts: 1, failure: 'permanent' });
    expect(refused!.last_error).toMatch(/550/);
    expect(refused!.failed_at).toBeInstanceOf(Date);
    expect(await outboxRow('bad address')).toMatchObject({ status: 'failed', failure: 'permanent' });
  });

  it('runs a job once, retries a failing one, and gives up after max attempts', async () => {
    const seen: string[] = [];
    defineJob('test.ok', async ({ payload }) => {
      seen.push(String(payload.n));
    });
    defineJob('test.fail', async () => {
      throw new Error('always fails');
    });
    await inTransaction(t.database, systemScope(), async () => {
      await enqueue('test.ok', { n: 1 });
      await enqueue('test.fail', {}, { maxAttempts: 2, singletonKey: 'fail-1' });
      expect(await enqueue('test.fail', {}, { singletonKey: 'fail-1' })).toBe(false); // idempotent
    });
    await worker.tick();
    expect(seen).toEqual(['1']);
    const job = () =>
      inTransaction(t.database, systemScope(), () =>
        db()
          .selectFrom('ops.job')
          .selectAll()
          .where('singleton_key', '=', 'fail-1')
          .executeTakeFirstOrThrow(),
      );
    expect(await job()).toMatchObject({ status: 'pending', attempts: 1, last_error: 'always fails' });
    await inTransaction(t.database, systemScope(), () =>
      db()
        .updateTable('ops.job')
        .set({ run_at: new Date(0) })
        .where('singleton_key', '=', 'fail-1')
        .execute(),
    );
    await worker.tick();
    expect(await job()).toMatchObject({ status: 'failed', attempts: 2 });
    expect(seen).toEqual(['1']);
  });

  it('enqueues each scheduled slot once, however many schedulers run', async () => {
    clock = new Date('2030-01-01T18:30:00Z');
    await Promise.all([
      runScheduler(t.database, clock),
      runScheduler(t.database, clock),
      runScheduler(t.database, clock),
    ]);
    const rows = await inTransaction(t.database, systemScope(), () =>
      db()
        .selectFrom('ops.job')
        .select(['singleton_key', 'run_at'])
        .where('singleton_key', 'like', 'audit.verify@2030-%')
        .execute(),
    );
    expect(rows.map((r) => r.singleton_key)).toEqual(['audit.verify@2030-01-01T18:00:00.000Z']); // 03:00 JST
  });
});
