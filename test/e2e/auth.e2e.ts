/**
 * Login with a second factor as a person does it, in Chromium against the real platform: a new
 * administrator is forced to enrol TOTP at first login (the code is computed here from the secret
 * the page shows), keeps the recovery codes, logs out and in again with a fresh code, and reads
 * the app in both languages with JST times. The console does the same for a new staff member.
 * Run: npm run build:web && npx vitest run --config vitest.e2e.config.ts test/e2e/auth.e2e.ts
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
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { createLink } from '../../src/modules/identity/links.ts';
import { revokeAllSessions } from '../../src/modules/identity/sessions.ts';
import { hotp, stepAt, totpAt } from '../../src/modules/identity/totp.ts';
import { createStaffMember, createUser, type TestPrincipal } from '../support/auth.ts';

const SHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-results');
const JST_TIME = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} JST/;

let dataDir: string;
let platform: Platform;
let browser: Browser;
let context: BrowserContext;
let tenant: { id: string; name: string };
let admin: TestPrincipal & { name: string };
// Script errors and CSP violations (reported as console errors) fail the test.
let problems: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'pva-e2e-auth-'));
  const config = loadConfig({
    PVA_PORTAL_ADDR: '127.0.0.1:0',
    PVA_MGMT_ADDR: '127.0.0.1:0',
    PVA_DATA_DIR: dataDir,
    PVA_LOG_LEVEL: 'silent',
  });
  platform = await startPlatform(config, { role: 'all', demo: true, log: () => {} });
  tenant = await inTransaction(platform.database, systemScope(), () =>
    db().selectFrom('ops.tenant').select(['id', 'name']).orderBy('code').executeTakeFirstOrThrow(),
  );
  // A customer administrator without a second factor: the first login must enrol one.
  const user = await createUser(platform.database, tenant.id, { role: 'admin', totp: false });
  admin = { ...user, name: `テスト ${user.login.slice(0, 9)}` };
  browser = await launchChromium();
  // An English browser in New York: the app must still start in Japanese and show JST.
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

async function open(url: string, ctx: BrowserContext = context): Promise<Page> {
  const page = await ctx.newPage();
  page.on('pageerror', (e) => problems.push(`${url}: ${e.message}`));
  page.on('console', (m) => {
    // A refused login or code is a 4xx the browser reports as a console error: expected there.
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(`${url}: ${m.text()}`);
  });
  await page.goto(url);
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function finish(page: Page, name: string): Promise<void> {
  await shot(page, name);
  await page.close();
  const seen = problems;
  problems = [];
  expect(seen).toEqual([]);
}

const visible = (page: Page, text: string | RegExp) =>
  page
    .getByText(text, { exact: typeof text === 'string' })
    .first()
    .waitFor({ timeout: 15_000 });

async function passwordStep(
  page: Page,
  p: TestPrincipal,
  labels = { id: 'ログイン ID', pw: 'パスワード', go: 'ログイン' },
) {
  await page.getByLabel(labels.id).fill(p.login);
  await page.getByLabel(labels.pw, { exact: true }).fill(p.password);
  await page.getByRole('button', { name: labels.go, exact: true }).click();
}

/** The enrolment screen: QR code (a data: image the CSP allows), secret, code, recovery codes. */
async function enrolTotp(
  page: Page,
  plane: 'portal' | 'mgmt',
): Promise<{ secret: string; recovery: string[] }> {
  await visible(page, '2 段階認証の設定');
  const qr = page.getByRole('img', { name: '認証アプリ設定用の QR コード' });
  await qr.waitFor();
  expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
  // Rendered, not blocked: a refused image has no natural size.
  await page.waitForFunction(
    "[...document.images].some((i) => i.src.startsWith('data:image/svg+xml') && i.naturalWidth > 0)",
  );
  const secret = (await page.getByTestId('totp-secret').getAttribute('data-secret')) ?? '';
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  // The key is also readable for manual entry, in groups of four.
  expect(((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '')).toBe(secret);
  await shot(page, `${plane}-enrol-ja`);
  await page.getByLabel('確認コード').fill(totpAt(secret, Date.now()));
  await page.getByRole('button', { name: '設定を完了する' }).click();

  await visible(page, 'リカバリーコード');
  const codes = page.getByTestId('recovery-codes').locator('li');
  await codes.first().waitFor();
  expect(await codes.count()).toBe(10);
  const recovery = (await codes.allTextContents()).map((c) => c.trim());
  const go = page.getByRole('button', { name: '続ける' });
  expect(await go.isDisabled()).toBe(true); // not before the user says the codes are saved
  await shot(page, `${plane}-recovery-codes-ja`);
  await page.getByLabel('リカバリーコードを安全な場所に保管しました').check();
  await go.click();
  return { secret, recovery };
}

describe('customer portal login with TOTP', () => {
  let secret = '';
  let recovery: string[] = [];

  it('forces a new administrator to enrol TOTP, shows recovery codes once, then home', async () => {
    const page = await open(new URL('/login', platform.urls.portal).href);
    await visible(page, 'パスワードをお忘れの場合');
    await shot(page, 'auth-login-ja');
    await passwordStep(page, admin);
    ({ secret, recovery } = await enrolTotp(page, 'portal'));
    await page.getByTestId('home-welcome').filter({ hasText: admin.name }).waitFor();
    await visible(page, tenant.name);
    expect(new URL(page.url()).pathname).toBe('/');
    // An administrator sees the administration menu.
    for (const item of ['ホーム', 'ユーザーと権限', 'セキュリティ', 'API トークン', 'アカウント']) {
      await page.getByRole('navigation').getByRole('link', { name: item, exact: true }).waitFor();
    }
    await finish(page, 'auth-home-ja');
  });

  it('logs out, then logs in with password and a fresh TOTP code', async () => {
    const page = await open(platform.urls.portal); // home: signed in from the first test
    await page.getByTestId('home-welcome').waitFor();
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await visible(page, 'ログアウトしました。');
    expect(new URL(page.url()).pathname).toBe('/login');

    // A wrong password first: the server's message, in the page's language.
    await passwordStep(page, { ...admin, password: 'not the password at all' });
    await visible(page, 'ID またはパスワードが正しくありません。');
    await passwordStep(page, admin);
    await visible(page, '2 段階認証');
    const field = page.getByLabel('確認コード');
    expect(await field.getAttribute('autocomplete')).toBe('one-time-code');
    await page.getByRole('button', { name: 'リカバリーコードを使用する' }).waitFor();
    await shot(page, 'auth-mfa-ja');
    // The enrolment used this step's code, and each code works once: use the next step's.
    await field.fill(hotp(secret, stepAt(Date.now()) + 1));
    await page.getByRole('button', { name: '確認', exact: true }).click();
    await page.getByTestId('home-welcome').filter({ hasText: admin.name }).waitFor();
    await finish(page, 'auth-login-again-ja');
  });

  it('switches to English: home, account with JST session times, login page', async () => {
    const page = await open(platform.urls.portal);
    await page.getByTestId('home-welcome').waitFor();
    await page.getByText('English', { exact: true }).click();
    await page
      .getByTestId('home-welcome')
      .filter({ hasText: `Welcome, ${admin.name}` })
      .waitFor();
    await visible(page, 'Signed in as');
    await visible(page, 'Administrator (operations manager)');
    await shot(page, 'auth-home-en');

    await page.getByRole('navigation').getByRole('link', { name: 'Account', exact: true }).click();
    await visible(page, 'Signed-in sessions');
    const sessions = page.getByTestId('my-sessions');
    await sessions.getByText('This session').waitFor();
    expect(await sessions.textContent()).toMatch(JST_TIME);
    await page.getByTestId('totp-status').filter({ hasText: 'Set up' }).waitFor();
    await visible(page, 'Unused recovery codes: 10');
    await shot(page, 'auth-account-en');

    await page.getByRole('button', { name: 'Log out' }).click();
    await visible(page, 'You have logged out.');
    await page.getByLabel('Login ID').waitFor();
    await page.getByLabel('Password', { exact: true }).waitFor();
    await visible(page, 'Forgot your password?');
    await passwordStep(
      page,
      { ...admin, password: 'still not the password' },
      {
        id: 'Login ID',
        pw: 'Password',
        go: 'Log in',
      },
    );
    await visible(page, 'The ID or password is incorrect.'); // the API answers in the chosen language
    await shot(page, 'auth-login-en');
    await page.close();
    problems = [];
  });

  it('shows the administration screens with JST times (English, then Japanese)', async () => {
    const page = await open(new URL('/login', platform.urls.portal).href);
    await passwordStep(page, admin, { id: 'Login ID', pw: 'Password', go: 'Log in' });
    // The previous login may have used the next step's code already: a recovery code this time.
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await page.getByLabel('Recovery code').fill(recovery[0]!);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await page.getByTestId('home-welcome').waitFor();

    await page.getByRole('navigation').getByRole('link', { name: 'Users & roles' }).click();
    const users = page.getByTestId('users');
    await users.getByText(admin.login).waitFor();
    expect(await users.textContent()).toMatch(JST_TIME); // last login
    await shot(page, 'auth-users-en');

    await page.getByRole('navigation').getByRole('link', { name: 'Security' }).click();
    await page.getByTestId('your-ip').waitFor();
    const events = page.getByTestId('security-events');
    await events.getByText('Login', { exact: true }).first().waitFor();
    expect(await events.textContent()).toMatch(JST_TIME);
    await shot(page, 'auth-security-en');

    await page.getByText('日本語', { exact: true }).click();
    await visible(page, 'ログイン元 IP アドレスの制限');
    await visible(page, 'セキュリティログ');
    await shot(page, 'auth-security-ja');

    await page.getByRole('navigation').getByRole('link', { name: 'API トークン' }).click();
    await page.getByRole('button', { name: 'トークンを発行' }).click();
    await page.getByLabel('名前').fill('監視連携');
    await page.getByRole('dialog').getByRole('button', { name: 'トークンを発行' }).click();
    const token = page.getByTestId('new-token');
    await token.waitFor();
    expect(await token.textContent()).toMatch(/^pva_/);
    await shot(page, 'auth-token-ja');
    await page.getByRole('button', { name: '閉じる' }).click();
    await page.getByTestId('tokens').getByText('監視連携').waitFor();
    await finish(page, 'auth-tokens-ja');
  });

  it('invites a viewer, who accepts by link, logs in and sees only what a viewer may', async () => {
    const email = `viewer-${Date.now()}@customer.example`;
    const page = await open(new URL('/users', platform.urls.portal).href); // signed in, Japanese
    await page.getByRole('button', { name: 'ユーザーを招待' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('メールアドレス').fill(email);
    await dialog.getByLabel('氏名').fill('閲覧 花子');
    await shot(page, 'auth-invite-form-ja');
    await dialog.getByRole('button', { name: 'ユーザーを招待' }).click();
    await visible(page, `${email} に招待メールを送信しました。`);
    await page.getByTestId('users').getByText(email).waitFor();
    await finish(page, 'auth-users-invited-ja');

    // The emailed link, issued again here (the email itself goes to the outbox).
    const link = await inTransaction(platform.database, systemScope(), async () => {
      const u = await db()
        .selectFrom('customer.app_user')
        .select('id')
        .where('login', '=', email)
        .executeTakeFirstOrThrow();
      return createLink('invite', 'customer', u.id, tenant.id, 3600);
    });
    const guest = await browser.newContext({ ignoreHTTPSErrors: true, timezoneId: 'America/New_York' });
    try {
      const invite = await open(new URL(`/invite#token=${link.token}`, platform.urls.portal).href, guest);
      await invite.getByTestId('invite-greeting').filter({ hasText: '閲覧 花子 さん、ようこそ。' }).waitFor();
      const password = 'a long enough passphrase for the viewer';
      await invite.locator('input[name="new-password"]').fill(password);
      await invite.locator('input[name="new-password-confirm"]').fill(password);
      await shot(invite, 'auth-invite-ja');
      await invite.getByRole('button', { name: 'アカウントを有効にする' }).click();
      await visible(invite, 'アカウントを有効にしました。ログインしてください。');
      await invite.getByRole('link', { name: 'ログイン', exact: true }).last().click();
      await passwordStep(invite, { ...admin, login: email, password });
      await invite.getByTestId('home-welcome').filter({ hasText: '閲覧 花子' }).waitFor();
      const nav = invite.getByRole('navigation');
      await nav.getByRole('link', { name: 'API トークン' }).waitFor();
      expect(await nav.getByRole('link', { name: 'ユーザーと権限' }).count()).toBe(0);
      expect(await nav.getByRole('link', { name: 'セキュリティ' }).count()).toBe(0);
      await visible(invite, '閲覧者');
      await finish(invite, 'auth-viewer-home-ja');

      // The reset request answers the same whatever the ID.
      const forgot = await open(new URL('/forgot-password', platform.urls.portal).href, guest);
      await forgot.getByLabel('ログイン ID').fill('nobody@nowhere.example');
      await forgot.getByRole('button', { name: '再設定用のリンクを送信' }).click();
      await visible(forgot, /再設定用のリンクをメールで送信しました/);
      await finish(forgot, 'auth-forgot-ja');
    } finally {
      await guest.close();
    }
  });

  it('fits a phone screen once signed in, with the menu behind a button', async () => {
    const page = await open(platform.urls.portal);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('home-welcome').waitFor();
    expect(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(
      true,
    );
    // The header keeps the language switch on the screen.
    const box = await page.getByText('English', { exact: true }).boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(390);
    await page.getByRole('button', { name: 'メニューを開く' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'アカウント' }).click();
    await visible(page, 'ログイン中のセッション');
    await finish(page, 'auth-phone-account-ja');
  });

  it('sends the user to the login page when the server ended the session', async () => {
    const page = await open(platform.urls.portal);
    await page.getByTestId('home-welcome').waitFor();
    await inTransaction(platform.database, systemScope(), () => revokeAllSessions('customer', admin.id));
    await page.getByRole('navigation').getByRole('link', { name: 'ユーザーと権限' }).click();
    await visible(page, 'セッションが終了しました。もう一度ログインしてください。');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.close();
    problems = []; // the refused request is logged by the browser
  });
});

describe('management console login with TOTP', () => {
  it('enrols a new staff member and shows the console screens', async () => {
    const staff = await createStaffMember(platform.database, { role: 'admin', totp: false });
    const page = await open(new URL('/login', platform.urls.mgmt).href);
    await visible(page, '管理コンソール');
    await passwordStep(page, staff);
    await enrolTotp(page, 'mgmt');
    await page.getByTestId('home-welcome').waitFor();
    await page.getByRole('navigation').getByRole('link', { name: '顧客テナント' }).click();
    await page.getByTestId('tenants').getByText(tenant.name).waitFor();
    await shot(page, 'mgmt-tenants-ja');
    await page.getByRole('navigation').getByRole('link', { name: 'スタッフ' }).click();
    await page.getByTestId('staff').getByText(staff.login).waitFor();
    await finish(page, 'mgmt-staff-ja');
  });
});
