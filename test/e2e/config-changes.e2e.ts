/**
 * A provider change record in Chromium against the real platform (demo data plus a PE of its own
 * on the render-only driver, writing into a temporary directory): staff member A prepares a change for a PE and submits it,
 * A is not offered approval (and the API refuses it), staff member B approves, A executes, the
 * device directory holds the configuration. Then a hand edit of a rendered file, "back up now", and
 * the backups screen with its drift badge and the drift diff. Screens in Japanese and English.
 * Run: npm run build:web && npx vitest run --config vitest.e2e.config.ts test/e2e/config-changes.e2e.ts
 */
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { launchChromium, logIn } from './browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../src/cli/runtime.ts';
import { loadConfig } from '../../src/config.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { seedTenantNet } from '../../src/modules/network/connections-demo.ts';
import { createStaffMember, type TestPrincipal } from '../support/auth.ts';
import { createTenant } from '../support/factories.ts';

const SHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-results');
const HOST = 'pe9.e2e';

let dataDir: string;
let deviceDir: string;
let platform: Platform;
let browser: Browser;
let ctxA: BrowserContext;
let ctxB: BrowserContext;
let staffA: TestPrincipal;
let staffB: TestPrincipal;
let changeUrl = '';
let problems: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'pva-e2e-cfg-'));
  deviceDir = join(dataDir, 'render');
  const config = loadConfig({
    PVA_PORTAL_ADDR: '127.0.0.1:0',
    PVA_MGMT_ADDR: '127.0.0.1:0',
    PVA_DATA_DIR: dataDir,
    PVA_LOG_LEVEL: 'silent',
  });
  platform = await startPlatform(config, { role: 'web', demo: true, log: () => {} });
  // a PE of its own that renders into a directory for an external automation system, with one
  // customer's IPsec connection on it
  await inTransaction(platform.database, systemScope(), async () => {
    const pop = await db()
      .insertInto('ops.pop')
      .values({ code: 'E2E1', name_ja: 'テスト拠点', name_en: 'Test PoP' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const mgmt = await db()
      .insertInto('ops.mgmt_network')
      .values({ name: 'mgmt-e2e', prefix: '172.31.250.0/24' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('ops.port_class')
      .values({ code: 'e2e-10g', name_ja: 'テスト', name_en: 'Test', oversubscription: 2 })
      .execute();
    const device = await db()
      .insertInto('ops.device')
      .values({
        pop_id: pop.id,
        hostname: HOST,
        role: 'pe',
        vendor: 'Linux',
        model: 'render-only',
        serial: 'E2E-0001',
        os_version: '1',
        mgmt_network_id: mgmt.id,
        mgmt_address: '172.31.250.10',
        underlay_address: '198.51.100.250',
        driver: 'render-only',
        driver_target: JSON.stringify({ directory: deviceDir }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const port = (name: string, purpose: 'access' | 'management') =>
      db()
        .insertInto('ops.port')
        .values({ device_id: device.id, name, capacity_mbps: 10_000, class_code: 'e2e-10g', purpose })
        .returning('id')
        .executeTakeFirstOrThrow();
    const access = await port('xe-0/0/1', 'access');
    await port('mgmt0', 'management');
    const tenant = await createTenant(platform.database, { services: 1, name: '大阪テスト商事株式会社' });
    await seedTenantNet(
      { config, staffId: null, lang: 'ja' },
      tenant.id,
      {
        vnet: 'e2e 社内網',
        pools: ['10.77.0.0/24'],
        sites: [
          { name: 'site-0', port: 'p', subnets: ['192.168.77.0/24'], ipsec: { peerAddress: '203.0.113.77' } },
        ],
      },
      { p: access.id },
      config.network.asn,
    );
  });
  staffA = await createStaffMember(platform.database, { role: 'admin' });
  staffB = await createStaffMember(platform.database, { role: 'security' });
  browser = await launchChromium();
  // Browsers in New York: the screens must still show JST.
  const ctx = () =>
    browser.newContext({
      ignoreHTTPSErrors: true,
      locale: 'en-US',
      timezoneId: 'America/New_York',
      viewport: { width: 1280, height: 900 },
    });
  ctxA = await ctx();
  ctxB = await ctx();
});

afterAll(async () => {
  await ctxA?.close();
  await ctxB?.close();
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
  // a refused API call logs a console error in the browser: only count script errors
  expect(seen.filter((s) => !s.includes('Failed to load resource'))).toEqual([]);
}

const visible = (page: Page | Locator, text: string | RegExp) =>
  page
    .getByText(text, { exact: typeof text === 'string' })
    .first()
    .waitFor({ timeout: 15_000 });

const POLL = { timeout: 15_000 };
const status = (page: Page) => page.getByTestId('change-facts').getByTestId('config-change-status');

describe('provider change record: prepare, four eyes, execute', () => {
  it('staff A prepares a change for the PE and submits it (Japanese)', async () => {
    const page = await open(ctxA, new URL('/login', platform.urls.mgmt).href);
    await logIn(page, staffA);
    await page.getByRole('navigation').getByRole('link', { name: '設定変更', exact: true }).click();
    await page.getByRole('link', { name: '変更を準備' }).click();
    await page.getByTestId('pick-devices').click();
    await page.getByRole('option', { name: new RegExp(`^${HOST.replace('.', '\\.')} `) }).click();
    await page.keyboard.press('Escape');
    await page.getByLabel('件名').fill('テスト PE の設定を意図した設定に揃える');
    await page.getByLabel('リスクレベル').first().click();
    await page.getByRole('option', { name: '低', exact: true }).click();
    await page
      .getByLabel('リスク評価')
      .fill(
        '新規の設定投入のみ。失敗時は変更前の設定に自動でロールバックする。適用後に IPsec の確立を確認する。',
      );
    await shot(page, 'config-changes-prepare-ja');
    await page.getByRole('button', { name: '差分を計算' }).click();

    await expect.poll(() => status(page).getAttribute('data-status'), POLL).toBe('draft');
    changeUrl = page.url();
    const diff = page.getByTestId('device-diff').first();
    await diff.getByTestId('diff').waitFor();
    expect(await diff.locator('[data-diff="add"]').count()).toBeGreaterThan(5);
    expect(await diff.textContent()).toMatch(/<redacted:[0-9a-f]{16}>/);
    expect(await page.getByTestId('impact').locator('tr[data-direct="true"]').count()).toBeGreaterThan(0);
    await shot(page, 'config-changes-draft-ja');

    await page.getByTestId('step-submit').click();
    await page.getByRole('dialog').getByRole('button', { name: '承認を申請' }).click();
    await visible(page, '承認を申請しました。');
    await expect.poll(() => status(page).getAttribute('data-status'), POLL).toBe('submitted');
    // A holds changes.approve, but A prepared it: no approve button, an explanation instead
    await page.getByTestId('own-change').waitFor();
    expect(await page.getByTestId('step-approve').count()).toBe(0);
    expect(await page.getByTestId('step-reject').count()).toBe(0);
    // and the API refuses it even if the button were there
    const refused = await page.evaluate(async (id) => {
      const csrf = await fetch('/api/v1/session').then((r) => r.json() as Promise<{ csrfToken: string }>);
      const r = await fetch(`/api/v1/config-changes/${id}/approve`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-csrf-token': csrf.csrfToken,
          'accept-language': 'ja',
        },
        body: '{}',
      });
      return { status: r.status, body: (await r.json()) as { code: string; detail: string } };
    }, new URL(changeUrl).searchParams.get('id'));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('four_eyes');
    expect(refused.body.detail).toContain('あなたが準備した');
    await finish(page, 'config-changes-submitted-ja');
  });

  it('staff B approves it (English)', async () => {
    const page = await open(ctxB, new URL('/login', platform.urls.mgmt).href);
    await logIn(page, staffB);
    await page.getByText('English', { exact: true }).click();
    await page.goto(changeUrl);
    await expect.poll(() => status(page).getAttribute('data-status'), POLL).toBe('submitted');
    await page.getByTestId('device-diff').first().getByTestId('diff').waitFor();
    // the security officer approves but does not prepare or execute
    expect(await page.getByTestId('step-execute').count()).toBe(0);
    await page.getByTestId('step-approve').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Note (optional)').fill('Diff and impact checked; the customer was informed.');
    await shot(page, 'config-changes-approve-en');
    await dialog.getByTestId('decide').click();
    await visible(page, 'Approved.');
    await expect.poll(() => status(page).getAttribute('data-status'), POLL).toBe('approved');
    await finish(page, 'config-changes-approved-en');
  });

  it('staff A executes it on the render-only driver (Japanese, then English)', async () => {
    const page = await open(ctxA, changeUrl);
    await expect.poll(() => status(page).getAttribute('data-status'), POLL).toBe('approved');
    await page.getByTestId('step-execute').click();
    await page.getByRole('dialog').getByRole('button', { name: '実施', exact: true }).click();
    await visible(page, '実施しました。すべての機器に適用されました。');
    await expect.poll(() => status(page).getAttribute('data-status'), POLL).toBe('succeeded');
    await page.getByTestId('execution-log').waitFor();
    expect(await page.getByTestId('execution-log').textContent()).toMatch(
      /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} JST/,
    );
    expect(readdirSync(deviceDir, { recursive: true }).length).toBeGreaterThan(0);
    await shot(page, 'config-changes-succeeded-ja');
    await page.getByText('English', { exact: true }).click();
    await visible(page, 'Succeeded');
    await visible(page, 'Execution log');
    await shot(page, 'config-changes-succeeded-en');

    await page
      .getByRole('navigation')
      .getByRole('link', { name: 'Configuration changes', exact: true })
      .click();
    await page.getByTestId('config-change-list').waitFor();
    await finish(page, 'config-changes-list-en');
  });

  it('a hand edit shows as drift after "back up now"; the backups screen in JST, ja and en', async () => {
    const out = join(deviceDir, HOST);
    const files = readdirSync(out, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    const swanctl = files.find((f) => f.name.includes('swanctl')) ?? files[0]!;
    appendFileSync(join(swanctl.parentPath, swanctl.name), '# tuned by hand on the automation host\n');

    const page = await open(ctxA, new URL('/backups', platform.urls.mgmt).href);
    const table = page.getByTestId('backup-devices');
    const row = table.locator(`tr[data-hostname="${HOST}"]`);
    await row.waitFor();
    await page.getByText('日本語', { exact: true }).click();
    await visible(page, '設定バックアップ');
    await row.getByRole('link', { name: HOST }).click();
    await page.getByTestId('backup-versions').waitFor();
    await page.getByTestId('backup-now').click();
    await visible(page, /^版 \d+ を保存しました。$/);
    await page.locator('[data-drift="open"]').first().waitFor();
    await visible(page, 'ドリフト（意図した設定 → 稼働中の設定）');
    const driftDiff = page.getByTestId('diff').first();
    await driftDiff.getByText('+# tuned by hand on the automation host').waitFor();
    expect(await page.getByTestId('backup-versions').locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
    await shot(page, 'backups-device-drift-ja');

    await page.getByText('English', { exact: true }).click();
    await visible(page, 'Drift (intended → running)');
    await shot(page, 'backups-device-drift-en');
    await page
      .getByRole('link', { name: /Configuration backups/ })
      .first()
      .click();
    await table.locator(`tr[data-hostname="${HOST}"]`).locator('[data-drift="open"]').waitFor();
    expect(await table.locator(`tr[data-hostname="${HOST}"]`).textContent()).toMatch(
      /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} JST/,
    );
    await shot(page, 'backups-list-en');

    // turn the drift into a change record: a draft for the device, prepared by A
    await table.locator(`tr[data-hostname="${HOST}"]`).getByRole('link', { name: HOST }).click();
    await page.getByTestId('drift-to-change').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Turn drift into a change record' }).click();
    await expect.poll(() => status(page).getAttribute('data-status'), POLL).toBe('draft');
    await page
      .getByTestId('device-diff')
      .first()
      .getByText('-# tuned by hand on the automation host')
      .waitFor();
    await finish(page, 'backups-drift-change-en');
  });
});
