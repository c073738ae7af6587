/**
 * Passkeys in Chromium against the real platform: log in with password + TOTP, register a
 * passkey on the account page with Chromium's virtual authenticator, log out, log in again with
 * the password and the passkey. Run: npm run build:web, then
 * npx vitest run --config vitest.e2e.config.ts test/e2e/passkey.e2e.ts
 *
 * WebAuthn refuses IP addresses as RP ID: the platform listens on 127.0.0.1, and the browser
 * opens it as https://localhost:<port> (the portal's public URL is set to match).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../src/cli/runtime.ts';
import { loadConfig } from '../../src/config.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { totpAt } from '../../src/modules/identity/totp.ts';
import { createUser, resetTotpStep, type TestPrincipal } from '../support/auth.ts';
import { createTenant } from '../support/factories.ts';

const SHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-results');

let dataDir: string;
let platform: Platform;
let browser: Browser;
let context: BrowserContext;
let base: string;
let user: TestPrincipal;
let problems: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'pva-e2e-passkey-'));
  const config = loadConfig({
    PVA_PORTAL_ADDR: '127.0.0.1:0',
    PVA_MGMT_ADDR: '127.0.0.1:0',
    PVA_DATA_DIR: dataDir,
    PVA_LOG_LEVEL: 'silent',
  });
  platform = await startPlatform(config, { role: 'all', demo: true, log: () => {} });
  const port = new URL(platform.urls.portal).port;
  base = `https://localhost:${port}`;
  platform.portal!.pva.publicUrl = base; // the relying party: RP ID "localhost", this origin
  const tenant = await createTenant(platform.database);
  user = await createUser(platform.database, tenant.id, { role: 'admin' });

  browser = await launchChromium();
  context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-US', timezoneId: 'Asia/Tokyo' });
  // English screens, so the selectors below read as the user would.
  await context.addInitScript("try { localStorage.setItem('pva.lang', 'en') } catch {}");
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await platform?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function virtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; id: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, id: authenticatorId };
}

async function passwordStep(page: Page): Promise<void> {
  await page.locator('input[name="username"]').fill(user.login);
  await page.locator('input[name="password"]').fill(user.password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.getByText('Two-step verification', { exact: true }).waitFor();
}

const sessionInfo = async (page: Page) =>
  (await page.request.get(`${base}/api/v1/session`)).json() as Promise<{
    authenticated: boolean;
    stage: string | null;
    mfa: { passkeys: number };
  }>;

describe('passkeys', () => {
  it('registers a passkey on the account page and logs in with it as the second factor', async () => {
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      // A WebAuthn prompt the test cancels on purpose would log; none is expected here.
      if (m.type() === 'error') problems.push(m.text());
    });
    const auth = await virtualAuthenticator(page);

    // 1. password + TOTP
    await page.goto(`${base}/login`);
    await passwordStep(page);
    // Without a passkey, the passkey button is not offered.
    expect(await page.getByTestId('passkey-login').count()).toBe(0);
    await resetTotpStep(platform.database, user);
    await page.locator('input[name="one-time-code"]').fill(totpAt(user.totpSecret!, Date.now()));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByTestId('signed-in-user').waitFor();

    // 2. register a passkey on the account page
    await page.goto(`${base}/account`);
    await page.locator('input[name="passkey-name"]').fill('E2E laptop');
    await page.getByRole('button', { name: 'Register a passkey' }).click();
    // The account had no recovery codes: ten are shown once.
    await page.getByTestId('recovery-codes').waitFor();
    expect(await page.getByTestId('recovery-codes').locator('li').count()).toBe(10);
    await page.getByLabel('I have saved my recovery codes somewhere safe').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    const list = page.getByTestId('passkeys');
    await list.getByText('E2E laptop', { exact: true }).waitFor();
    await list.getByText('Never', { exact: true }).waitFor();
    const { credentials } = await auth.cdp.send('WebAuthn.getCredentials', { authenticatorId: auth.id });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]!.rpId).toBe('localhost');
    expect((await sessionInfo(page)).mfa.passkeys).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'passkey-account.png'), fullPage: true });

    // 3. log out, then password + passkey
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.locator('input[name="username"]').waitFor();
    expect((await sessionInfo(page)).authenticated).toBe(false);
    await passwordStep(page);
    expect((await sessionInfo(page)).stage).toBe('mfa');
    await page.screenshot({ path: join(SHOTS, 'passkey-login.png'), fullPage: true });
    await page.getByRole('button', { name: 'Log in with a passkey' }).click();
    await page.getByTestId('signed-in-user').waitFor();
    expect(await sessionInfo(page)).toMatchObject({ authenticated: true, stage: 'full' });

    // the passkey's use shows on the account page, and the server counted the signature
    await page.goto(`${base}/account`);
    await page
      .getByTestId('passkeys')
      .getByText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} JST$/)
      .nth(1)
      .waitFor();
    const stored = await inTransaction(platform.database, systemScope(), () =>
      db()
        .selectFrom('iam.passkey')
        .select(['counter', 'last_used_at'])
        .where('principal_id', '=', user.id)
        .executeTakeFirstOrThrow(),
    );
    expect(stored.last_used_at).not.toBeNull();
    expect(Number(stored.counter)).toBeGreaterThan(0);

    await page.close();
    const seen = problems;
    problems = [];
    expect(seen).toEqual([]);
  });
});
