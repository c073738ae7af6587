/**
 * A customer's traffic graph in Chromium against the real platform: 30 days of 5-minute data
 * seeded directly for one connection, the ranges switched (day, week, month, custom by dragging
 * across the graph), the CSV of the shown range downloaded; screens in Japanese and English, JST
 * from a browser in New York. Then the console's port view of the same port.
 * Run: npm run build:web && npx vitest run --config vitest.e2e.config.ts test/e2e/traffic.e2e.ts
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium, logIn } from './browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../src/cli/runtime.ts';
import { loadConfig } from '../../src/config.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { seedSeries } from '../../src/modules/traffic/demo.ts';
import { computeConnectionMonths } from '../../src/modules/traffic/repository.ts';
import { jstMonth } from '../../src/modules/traffic/maintenance.ts';
import { addConnection, addPort, createNet } from '../capacity/support.ts';
import { createStaffMember, createUser, type TestPrincipal } from '../support/auth.ts';

const SHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-results');

let dataDir: string;
let platform: Platform;
let browser: Browser;
let ctx: BrowserContext;
let customer: TestPrincipal;
let staff: TestPrincipal;
let portId: string;
let problems: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'pva-e2e-traffic-'));
  const config = loadConfig({
    PVA_PORTAL_ADDR: '127.0.0.1:0',
    PVA_MGMT_ADDR: '127.0.0.1:0',
    PVA_DATA_DIR: dataDir,
    PVA_LOG_LEVEL: 'silent',
  });
  platform = await startPlatform(config, { role: 'all', demo: false, log: () => {} });
  const net = await createNet(platform.database, { popCode: 'OSA9', popNameEn: 'Osaka' });
  portId = await addPort(platform.database, net, 1000, { name: 'ge-0/0/7' });
  const conn = await addConnection(platform.database, net, portId, 200);
  await inTransaction(platform.database, systemScope(), async () => {
    await db()
      .updateTable('customer.connection')
      .set({ name: '大阪ラック' })
      .where('id', '=', conn)
      .execute();
    const now = new Date();
    await seedSeries(conn, now, 30, { baseBps: 90e6, growth: 0.6, outRatio: 0.45 });
    await computeConnectionMonths(jstMonth(now));
    await computeConnectionMonths(jstMonth(new Date(now.getTime() - 30 * 86_400_000)));
  });
  customer = await createUser(platform.database, net.tenant.id, { role: 'viewer' });
  staff = await createStaffMember(platform.database, { role: 'noc' });
  browser = await launchChromium();
  ctx = await browser.newContext({
    ignoreHTTPSErrors: true,
    acceptDownloads: true,
    locale: 'en-US',
    timezoneId: 'America/New_York',
    viewport: { width: 1280, height: 900 },
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

const pathLength = async (page: Page): Promise<number> =>
  ((await page.getByTestId('traffic-chart').locator('path').nth(1).getAttribute('d')) ?? '').length;

describe('traffic graph', () => {
  it('a customer opens the graph, switches ranges, zooms and downloads the CSV (ja, en)', async () => {
    const page = await open(new URL('/login', platform.urls.portal).href);
    await logIn(page, customer);
    await page.getByRole('navigation').getByRole('link', { name: 'トラフィック', exact: true }).click();
    await page.getByTestId('traffic-chart').waitFor();
    // no raw 1-minute points were seeded: the 5-minute series stands in
    await page.getByText('集計間隔: 5 分').waitFor();
    await page.getByText('契約帯域').waitFor();
    await shot(page, 'traffic-portal-day-ja');

    await page.getByTestId('traffic-ranges').getByText('1 か月').click();
    await page.getByText('集計間隔: 5 分').waitFor();
    await expect.poll(() => pathLength(page)).toBeGreaterThan(20_000);
    await page.getByTestId('traffic-months').getByText(jstMonth(new Date()).slice(0, 7)).waitFor();
    await shot(page, 'traffic-portal-month-ja');

    // drag across the middle of the plot: a custom range of about a third of the month
    const box = (await page.getByTestId('traffic-zoom').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    await page.getByLabel('開始 (JST)').waitFor();
    await page.getByText('集計間隔: 5 分').waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('traffic-csv').click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(download.suggestedFilename()).toMatch(/^traffic-[0-9a-f]{8}-\d{8}-\d{4}-\d{8}-\d{4}\.csv$/);
    expect(csv[0]).toBe('時刻 (JST),受信 平均 (bit/s),送信 平均 (bit/s),受信 最大 (bit/s),送信 最大 (bit/s)');
    // about 9 days of 5-minute points, times in JST
    expect(csv.length).toBeGreaterThan(2000);
    expect(csv[1]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+09:00,\d+,\d+,\d+,\d+$/);
    await shot(page, 'traffic-portal-zoom-ja');

    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: 'Traffic' }).waitFor();
    await page.getByTestId('traffic-ranges').getByText('Week').click();
    await page.getByText('Interval: 5 min').waitFor();
    await page.getByText('Monthly 95th percentile').waitFor();
    await shot(page, 'traffic-portal-week-en');
    await page.close();
    expect(problems).toEqual([]);
    problems = [];
  });

  it('the NOC sees the port summed against its capacity (console)', async () => {
    const page = await open(new URL('/login', platform.urls.mgmt).href);
    await logIn(page, staff);
    await page.goto(new URL(`/port-traffic?port=${portId}`, platform.urls.mgmt).href);
    await page.getByTestId('traffic-chart').waitFor();
    await page.getByText('ポート容量', { exact: true }).waitFor();
    await expect
      .poll(() => page.getByTestId('port-traffic-name').textContent())
      .toMatch(/ge-0\/0\/7 · ポート容量 1 Gbit\/s/);
    await page.getByTestId('traffic-ranges').getByText('1 週間').click();
    await page.getByText('集計間隔: 5 分').waitFor();
    await shot(page, 'traffic-console-port-ja');
    await page.close();
    expect(problems).toEqual([]);
  });
});
