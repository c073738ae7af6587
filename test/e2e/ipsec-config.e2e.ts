/**
 * The customer's own router configuration, in Chromium against the demo platform: a tenant
 * administrator opens the head office's IPsec connection in the portal, downloads the ready
 * swanctl.conf and the English parameter sheet, and reveals the pre-shared key behind a
 * confirmation; the key shown is the one in the file. A viewer of the same tenant gets the files
 * without the key and no reveal button.
 * Run: npm run build:web && npx vitest run --config vitest.e2e.config.ts test/e2e/ipsec-config.e2e.ts
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../src/cli/runtime.ts';
import { loadConfig } from '../../src/config.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { totpAt } from '../../src/modules/identity/totp.ts';
import { createUser, type TestPrincipal } from '../support/auth.ts';

const SHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-results');

let dataDir: string;
let platform: Platform;
let browser: Browser;
let admin: TestPrincipal;
let viewer: TestPrincipal;
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'pva-e2e-ipsec-'));
  const config = loadConfig({
    PVA_PORTAL_ADDR: '127.0.0.1:0',
    PVA_MGMT_ADDR: '127.0.0.1:0',
    PVA_DATA_DIR: dataDir,
    PVA_LOG_LEVEL: 'silent',
  });
  platform = await startPlatform(config, { role: 'all', demo: true, log: () => {} });
  // ミナト精機 (demo): its head office reaches Tokyo over IPsec
  const tenantId = await inTransaction(platform.database, systemScope(), async () => {
    const t = await db()
      .selectFrom('ops.tenant')
      .select('id')
      .where('code', '=', 'C0001001')
      .executeTakeFirstOrThrow();
    return t.id;
  });
  admin = await createUser(platform.database, tenantId, { role: 'admin' });
  viewer = await createUser(platform.database, tenantId, { role: 'viewer' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function logIn(p: TestPrincipal): Promise<Page> {
  const ctx = await browser.newContext({
    ignoreHTTPSErrors: true,
    acceptDownloads: true,
    locale: 'en-US',
    timezoneId: 'America/New_York',
    viewport: { width: 1366, height: 900 },
  });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  await page.goto(new URL('/login', platform.urls.portal).href);
  await page.getByLabel('ログイン ID').fill(p.login);
  await page.getByLabel('パスワード', { exact: true }).fill(p.password);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  if (p.totpSecret) {
    await page.getByLabel('確認コード').fill(totpAt(p.totpSecret, Date.now()));
    await page.getByRole('button', { name: '確認', exact: true }).click();
  }
  await page.getByTestId('home-welcome').waitFor();
  return page;
}

async function openHeadOffice(page: Page) {
  await page
    .getByRole('navigation')
    .getByRole('link', { name: '仮想ネットワークと接続', exact: true })
    .click();
  const row = page.getByTestId('portal-connection-tokyo-hq');
  await row.getByRole('button', { name: '詳細' }).click();
  const detail = page.getByTestId('connection-detail');
  await detail.getByTestId('customer-config').waitFor();
  return detail;
}

async function download(page: Page, button: string): Promise<string> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  const path = join(dataDir, `${Date.now()}-${file.suggestedFilename()}`);
  await file.saveAs(path);
  return readFileSync(path, 'utf8');
}

describe("the customer's IPsec configuration", () => {
  it('an administrator downloads swanctl.conf and the sheet, and reveals the key that is in them', async () => {
    const page = await logIn(admin);
    const detail = await openHeadOffice(page);
    const swanctl = await download(page, 'swanctl.conf（strongSwan）');
    expect(swanctl).toMatch(/connections \{/);
    expect(swanctl).toMatch(/version = 2/);
    expect(swanctl).toMatch(/aes256gcm16/);
    const secret = /secret = (?:"([^"]+)"|(\S+))/.exec(swanctl);
    expect(secret, swanctl).not.toBeNull();
    const sheet = await download(page, 'パラメータシート（英語）');
    expect(sheet).toMatch(/Pre-shared key \(PSK\)/);

    await detail.getByRole('button', { name: '事前共有鍵を表示' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '表示する' }).click();
    const psk = (await detail.getByTestId('psk').textContent()) ?? '';
    expect(psk.length).toBeGreaterThanOrEqual(20);
    expect(swanctl.includes(psk) || swanctl.includes(Buffer.from(psk).toString('base64'))).toBe(true);
    expect(sheet).toContain(psk);
    await page.getByRole('dialog', { name: '事前共有鍵を表示しますか' }).waitFor({ state: 'hidden' });
    await page.screenshot({ path: join(SHOTS, 'ipsec-config-admin-ja.png'), fullPage: true });

    // every download and the reveal left an audit record
    const actions = await inTransaction(platform.database, systemScope(), async () =>
      (
        await db()
          .selectFrom('audit.log')
          .select('action')
          .where('actor_id', '=', admin.id)
          .where('action', 'in', ['connection.ipsec_config_download', 'connection.psk_reveal'])
          .execute()
      ).map((r) => r.action),
    );
    expect(actions.filter((a) => a === 'connection.ipsec_config_download')).toHaveLength(2);
    expect(actions).toContain('connection.psk_reveal');
    await page.context().close();
    expect(problems).toEqual([]);
  });

  it('a viewer gets the files without the key and no way to reveal it', async () => {
    const page = await logIn(viewer);
    const detail = await openHeadOffice(page);
    const swanctl = await download(page, 'swanctl.conf（strongSwan）');
    expect(swanctl).toMatch(/connections \{/);
    expect(swanctl).not.toMatch(/^\s*secret = /m);
    expect(await detail.getByRole('button', { name: '事前共有鍵を表示' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'hidden' });
    await page.waitForTimeout(300); // the dialog's overlay fades out
    await page.getByText('English', { exact: true }).click();
    await page.getByTestId('portal-connection-tokyo-hq').getByRole('button', { name: 'Details' }).click();
    await detail.getByText('Configuration for your equipment').first().waitFor();
    await detail.getByText('The pre-shared key is not included (only administrators can see it).').waitFor();
    await page.screenshot({ path: join(SHOTS, 'ipsec-config-viewer-en.png'), fullPage: true });
    await page.context().close();
    expect(problems).toEqual([]);
  });
});
