/**
 * Live updates in the browser: a portal page open in Chromium shows a change made through another
 * web process without a reload (server-sent events fed by LISTEN/NOTIFY). With
 * PVA_TEST_DATABASE_URL set, two real `pva start --role web` processes share one PostgreSQL
 * database and the change goes through the other one; on the embedded engine (one process owns
 * its data) the page and the change share one process, which still proves the page's side.
 * Run: npm run build:web && npx vitest run --config vitest.e2e.config.ts test/e2e/scaleout.e2e.ts
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../src/cli/runtime.ts';
import { loadConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/client.ts';
import { TEST_MASTER_KEY_FILE, TEST_SIGNING_KEY_FILE } from '../support/app.ts';
import { createUser, type TestPrincipal } from '../support/auth.ts';
import { createTestDatabase, engineName, TEST_PG_URL, type TestDatabase } from '../support/db.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';
import { loginOver, startCluster, type Cluster } from '../scaleout/cluster.ts';
import { launchChromium, logIn } from './browser.ts';

process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; // the listeners' own self-signed certificate, this process only
const SHOT_DIR = process.env.E2E_SCREENSHOT_DIR ?? join(tmpdir(), 'pva-screenshots');

let database: Database;
let pg: TestDatabase | null = null;
let cluster: Cluster | null = null;
let platform: Platform | null = null;
let dataDir = '';
let pageWeb = '';
let changeWeb = '';
let browser: Browser;
let tenant: TenantFixture;
let user: TestPrincipal;

beforeAll(async () => {
  mkdirSync(SHOT_DIR, { recursive: true });
  if (TEST_PG_URL) {
    pg = await createTestDatabase();
    database = pg.database;
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'pva-e2e-live-'));
    const config = loadConfig({
      PVA_PORTAL_ADDR: '127.0.0.1:0',
      PVA_MGMT_ADDR: '127.0.0.1:0',
      PVA_DATA_DIR: dataDir,
      PVA_LOG_LEVEL: 'silent',
      PVA_MASTER_KEY_FILE: TEST_MASTER_KEY_FILE,
      PVA_SIGNING_KEY_FILE: TEST_SIGNING_KEY_FILE,
    });
    platform = await startPlatform(config, { role: 'web', demo: false, log: () => {} });
    database = platform.database;
  }
  tenant = await createTenant(database, { services: 2 });
  user = await createUser(database, tenant.id);
  if (pg) {
    cluster = await startCluster(pg.url!, [
      { name: 'web1', role: 'web' },
      { name: 'web2', role: 'web' },
    ]);
    changeWeb = cluster.nodes[0]!.portal;
    pageWeb = cluster.nodes[1]!.portal;
  } else {
    pageWeb = changeWeb = platform!.urls.portal.replace(/\/$/, '');
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await cluster?.stop();
  await platform?.stop();
  await pg?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe(`live updates in the browser (${engineName}${TEST_PG_URL ? ', two web processes' : ', one process'})`, () => {
  it('the services page shows a label changed through the other web process, without a reload', async () => {
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      locale: 'ja-JP',
      timezoneId: 'Asia/Tokyo',
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text()); // e.g. a stream opened without a session
    });
    await page.goto(`${pageWeb}/login`);
    await logIn(page, user);
    await page.goto(`${pageWeb}/services`);
    const row = page.locator(`[data-service-id="${tenant.serviceIds[0]}"]`);
    await row.waitFor();
    await page.evaluate('window.notReloaded = true');
    // the page's own reload carries the background mark (it does not keep the session alive)
    const reloads: (string | undefined)[] = [];
    page.on('request', (req) => {
      if (new URL(req.url()).pathname === '/api/v1/services') reloads.push(req.headers()['x-pva-background']);
    });
    // a second session, through the other web process, changes the label
    const s = await loginOver(database, changeWeb, user);
    const r = await fetch(`${changeWeb}/api/v1/services/${tenant.serviceIds[0]}/label`, {
      method: 'PUT',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ label: '本社ライブ更新 live' }),
    });
    expect(r.status).toBe(200);
    await row.getByText('本社ライブ更新 live').waitFor({ timeout: 30_000 });
    expect(await page.evaluate<boolean>('window.notReloaded === true')).toBe(true);
    expect(reloads).toContain('1');
    await page.screenshot({ path: join(SHOT_DIR, 'scaleout-live.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
