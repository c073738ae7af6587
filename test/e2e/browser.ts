import { chromium, type Browser, type Page } from 'playwright-core';
import { totpAt } from '../../src/modules/identity/totp.ts';
import type { TestPrincipal } from '../support/auth.ts';

/**
 * Debian's Chromium, headless, with nothing reaching out to the network on its own: no name but
 * localhost is ever looked up (the tests use loopback only), so its background requests end in
 * the browser. The test platforms serve self-signed certificates. Chromium is told to accept them
 * when it connects: a certificate error left to the page's handler (Playwright's
 * `ignoreHTTPSErrors`) restarts the request once per new connection, and a request that waits
 * through 32 such connections while a page opens many at once fails as
 * `net::ERR_TOO_MANY_RETRIES`. `PVA_TEST_NETLOG=file` writes Chromium's network log.
 */
export function launchChromium(): Promise<Browser> {
  const netlog = process.env.PVA_TEST_NETLOG;
  return chromium.launch({
    executablePath: process.env.PVA_TEST_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
      '--ignore-certificate-errors',
      ...(netlog ? [`--log-net-log=${netlog}`] : []),
    ],
  });
}

/** Logs in on the (Japanese) login page with password and the current TOTP code; waits for home. */
export async function logIn(page: Page, p: TestPrincipal): Promise<void> {
  await page.getByLabel('ログイン ID').fill(p.login);
  await page.getByLabel('パスワード', { exact: true }).fill(p.password);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await page.getByLabel('確認コード').fill(totpAt(p.totpSecret!, Date.now()));
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await page.getByTestId('home-welcome').waitFor();
}
