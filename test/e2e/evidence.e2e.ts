/**
 * Evidence on request in Chromium against the real platform (workers running): a customer
 * administrator requests evidence in the portal, a security officer approves it in the console,
 * the job builds the bundle while the portal shows its progress, and the customer downloads it;
 * the downloaded file verifies with the real `pva evidence verify`. Screens in Japanese and English.
 * Run: npm run build:web && npx vitest run --config vitest.e2e.config.ts test/e2e/evidence.e2e.ts
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../src/cli/runtime.ts';
import { loadConfig } from '../../src/config.ts';
import { inTransaction, systemScope } from '../../src/db/context.ts';
import { recordAudit } from '../../src/modules/audit/service.ts';
import { createStaffMember, createUser, type TestPrincipal } from '../support/auth.ts';
import { runPva } from '../support/cli.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';
import { launchChromium, logIn } from './browser.ts';

const SHOTS = resolve('.tmp');
let dataDir: string;
let platform: Platform;
let browser: Browser;
let customerCtx: BrowserContext;
let staffCtx: BrowserContext;
let tenant: TenantFixture;
let customer: TestPrincipal;
let security: TestPrincipal;
let number = '';
let problems: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'pva-e2e-evidence-'));
  const config = loadConfig({
    PVA_PORTAL_ADDR: '127.0.0.1:0',
    PVA_MGMT_ADDR: '127.0.0.1:0',
    PVA_DATA_DIR: dataDir,
    PVA_LOG_LEVEL: 'silent',
  });
  platform = await startPlatform(config, { role: 'all', demo: true, log: () => {} });
  tenant = await createTenant(platform.database, { services: 1, name: 'ミナト精機テスト株式会社' });
  await inTransaction(platform.database, systemScope(), () =>
    recordAudit({ action: 'service.label_updated', tenantId: tenant.id, summary: { label: '本社' } }),
  );
  customer = await createUser(platform.database, tenant.id, { role: 'admin' });
  security = await createStaffMember(platform.database, { role: 'security' });
  browser = await launchChromium();
  const ctx = () =>
    browser.newContext({
      ignoreHTTPSErrors: true,
      acceptDownloads: true,
      locale: 'en-US',
      timezoneId: 'America/New_York',
      viewport: { width: 1280, height: 900 },
    });
  customerCtx = await ctx();
  staffCtx = await ctx();
}, 600_000);

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

describe('evidence on request across the portal and the console', () => {
  it('the customer administrator requests evidence (portal, Japanese)', async () => {
    const page = await open(customerCtx, new URL('/login', platform.urls.portal).href);
    await logIn(page, customer);
    await page.getByRole('navigation').getByRole('link', { name: '証跡の提供依頼', exact: true }).click();
    await page.getByText('証跡の提供依頼はありません。').waitFor();
    await page.getByRole('button', { name: '証跡を依頼する' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('依頼の目的').fill('年次の内部監査のため');
    await page.waitForTimeout(300);
    await shot(page, 'evidence-portal-new-ja');
    await dialog.getByRole('button', { name: '依頼を送信' }).click();
    const done = page.getByText(/^証跡提供依頼 EV-\d{4}-\d{6} を送信しました。/);
    await done.waitFor();
    number = /EV-\d{4}-\d{6}/.exec((await done.textContent()) ?? '')![0];
    const row = page.getByTestId('evidence-requests').locator(`tr[data-number="${number}"]`);
    await row.getByText('承認待ち').waitFor();
    await finish(page, 'evidence-portal-submitted-ja');
  }, 300_000);

  it('a security officer approves it in the console (Japanese and English)', async () => {
    const page = await open(staffCtx, new URL('/login', platform.urls.mgmt).href);
    await logIn(page, security);
    await page.getByRole('navigation').getByRole('link', { name: '証跡提供依頼の承認', exact: true }).click();
    const row = page.getByTestId('evidence-queue').locator(`tr[data-number="${number}"]`);
    await row.getByText(tenant.code, { exact: false }).waitFor();
    await row.getByText('年次の内部監査のため').waitFor();
    await shot(page, 'evidence-console-queue-ja');
    await row.getByRole('button', { name: '承認', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('理由（お客様に表示されます）').fill('契約に基づき提供します。');
    await dialog.getByRole('button', { name: '承認', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: 'Signed checkpoints of the audit trail' }).waitFor();
    await page.locator('label').filter({ hasText: /^All$/ }).click();
    await page.getByTestId('evidence-queue').locator(`tr[data-number="${number}"]`).waitFor();
    await page.getByRole('button', { name: 'Sign now' }).click();
    await page.getByText(/^Signed a checkpoint up to record \d+\.$/).waitFor();
    await finish(page, 'evidence-console-approved-en');
  }, 300_000);

  it('the customer follows the build and downloads a bundle that verifies (portal, English)', async () => {
    const page = await open(customerCtx, new URL('/evidence', platform.urls.portal).href);
    const row = page.getByTestId('evidence-requests').locator(`tr[data-number="${number}"]`);
    const link = row.getByTestId('evidence-download');
    await link.waitFor({ timeout: 120_000 });
    await row.getByText('ダウンロード可').waitFor();
    await shot(page, 'evidence-portal-ready-ja');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^pva-evidence-${number}-\\d{4}-\\d{2}-\\d{2}\\.tar$`),
    );
    const file = join(dataDir, 'bundle.tar');
    await download.saveAs(file);
    const r = await runPva(['evidence', 'verify', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`evidence bundle ${number} verifies`);
    await page.getByText('English', { exact: true }).click();
    await row.getByText('Ready to download').waitFor();
    await shot(page, 'evidence-portal-ready-en');
    // the published key on the service information page is the one that signed
    await page.goto(new URL('/service-info', platform.urls.portal).href);
    const keyId = (await page.getByTestId('signing-key-id').textContent()) ?? '';
    expect(r.stdout).toContain(`signed by key ${keyId}`);
    await finish(page, 'evidence-service-info-en');
  }, 300_000);
});
