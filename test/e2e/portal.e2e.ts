/**
 * The portal and the console as a user sees them, in Chromium against the real platform
 * (both HTTPS listeners, demo data, the built SPAs from web/dist). Run: npm run test:e2e.
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

const SHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-results');

let dataDir: string;
let platform: Platform;
let browser: Browser;
let context: BrowserContext;
// Script errors and CSP violations (reported as console errors) on any page fail the test.
let problems: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'pva-e2e-'));
  const config = loadConfig({
    PVA_PORTAL_ADDR: '127.0.0.1:0',
    PVA_MGMT_ADDR: '127.0.0.1:0',
    PVA_DATA_DIR: dataDir,
    PVA_LOG_LEVEL: 'silent',
  });
  platform = await startPlatform(config, { role: 'all', demo: true, log: () => {} });
  browser = await launchChromium();
  // An English browser in New York: the app must still default to Japanese and show JST.
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

async function open(url: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`${url}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${url}: ${m.text()}`);
  });
  await page.goto(url);
  return page;
}

async function finish(page: Page, shot: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${shot}.png`), fullPage: true });
  await page.close();
  const seen = problems;
  problems = [];
  expect(seen).toEqual([]);
}

const visible = (page: Page, text: string) => page.getByText(text, { exact: true }).first().waitFor();
const htmlLang = (page: Page) => page.locator('html').getAttribute('lang');

describe('customer portal', () => {
  it('opens in Japanese with the service information, public without login', async () => {
    const page = await open(new URL('/service-info', platform.urls.portal).href);
    await visible(page, 'データ保管場所');
    await visible(page, '日本国内');
    await visible(page, 'お問い合わせ窓口');
    await visible(page, '責任分界');
    // 18.1.1, 5.1.1, 18.1.2: governing law and court, the ten principles, customer control
    await visible(page, '準拠法');
    await visible(page, '日本法');
    await visible(page, '障害対応');
    await visible(page, 'お客様の設定の管理');
    expect(await page.getByTestId('principles').locator('li').count()).toBe(10);
    expect(await htmlLang(page)).toBe('ja');
    await finish(page, 'portal-ja');
  });

  it('shows the server time in JST, matching the clock', async () => {
    const page = await open(new URL('/service-info', platform.urls.portal).href);
    const clock = page.getByTestId('server-time');
    await clock.waitFor();
    const text = ((await clock.textContent()) ?? '').trim();
    const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) JST$/.exec(text);
    expect(m, `server time "${text}"`).not.toBeNull();
    const [y, mo, d, h, mi, s] = m!.slice(1).map(Number) as [number, number, number, number, number, number];
    const shown = Date.UTC(y, mo - 1, d, h - 9, mi, s); // JST is UTC+9 all year
    expect(Math.abs(shown - Date.now())).toBeLessThan(5 * 60_000);
    await finish(page, 'portal-time');
  });

  it('switches to English and keeps the choice after a reload', async () => {
    const page = await open(new URL('/service-info', platform.urls.portal).href);
    await visible(page, 'データ保管場所');
    await page.getByText('English', { exact: true }).click();
    await visible(page, 'Data location');
    await visible(page, 'Japan');
    await visible(page, 'Shared responsibility');
    await visible(page, 'Governing law');
    await visible(page, 'The laws of Japan');
    await visible(
      page,
      'We isolate tenants and cloud service customers from each other by virtualisation and other techniques.',
    );
    expect(await htmlLang(page)).toBe('en');
    const request = page.waitForRequest('**/api/v1/service-info');
    await page.reload();
    expect((await request).headers()['accept-language']).toBe('en'); // API messages follow the choice too
    await visible(page, 'Data location');
    expect(await page.getByText('データ保管場所').count()).toBe(0);
    expect(await htmlLang(page)).toBe('en');
    await finish(page, 'portal-en');
  });

  it('sends a visitor without a session from the home page to the login page', async () => {
    const page = await open(platform.urls.portal); // English, from the previous test
    await page.waitForURL('**/login');
    await page.getByLabel('Login ID').waitFor();
    await page.getByLabel('Password', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Log in', exact: true }).isDisabled()).toBe(false);
    await visible(page, 'Forgot your password?');
    await page.getByText('日本語', { exact: true }).click();
    await visible(page, 'パスワードをお忘れの場合');
    await finish(page, 'portal-login');
  });

  it('navigates inside the app and fits a phone screen', async () => {
    const page = await open(new URL('/login', platform.urls.portal).href);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('link', { name: 'サービス情報' }).click();
    await visible(page, 'データ保管場所');
    expect(new URL(page.url()).pathname).toBe('/service-info');
    // No sideways scrolling (the test runs without DOM types, hence the string).
    expect(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(
      true,
    );
    await finish(page, 'portal-phone');
  });
});

describe('management console', () => {
  it('opens on its own URL with its title and the service information', async () => {
    // another origin: Japanese again by default
    const page = await open(new URL('/service-info', platform.urls.mgmt).href);
    await visible(page, '管理コンソール');
    await visible(page, 'データ保管場所');
    await page.getByTestId('server-time').waitFor();
    await finish(page, 'mgmt-ja');
  });

  it('shows the login page', async () => {
    const page = await open(platform.urls.mgmt);
    await page.waitForURL('**/login');
    await page.getByLabel('ログイン ID').waitFor();
    await visible(page, '管理コンソール');
    expect(await page.getByRole('button', { name: 'ログイン', exact: true }).isDisabled()).toBe(false);
    await finish(page, 'mgmt-login');
  });
});
