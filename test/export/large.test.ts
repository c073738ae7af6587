import { once } from 'node:events';
import { createWriteStream, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createUser, login } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant } from '../support/factories.ts';
import { countObjects, exportValidator, type ExportDoc } from './support.ts';

let p: TestPlatform;
beforeAll(async () => {
  p = await createTestPlatform();
});
afterAll(async () => p?.close());

const sys = <T>(fn: () => Promise<T>) => inTransaction(p.db.database, systemScope(), fn);
const SERVICES = 50_000;
const MB = (n: number): number => Math.round((n / 1024 / 1024) * 10) / 10;

describe(`export of a large tenant (${engineName})`, () => {
  it(
    'streams 100,000 objects completely, page by page, without holding the database',
    { timeout: 600_000 },
    async () => {
      const t = await createTenant(p.db.database, { services: 0 });
      // 50,000 services and 50,000 connections, two statements in provider (system) scope
      await sys(async () => {
        await sql`INSERT INTO customer.service (tenant_id, contract_id, code, type, bandwidth_mbps, label)
        SELECT ${t.id}::uuid, ${t.contractId}::uuid, ${t.code} || '-' || lpad(g::text, 6, '0'), 'ipsec', 100,
               'ラベル "' || g || '", 拠点'
        FROM generate_series(1, ${SERVICES}::int) AS g`.execute(db());
        await sql`INSERT INTO customer.connection (tenant_id, service_id, name, kind, bandwidth_mbps)
        SELECT tenant_id, id, 'site-' || code, 'ipsec', 100 FROM customer.service WHERE tenant_id = ${t.id}::uuid`.execute(
          db(),
        );
      });
      const admin = await createUser(p.db.database, t.id, { role: 'admin' });
      const s = await login(p.portal, p.db.database, admin);

      await p.portal.listen({ host: '127.0.0.1', port: 0 });
      const { port } = p.portal.server.address() as AddressInfo;
      const dir = join(tmpdir(), `pva-export-${process.pid}`);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, 'export.json');

      const before = process.memoryUsage();
      const peak = { rss: before.rss, heapUsed: before.heapUsed };
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        peak.rss = Math.max(peak.rss, m.rss);
        peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
      }, 50);
      const started = Date.now();
      let chunks = 0;
      let bytes = 0;
      let expected: number | undefined;
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/export?format=json`, {
          headers: { cookie: s.cookie },
        });
        expect(res.status).toBe(200);
        expected = Number(res.headers.get('x-pva-export-objects'));
        const out = createWriteStream(file); // to disk, so the client side holds no copy while we measure
        const reader = (res.body as ReadableStream<Uint8Array>).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          chunks++;
          bytes += value.byteLength;
          if (chunks === 1) {
            // the stream holds no transaction between pages: another request gets through meanwhile
            const other = await p.portal.inject({ url: '/api/v1/services', headers: s.headers });
            expect(other.statusCode).toBe(200);
          }
          if (!out.write(value)) await once(out, 'drain');
        }
        out.end();
        await finished(out);
      } finally {
        clearInterval(sampler);
      }
      const seconds = (Date.now() - started) / 1000;

      const figures = {
        engine: engineName,
        objects: expected,
        bytes,
        mb: MB(bytes),
        chunks,
        seconds,
        rssBeforeMb: MB(before.rss),
        rssPeakMb: MB(peak.rss),
        rssGrowthMb: MB(peak.rss - before.rss),
        heapBeforeMb: MB(before.heapUsed),
        heapPeakMb: MB(peak.heapUsed),
      };
      // reported, never asserted (tests do not assert timings or memory)
      console.log(`export memory: ${JSON.stringify(figures)}`);
      mkdirSync('test-results', { recursive: true });
      writeFileSync(`test-results/export-memory-${engineName}.json`, JSON.stringify(figures, null, 2) + '\n');

      expect(chunks).toBeGreaterThan(1); // produced incrementally, not as one buffer
      const doc = JSON.parse(readFileSync(file, 'utf8')) as ExportDoc;
      rmSync(dir, { recursive: true, force: true });
      expect(expected).toBeGreaterThanOrEqual(100_000);
      if (expected === undefined) throw new Error('no object count');
      expect(countObjects(doc)).toBe(expected);
      expect(doc.services).toHaveLength(SERVICES);
      expect(doc.connections).toHaveLength(SERVICES);
      expect(new Set(doc.connections.map((c) => c.id)).size).toBe(SERVICES); // no page repeated or skipped
      expect(doc.services.map((x) => x.code)).toEqual([...doc.services.map((x) => x.code)].sort());
      const validate = exportValidator();
      expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);

      // a client that gives up half-way leaves nothing behind: the next requests are served
      const ac = new AbortController();
      const partial = await fetch(`http://127.0.0.1:${port}/api/v1/export?format=json`, {
        headers: { cookie: s.cookie },
        signal: ac.signal,
      });
      const partialReader = (partial.body as ReadableStream<Uint8Array>).getReader();
      await partialReader.read();
      ac.abort();
      await partialReader.read().catch(() => undefined);
      const after = await p.portal.inject({ url: '/api/v1/export/sections', headers: s.headers });
      expect(after.statusCode).toBe(200);
      expect(after.json<{ objects: number }>().objects).toBe(expected);
    },
  );
});
