import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app/build.ts';
import { AppError } from '../../src/app/errors.ts';
import type { App } from '../../src/app/types.ts';
import { loadConfig } from '../../src/config.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { recordAudit } from '../../src/modules/audit/service.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../support/db.ts';

/**
 * A handler that sends its reply itself (a file download) answers only after its transaction
 * commits: the client never sees success for work (or an audit record) that was rolled back,
 * and once it has its answer, the audit record is there.
 */
let t: TestDatabase;
let app: App;
const marker = `send-after-commit-${Date.now()}`;

beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildApp({
    config: loadConfig({ PVA_LOG_LEVEL: 'silent' }),
    database: t.database,
    plane: 'portal',
    logger: false,
  });
  for (const fail of [false, true])
    app.get(
      `/test/download${fail ? '-then-fail' : ''}`,
      { config: { auth: 'public' } },
      async (_req, reply) => {
        await recordAudit({ action: 'test.download', summary: { marker, fail } });
        reply.type('text/plain').send('the file');
        if (fail) throw new AppError('conflict');
        return reply;
      },
    );
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

const records = () =>
  inTransaction(t.database, systemScope(), () =>
    db().selectFrom('audit.log').select('summary').where('action', '=', 'test.download').execute(),
  );

describe(`a reply sent by the handler itself (${engineName})`, () => {
  it('goes out after the commit: the audit record is there when the client has the file', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await app.inject({ method: 'GET', url: '/test/download' });
      expect(r.statusCode).toBe(200);
      expect(r.body).toBe('the file');
      expect((await records()).filter((x) => (x.summary as { fail: boolean }).fail === false)).toHaveLength(
        i + 1,
      );
    }
  });

  it('is never sent when the handler fails after it: the client gets the error, nothing is kept', async () => {
    const r = await app.inject({ method: 'GET', url: '/test/download-then-fail' });
    expect(r.statusCode).toBe(409);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.body).not.toContain('the file');
    expect((await records()).filter((x) => (x.summary as { fail: boolean }).fail === true)).toEqual([]);
  });
});
