/**
 * Placing a connection, in Chromium against the real platform with the demo network: an operator
 * creates a customer's virtual network and address pool in the console, tries to place a rack on
 * a nearly full Osaka port (refused with the port's figures), places it with a recorded override,
 * and sees the capacity dashboard's contracted total for that port include it; the customer then
 * sees the new connection on the portal's network page. Screens in Japanese and English.
 * Run: npm run build:web && npx vitest run --config vitest.e2e.config.ts test/e2e/connections.e2e.ts
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
const RACK = 'umeda-rack-e2e';

let dataDir: string;
let platform: Platform;
let browser: Browser;
let customerCtx: BrowserContext;
let staffCtx: BrowserContext;
let tenant: TenantFixture;
let customer: TestPrincipal;
let staff: TestPrincipal;
let portId: string;
let contractedBefore = 0;
let problems: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'pva-e2e-connections-'));
  const config = loadConfig({
    PVA_PORTAL_ADDR: '127.0.0.1:0',
    PVA_MGMT_ADDR: '127.0.0.1:0',
    PVA_DATA_DIR: dataDir,
    PVA_LOG_LEVEL: 'silent',
  });
  platform = await startPlatform(config, { role: 'all', demo: true, log: () => {} });
  tenant = await createTenant(platform.database, { services: 2, name: '梅田テスト物流株式会社' });
  await inTransaction(platform.database, systemScope(), async () => {
    await db()
      .updateTable('customer.service')
      .set({ bandwidth_mbps: 500, label: '梅田ラック', type: 'direct' })
      .where('id', '=', tenant.serviceIds[0]!)
      .execute();
    // the fixture's connection rows were never placed: this customer starts without any
    await db().deleteFrom('customer.connection').where('tenant_id', '=', tenant.id).execute();
    // the demo's nearly full Osaka port (1G, limit 2,000 Mbit/s)
    const port = await db()
      .selectFrom('ops.port as p')
      .innerJoin('ops.device as d', 'd.id', 'p.device_id')
      .select('p.id')
      .where('d.hostname', '=', 'pe1.osa1')
      .where('p.name', '=', 'ge-0/0/2')
      .executeTakeFirstOrThrow();
    portId = port.id;
    const sum = await db()
      .selectFrom('customer.connection')
      .select((eb) => eb.fn.sum<number>('bandwidth_mbps').as('n'))
      .where('port_id', '=', portId)
      .where('status', 'in', ['planned', 'active'])
      .executeTakeFirstOrThrow();
    contractedBefore = Number(sum.n);
  });
  customer = await createUser(platform.database, tenant.id, { role: 'admin' });
  staff = await createStaffMember(platform.database, { role: 'noc' });
  browser = await launchChromium();
  const ctx = () =>
    browser.newContext({
      ignoreHTTPSErrors: true,
      locale: 'en-US',
      timezoneId: 'America/New_York',
      viewport: { width: 1366, height: 900 },
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
    // the deliberate 409 of the refused placement is logged by the browser as a failed request
    if (m.type() === 'error' && !/status of 409/.test(m.text())) problems.push(`${url}: ${m.text()}`);
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

async function choose(page: Page, select: Locator, option: string | RegExp): Promise<void> {
  await select.click();
  await page.getByRole('option', { name: option }).first().click();
}

const thousands = (n: number) => n.toLocaleString('en-US');

describe('placing a connection', () => {
  it('the operator places a rack on an Osaka port: refused over the limit, then placed with an override (console)', async () => {
    const page = await open(staffCtx, new URL('/login', platform.urls.mgmt).href);
    await logIn(page, staff);
    // the dashboard before: the port's contracted total
    await page.goto(new URL('/capacity', platform.urls.mgmt).href);
    const row = page.getByTestId(`capacity-port-${portId}`);
    await row.getByTestId('contracted').waitFor();
    expect(await row.getByTestId('contracted').textContent()).toContain(thousands(contractedBefore));

    await page
      .getByRole('navigation')
      .getByRole('link', { name: '仮想ネットワークと接続', exact: true })
      .click();
    await choose(page, page.getByTestId('tenant-select'), `${tenant.code} 梅田テスト物流株式会社`);
    await visible(page, '仮想ネットワークはまだありません。');
    // a virtual network and an address pool
    await page.getByTestId('vnet-name').fill('梅田 物流網');
    await page.getByRole('button', { name: '仮想ネットワークを作成' }).click();
    await visible(page, /^仮想ネットワーク「梅田 物流網」を作成しました（VNI \d+）。$/);
    await page.getByLabel('プレフィックス').fill('10.60.0.0/24');
    await page.getByRole('button', { name: 'プールを追加' }).click();
    await visible(page, 'アドレスプール 10.60.0.0/24 を追加しました。');

    await page.getByTestId('place-open').click();
    const dialog = page.getByRole('dialog');
    await choose(page, dialog.getByTestId('service-select'), /梅田ラック/);
    await dialog.getByTestId('connection-name').fill(RACK);
    await dialog.getByTestId('connection-mbps').fill('400');
    await choose(page, dialog.getByTestId('port-select'), /pe1\.osa1 ge-0\/0\/2/);
    // the port's figures before submitting
    const load = dialog.getByTestId('port-load');
    await load.getByTestId('load-limit').getByText('2,000 Mbit/s').waitFor();
    await load
      .getByTestId('load-contracted')
      .getByText(`${thousands(contractedBefore)} Mbit/s`)
      .waitFor();
    await load
      .getByTestId('load-after')
      .getByText(`${thousands(contractedBefore + 400)} Mbit/s`)
      .waitFor();
    await dialog.getByLabel('お客様ネットワーク').fill('172.20.10.0/24');
    await page.waitForTimeout(300);
    await shot(page, 'connections-console-place-ja');
    await dialog.getByTestId('place-submit').click();

    // refused: the problem names the port, its capacity and limit, and the requested total
    const refused = dialog.getByTestId('capacity-exceeded');
    await refused.waitFor();
    await refused.getByText('ポートの上限を超えるため配置できません').waitFor();
    await refused
      .getByText(
        `pe1.osa1 ge-0/0/2: 容量 1,000 Mbit/s、上限 2,000 Mbit/s に対し、配置後の契約帯域合計は ${thousands(contractedBefore + 400)} Mbit/s です。`,
      )
      .waitFor();
    await refused.scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await shot(page, 'connections-console-refused-ja');
    await dialog.getByTestId('override-check').check();
    await dialog.getByTestId('override-reason').fill('12 月に 10G へ増速予定（増強計画あり）');
    await dialog.getByTestId('place-submit').click();
    await visible(page, `接続「${RACK}」を配置しました。`);
    const placed = page.getByTestId(`connection-${RACK}`);
    await placed.getByText('上限超過（承認済み）').waitFor();
    await placed.getByText('pe1.osa1 ge-0/0/2').waitFor();
    await placed.getByText('10.60.0.0/30').waitFor();
    await shot(page, 'connections-console-placed-ja');

    await page.getByText('English', { exact: true }).click();
    await visible(page, `Connection "${RACK}" placed.`);
    await placed.getByText('Over limit (approved)').waitFor();
    await shot(page, 'connections-console-placed-en');

    // the capacity dashboard now counts it
    await page.getByRole('navigation').getByRole('link', { name: 'Capacity', exact: true }).click();
    await row.getByTestId('contracted').waitFor();
    await expect
      .poll(async () => row.getByTestId('contracted').textContent())
      .toContain(thousands(contractedBefore + 400));
    await row.scrollIntoViewIfNeeded();
    await finish(page, 'connections-console-capacity-en');
  });

  it('the customer sees the new connection on the network page (portal, Japanese and English)', async () => {
    const page = await open(customerCtx, new URL('/login', platform.urls.portal).href);
    await logIn(page, customer);
    await page
      .getByRole('navigation')
      .getByRole('link', { name: '仮想ネットワークと接続', exact: true })
      .click();
    await visible(page, '梅田 物流網');
    const row = page.getByTestId(`portal-connection-${RACK}`);
    await row.getByText('梅田ラック').waitFor();
    await row.getByText('400 Mbit/s').waitFor();
    await row.getByText('大阪第1').waitFor();
    await row.getByText('pe1.osa1').waitFor();
    // the customer sees where it attaches, not the port
    expect(await page.getByText('ge-0/0/2').count()).toBe(0);
    await shot(page, 'connections-portal-networks-ja');
    await row.getByRole('button', { name: '詳細' }).click();
    const detail = page.getByTestId('connection-detail');
    await detail.getByText('10.60.0.0/30').waitFor();
    await detail.getByText('172.20.10.0/24').waitFor();
    await detail.getByText('ハンドオフ ID').waitFor();
    await page.waitForTimeout(300);
    await shot(page, 'connections-portal-detail-ja');
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'hidden' });
    await page.waitForTimeout(300); // the dialog's overlay fades out

    await page.getByText('English', { exact: true }).click();
    await visible(page, 'Networks and connections');
    await row.getByText('Osaka 1').waitFor();
    await finish(page, 'connections-portal-networks-en');
  });
});
