/**
 * The capacity dashboard in Chromium against the real platform with the demo data: the NOC sees
 * that an Osaka port will cross 80 % in about four months, plans its augmentation from the port
 * row, opens the port with its chart (monthly 95th percentiles, trend, threshold), and moves the
 * plan forward; devices, PoPs and alerts. Screens in Japanese and English, times in JST.
 * Run: npm run build:web && npx vitest run --config vitest.e2e.config.ts test/e2e/capacity.e2e.ts
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium, logIn } from './browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../src/cli/runtime.ts';
import { loadConfig } from '../../src/config.ts';
import { inTransaction, systemScope } from '../../src/db/context.ts';
import { portViews, type PortView } from '../../src/modules/capacity/view.ts';
import { createStaffMember, type TestPrincipal } from '../support/auth.ts';

const SHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-results');
const JST_TIME = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} JST/;

let dataDir: string;
let platform: Platform;
let browser: Browser;
let ctx: BrowserContext;
let staff: TestPrincipal;
let ports: PortView[];
let osaka: PortView;
let problems: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'pva-e2e-capacity-'));
  const config = loadConfig({
    PVA_PORTAL_ADDR: '127.0.0.1:0',
    PVA_MGMT_ADDR: '127.0.0.1:0',
    PVA_DATA_DIR: dataDir,
    PVA_LOG_LEVEL: 'silent',
  });
  platform = await startPlatform(config, { role: 'all', demo: true, log: () => {} });
  staff = await createStaffMember(platform.database, { role: 'noc' });
  ports = await inTransaction(platform.database, systemScope(), () => portViews());
  // the demo's Osaka port of the NOC journey: on watch, its trend crossing in about four months
  osaka = ports.find((p) => p.row.pop_code === 'OSA1' && p.state === 'watch')!;
  browser = await launchChromium();
  // a browser in New York: the screens must still show JST
  ctx = await browser.newContext({
    ignoreHTTPSErrors: true,
    locale: 'en-US',
    timezoneId: 'America/New_York',
    viewport: { width: 1440, height: 900 },
  });
});

afterAll(async () => {
  await ctx?.close();
  await browser?.close();
  await platform?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function open(url: string): Promise<Page> {
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

const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

describe('capacity dashboard', () => {
  it('the demo has an Osaka port crossing 80 % in about four months', () => {
    expect(osaka, 'an Osaka port on watch').toBeDefined();
    expect(osaka.forecast.status).toBe('crossing');
  });

  it('the NOC sees the ports and plans the augmentation of the Osaka port (Japanese)', async () => {
    const page = await open(new URL('/login', platform.urls.mgmt).href);
    await logIn(page, staff);
    await page.getByRole('navigation').getByRole('link', { name: '容量管理', exact: true }).click();
    const table = page.getByTestId('capacity-ports');
    await table.waitFor();
    // every port has its row, the contracted sum as an integer with thousands separators
    for (const p of ports) {
      const row = page.getByTestId(`capacity-port-${p.row.id}`);
      expect(await row.getByTestId('contracted').textContent()).toBe(thousands(p.row.contracted_mbps));
    }
    const loaded = ports.find((p) => p.row.contracted_mbps >= 1000)!;
    expect(
      await page.getByTestId(`capacity-port-${loaded.row.id}`).getByTestId('contracted').textContent(),
    ).toMatch(/^\d{1,3}(,\d{3})+$/);
    const row = page.getByTestId(`capacity-port-${osaka.row.id}`);
    await row.getByText('要注意').waitFor();
    expect(await row.getByTestId('forecast-date').textContent()).toBe(osaka.forecast.date);
    const watchCard = page.getByTestId('capacity-card-watch');
    expect(Number(await watchCard.locator('p').nth(1).textContent())).toBe(
      ports.filter((p) => p.state === 'watch').length,
    );
    await shot(page, 'capacity-ports-ja');

    await row.getByRole('button', { name: '増強を計画' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`対象: OSA1 ${osaka.row.hostname} ${osaka.row.name}`).waitFor();
    expect(await dialog.getByLabel('理由').inputValue()).toContain(osaka.forecast.date!);
    await dialog.getByLabel('備考').fill('10G への収容替えを検討。');
    await page.waitForTimeout(300);
    await shot(page, 'capacity-plan-form-ja');
    await dialog.getByRole('button', { name: '計画を作成' }).click();
    await page.getByText('増強計画を作成しました。').waitFor();
    await row.getByText('計画 1 件').waitFor();

    // the port with its chart
    await row.getByRole('link', { name: `${osaka.row.hostname} ${osaka.row.name}` }).click();
    await page.getByTestId('capacity-chart').waitFor();
    expect(await page.getByTestId('chart-trend').count()).toBe(1);
    expect(await page.getByTestId('chart-threshold').count()).toBe(1);
    expect(await page.getByTestId('capacity-chart').getByText(osaka.forecast.date!).count()).toBe(1);
    const plans = page.getByTestId('capacity-plans');
    await plans.getByText('計画', { exact: true }).waitFor();
    expect(await plans.textContent()).toMatch(JST_TIME);
    await finish(page, 'capacity-port-ja');
  });

  it('moves the plan forward and shows devices, PoPs and alerts (English)', async () => {
    const page = await open(new URL(`/capacity?port=${osaka.row.id}`, platform.urls.mgmt).href);
    await page.getByText('English', { exact: true }).click();
    await page.getByText('Monthly 95th percentile and trend').waitFor();
    await page.getByTestId('capacity-chart').waitFor();
    await shot(page, 'capacity-port-en');

    await page.getByRole('link', { name: /Back to capacity/ }).click();
    await page.getByRole('tab', { name: 'Augmentation plans' }).click();
    const plans = page.getByTestId('capacity-plans');
    const mine = plans.locator('tr', { hasText: `${osaka.row.hostname} ${osaka.row.name}` });
    await mine.getByText('Planned').waitFor();
    await mine.getByRole('button', { name: 'Change status' }).click();
    await page.getByRole('menuitem', { name: 'Set to Ordered' }).click();
    await page.getByText('Status set to Ordered.').waitFor();
    await mine.getByText('Ordered').waitFor();
    await shot(page, 'capacity-plans-en');

    // cancelling asks first
    await mine.getByRole('button', { name: 'Change status' }).click();
    await page.getByRole('menuitem', { name: 'Set to Cancelled' }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByText(/A cancelled plan cannot be reopened/).waitFor();
    await confirm.getByRole('button', { name: 'Cancel', exact: true }).click();
    await mine.getByText('Ordered').waitFor();

    await page.getByRole('tab', { name: 'Devices' }).click();
    await page.getByTestId(`capacity-device-${osaka.row.device_id}`).waitFor();
    await shot(page, 'capacity-devices-en');
    await page.getByRole('tab', { name: 'PoPs' }).click();
    const pop = page.getByTestId(`capacity-pop-${osaka.row.pop_id}`);
    await pop.getByText('OSA1 Osaka 1').waitFor();
    await shot(page, 'capacity-pops-en');
    await pop.getByRole('button', { name: 'OSA1 Osaka 1' }).click();
    await page.getByTestId(`capacity-port-${osaka.row.id}`).waitFor();
    expect(await page.getByTestId('capacity-ports').locator('tbody tr').count()).toBe(
      ports.filter((p) => p.row.pop_code === 'OSA1').length,
    );
    await page.getByRole('tab', { name: 'Alerts' }).click();
    await page.getByTestId('capacity-alerts').waitFor();
    await finish(page, 'capacity-alerts-en');
  });
});
