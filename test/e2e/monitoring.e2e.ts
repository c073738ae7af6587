/**
 * Reachability monitoring in Chromium against the real platform: an operator sees the monitors of
 * their connections, pauses one with a reason and an automatic resume time (Japanese), opens it
 * (RTT/loss graph, availability, events), and resumes it (English); the NOC sees it in the console.
 * One connection is IPv6-only: its monitor shows the IPv6 target in both.
 * Run: npm run build:web && npx vitest run --config vitest.e2e.config.ts test/e2e/monitoring.e2e.ts
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
import { ensureRoundPartitions } from '../../src/modules/monitoring/prune.ts';
import { allocateIsolationId } from '../../src/modules/network/isolation.ts';
import { insertVirtualNetwork } from '../../src/modules/network/virtual-repository.ts';
import { createStaffMember, createUser, type TestPrincipal } from '../support/auth.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';

const SHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-results');

let dataDir: string;
let platform: Platform;
let browser: Browser;
let ctx: BrowserContext;
let tenant: TenantFixture;
let operator: TestPrincipal;
let staff: TestPrincipal;
let problems: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'pva-e2e-monitoring-'));
  const config = loadConfig({
    PVA_PORTAL_ADDR: '127.0.0.1:0',
    PVA_MGMT_ADDR: '127.0.0.1:0',
    PVA_DATA_DIR: dataDir,
    PVA_LOG_LEVEL: 'silent',
  });
  platform = await startPlatform(config, { role: 'all', demo: true, log: () => {} });
  tenant = await createTenant(platform.database, { services: 2, name: 'ミナト精機テスト株式会社' });
  await inTransaction(platform.database, systemScope(), async () => {
    const vn = await insertVirtualNetwork(tenant.id, 'e2e', await allocateIsolationId(tenant.id, 64512));
    for (const [i, name] of ['東京本社', '大阪ラック'].entries())
      await db()
        .updateTable('customer.connection')
        // the rack is IPv6-only: its monitor targets the customer side of the transfer prefix
        .set(
          i === 0
            ? { name, virtual_network_id: vn, ipv4_prefix: '10.97.0.0/30' }
            : { name, virtual_network_id: vn, ipv4_prefix: null, ipv6_prefix: '2001:db8:97::/64' },
        )
        .where('id', '=', tenant.connectionIds[i]!)
        .execute();
    // a day of rounds for the first connection: steady, one lossy hour
    const m = await db()
      .selectFrom('customer.monitor')
      .select('id')
      .where('connection_id', '=', tenant.connectionIds[0]!)
      .executeTakeFirstOrThrow();
    const now = Date.now();
    const rows = Array.from({ length: 144 }, (_, k) => {
      const lossy = k >= 60 && k < 66;
      const base = 4 + Math.sin(k / 10);
      return {
        monitor_id: m.id,
        tenant_id: tenant.id,
        at: new Date(now - (144 - k) * 600_000),
        sent: 5,
        received: lossy ? 3 : 5,
        loss_pct: lossy ? 40 : 0,
        rtt_min_ms: base - 0.5,
        rtt_median_ms: base,
        rtt_max_ms: base + (lossy ? 6 : 1),
        state: lossy ? ('degraded' as const) : ('up' as const),
      };
    });
    await ensureRoundPartitions(rows[0]!.at, rows.at(-1)!.at);
    await db().insertInto('customer.monitor_round').values(rows).execute();
    await db()
      .updateTable('customer.monitor')
      .set({ state: 'up', state_since: new Date(now - 3 * 3_600_000) })
      .where('id', '=', m.id)
      .execute();
  });
  operator = await createUser(platform.database, tenant.id, { role: 'operator' });
  staff = await createStaffMember(platform.database, { role: 'noc' });
  browser = await launchChromium();
  ctx = await browser.newContext({
    ignoreHTTPSErrors: true,
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
const visible = (page: Page | Locator, text: string | RegExp) =>
  page
    .getByText(text, { exact: typeof text === 'string' })
    .first()
    .waitFor({ timeout: 15_000 });

const rowOf = (page: Page, name: string) =>
  page.getByTestId('monitors').locator(`tr[data-connection="${name}"]`);
const stateIn = (l: Locator) => l.getByTestId('monitor-state').getAttribute('data-state');

describe('reachability monitoring in the portal', () => {
  it('an operator pauses a monitor with a reason and a resume time, and sees it paused (Japanese)', async () => {
    const page = await open(new URL('/login', platform.urls.portal).href);
    await logIn(page, operator);
    await page.getByRole('navigation').getByRole('link', { name: '疎通監視', exact: true }).click();
    const row = rowOf(page, '東京本社');
    await expect.poll(() => stateIn(row)).toBe('up');
    await row.getByText('10.97.0.2').waitFor();
    await expect.poll(() => stateIn(rowOf(page, '大阪ラック'))).toBe('unknown');
    await rowOf(page, '大阪ラック').getByText('2001:db8:97::2', { exact: true }).waitFor();
    await shot(page, 'monitoring-portal-list-ja');

    await row.getByRole('button', { name: '一時停止' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('理由（任意）').fill('ルーター交換作業のため');
    await dialog.getByLabel('自動再開日時（任意、日本時間）').fill('2099-01-01T09:00');
    await page.waitForTimeout(300);
    await shot(page, 'monitoring-portal-pause-ja');
    await dialog.getByRole('button', { name: '一時停止' }).click();
    await visible(page, /東京本社 の監視を一時停止しました。/);
    await expect.poll(() => stateIn(row)).toBe('paused');
    await row.getByText(/2099-01-01 09:00:00 JST に自動再開/).waitFor();
    await dialog.waitFor({ state: 'detached' });
    await shot(page, 'monitoring-portal-paused-ja');

    await row.getByRole('link', { name: '東京本社' }).click();
    await page.getByTestId('history-graph').waitFor();
    await page.getByTestId('pause-info').getByText('ルーター交換作業のため').waitFor();
    await page.getByTestId('monitor-events').locator('tr[data-kind="paused"]').waitFor();
    await page.getByTestId('availability-month').waitFor();
    await shot(page, 'monitoring-portal-detail-ja');
    await page.close();
    expect(problems).toEqual([]);
    problems = [];
  });

  it('resumes it and sees monitoring start afresh (English)', async () => {
    const page = await open(new URL('/monitoring', platform.urls.portal).href);
    await page.getByText('English', { exact: true }).click();
    const row = rowOf(page, '東京本社');
    await expect.poll(() => stateIn(row)).toBe('paused');
    await row.getByText(/Paused by you at/).waitFor();
    await shot(page, 'monitoring-portal-paused-en');
    await row.getByRole('button', { name: 'Resume' }).click();
    const dialog = page.getByRole('dialog');
    await visible(dialog, /resumes with the next round/);
    await dialog.getByRole('button', { name: 'Resume' }).click();
    await visible(page, /Monitoring of .* 東京本社 is resumed\./);
    await expect.poll(() => stateIn(row)).toBe('unknown');
    await dialog.waitFor({ state: 'detached' });
    await shot(page, 'monitoring-portal-resumed-en');
    await row.getByRole('link', { name: '東京本社' }).click();
    await page.getByTestId('monitor-events').locator('tr[data-kind="resumed"]').waitFor();
    await page.getByTestId('history-graph').waitFor();
    await shot(page, 'monitoring-portal-detail-en');
    await page.close();
    expect(problems).toEqual([]);
    problems = [];
  });

  it('the NOC sees every monitor with its tenant in the console and changes how one probes', async () => {
    const page = await open(new URL('/login', platform.urls.mgmt).href);
    await logIn(page, staff);
    await page.getByRole('navigation').getByRole('link', { name: '疎通監視', exact: true }).click();
    const row = rowOf(page, '大阪ラック');
    await row.getByText(tenant.code).waitFor();
    await row.getByText('2001:db8:97::2', { exact: true }).waitFor();
    await shot(page, 'monitoring-console-list-ja');
    await row.getByRole('link', { name: '大阪ラック' }).click();
    await page.getByRole('button', { name: '監視設定' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('TCP 接続').click();
    await dialog.getByLabel('TCP ポート').fill('443');
    await dialog.getByLabel('監視間隔（秒、10〜300）').fill('30');
    await dialog.getByRole('button', { name: '保存' }).click();
    await visible(page, '監視設定を保存しました。');
    await visible(page, /TCP 443 · 30 秒ごと/);
    await shot(page, 'monitoring-console-settings-ja');
    await page.close();
    expect(problems).toEqual([]);
  });
});
