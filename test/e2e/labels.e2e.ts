/**
 * Labels are text, never markup (8.2.2): an operator sets a label full of markup and SQL in the
 * portal; it is stored verbatim and shown as the same characters on the services list, the
 * service page and home, with no dialog and no injected element. The console shows the tenant's
 * contracts and services with the same label, and drives the contract forms.
 * Run: npm run build:web && npx vitest run --config vitest.e2e.config.ts test/e2e/labels.e2e.ts
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../src/cli/runtime.ts';
import { loadConfig } from '../../src/config.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { totpAt } from '../../src/modules/identity/totp.ts';
import { createStaffMember, createUser, type TestPrincipal } from '../support/auth.ts';

const SHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-results');
const HOSTILE = `<img src=x onerror=alert(1)>'; DROP TABLE services; --`;

let dataDir: string;
let platform: Platform;
let browser: Browser;
let context: BrowserContext;
let tenant: { id: string; name: string; code: string };
let service: { id: string; code: string };
let operator: TestPrincipal;
let problems: string[] = [];
const dialogs: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'pva-e2e-labels-'));
  const config = loadConfig({
    PVA_PORTAL_ADDR: '127.0.0.1:0',
    PVA_MGMT_ADDR: '127.0.0.1:0',
    PVA_DATA_DIR: dataDir,
    PVA_LOG_LEVEL: 'silent',
  });
  platform = await startPlatform(config, { role: 'all', demo: true, log: () => {} });
  ({ tenant, service } = await inTransaction(platform.database, systemScope(), async () => {
    const t = await db()
      .selectFrom('ops.tenant')
      .select(['id', 'name', 'code'])
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const s = await db()
      .selectFrom('customer.service')
      .select(['id', 'code'])
      .where('tenant_id', '=', t.id)
      .where('type', '!=', 'option')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    return { tenant: t, service: s };
  }));
  operator = await createUser(platform.database, tenant.id, { role: 'operator' });
  browser = await launchChromium();
  context = await browser.newContext({
    ignoreHTTPSErrors: true,
    locale: 'en-US',
    timezoneId: 'America/New_York',
  });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await platform?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function open(url: string, ctx: BrowserContext = context): Promise<Page> {
  const page = await ctx.newPage();
  page.on('pageerror', (e) => problems.push(`${url}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${url}: ${m.text()}`);
  });
  // A label that ran as script would open an alert: record it, and dismiss it so nothing hangs.
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(url);
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function finish(page: Page, name: string): Promise<void> {
  await shot(page, name);
  await page.close();
  const seen = problems;
  problems = [];
  expect(seen).toEqual([]);
  expect(dialogs).toEqual([]);
}

/** No element was made from the label: no <img src="x"> anywhere, and no image at all in the lists. */
async function expectNoInjectedImage(page: Page): Promise<void> {
  expect(await page.evaluate<number>(`document.querySelectorAll('img[src="x"]').length`)).toBe(0);
  expect(
    await page.evaluate<number>(`[...document.images].filter((i) => i.getAttribute('src') === 'x').length`),
  ).toBe(0);
}

async function logIn(page: Page, p: TestPrincipal, ja = true) {
  await page.getByLabel(ja ? 'ログイン ID' : 'Login ID').fill(p.login);
  await page.getByLabel(ja ? 'パスワード' : 'Password', { exact: true }).fill(p.password);
  await page.getByRole('button', { name: ja ? 'ログイン' : 'Log in', exact: true }).click();
  await page.getByLabel(ja ? '確認コード' : 'Verification code').fill(totpAt(p.totpSecret!, Date.now()));
  await page.getByRole('button', { name: ja ? '確認' : 'Verify', exact: true }).click();
  await page.getByTestId('home-welcome').waitFor();
}

describe('labels are shown as text, never run as markup', () => {
  it('sets a hostile label on the service page and stores it verbatim', async () => {
    const page = await open(new URL('/login', platform.urls.portal).href);
    await logIn(page, operator);
    await page.getByRole('navigation').getByRole('link', { name: 'サービス', exact: true }).click();
    await page.getByTestId('services').getByRole('link', { name: service.code }).click();
    await page.getByText(`サービス ${service.code}`).waitFor();
    expect(new URL(page.url()).search).toBe(`?id=${service.id}`);
    await shot(page, 'labels-detail-before-ja');
    await page.getByTestId('label-input').fill(HOSTILE);
    await page.getByRole('button', { name: 'ラベルを保存' }).click();
    await page.getByText('ラベルを保存しました。').waitFor();
    await page.getByTestId('detail-label').filter({ hasText: HOSTILE }).waitFor();
    expect(await page.getByTestId('detail-label').textContent()).toBe(HOSTILE);
    expect(await page.getByTestId('detail-heading-label').textContent()).toBe(HOSTILE);
    await expectNoInjectedImage(page);
    await finish(page, 'labels-detail-ja');

    const stored = await inTransaction(platform.database, systemScope(), () =>
      db()
        .selectFrom('customer.service')
        .select('label')
        .where('id', '=', service.id)
        .executeTakeFirstOrThrow(),
    );
    expect(stored.label).toBe(HOSTILE);
    // and the table the label names is still there
    const count = await inTransaction(platform.database, systemScope(), () =>
      db()
        .selectFrom('customer.service')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    );
    expect(Number(count.n)).toBeGreaterThan(0);
  });

  it('shows it verbatim on the services list (and finds it by search) and on home', async () => {
    const page = await open(new URL('/services', platform.urls.portal).href);
    const row = page.getByTestId('services').locator(`tr[data-service-id="${service.id}"]`);
    await row.getByTestId('service-label').filter({ hasText: HOSTILE }).waitFor();
    expect(await row.getByTestId('service-label').textContent()).toBe(HOSTILE);
    await expectNoInjectedImage(page);
    await shot(page, 'labels-services-ja');
    await page.getByTestId('service-search').fill('drop table');
    await page.getByText('1 件').waitFor();
    expect(await page.getByTestId('services').locator('tbody tr').count()).toBe(1);
    await page.getByTestId('service-search').fill('ＩＭＧ ＳＲＣ'); // full-width: folded to match
    await page.getByText('1 件').waitFor();
    await shot(page, 'labels-search-ja');
    await finish(page, 'labels-search-ja-done');

    const home = await open(platform.urls.portal);
    const homeRow = home.getByTestId('home-services').locator(`tr[data-service-id="${service.id}"]`);
    await homeRow.getByTestId('home-service-label').filter({ hasText: HOSTILE }).waitFor();
    expect(await homeRow.getByTestId('home-service-label').textContent()).toBe(HOSTILE);
    await home.getByText('準備中').first().waitFor(); // monitoring, notices, traffic: later capabilities
    await expectNoInjectedImage(home);
    await finish(home, 'labels-home-ja');
  });

  it('reads the same in English: home, services, service page and contracts', async () => {
    const page = await open(platform.urls.portal);
    await page.getByTestId('home-welcome').waitFor();
    await page.getByText('English', { exact: true }).click();
    await page.getByText('Your services').waitFor();
    await page.getByText('Coming soon').first().waitFor();
    await shot(page, 'labels-home-en');
    await page.getByRole('navigation').getByRole('link', { name: 'Services', exact: true }).click();
    await page.getByTestId('services').getByTestId('service-label').filter({ hasText: HOSTILE }).waitFor();
    await shot(page, 'labels-services-en');
    await page.getByTestId('services').getByRole('link', { name: service.code }).click();
    await page.getByText('Contracted options').waitFor();
    expect(await page.getByTestId('detail-label').textContent()).toBe(HOSTILE);
    await shot(page, 'labels-detail-en');
    // a label that is too long is refused with the server's message, in English
    await page.getByTestId('label-input').fill('x'.repeat(201));
    await page.getByRole('button', { name: 'Save label' }).click();
    await page.getByText('A label can be at most 200 characters long.').waitFor();
    expect(await page.getByTestId('detail-label').textContent()).toBe(HOSTILE);
    await shot(page, 'labels-too-long-en');
    problems = problems.filter((x) => !/status of 400/.test(x)); // the refusal, logged by the browser
    await page.getByRole('navigation').getByRole('link', { name: 'Contracts', exact: true }).click();
    await page.getByTestId('contract').first().waitFor();
    await shot(page, 'labels-contracts-en');
    await page.getByText('日本語', { exact: true }).click();
    await page
      .getByText('ご契約の一覧と、それぞれの契約に含まれるサービスです。', { exact: false })
      .waitFor();
    await expectNoInjectedImage(page);
    await finish(page, 'labels-contracts-ja');
  });
});

describe('console: tenant detail with contracts and services', () => {
  it('shows the label as text and registers a contract with a service, then starts its termination', async () => {
    const staff = await createStaffMember(platform.database, { role: 'admin' });
    const consoleCtx = await browser.newContext({ ignoreHTTPSErrors: true, timezoneId: 'America/New_York' });
    try {
      const page = await open(new URL('/login', platform.urls.mgmt).href, consoleCtx);
      await logIn(page, staff);
      await page.getByRole('navigation').getByRole('link', { name: '顧客テナント' }).click();
      // a new customer gets the next free customer code and opens on its own page
      await page.getByRole('button', { name: '顧客を登録' }).click();
      await page.getByRole('dialog').getByLabel('名称').fill('東雲テスト株式会社');
      await page.getByRole('dialog').getByRole('button', { name: '顧客を登録' }).click();
      await page
        .getByTestId('tenant-code')
        .filter({ hasText: /^C\d{7}$/ })
        .waitFor();
      await page.getByText('東雲テスト株式会社').waitFor();
      await page.getByRole('link', { name: '顧客テナント一覧へ戻る' }).click();
      await page.getByTestId('tenants').getByRole('link', { name: '東雲テスト株式会社' }).waitFor();
      await shot(page, 'labels-console-tenants-ja');
      await page.getByTestId('tenants').getByRole('link', { name: tenant.name }).click();
      await page.getByTestId('tenant-code').filter({ hasText: tenant.code }).waitFor();
      const services = page.getByTestId('console-services').first();
      await services.getByText(HOSTILE, { exact: true }).waitFor();
      await expectNoInjectedImage(page);
      await shot(page, 'labels-console-tenant-ja');

      const number = `K-E2E-${Date.now() % 100000}`;
      await page.getByRole('button', { name: '契約を登録' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('契約番号').fill(number);
      await dialog.getByLabel('開始日').fill('2026-06-01');
      await dialog.getByRole('button', { name: '契約を登録' }).click();
      await page.getByText(`契約 ${number} を登録しました。`).waitFor();
      const card = page.locator(`[data-contract="${number}"]`);
      await card.getByRole('button', { name: 'サービスを追加' }).click();
      await dialog.getByLabel('契約帯域（Mbit/s）').fill('200');
      await dialog.getByRole('button', { name: 'サービスを追加' }).click();
      await page.getByText(/^サービス PVA\d{8} を追加しました/).waitFor();
      await card.getByTestId('console-services').getByText('200 Mbit/s').waitFor();
      await card.getByRole('button', { name: '解約手続を開始' }).click();
      await dialog.getByLabel('終了日（解約日）').fill('2026-12-31');
      await dialog.getByRole('button', { name: '解約手続を開始' }).click();
      await page.getByText(`契約 ${number} を「解約手続中」に変更しました。`).waitFor();
      await card.getByRole('button', { name: '解約を取り消す' }).waitFor();
      await shot(page, 'labels-console-contract-ja');
      await page.getByText('English', { exact: true }).click();
      await card.getByRole('button', { name: 'Cancel termination' }).waitFor();
      await finish(page, 'labels-console-tenant-en');
    } finally {
      await consoleCtx.close();
    }
  });
});
