/**
 * A device's traffic collector in the management console, in Chromium against the real platform:
 * the NOC opens a device without one, configures SNMP v2c with a community (English), sees the
 * community only as "set" and its value nowhere (page or API answers), sees the last poll in JST
 * with its worker and error, then (Japanese) switches it to the Linux driver's counters with a
 * namespace, an interval of 5 s being refused under the field first. Security staff (network.read
 * only) see the card without the buttons that change it.
 * Run: npm run build:web && npx vitest run --config vitest.e2e.config.ts test/e2e/traffic-collectors.e2e.ts
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../src/cli/runtime.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { openSecrets } from '../../src/modules/traffic/secrets.ts';
import { createNet, type NetFixture } from '../capacity/support.ts';
import { createStaffMember, type TestPrincipal } from '../support/auth.ts';
import { launchChromium, logIn } from './browser.ts';

const SHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-results');
const COMMUNITY = 'e2e-Community-7f3Kq9';

let dataDir: string;
let config: Config;
let platform: Platform;
let browser: Browser;
let noc: TestPrincipal;
let security: TestPrincipal;
let net: NetFixture;
let bare: NetFixture;
let mgmtAddress: string;
// Script errors and CSP violations (reported as console errors) fail the test.
let problems: string[] = [];
// every answer of the collector API the browser received
const answers: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'pva-e2e-traffic-collectors-'));
  config = loadConfig({
    PVA_PORTAL_ADDR: '127.0.0.1:0',
    PVA_MGMT_ADDR: '127.0.0.1:0',
    PVA_DATA_DIR: dataDir,
    PVA_LOG_LEVEL: 'silent',
  });
  // no worker: nothing polls the device while the test sets its last poll
  platform = await startPlatform(config, { role: 'web', demo: false, log: () => {} });
  net = await createNet(platform.database, { popCode: 'KIX9', popNameEn: 'Kansai' });
  bare = await createNet(platform.database);
  mgmtAddress = await inTransaction(platform.database, systemScope(), async () => {
    const r = await sql<{
      a: string;
    }>`SELECT host(mgmt_address) AS a FROM ops.device WHERE id = ${net.deviceId}`.execute(db());
    return r.rows[0]!.a;
  });
  noc = await createStaffMember(platform.database, { role: 'noc' });
  security = await createStaffMember(platform.database, { role: 'security' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A fresh browser in New York (the console must still show JST), logged in as `who`. */
async function openAs(who: TestPrincipal): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({
    ignoreHTTPSErrors: true,
    locale: 'en-US',
    timezoneId: 'America/New_York',
    viewport: { width: 1360, height: 900 },
  });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // expected: the GET of a device without a collector (404) and the refused interval (400)
    if (/traffic-collector/.test(m.location().url) && /status of (404|400)/.test(m.text())) return;
    problems.push(`${m.location().url}: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.url().includes('/traffic-collector')) {
      void r
        .text()
        .then((t) => answers.push(t))
        .catch(() => {});
    }
  });
  await page.goto(new URL('/login', platform.urls.mgmt).href);
  await logIn(page, who);
  return { ctx, page };
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const settle = (page: Page) => page.waitForTimeout(400); // dialogs finish their transitions

const stored = () =>
  inTransaction(platform.database, systemScope(), () =>
    db()
      .selectFrom('ops.traffic_collector')
      .select(['kind', 'settings', 'secrets_sealed', 'interval_s', 'enabled'])
      .where('device_id', '=', net.deviceId)
      .executeTakeFirst(),
  );

describe('traffic collector in the console', () => {
  it('the NOC configures SNMP v2c, never sees the community again, and switches to the Linux counters', async () => {
    const { ctx, page } = await openAs(noc);
    // the device from the list
    await page.getByRole('navigation').getByRole('link', { name: 'ネットワーク設備', exact: true }).click();
    await page.getByRole('tab', { name: '機器', exact: true }).click();
    await page
      .getByTestId('devices')
      .locator(`tr[data-hostname="${net.hostname}"]`)
      .getByRole('link', { name: net.hostname })
      .click();
    await page.getByTestId('device-hostname').getByText(net.hostname).waitFor();

    // English: none yet, configure SNMP v2c with a community
    await page.getByText('English', { exact: true }).click();
    const card = page.getByTestId('traffic-collector');
    await card.getByText('Traffic collection is not configured.', { exact: false }).waitFor();
    await card.getByRole('button', { name: 'Configure', exact: true }).click();
    let dialog = page.getByRole('dialog', { name: 'Traffic collection settings' });
    await dialog.getByText(`Empty: the device's management address (${mgmtAddress})`).waitFor();
    const community = dialog.getByLabel('Community', { exact: true });
    expect(await community.getAttribute('type')).toBe('password');
    await community.fill(COMMUNITY);
    await dialog
      .getByText('Saved empty, it becomes the default public; the current value is not kept.', {
        exact: false,
      })
      .waitFor();
    await settle(page);
    await shot(page, 'traffic-collector-snmp-form-en');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    await expect.poll(() => dialog.count()).toBe(0);
    await card.locator('[data-kind="snmp"]').getByText('SNMP v2c').waitFor();
    const secret = card.locator('[data-secret="community"]');
    expect(await secret.getAttribute('data-state')).toBe('set');
    expect(await secret.textContent()).toBe('set');
    await card.getByText(`${mgmtAddress} (management address)`).waitFor();
    await card.getByText('60 s', { exact: true }).waitFor();
    await card.getByText('Not polled yet').waitFor();
    expect(await card.getByTestId('traffic-collector-error').count()).toBe(0);
    expect(await page.content()).not.toContain(COMMUNITY);
    const snmp = await stored();
    expect(snmp).toMatchObject({ kind: 'snmp', interval_s: 60, enabled: true });
    // what was typed is what the poller will use
    expect(openSecrets(config, net.deviceId, snmp!.secrets_sealed!)).toEqual({ community: COMMUNITY });

    // a poll happened on some worker, and failed: its time in JST, the worker, the error
    await inTransaction(platform.database, systemScope(), () =>
      db()
        .updateTable('ops.traffic_collector')
        .set({
          last_polled_at: new Date('2026-03-01T00:00:00Z'),
          last_polled_by: 'worker-b:4242',
          last_error: 'snmp: request timed out',
        })
        .where('device_id', '=', net.deviceId)
        .execute(),
    );
    await page.reload();
    await card.getByTestId('traffic-collector-polled-at').getByText('2026-03-01 09:00:00 JST').waitFor();
    await card.getByText('worker-b:4242', { exact: true }).waitFor();
    const error = card.getByTestId('traffic-collector-error');
    await error.getByText('The last poll failed').waitFor();
    await error.getByText('snmp: request timed out').waitFor();
    await shot(page, 'traffic-collector-snmp-en');

    // Japanese: the form starts without the community; the Linux counters with a namespace
    await page.getByText('日本語', { exact: true }).click();
    await page.getByRole('heading', { name: 'トラフィック収集', exact: true }).waitFor();
    await card.getByText('前回の収集でエラーが発生しました').waitFor();
    expect(await card.locator('[data-secret="community"]').textContent()).toBe('設定済み');
    await card.getByRole('button', { name: '設定を変更', exact: true }).click();
    dialog = page.getByRole('dialog', { name: 'トラフィック収集の設定' });
    const jaCommunity = dialog.getByLabel('コミュニティ', { exact: true });
    expect(await jaCommunity.inputValue()).toBe('');
    await dialog
      .getByText('（現在: 設定済み）。空欄のまま保存すると既定の public になり', { exact: false })
      .waitFor();
    expect(await page.content()).not.toContain(COMMUNITY);
    await dialog.getByText('Linux ドライバのカウンタ', { exact: true }).click();
    await expect.poll(() => dialog.getByLabel('コミュニティ', { exact: true }).count()).toBe(0);
    await dialog.getByLabel(/^名前空間/).fill('pva-pe-kix9');
    const interval = dialog.getByLabel(/^収集間隔（秒、10〜3600）/);
    await interval.fill('5');
    await dialog.getByRole('button', { name: '保存', exact: true }).click();
    await dialog.getByText('入力内容に誤りがあります。').waitFor();
    // the field error sits under the interval field, which is marked invalid
    await dialog.getByText('小さすぎます。', { exact: true }).waitFor();
    expect(await interval.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await interval.getAttribute('aria-describedby')) ?? '';
    expect(
      await Promise.all(
        describedBy
          .split(' ')
          .filter(Boolean)
          .map((id) => page.locator(`[id="${id}"]`).textContent()),
      ),
    ).toContain('小さすぎます。');
    expect(await stored()).toMatchObject({ kind: 'snmp', interval_s: 60 });
    await settle(page);
    await shot(page, 'traffic-collector-interval-refused-ja');

    await interval.fill('300');
    await dialog.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByRole('status').getByText('保存しました。').waitFor();
    await expect.poll(() => dialog.count()).toBe(0);
    await card.locator('[data-kind="linux"]').getByText('Linux ドライバのカウンタ').waitFor();
    await card.getByText('pva-pe-kix9', { exact: true }).waitFor();
    await card.getByText('300 秒', { exact: true }).waitFor();
    expect(await card.locator('[data-secret]').count()).toBe(0);
    const row = await stored();
    expect(row).toMatchObject({ kind: 'linux', interval_s: 300, enabled: true, secrets_sealed: null });
    expect(row!.settings).toEqual({ namespace: 'pva-pe-kix9' });
    await shot(page, 'traffic-collector-linux-ja');

    // the community was in no answer the browser received
    await expect.poll(() => answers.length).toBeGreaterThanOrEqual(4);
    expect(answers.join('\n')).not.toContain(COMMUNITY);
    expect(answers.some((a) => a.includes('"community":"set"'))).toBe(true);
    await ctx.close();
    expect(problems).toEqual([]);
    problems = [];
  });

  it('security staff (network.read) see the collector but cannot change it', async () => {
    const { ctx, page } = await openAs(security);
    await page.goto(new URL(`/network?device=${net.deviceId}`, platform.urls.mgmt).href);
    const card = page.getByTestId('traffic-collector');
    await card.getByText('pva-pe-kix9', { exact: true }).waitFor();
    expect(await card.getByRole('button').count()).toBe(0);

    await page.goto(new URL(`/network?device=${bare.deviceId}`, platform.urls.mgmt).href);
    await page.getByTestId('device-hostname').getByText(bare.hostname).waitFor();
    await card.getByTestId('traffic-collector-none').waitFor();
    expect(await card.textContent()).toContain('トラフィック収集は設定されていません。');
    expect(await card.getByRole('button').count()).toBe(0);
    await shot(page, 'traffic-collector-none-readonly-ja');
    await ctx.close();
    expect(problems).toEqual([]);
  });
});
