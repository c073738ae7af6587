/**
 * An announcement across both consoles, in Chromium against the real platform: a NOC engineer
 * writes a maintenance announcement on one PE in the console, previews whom it reaches and
 * publishes it; the customer's administrator sees it in the portal with the unread badge, the
 * affected service code and label and the window in JST, and acknowledges it; the engineer sees
 * the acknowledgement. Screens in Japanese and English.
 * Run: npm run build:web && npx vitest run --config vitest.e2e.config.ts test/e2e/notices.e2e.ts
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../src/cli/runtime.ts';
import { loadConfig } from '../../src/config.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { createStaffMember, createUser, type TestPrincipal } from '../support/auth.ts';
import { createNoticeNet, setLabel, type NoticeNet } from '../notices/support.ts';
import { launchChromium, logIn } from './browser.ts';

const SHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../.tmp/notices-shots');

let dataDir: string;
let platform: Platform;
let browser: Browser;
let customerCtx: BrowserContext;
let staffCtx: BrowserContext;
let net: NoticeNet;
let hostname = '';
let serviceCode = '';
let customer: TestPrincipal;
let staff: TestPrincipal;
let number = '';
let problems: string[] = [];

/** The day after tomorrow-plus-a-week in JST, for the datetime inputs. */
const day = new Date(Date.now() + 9 * 3_600_000 + 8 * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'pva-e2e-notices-'));
  const config = loadConfig({
    PVA_PORTAL_ADDR: '127.0.0.1:0',
    PVA_MGMT_ADDR: '127.0.0.1:0',
    PVA_DATA_DIR: dataDir,
    PVA_LOG_LEVEL: 'silent',
  });
  platform = await startPlatform(config, { role: 'all', demo: true, log: () => {} });
  net = await createNoticeNet(platform.database);
  await setLabel(platform.database, net.t.a.serviceIds[0]!, '大阪ラック');
  ({ hostname, serviceCode } = await inTransaction(platform.database, systemScope(), async () => {
    const d = await db()
      .selectFrom('ops.device')
      .select('hostname')
      .where('id', '=', net.pe1)
      .executeTakeFirstOrThrow();
    const s = await db()
      .selectFrom('customer.service')
      .select('code')
      .where('id', '=', net.t.a.serviceIds[0]!)
      .executeTakeFirstOrThrow();
    return { hostname: d.hostname, serviceCode: s.code };
  }));
  customer = await createUser(platform.database, net.t.a.id, { role: 'admin' });
  staff = await createStaffMember(platform.database, { role: 'noc' });
  browser = await launchChromium();
  const ctx = () =>
    browser.newContext({
      ignoreHTTPSErrors: true,
      locale: 'en-US',
      timezoneId: 'America/New_York', // the screens must still show JST
      viewport: { width: 1280, height: 900 },
    });
  customerCtx = await ctx();
  staffCtx = await ctx();
}, 240_000);

afterAll(async () => {
  await customerCtx?.close();
  await staffCtx?.close();
  await browser?.close();
  await platform?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function open(ctx: BrowserContext, url: string): Promise<Page> {
  const page = await ctx.newPage();
  page.on('pageerror', (e) => problems.push(`${url}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${url}: ${m.text()}`);
  });
  await page.goto(url);
  return page;
}
const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
async function finish(page: Page, name: string): Promise<void> {
  await shot(page, name);
  await page.close();
  const seen = problems;
  problems = [];
  expect(seen).toEqual([]);
}

describe('a maintenance announcement from the console to the customer', () => {
  it('the NOC engineer writes it on one PE, previews the affected customers and publishes it (Japanese)', async () => {
    const page = await open(staffCtx, new URL('/login', platform.urls.mgmt).href);
    await logIn(page, staff);
    await page.getByRole('navigation').getByRole('link', { name: 'お知らせ（メンテナンス・変更）' }).click();
    await page.getByTestId('new-announcement').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('件名（日本語）').fill('PE ソフトウェア更新');
    await dialog.getByLabel('件名（英語）').fill('PE software upgrade');
    await dialog.getByLabel('本文（日本語）').fill('最大 10 分の通信断があります。');
    await dialog.getByLabel('本文（英語）').fill('Expect up to 10 minutes of outage.');
    await dialog.getByLabel('開始（日本時間）').fill(`${day}T02:00`);
    await dialog.getByLabel('終了（日本時間）').fill(`${day}T04:00`);
    await dialog.getByLabel('機器', { exact: true }).click();
    await page.getByRole('option', { name: hostname, exact: true }).click();
    await page.keyboard.press('Escape');
    await dialog.getByTestId('preview').click();
    const affected = dialog.getByTestId('affected');
    await affected.locator(`tr[data-tenant="${net.t.a.code}"]`).getByText(serviceCode).waitFor();
    await affected.locator(`tr[data-tenant="${net.t.b.code}"]`).waitFor();
    expect(await affected.locator(`tr[data-tenant="${net.t.c.code}"]`).count()).toBe(0);
    await affected.getByText('影響を受けるお客様 2 社・サービス 2 件').waitFor();
    await shot(page, 'notices-console-new-ja');
    await dialog.getByTestId('save-announcement').click();

    await page.getByText('下書き', { exact: true }).first().waitFor();
    number = /ANN-\d{4}-\d{6}/.exec((await page.locator('body').textContent()) ?? '')![0];
    await page.getByTestId('publish').click();
    await page.getByText('2 社のお客様に公開し、管理者にメールを送ります。よろしいですか？').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: '公開してメール送信' }).click();
    await page.getByText(`${number} を公開しました。`).waitFor();
    await page.getByTestId('ack-count').getByText('2 社中 0 社が確認済み').waitFor();
    await page.getByText(`${day} 02:00:00 JST`, { exact: false }).first().waitFor();
    await finish(page, 'notices-console-published-ja');
  });

  it('the customer sees it with the unread badge, and acknowledges it (portal, Japanese and English)', async () => {
    const page = await open(customerCtx, new URL('/login', platform.urls.portal).href);
    await logIn(page, customer);
    const badge = page.getByRole('navigation').getByTestId('unread-notices');
    await badge.getByText('1', { exact: true }).waitFor();
    await page
      .getByRole('navigation')
      .getByRole('link', { name: /お知らせ/ })
      .click();
    const row = page.getByTestId('notices').locator(`tr[data-number="${number}"]`);
    await row.getByText(`${serviceCode} (大阪ラック)`).waitFor();
    await row.getByText('未確認').waitFor();
    expect(await row.getAttribute('data-read')).toBe('no');
    await shot(page, 'notices-portal-list-ja');
    await row.getByRole('link', { name: 'PE ソフトウェア更新' }).click();
    await page.getByText(`${day} 02:00:00 JST – ${day} 04:00:00 JST`).first().waitFor();
    await expect.poll(() => badge.count()).toBe(0); // opening it marked it read
    await page.getByTestId('acknowledge').click();
    await page.getByText('確認を記録しました。').waitFor();
    await page
      .getByTestId('ack-state')
      .getByText(/^確認済み（テスト /)
      .waitFor();
    await shot(page, 'notices-portal-acknowledged-ja');
    await page.getByText('English', { exact: true }).click();
    await page.getByText('PE software upgrade').first().waitFor();
    await page
      .getByTestId('ack-state')
      .getByText(/^Acknowledged \(/)
      .waitFor();
    await page.getByText('Expect up to 10 minutes of outage.').waitFor();
    await finish(page, 'notices-portal-acknowledged-en');
  });

  it('the engineer sees who acknowledged, and when (console, English)', async () => {
    const page = await open(staffCtx, new URL('/announcements', platform.urls.mgmt).href);
    await page.getByRole('link', { name: number }).click();
    await page.getByTestId('ack-count').getByText('2 社中 1 社が確認済み').waitFor();
    const rec = page.getByTestId('recipients').locator(`tr[data-tenant="${net.t.a.code}"]`);
    await rec.getByText(/確認済み（テスト .*JST）/).waitFor();
    await page.getByText('English', { exact: true }).click();
    await page.getByTestId('ack-count').getByText('1 of 2 customers acknowledged').waitFor();
    await finish(page, 'notices-console-acknowledged-en');
  });
});
