import { chromium, type Browser, type Page } from 'playwright-core';
import { totpAt } from '../../src/modules/identity/totp.ts';
import type { TestPrincipal } from '../support/auth.ts';

/** Debian's Chromium, headless, with nothing reaching out to the network on its own. */
export function launchChromium(): Promise<Browser> {
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
