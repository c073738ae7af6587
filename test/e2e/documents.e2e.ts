/**
 * Service documents as people use them, in Chromium against the real platform: the security
 * officer publishes a version in the console (with markup that must stay text), the customer
 * reads the documents of their services in the portal, versions in force and earlier, in ja and en.
 * Run: npm run build:web && npx vitest run --config vitest.e2e.config.ts test/e2e/documents.e2e.ts
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
import { seedDemoDocuments } from '../../src/modules/documents/demo.ts';
import { totpAt } from '../../src/modules/identity/totp.ts';
import { createStaffMember, createUser, resetTotpStep, type TestPrincipal } from '../support/auth.ts';

const SHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-results');

let dataDir: string;
let platform: Platform;
let browser: Browser;
let context: BrowserContext;
let customer: TestPrincipal;
let officer: TestPrincipal;
let problems: string[] = [];
let dialogs: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'pva-e2e-docs-'));
  const config = loadConfig({
    PVA_PORTAL_ADDR: '127.0.0.1:0',
    PVA_MGMT_ADDR: '127.0.0.1:0',
    PVA_DATA_DIR: dataDir,
    PVA_LOG_LEVEL: 'silent',
    PVA_POLICY_URL: 'https://provider.example/security-policy',
  });
  platform = await startPlatform(config, { role: 'all', demo: true, log: () => {} });
  const tenant = await inTransaction(platform.database, systemScope(), async () => {
    // the demo may seed the documents itself once it calls seedDemoDocuments; else do it here
    const have = await db().selectFrom('ops.document').select('id').executeTakeFirst();
    if (!have) await seedDemoDocuments({ publishedBy: null });
    return db()
      .selectFrom('ops.tenant')
      .select('id')
      .where('code', '=', 'C0001001')
      .executeTakeFirstOrThrow();
  });
  customer = await createUser(platform.database, tenant.id, { role: 'viewer' });
  officer = await createStaffMember(platform.database, { role: 'security' });
  browser = await launchChromium();
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
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url);
  return page;
}

async function finish(page: Page, shot: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${shot}.png`), fullPage: true });
  await page.close();
  const seen = [...problems, ...dialogs.map((d) => `dialog: ${d}`)];
  problems = [];
  dialogs = [];
  expect(seen).toEqual([]);
}

const visible = (page: Page, text: string | RegExp) =>
  page
    .getByText(text, { exact: typeof text === 'string' })
    .first()
    .waitFor({ timeout: 15_000 });

async function logIn(page: Page, who: TestPrincipal): Promise<void> {
  await resetTotpStep(platform.database, who);
  await page.getByLabel('ログイン ID').fill(who.login);
  await page.getByLabel('パスワード', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await page.getByLabel('確認コード').fill(totpAt(who.totpSecret!, Date.now()));
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await page.getByRole('navigation').waitFor();
}

const EVIL = '<img src=x onerror=alert(1)> <script>alert(2)</script> [click](javascript:alert(3))';

describe('service documents', () => {
  it('the security officer publishes a version in the console', async () => {
    const page = await open(new URL('/login', platform.urls.mgmt).href);
    await logIn(page, officer);
    await page.getByRole('navigation').getByRole('link', { name: 'サービス文書' }).click();
    const table = page.getByTestId('documents');
    await table.getByText('IPsec アクセス サービス仕様書').first().waitFor();
    await visible(page, '発効予定');
    await page.getByRole('button', { name: '新しい版を発行' }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByRole('textbox', { name: 'サービス種別' })
      .or(dialog.getByRole('combobox', { name: 'サービス種別' }))
      .first()
      .click();
    await page.getByRole('option', { name: '全サービス共通' }).click();
    await dialog
      .getByRole('textbox', { name: '文書の種類' })
      .or(dialog.getByRole('combobox', { name: '文書の種類' }))
      .first()
      .click();
    await page.getByRole('option', { name: 'ホワイトペーパー' }).click();
    expect(await dialog.getByLabel('版').inputValue()).toBe('1.0');
    await dialog.getByLabel('タイトル（日本語）').fill('ISO/IEC 27017 への取り組み');
    await dialog.getByLabel('タイトル（英語）').fill('Our approach to ISO/IEC 27017');
    await dialog.getByLabel('本文（日本語、Markdown）').fill(`# 取り組み\n\n${EVIL}\n\n- 分離\n- 暗号化`);
    await dialog
      .getByLabel('本文（英語、Markdown）')
      .fill(`# Approach\n\n${EVIL}\n\n- Isolation\n- Encryption`);
    await page.screenshot({ path: join(SHOTS, 'documents-console-publish-ja.png'), fullPage: true });
    await dialog.getByRole('button', { name: '発行', exact: true }).click();
    await visible(page, '「ISO/IEC 27017 への取り組み」第 1.0 版を発行しました。');
    await table.getByText('ISO/IEC 27017 への取り組み').waitFor();
    await page.getByText('English', { exact: true }).click();
    await visible(page, 'Our approach to ISO/IEC 27017');
    await finish(page, 'documents-console-en');
  });

  it('the customer reads the documents of their services, with earlier versions, in ja and en', async () => {
    const page = await open(new URL('/login', platform.urls.portal).href);
    await page.getByText('日本語', { exact: true }).click();
    await logIn(page, customer);
    await page.getByRole('navigation').getByRole('link', { name: 'サービス文書' }).click();
    for (const type of ['all', 'ipsec', 'direct', 'option'])
      await page.getByTestId(`documents-${type}`).waitFor();

    // the whitepaper just published: its markup stays text, no dialog, no image
    const all = page.getByTestId('documents-all');
    await all.getByRole('button', { name: '表示' }).first().click();
    const body = page.getByTestId('document-body');
    await body.getByRole('heading', { name: '取り組み' }).waitFor();
    await body.getByText('<img src=x onerror=alert(1)>', { exact: false }).waitFor();
    expect(await body.locator('img, script, a[href^="javascript"]').count()).toBe(0);

    // the IPsec specification: version 1.1 in force, 1.0 among the earlier versions
    const ipsec = page.getByTestId('documents-ipsec');
    await ipsec.getByText('第 1.1 版 · 2025-04-01 から有効').waitFor();
    await ipsec.getByRole('button', { name: '以前の版（1 件）' }).click();
    await ipsec.getByText('以前の版', { exact: true }).waitFor(); // the badge of version 1.0
    await ipsec.getByText('IPsec アクセス サービス仕様書').first().waitFor();
    await ipsec.getByRole('button', { name: '表示' }).nth(1).click(); // terms, then the specification
    await page.getByTestId('document-body').getByRole('table').first().waitFor();
    await visible(page, '現在有効');
    await finish(page, 'documents-portal-ja');
  });

  it('shows the same page in English', async () => {
    const page = await open(new URL('/documents', platform.urls.portal).href);
    await page.getByText('English', { exact: true }).click();
    await page.getByTestId('documents-ipsec').waitFor();
    await visible(page, 'Service documents');
    await visible(page, 'All services');
    await page.getByTestId('documents-ipsec').getByText('Version 1.1 · Effective from 2025-04-01').waitFor();
    const terms = page.getByTestId('documents-direct');
    await terms.getByText('Direct access terms of service').waitFor();
    await terms.getByRole('button', { name: 'Open' }).first().click(); // the terms come first
    await page
      .getByTestId('document-body')
      .getByText(/Tokyo District Court/)
      .waitFor();
    await finish(page, 'documents-portal-en');
  });

  it('shows the policy, its ten principles, the split, governing law and court on the service information page', async () => {
    const page = await open(new URL('/service-info', platform.urls.portal).href);
    await page.getByText('日本語', { exact: true }).click();
    await visible(page, '準拠法');
    await visible(page, '日本法');
    await visible(page, 'お客様の設定の管理');
    expect(await page.getByTestId('principles').locator('li').count()).toBe(10);
    await visible(page, '障害対応');
    const link = page.getByRole('link', { name: '情報セキュリティ方針の全文' });
    expect(await link.getAttribute('href')).toBe('https://provider.example/security-policy');
    await finish(page, 'service-info-full-ja');
    const en = await open(new URL('/service-info', platform.urls.portal).href);
    await en.getByText('English', { exact: true }).click();
    await visible(en, 'Governing law');
    await visible(en, 'The laws of Japan');
    await visible(
      en,
      'We restrict access to cloud service customer data by the staff who provide the cloud service.',
    );
    await visible(en, 'Failure handling');
    await finish(en, 'service-info-full-en');
  });
});
