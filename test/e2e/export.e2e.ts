/**
 * The export page as a customer uses it, in Chromium against the real platform: the 12.3.1 note,
 * the JSON download with its progress and object count (the file validates against the published
 * schema), one CSV per section, both languages with JST times, and a scoped operator's view.
 * Run: npm run build:web && npx vitest run --config vitest.e2e.config.ts test/e2e/export.e2e.ts
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../src/cli/runtime.ts';
import { loadConfig } from '../../src/config.ts';
import { sql } from 'kysely';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { totpAt } from '../../src/modules/identity/totp.ts';
import { createUser, type TestPrincipal } from '../support/auth.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';
import { countObjects, exportValidator, parseCsv, type ExportDoc } from '../export/support.ts';

const SHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-results');
const JST_TIME = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} JST/;
const LABEL = `本社, "main" <img src=x onerror=alert(1)>`;

let dataDir: string;
let platform: Platform;
let browser: Browser;
let tenant: TenantFixture;
let admin: TestPrincipal;
let operator: TestPrincipal;
let problems: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'pva-e2e-export-'));
  const config = loadConfig({
    PVA_PORTAL_ADDR: '127.0.0.1:0',
    PVA_MGMT_ADDR: '127.0.0.1:0',
    PVA_DATA_DIR: dataDir,
    PVA_LOG_LEVEL: 'silent',
  });
  platform = await startPlatform(config, { role: 'all', demo: true, log: () => {} });
  tenant = await createTenant(platform.database, { services: 3 });
  await inTransaction(platform.database, systemScope(), () =>
    db()
      .updateTable('customer.service')
      .set({ label: LABEL })
      .where('id', '=', tenant.serviceIds[0]!)
      .execute(),
  );
  admin = await createUser(platform.database, tenant.id, { role: 'admin' });
  operator = await createUser(platform.database, tenant.id, {
    role: 'operator',
    serviceScope: [tenant.serviceIds[0]!],
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A fresh browser (New York, English UI locale: the app still shows Japanese and JST), logged in. */
async function signedIn(p: TestPrincipal): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({
    ignoreHTTPSErrors: true,
    locale: 'en-US',
    timezoneId: 'America/New_York',
    acceptDownloads: true,
  });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(new URL('/login', platform.urls.portal).href);
  try {
    await page.getByLabel('ログイン ID').waitFor({ timeout: 20_000 });
  } catch (e) {
    await page.screenshot({ path: join(SHOTS, 'export-login-failed.png'), fullPage: true });
    throw new Error(`no login page: ${problems.join(' | ')} ${(await page.content()).slice(0, 3000)}`, {
      cause: e,
    });
  }
  await page.getByLabel('ログイン ID').fill(p.login);
  await page.getByLabel('パスワード', { exact: true }).fill(p.password);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await page.getByLabel('確認コード').fill(totpAt(p.totpSecret!, Date.now()));
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await page.getByTestId('home-welcome').waitFor();
  return { ctx, page };
}

const visible = (page: Page, text: string | RegExp) =>
  page
    .getByText(text, { exact: typeof text === 'string' })
    .first()
    .waitFor({ timeout: 15_000 });

async function done(ctx: BrowserContext, page: Page, shot: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${shot}.png`), fullPage: true });
  await ctx.close();
  const seen = problems;
  problems = [];
  expect(seen).toEqual([]);
}

describe('settings export in the portal', () => {
  it('downloads the JSON with progress (valid against the schema) and a CSV per section, in Japanese', async () => {
    const { ctx, page } = await signedIn(admin);
    await page.getByRole('navigation').getByRole('link', { name: 'エクスポート', exact: true }).click();
    await visible(page, '設定のバックアップはお客様ご自身で');
    await visible(page, /ISO\/IEC 27017 12\.3\.1/);
    await visible(page, 'このブラウザからはまだエクスポートしていません。');
    const rows = page.getByTestId('export-sections').locator('tbody tr');
    await rows.first().waitFor();
    const names = await Promise.all((await rows.all()).map((r) => r.getAttribute('data-section')));
    expect(names).toEqual([
      'tenant',
      'contracts',
      'services',
      'virtualNetworks',
      'connections',
      'users',
      'securitySettings',
      'changeRequests',
      'changeRequestEvents',
    ]);
    await page.screenshot({ path: join(SHOTS, 'export-ja.png'), fullPage: true });

    const download = page.waitForEvent('download');
    await page.getByTestId('export-json').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(
      new RegExp(`^pva-export-${tenant.code}-\\d{4}-\\d{2}-\\d{2}\\.json$`),
    );
    const doc = JSON.parse(readFileSync(await file.path(), 'utf8')) as ExportDoc;
    const validate = exportValidator();
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.services.find((s) => s.id === tenant.serviceIds[0])!.label).toBe(LABEL);
    const finished = page.getByTestId('export-done');
    await finished.waitFor();
    const text = (await finished.textContent()) ?? '';
    expect(text).toContain(`${countObjects(doc)} 件`);
    expect(text).toMatch(JST_TIME);
    expect((await page.getByTestId('export-last').textContent()) ?? '').toMatch(JST_TIME);

    const csvDownload = page.waitForEvent('download');
    await page.getByTestId('export-csv-services').click();
    const csv = await csvDownload;
    expect(csv.suggestedFilename()).toMatch(/-services-\d{4}-\d{2}-\d{2}\.csv$/);
    const raw = readFileSync(await csv.path(), 'utf8');
    expect(raw.startsWith('\uFEFF')).toBe(true);
    const table = parseCsv(raw.slice(1));
    expect(table).toHaveLength(4);
    expect(table.some((r) => r.includes(LABEL))).toBe(true);
    await done(ctx, page, 'export-done-ja');
  });

  it('shows a scoped operator only their part, in English', async () => {
    const { ctx, page } = await signedIn(operator);
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Export', exact: true }).click();
    await visible(page, 'You keep the backup of your settings');
    await visible(page, /limited to some service codes/);
    await visible(page, /administrators’ exports only/);
    const rows = page.getByTestId('export-sections').locator('tbody tr');
    await rows.first().waitFor();
    const names = await Promise.all((await rows.all()).map((r) => r.getAttribute('data-section')));
    expect(names).not.toContain('users');
    expect(names).not.toContain('securitySettings');
    const services = page.getByTestId('export-sections').locator('tr[data-section="services"] td').nth(2);
    expect((await services.textContent())?.trim()).toBe('1');
    await page.screenshot({ path: join(SHOTS, 'export-scoped-en.png'), fullPage: true });
    const download = page.waitForEvent('download');
    await page.getByTestId('export-json').click();
    const doc = JSON.parse(readFileSync(await (await download).path(), 'utf8')) as ExportDoc;
    expect(doc.services.map((s) => s.id)).toEqual([tenant.serviceIds[0]]);
    await page.getByTestId('export-done').waitFor();
    await visible(page, /^Downloaded \d+ objects/);
    await done(ctx, page, 'export-done-en');
  });

  it(
    'shows progress against the announced total while a large export streams',
    { timeout: 300_000 },
    async () => {
      const big = await createTenant(platform.database, { services: 0 });
      await inTransaction(platform.database, systemScope(), async () => {
        await sql`INSERT INTO customer.service (tenant_id, contract_id, code, type, bandwidth_mbps, label)
        SELECT ${big.id}::uuid, ${big.contractId}::uuid, ${big.code} || '-' || lpad(g::text, 6, '0'), 'ipsec', 100, '拠点 ' || g
        FROM generate_series(1, 20000) AS g`.execute(db());
        await sql`INSERT INTO customer.connection (tenant_id, service_id, name, kind, bandwidth_mbps)
        SELECT tenant_id, id, 'site-' || code, 'ipsec', 100 FROM customer.service WHERE tenant_id = ${big.id}::uuid`.execute(
          db(),
        );
      });
      const { ctx, page } = await signedIn(await createUser(platform.database, big.id, { role: 'admin' }));
      await page.goto(new URL('/export', platform.urls.portal).href);
      const total = page.getByTestId('export-total');
      await total.filter({ hasText: /40,00\d 件/ }).waitFor({ timeout: 30_000 });
      const download = page.waitForEvent('download', { timeout: 240_000 });
      await page.getByTestId('export-json').click();
      const bar = page.getByTestId('export-progress');
      await bar.waitFor();
      await page.getByText(/^[\d,]+ \/ 40,00\d 件（[\d.,]+ [KM]B）$/).waitFor();
      await page.screenshot({ path: join(SHOTS, 'export-progress-ja.png'), fullPage: true });
      const doc = JSON.parse(readFileSync(await (await download).path(), 'utf8')) as ExportDoc;
      const n = countObjects(doc);
      expect(n).toBeGreaterThanOrEqual(40_000);
      await page
        .getByTestId('export-done')
        .filter({ hasText: `${n.toLocaleString('ja-JP')} 件` })
        .waitFor();
      await done(ctx, page, 'export-large-done-ja');
    },
  );
});
