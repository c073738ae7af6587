import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { queueEmail } from '../../src/jobs/outbox.ts';
import { startWorker, type Worker } from '../../src/jobs/worker.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../support/db.ts';
import { startSmtp } from '../support/smtp.ts';
import { messageIdsOf } from './mail-helpers.ts';

/**
 * Acceptance: stopping the SMTP server, publishing, and starting it again 5 minutes later
 * delivers every email exactly once. The worker runs on a clock the test moves forward (its
 * retry schedule and the claim's "due" test both read it), so the 5 minutes are real minutes of
 * the default retry schedule, passed in a few seconds.
 */
let t: TestDatabase;
let worker: Worker;
let clock = new Date();
const N = 12;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await worker?.stop();
  await t?.close();
});

const rows = () =>
  inTransaction(t.database, systemScope(), () =>
    db()
      .selectFrom('ops.outbox')
      .select(['id', 'status', 'attempts', 'message_id', 'last_error', 'failure'])
      .where('recipient', 'like', '%@outage.example')
      .orderBy('id')
      .execute(),
  );

describe(`mail survives an SMTP outage (${engineName})`, () => {
  it('delivers every message exactly once after the relay comes back 5 minutes later', async () => {
    // take a free port, then stop the server: the relay is down
    const probe = await startSmtp();
    const port = probe.port;
    await probe.close();
    const config = loadConfig({ PVA_SMTP_URL: `smtp://127.0.0.1:${port}` }); // default retry timings
    worker = startWorker({ database: t.database, config, autoStart: false, now: () => clock });

    // a publication: three transactions queue mail to twelve people
    for (let k = 0; k < 3; k++)
      await inTransaction(t.database, systemScope(), async () => {
        for (let i = 0; i < N / 3; i++)
          await queueEmail({ to: `ops${k * 4 + i}@outage.example`, subject: `notice ${k}-${i}`, text: 'x' });
      });

    const start = clock.getTime();
    let ticks = 0;
    while (clock.getTime() - start < 5 * 60_000) {
      await worker.tick();
      ticks++;
      clock = new Date(clock.getTime() + 10_000);
    }
    const during = await rows();
    expect(during).toHaveLength(N);
    // nothing sent, nothing given up: every message waits for its next attempt
    expect(during.every((r) => r.status === 'pending')).toBe(true);
    expect(during.every((r) => r.attempts >= 3)).toBe(true); // retried with backoff, not once per tick
    expect(during.every((r) => r.attempts < ticks)).toBe(true);
    expect(during[0]!.last_error).toMatch(/ECONNREFUSED|connect/i);

    const smtp = await startSmtp({ port }); // the relay is back
    try {
      for (let i = 0; i < 200 && (await rows()).some((r) => r.status !== 'sent'); i++) {
        clock = new Date(clock.getTime() + 30_000);
        await worker.tick();
      }
      const after = await rows();
      expect(after.map((r) => r.status)).toEqual(Array(N).fill('sent'));
      const received = messageIdsOf(smtp.mails);
      // exactly once: one delivery per message, under the Message-ID stored on its row
      expect(received).toHaveLength(N);
      expect(new Set(received).size).toBe(N);
      expect([...received].sort()).toEqual(after.map((r) => r.message_id!).sort());
    } finally {
      await smtp.close();
    }
  });
});
