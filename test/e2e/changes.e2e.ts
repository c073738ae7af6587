/**
 * A change request across both consoles, in Chromium against the real platform: the customer
 * asks in the portal for 200 → 500 Mbit/s, a provider administrator approves and executes it in
 * the management console, and the customer sees it executed, with its timeline in JST and the
 * new bandwidth in the service list. Screens in Japanese and English.
 * Run: npm run build:web && npx vitest run --config vitest.e2e.config.ts test/e2e/changes.e2e.ts
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { launchChromium, logIn } from './browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../src/cli/runtime.ts';
import { loadConfig } from '../../src/config.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { createStaffMember, createUser, type TestPrincipal } from '../support/auth.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';

const SHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-results');
const JST_TIME = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} JST/g;

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
// Script errors and CSP violations (reported as console errors) fail the test.
let problems: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'pva-e2e-changes-'));
  const config = loadConfig({
    PVA_PORTAL_ADDR: '127.0.0.1:0',
    PVA_MGMT_ADDR: '127.0.0.1:0',
    PVA_DATA_DIR: dataDir,
    PVA_LOG_LEVEL: 'silent',
  });
  platform = await startPlatform(config, { role: 'all', demo: true, log: () => {} });
  // Sato's Osaka rack: a direct service at 200 Mbit/s, in a tenant of its own.
  tenant = await createTenant(platform.database, { services: 2, name: 'ミナト精機テスト株式会社' });
  serviceCode = await inTransaction(platform.database, systemScope(), async () => {
    await db()
      .updateTable('customer.service')
      .set({ bandwidth_mbps: 200, label: '大阪ラック', type: 'direct' })
      .where('id', '=', tenant.serviceIds[0]!)
      .execute();
    await db()
      .updateTable('customer.service')
      .set({ label: '本社 IPsec' })
      .where('id', '=', tenant.serviceIds[1]!)
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
  // Browsers in New York: the screens must still show JST.
  const ctx = () =>
    browser.newContext({
      ignoreHTTPSErrors: true,
      locale: 'en-US',
      timezoneId: 'America/New_York',
      viewport: { width: 1280, height: 900 },
    });
  customerCtx = await ctx();
  staffCtx = await ctx();
});

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

/** Password, then the TOTP code computed from the principal's secret (Japanese screens). */
const status = (page: Page) => page.getByTestId('change-facts').getByTestId('change-status');

describe('change request across the portal and the console', () => {
  it('the customer asks for 500 Mbit/s on the Osaka rack (portal, Japanese)', async () => {
    const page = await open(customerCtx, new URL('/login', platform.urls.portal).href);
    await logIn(page, customer);
    await page.getByRole('navigation').getByRole('link', { name: '変更依頼', exact: true }).click();
    await visible(page, '変更依頼はありません。');
    await page.getByRole('button', { name: '変更を依頼する' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('サービス').click();
    await page.getByRole('option', { name: `${serviceCode} 大阪ラック` }).click();
    await visible(dialog, '現在: 200 Mbit/s');
    await dialog.getByLabel('希望する帯域（Mbit/s）').fill('500');
    await dialog.getByLabel('依頼理由').fill('大阪ラック向けの通信量が増えたため。');
    await page.waitForTimeout(300); // the option list closes
    await shot(page, 'changes-portal-new-ja');
    await dialog.getByRole('button', { name: '依頼を送信' }).click();

    await visible(page, /^変更依頼 CR-\d{4}-\d{6} を送信しました。/);
    await expect.poll(() => status(page).getAttribute('data-status')).toBe('submitted');
    number = /CR-\d{4}-\d{6}/.exec((await page.getByRole('heading', { level: 2 }).textContent()) ?? '')![0];
    expect(new URL(page.url()).search).toMatch(/^\?id=/);
    await page.getByTestId('change-summary').getByText('200 Mbit/s → 500 Mbit/s').waitFor();
    await page.getByRole('button', { name: '依頼を取り下げる' }).waitFor();
    await shot(page, 'changes-portal-submitted-ja');

    await page.getByRole('link', { name: /一覧に戻る/ }).click();
    const row = page.getByTestId('change-requests').locator(`tr[data-number="${number}"]`);
    await row.getByText('受付済み').waitFor();
    await row.getByText('大阪ラック').waitFor();
    await finish(page, 'changes-portal-list-ja');
  });

  it('a provider administrator approves and executes it (console, Japanese and English)', async () => {
    const page = await open(staffCtx, new URL('/login', platform.urls.mgmt).href);
    await logIn(page, staff);
    await page.getByRole('navigation').getByRole('link', { name: '変更依頼', exact: true }).click();
    const row = page.getByTestId('change-queue').locator(`tr[data-number="${number}"]`);
    await row.getByText(tenant.code).waitFor();
    await row.getByText('200 Mbit/s → 500 Mbit/s', { exact: false }).waitFor();
    await shot(page, 'changes-console-queue-ja');
    await row.getByRole('link', { name: number }).click();

    await expect.poll(() => status(page).getAttribute('data-status')).toBe('submitted');
    await visible(page, `${tenant.code} ミナト精機テスト株式会社`);
    await page.getByRole('button', { name: '承認', exact: true }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('備考（任意）').fill('来週火曜の作業枠で実施します。');
    await dialog.getByRole('button', { name: '承認', exact: true }).click();
    await visible(page, '承認しました。');
    await expect.poll(() => status(page).getAttribute('data-status')).toBe('approved');

    await page.getByRole('button', { name: '実施', exact: true }).click();
    dialog = page.getByRole('dialog');
    await visible(dialog, 'サービスの帯域を 200 Mbit/s から 500 Mbit/s に変更します。');
    await page.waitForTimeout(500); // let the dialog finish fading in for the screenshot
    await shot(page, 'changes-console-execute-ja');
    await dialog.getByRole('button', { name: '実施', exact: true }).click();
    await visible(page, '実施しました。');
    await expect.poll(() => status(page).getAttribute('data-status')).toBe('executed');
    const timeline = page.getByTestId('change-timeline');
    expect((await timeline.textContent())?.match(JST_TIME)).toHaveLength(3);
    await timeline
      .getByText(/当社: Staff /)
      .first()
      .waitFor(); // staff see who acted
    await shot(page, 'changes-console-executed-ja');

    await page.getByText('English', { exact: true }).click();
    await visible(page, 'Executed');
    await visible(page, 'Executed.');
    await visible(page, 'Change request ' + number);
    await page.getByTestId('change-summary').getByText('200 Mbit/s → 500 Mbit/s').waitFor();
    await page.getByTestId('change-timeline').getByText('Approved').waitFor();
    await finish(page, 'changes-console-executed-en');
  });

  it('the customer sees it executed, with the timeline and the new bandwidth', async () => {
    const page = await open(customerCtx, new URL('/changes', platform.urls.portal).href);
    const row = page.getByTestId('change-requests').locator(`tr[data-number="${number}"]`);
    await row.getByText('実施済み').waitFor();
    await row.getByRole('link', { name: number }).click();
    await expect.poll(() => status(page).getAttribute('data-status')).toBe('executed');
    const timeline = page.getByTestId('change-timeline');
    for (const step of ['受付済み', '承認済み', '実施済み']) await timeline.getByText(step).waitFor();
    await timeline.getByText('来週火曜の作業枠で実施します。').waitFor();
    expect((await timeline.textContent())?.match(JST_TIME)).toHaveLength(3);
    // the provider decided: the portal does not name the employee
    expect(await timeline.getByText(/Staff /).count()).toBe(0);
    expect(await page.getByRole('button', { name: '依頼を取り下げる' }).count()).toBe(0);
    await shot(page, 'changes-portal-executed-ja');

    await page.getByText('English', { exact: true }).click();
    await visible(page, 'Timeline');
    await page.getByTestId('change-timeline').getByText('Executed').waitFor();
    await page.getByTestId('change-summary').getByText('200 Mbit/s → 500 Mbit/s').waitFor();
    await shot(page, 'changes-portal-executed-en');

    // the service list shows the new bandwidth
    await page.getByRole('navigation').getByRole('link', { name: 'Services', exact: true }).click();
    const svc = page.getByTestId('services').locator(`tr[data-service-id="${tenant.serviceIds[0]}"]`);
    await svc.getByText('500 Mbit/s').waitFor();
    await shot(page, 'changes-portal-services-en');
    await page.getByRole('navigation').getByRole('link', { name: 'Change requests', exact: true }).click();
    await page
      .getByTestId('change-requests')
      .locator(`tr[data-number="${number}"]`)
      .getByText('Executed')
      .waitFor();
    await finish(page, 'changes-portal-list-en');
  });
});
