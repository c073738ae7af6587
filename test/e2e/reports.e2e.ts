/**
 * A customer event report across both consoles, in Chromium against the real platform: the
 * customer reports a security incident with a log file attached (portal, Japanese), a provider
 * administrator finds it in the queue, downloads nothing inline, and moves it to investigating
 * with a comment (console, Japanese and English); the customer sees the new status and the
 * comment. The console's mail log and retention screens are shown too.
 * Run: npm run build:web && npx vitest run --config vitest.e2e.config.ts test/e2e/reports.e2e.ts
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../src/cli/runtime.ts';
import { loadConfig } from '../../src/config.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { createStaffMember, createUser, type TestPrincipal } from '../support/auth.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';
import { launchChromium, logIn } from './browser.ts';

const SHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../.tmp/reports-shots');

let dataDir: string;
let platform: Platform;
let browser: Browser;
let customerCtx: BrowserContext;
let staffCtx: BrowserContext;
let tenant: TenantFixture;
let serviceCode: string;
let customer: TestPrincipal;
let staff: TestPrincipal;
let number = '';
let problems: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'pva-e2e-reports-'));
  const config = loadConfig({
    PVA_PORTAL_ADDR: '127.0.0.1:0',
    PVA_MGMT_ADDR: '127.0.0.1:0',
    PVA_DATA_DIR: dataDir,
    PVA_LOG_LEVEL: 'silent',
  });
  platform = await startPlatform(config, { role: 'all', demo: true, log: () => {} });
  tenant = await createTenant(platform.database, { services: 1, name: 'ミナト精機テスト株式会社' });
  serviceCode = await inTransaction(platform.database, systemScope(), async () => {
    await db()
      .updateTable('customer.service')
      .set({ label: '本社 IPsec' })
      .where('id', '=', tenant.serviceIds[0]!)
      .execute();
    const s = await db()
      .selectFrom('customer.service')
      .select('code')
      .where('id', '=', tenant.serviceIds[0]!)
      .executeTakeFirstOrThrow();
    return s.code;
  });
  customer = await createUser(platform.database, tenant.id, { role: 'admin' });
  staff = await createStaffMember(platform.database, { role: 'admin' });
  browser = await launchChromium();
  const ctx = () =>
    browser.newContext({
      ignoreHTTPSErrors: true,
      locale: 'en-US',
      timezoneId: 'America/New_York',
      viewport: { width: 1280, height: 900 },
    });
  customerCtx = await ctx();
  staffCtx = await ctx();
}, 400_000); // the demo seed is slow on a busy machine

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

const visible = (page: Page | Locator, text: string | RegExp) =>
  page
    .getByText(text, { exact: typeof text === 'string' })
    .first()
    .waitFor({ timeout: 15_000 });
const status = (page: Page) => page.getByTestId('report-status').first();

describe('customer event report across the portal and the console', () => {
  it('the customer reports a security incident with a log file (portal, Japanese)', async () => {
    const page = await open(customerCtx, new URL('/login', platform.urls.portal).href);
    await logIn(page, customer);
    await page.getByRole('navigation').getByRole('link', { name: '事象の報告', exact: true }).click();
    await visible(page, '事象報告はありません。');
    await page.getByRole('button', { name: '事象を報告する' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('件名').fill('ルーターへの不明なログイン');
    await dialog
      .getByLabel('内容')
      .fill('11月27日 09:10（日本時間）に不明なアドレスからのログインを確認しました。');
    await dialog.getByLabel('影響のあるサービスコード').click();
    await page.getByRole('option', { name: `${serviceCode} 本社 IPsec` }).click();
    await dialog.locator('input[type="file"]').setInputFiles({
      name: 'auth.log',
      mimeType: 'text/plain',
      buffer: Buffer.from('Nov 27 09:10:03 gw sshd[812]: Accepted password for admin from 203.0.113.50\n'),
    });
    await visible(dialog, 'auth.log');
    await dialog.getByLabel('件名').click(); // close the option list
    await page.waitForTimeout(300);
    await shot(page, 'reports-portal-new-ja');
    await dialog.getByRole('button', { name: '報告を送信' }).click();

    await visible(page, /^事象報告 ER-\d{4}-\d{6} を受け付けました。/);
    await expect.poll(() => status(page).getAttribute('data-status')).toBe('received');
    number = /ER-\d{4}-\d{6}/.exec((await page.getByRole('heading', { level: 2 }).textContent()) ?? '')![0];
    await page.getByTestId('report-attachments').getByRole('link', { name: 'auth.log' }).waitFor();
    await finish(page, 'reports-portal-submitted-ja');
  });

  it('staff see it in the queue and move it to investigating (console, Japanese and English)', async () => {
    const page = await open(staffCtx, new URL('/login', platform.urls.mgmt).href);
    await logIn(page, staff);
    await page.getByRole('navigation').getByRole('link', { name: '事象報告の受付', exact: true }).click();
    const row = page.getByTestId('event-report-queue').locator(`tr[data-number="${number}"]`);
    await row.getByText(tenant.code).waitFor();
    await row.getByText('受付').waitFor();
    await shot(page, 'reports-console-queue-ja');
    await row.getByRole('link', { name: number }).click();
    await expect.poll(() => status(page).getAttribute('data-status')).toBe('received');

    // the attachment downloads: Content-Disposition attachment, nosniff
    const link = page.getByTestId('report-attachments').getByRole('link', { name: 'auth.log' });
    const res = await page.request.get(new URL((await link.getAttribute('href'))!, platform.urls.mgmt).href);
    expect(res.headers()['content-disposition']).toMatch(/^attachment;/);
    expect(res.headers()['x-content-type-options']).toBe('nosniff');
    expect(await res.text()).toContain('203.0.113.50');

    await page.getByTestId('report-next-status').click();
    await page.getByRole('option', { name: '調査中' }).click();
    await page.getByLabel('お客様へのコメント（任意、メールで通知されます）').fill('ログを確認しています。');
    await page.getByRole('button', { name: '状態を変更', exact: true }).click();
    await visible(page, '状態を変更しました。');
    await expect.poll(() => status(page).getAttribute('data-status')).toBe('investigating');
    await page.getByTestId('report-timeline').getByText('ログを確認しています。').waitFor();
    await shot(page, 'reports-console-detail-ja');

    await page.getByText('English', { exact: true }).click();
    await visible(page, 'Event report ' + number);
    await page.getByTestId('report-timeline').getByText('Status changed: Investigating').waitFor();
    await shot(page, 'reports-console-detail-en');

    await page.getByRole('navigation').getByRole('link', { name: 'Email delivery', exact: true }).click();
    await page
      .getByTestId('mail-log')
      .getByText(`Event report ${number}`, { exact: false })
      .first()
      .waitFor();
    await shot(page, 'reports-console-mail-en');
    await page.getByRole('navigation').getByRole('link', { name: 'Records retention', exact: true }).click();
    await page
      .getByTestId('retention')
      .locator('tr[data-kind="audit"]')
      .getByText('PVA_RETENTION_AUDIT_MONTHS')
      .waitFor();
    await shot(page, 'reports-console-retention-en');
    await page.getByText('日本語', { exact: true }).click();
    await visible(page, '記録の保存期間');
    await finish(page, 'reports-console-retention-ja');
  });

  it('the customer sees the new status and the comment, in Japanese and English', async () => {
    const page = await open(customerCtx, new URL('/event-reports', platform.urls.portal).href);
    const row = page.getByTestId('event-reports').locator(`tr[data-number="${number}"]`);
    await row.getByText('調査中').waitFor();
    await row.getByRole('link', { name: number }).click();
    await expect.poll(() => status(page).getAttribute('data-status')).toBe('investigating');
    const timeline = page.getByTestId('report-timeline');
    await timeline.getByText('ログを確認しています。').waitFor();
    await shot(page, 'reports-portal-investigating-ja');
    await page.getByText('English', { exact: true }).click();
    await page.getByTestId('report-timeline').getByText('Status changed: Investigating').waitFor();
    await finish(page, 'reports-portal-investigating-en');
  });
});
