/**
 * Termination and erasure in Chromium against the real platform: the customer's administrator
 * requests termination and sees the dates and the export reminder (ja and en); staff see the
 * countdown and confirm; after an erasure the signed certificate downloads from the console and
 * verifies. Run: npm run build:web && npx vitest run --config vitest.e2e.config.ts test/e2e/lifecycle.e2e.ts
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../src/cli/runtime.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { zonedDate } from '../../src/lib/time.ts';
import { verifyCertificate } from '../../src/modules/lifecycle/certificate.ts';
import { addDays } from '../../src/modules/lifecycle/dates.ts';
import { eraseTenant } from '../../src/modules/lifecycle/erase.ts';
import { createStaffMember, createUser, type TestPrincipal } from '../support/auth.ts';
import { createTenant } from '../support/factories.ts';
import { seedStoppedTenant } from '../lifecycle/support.ts';
import { launchChromium, logIn } from './browser.ts';

const SHOTS = resolve('.tmp');
let dataDir: string;
let config: Config;
let platform: Platform;
let browser: Browser;
let admin: TestPrincipal;
let staff: TestPrincipal;
let problems: string[] = [];
let erasedCode: string;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'pva-e2e-lifecycle-'));
  config = loadConfig({
    PVA_PORTAL_ADDR: '127.0.0.1:0',
    PVA_MGMT_ADDR: '127.0.0.1:0',
    PVA_DATA_DIR: dataDir,
    PVA_LOG_LEVEL: 'silent',
  });
  platform = await startPlatform(config, { role: 'all', demo: false, log: () => {} });
  const tenant = await createTenant(platform.database, { services: 2, name: 'ミナト精機株式会社' });
  admin = await createUser(platform.database, tenant.id, { role: 'admin' });
  staff = await createStaffMember(platform.database, { role: 'admin' });
  // a second tenant, already past its termination date, erased before the browser looks
  const gone = await seedStoppedTenant(platform.database, config, { connections: 2, days: 1 });
  await eraseTenant(platform.database, config, gone.terminationId);
  erasedCode = (
    await platform.database.kysely
      .selectFrom('ops.tenant')
      .select('code')
      .where('id', '=', gone.tenantId)
      .executeTakeFirstOrThrow()
  ).code;
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function open(url: string): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({
    ignoreHTTPSErrors: true,
    locale: 'en-US',
    timezoneId: 'America/New_York',
    acceptDownloads: true,
  });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('dialog', (d) => void d.accept());
  await page.goto(url);
  return { ctx, page };
}

async function done(ctx: BrowserContext): Promise<void> {
  await ctx.close();
  const seen = problems;
  problems = [];
  expect(seen).toEqual([]);
}

describe('termination and erasure', () => {
  const date = addDays(zonedDate(new Date()), 20);

  it('the customer administrator requests termination and sees the dates (ja, en)', async () => {
    const { ctx, page } = await open(new URL('/login', platform.urls.portal).href);
    await logIn(page, admin);
    await page.getByRole('navigation').getByRole('link', { name: '解約', exact: true }).click();
    await page.getByText('解約のお申し込みはありません。').waitFor();
    await page.getByTestId('termination-date').fill(date);
    await page.getByTestId('termination-request').click();
    await page.getByTestId('termination-done').waitFor();
    expect(await page.getByTestId('termination-deadline').textContent()).toBe(
      `${addDays(date, 90)} の終わり（日本時間）`,
    );
    expect(await page.getByTestId('termination-day-one').textContent()).toBe(addDays(date, 1));
    expect(await page.getByTestId('termination-stop').textContent()).toContain(
      `${addDays(date, 1)} 00:00:00 JST`,
    );
    expect(await page.getByTestId('termination-status').textContent()).toBe('確認待ち');
    await page.getByTestId('termination-export-reminder').waitFor();
    await page.screenshot({ path: join(SHOTS, 'lifecycle-portal-ja.png'), fullPage: true });
    await page.getByText('English', { exact: true }).click();
    await page.getByText(`end of ${addDays(date, 90)} (JST)`).waitFor();
    await page.getByText('Export before the termination date').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'lifecycle-portal-en.png'), fullPage: true });
    await done(ctx);
  });

  it('staff see the countdown, confirm, and download the certificate of an erased tenant', async () => {
    const { ctx, page } = await open(new URL('/login', platform.urls.mgmt).href);
    await logIn(page, staff);
    // the console's menu is long: open the screen by its address
    await page.goto(new URL('/terminations', platform.urls.mgmt).href);
    const row = page.getByTestId('terminations-table').locator('tr', { hasText: 'ミナト精機株式会社' });
    await row.waitFor();
    expect(await row.getByTestId('termination-days-left').textContent()).toBe('110 日');
    await row.getByTestId('termination-confirm').click();
    await row.getByText('確定', { exact: true }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'lifecycle-console-ja.png'), fullPage: true });

    const erased = page.getByTestId(`termination-row-${erasedCode}`);
    await erased.getByText('消去完了').waitFor();
    const download = page.waitForEvent('download');
    await erased.getByTestId('termination-certificate').click();
    const file = await (await download).path();
    const v = verifyCertificate(readFileSync(file, 'utf8'));
    expect(v.ok).toBe(true);
    expect(v.certificate!.tenant.code).toBe(erasedCode);
    await page.getByText('English', { exact: true }).click();
    await page.getByText('Terminations and erasure').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'lifecycle-console-en.png'), fullPage: true });
    await done(ctx);
  });
});
