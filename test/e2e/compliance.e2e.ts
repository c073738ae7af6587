/**
 * The compliance centre in Chromium against the real platform with the demo data: a control is
 * broken in the demo (ミナト精機's operations manager, who has logged in, loses the second factor), staff run the checks from
 * the dashboard, and clause 9.2.3 turns to fail on the staff dashboard (with the administrator in
 * the drill-down) and in the customer's statement page, whose PDF says so too (ja and en).
 * Run: npm run build:web && npx vitest run --config vitest.e2e.config.ts test/e2e/compliance.e2e.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../src/cli/runtime.ts';
import { loadConfig } from '../../src/config.ts';
import { resetTotpStep, type TestPrincipal } from '../support/auth.ts';
import { launchChromium, logIn } from './browser.ts';

const SHOTS = resolve('.tmp');
let dataDir: string;
let platform: Platform;
let browser: Browser;
let admin: TestPrincipal;
let staff: TestPrincipal;
let viewer: TestPrincipal;
let tenantCode: string;
let problems: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'pva-e2e-compliance-'));
  const config = loadConfig({
    PVA_PORTAL_ADDR: '127.0.0.1:0',
    PVA_MGMT_ADDR: '127.0.0.1:0',
    PVA_DATA_DIR: dataDir,
    PVA_LOG_LEVEL: 'silent',
  });
  // the demo data set, as an auditor would see it: the control is broken in the demo below
  platform = await startPlatform(config, { role: 'all', demo: true, log: () => {} });
  tenantCode = 'C0001001';
  admin = await demoPrincipal('sato@minato.example'); // ミナト精機's operations manager
  viewer = await demoPrincipal('kato@minato.example');
  staff = await demoPrincipal('suzuki@pva.example'); // the provider's security officer
  browser = await launchChromium();
}, 300_000);

/** A person of the demo, with the password and TOTP secret the demo made for them. */
async function demoPrincipal(login: string): Promise<TestPrincipal> {
  const c = platform.demo!.credentials.find((x) => x.login === login)!;
  const k = platform.database.kysely;
  const row =
    c.plane === 'mgmt'
      ? {
          id: (
            await k.selectFrom('ops.staff').select('id').where('email', '=', login).executeTakeFirstOrThrow()
          ).id,
          tenant_id: null,
        }
      : await k
          .selectFrom('customer.app_user')
          .select(['id', 'tenant_id'])
          .where('login', '=', login)
          .executeTakeFirstOrThrow();
  return {
    kind: c.plane === 'mgmt' ? 'staff' : 'customer',
    id: row.id,
    login,
    password: c.password,
    totpSecret: c.totpSecret,
    tenantId: row.tenant_id,
  };
}

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function open(base: string, who: TestPrincipal): Promise<{ ctx: BrowserContext; page: Page }> {
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
  await page.goto(new URL('/login', base).href);
  // the same account logs in more than once within one TOTP step: each code is accepted once
  await resetTotpStep(platform.database, who);
  await logIn(page, who);
  return { ctx, page };
}

async function done(ctx: BrowserContext): Promise<void> {
  await ctx.close();
  const seen = problems;
  problems = [];
  expect(seen).toEqual([]);
}

/** Staff press "run checks now" on the dashboard and wait for the run's result line. */
async function runChecks(page: Page): Promise<void> {
  await page.goto(new URL('/compliance', platform.urls.mgmt).href);
  await page.getByTestId('compliance-checks').waitFor();
  await page.getByTestId('compliance-run-now').click();
  await page.getByRole('status').getByText('確認が終わりました').waitFor({ timeout: 120_000 });
  await page.getByTestId('compliance-checks').waitFor();
}

const mfaRow = (page: Page) => page.getByTestId('check-identity.mfa');

describe('compliance centre', () => {
  it('all administrators with MFA: the MFA check passes and 9.2.3 does not fail for the customer', async () => {
    const { ctx, page } = await open(platform.urls.mgmt, staff);
    await runChecks(page);
    await expect.poll(() => mfaRow(page).getAttribute('data-status')).toBe('pass');
    await page.screenshot({ path: join(SHOTS, 'compliance-dashboard-before-ja.png'), fullPage: true });
    await done(ctx);

    const portal = await open(platform.urls.portal, admin);
    await portal.page.goto(new URL('/compliance', platform.urls.portal).href);
    const clause = portal.page.getByTestId('clause-9.2.3');
    await clause.waitFor();
    expect(await clause.getAttribute('data-status')).not.toBe('fail');
    // the public policy page shows the provider's policy text and the ten principles
    await portal.page.goto(new URL('/service-info', platform.urls.portal).href);
    await portal.page.getByTestId('policy-text').first().waitFor();
    expect(await portal.page.getByTestId('principles').locator('li').count()).toBe(10);
    await portal.page
      .getByTestId('security-policy')
      .screenshot({ path: join(SHOTS, 'compliance-policy-ja.png') });
    await done(portal.ctx);
  });

  it('an administrator who logged in loses the second factor: 9.2.3 fails on the dashboard and in the statement', async () => {
    // break the control: the administrator (who has logged in above) no longer has MFA
    await platform.database.kysely
      .deleteFrom('iam.totp')
      .where('principal_kind', '=', 'customer')
      .where('principal_id', '=', admin.id)
      .execute();

    const { ctx, page } = await open(platform.urls.mgmt, staff);
    await runChecks(page);
    await expect.poll(() => mfaRow(page).getAttribute('data-status')).toBe('fail');
    await mfaRow(page).getByText('不適合').waitFor();
    await page.screenshot({ path: join(SHOTS, 'compliance-dashboard-ja.png'), fullPage: true });
    // drill-down: the administrator behind the figure
    await mfaRow(page).getByRole('button').first().click();
    const drill = page.getByTestId('check-drill');
    await drill.getByText(`${tenantCode} / ${admin.login}`).waitFor();
    await drill.getByText('ログイン済みだが多要素認証が未登録').waitFor();
    await page.screenshot({ path: join(SHOTS, 'compliance-drilldown-ja.png') });
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: '履歴' }).click();
    await page.getByTestId('compliance-history').waitFor();
    expect(await page.getByTestId('compliance-history').locator('circle').count()).toBeGreaterThanOrEqual(8);
    await page.screenshot({ path: join(SHOTS, 'compliance-history-ja.png'), fullPage: true });
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('tab', { name: 'Checks' }).click();
    await mfaRow(page).getByText('Fail', { exact: true }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'compliance-dashboard-en.png'), fullPage: true });
    await done(ctx);

    // the administrator now has to enrol a second factor first: a colleague reads the statement
    const portal = await open(platform.urls.portal, viewer);
    await portal.page.goto(new URL('/compliance', platform.urls.portal).href);
    const clause = portal.page.getByTestId('clause-9.2.3');
    await clause.waitFor();
    expect(await clause.getAttribute('data-status')).toBe('fail');
    await clause.getByText('不適合').first().waitFor();
    await clause.getByText(/多要素認証の登録率/).waitFor();
    // customers never see the objects behind the figures
    expect(await portal.page.getByText(admin.login).count()).toBe(0);
    await portal.page.screenshot({ path: join(SHOTS, 'compliance-statement-ja.png') });
    await clause.screenshot({ path: join(SHOTS, 'compliance-clause-ja.png') });

    // the PDF the customer downloads says the same, in Japanese
    const download = portal.page.waitForEvent('download');
    await portal.page.getByTestId('statement-pdf').click();
    const file = await (await download).path();
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('9.2.3');
    expect(text).toContain('責任分界点');
    expect(text).toMatch(/\[不適合\][^\n]*9\.2\.3/);
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      file,
      join(SHOTS, 'compliance-pdf-ja'),
    ]);

    await portal.page.getByText('English', { exact: true }).click();
    await clause.getByText('Fail', { exact: true }).first().waitFor();
    await clause.screenshot({ path: join(SHOTS, 'compliance-clause-en.png') });
    await done(portal.ctx);
  });
});
