import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { enqueue } from '../../src/jobs/queue.ts';
import { startWorker, type Worker } from '../../src/jobs/worker.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { engineName } from '../support/db.ts';
import { createDevices } from './support.ts';

const read = (n: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${n}`, import.meta.url), 'utf8')) as object;

let p: TestPlatform;
let server: Server;
let worker: Worker;
let base: string;
let feed: unknown = [
  read('csaf-cisco-iosxe.json'),
  read('osv-junos-eos.json'),
  { id: 'BROKEN-1', modified: 'not a date', affected: [] },
];
let runs = 0;
let device: string;

const sys = <T>(fn: () => Promise<T>) => inTransaction(p.db.database, systemScope(), fn);
async function runFeeds(): Promise<void> {
  await sys(() => enqueue('vulnerabilities.feeds', {}, { singletonKey: `test-feeds-${++runs}` }));
  await worker.tick();
}
const statuses = () =>
  sys(() => db().selectFrom('ops.vuln_feed_status').selectAll().orderBy('url').execute());

beforeAll(async () => {
  // a feed on loopback only: /feed.json answers `feed`, /down answers 503
  server = createServer((req, res) => {
    if (req.url === '/feed.json') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(feed));
    } else {
      res.statusCode = 503;
      res.end('unavailable');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  p = await createTestPlatform({ PVA_ADVISORY_FEED_URLS: `${base}/feed.json,${base}/down` });
  worker = startWorker({ database: p.db.database, config: p.config, autoStart: false });
  const ids = await createDevices(p.db.database, [
    { vendor: 'Cisco', model: 'Catalyst 9300', os: 'IOS XE 17.3.2' },
  ]);
  device = ids[0]!;
}, 180_000);
afterAll(async () => {
  await worker?.stop();
  await p?.close();
  await new Promise((r) => server?.close(r));
});

describe(`advisory feeds (${engineName})`, () => {
  it('fetches configured feeds on schedule, imports valid documents, records failures per feed', async () => {
    await runFeeds();
    const advisories = await sys(() =>
      db().selectFrom('ops.vuln_advisory').select(['external_id', 'origin']).orderBy('external_id').execute(),
    );
    expect(advisories).toEqual([
      { external_id: 'PVA-OSV-2026-0042', origin: `${base}/feed.json` },
      { external_id: 'cisco-sa-iosxe-snmp-dos-PVA26', origin: `${base}/feed.json` },
    ]);
    const s = await statuses();
    // (the worker's first pass may also run the scheduled slot: `imported` counts the last run only)
    expect(s.find((x) => x.url.endsWith('/feed.json'))).toMatchObject({ last_error: null });
    expect(s.find((x) => x.url.endsWith('/feed.json'))!.last_ok_at).not.toBeNull();
    expect(s.find((x) => x.url.endsWith('/down'))).toMatchObject({
      last_error: 'HTTP 503',
      last_ok_at: null,
    });
    const matches = await sys(() =>
      db()
        .selectFrom('ops.vuln_match')
        .select(['item_id', 'verdict'])
        .where('item_id', '=', device)
        .execute(),
    );
    expect(matches).toEqual([{ item_id: device, verdict: 'affected' }]);
  });

  it('fetches again without duplicates; a newer revision updates', async () => {
    const csaf = read('csaf-cisco-iosxe.json') as {
      document: { tracking: { version: string }; title: string };
    };
    csaf.document.tracking.version = '1.0.1';
    csaf.document.title = 'Cisco IOS XE Software SNMP Denial of Service Vulnerability (updated)';
    feed = [csaf, read('osv-junos-eos.json')];
    await runFeeds();
    const rows = await sys(() =>
      db()
        .selectFrom('ops.vuln_advisory')
        .select(['external_id', 'revision', 'title'])
        .orderBy('external_id')
        .execute(),
    );
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ revision: '1.0.1', title: csaf.document.title });
    expect((await statuses()).find((x) => x.url.endsWith('/feed.json'))).toMatchObject({ imported: 1 });
  });
});
