/**
 * Equipment in Chromium against the real platform with the demo data: a NOC engineer is refused
 * decommissioning a PE still carrying connections (the dependants are named), decommissions an
 * unused switch, opens its disposal record, attaches a wipe log and cannot complete it alone; a
 * second engineer verifies and completes it and the switch is disposed. Then the supplier register
 * with its overdue review, cleared by a new assessment. Japanese and English, times in JST.
 * Run: npm run build:web && npx vitest run --config vitest.e2e.config.ts test/e2e/equipment.e2e.ts
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../src/cli/runtime.ts';
import { loadConfig } from '../../src/config.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { zonedDate } from '../../src/lib/time.ts';
import { createStaffMember, type TestPrincipal } from '../support/auth.ts';
import { launchChromium, logIn } from './browser.ts';

const SHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../.tmp');

let dataDir: string;
let platform: Platform;
let browser: Browser;
let aliceCtx: BrowserContext;
let bobCtx: BrowserContext;
let alice: TestPrincipal;
let bob: TestPrincipal;
let aliceName: string;
let busyPe: { id: string; hostname: string };
let idleSwitch: { id: string; hostname: string };
let problems: string[] = [];

const sys = <T>(fn: () => Promise<T>) => inTransaction(platform.database, systemScope(), fn);

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'pva-e2e-equipment-'));
  const config = loadConfig({
    PVA_PORTAL_ADDR: '127.0.0.1:0',
    PVA_MGMT_ADDR: '127.0.0.1:0',
    PVA_DATA_DIR: dataDir,
    PVA_LOG_LEVEL: 'silent',
  });
  platform = await startPlatform(config, { role: 'all', demo: true, log: () => {} });
  alice = await createStaffMember(platform.database, { role: 'noc' });
  bob = await createStaffMember(platform.database, { role: 'noc' });
  aliceName = (
    await sys(() =>
      db().selectFrom('ops.staff').select('name').where('id', '=', alice.id).executeTakeFirstOrThrow(),
    )
  ).name;
  // a PE with connections on its ports, and a device with storage that nothing uses
  const rows = await sys(() =>
    sql<{ id: string; hostname: string; used: number; storage: number }>`
      SELECT d.id, d.hostname,
             (SELECT count(*)::int FROM customer.connection c JOIN ops.port p ON p.id = c.port_id WHERE p.device_id = d.id) AS used,
             (SELECT count(*)::int FROM ops.device_component k WHERE k.device_id = d.id AND k.stores_data) AS storage
        FROM ops.device d WHERE d.status = 'active' ORDER BY d.hostname`.execute(db()),
  );
  busyPe = rows.rows.find((r) => r.used > 0)!;
  idleSwitch = rows.rows.find((r) => r.used === 0 && r.storage > 0)!;
  browser = await launchChromium();
  // browsers in New York: the screens must still show JST
  const opts = {
    ignoreHTTPSErrors: true,
    locale: 'en-US',
    timezoneId: 'America/New_York',
    viewport: { width: 1440, height: 1000 },
  };
  aliceCtx = await browser.newContext(opts);
  bobCtx = await browser.newContext(opts);
  // a cold start with the whole demo data set takes a while on a small shared machine
}, 300_000);

afterAll(async () => {
  await aliceCtx?.close();
  await bobCtx?.close();
  await browser?.close();
  await platform?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function open(ctx: BrowserContext, url: string): Promise<Page> {
  const page = await ctx.newPage();
  page.on('pageerror', (e) => problems.push(`${url}: ${e.message}`));
  page.on('console', (m) => {
    // the refusals the test provokes are logged by the browser as failed requests
    if (m.type() === 'error' && !/status of 409/.test(m.text())) problems.push(`${url}: ${m.text()}`);
  });
  await page.goto(new URL(url, platform.urls.mgmt).href);
  return page;
}
const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `equipment-${name}.png`), fullPage: true });
const settle = (page: Page) => page.waitForTimeout(400);
async function choose(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).first().click();
}
function noProblems() {
  const seen = problems;
  problems = [];
  expect(seen).toEqual([]);
}

describe('equipment disposal by two staff, supplier register', () => {
  it('the demo has a busy PE and an unused device with storage', () => {
    expect(busyPe).toBeDefined();
    expect(idleSwitch).toBeDefined();
  });

  it('refuses decommissioning a PE in use, naming its dependants (Japanese)', async () => {
    const page = await open(aliceCtx, '/login');
    await logIn(page, alice);
    await page.getByRole('navigation').getByRole('link', { name: '機器台帳・廃棄・取引先' }).click();
    await page.getByTestId('inventory-table').waitFor();
    expect(await page.getByTestId('card-overdue-reviews').locator('p').nth(1).textContent()).toBe('1');
    await shot(page, 'inventory-ja');
    await page.goto(new URL(`/equipment?device=${busyPe.id}`, platform.urls.mgmt).href);
    await page.getByTestId('to-decommissioning').click();
    await page.getByTestId('transition-reason').fill('老朽化のため撤去');
    await page.getByRole('button', { name: '実行' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText(/まだ使われています/).waitFor();
    expect(await page.getByTestId('dependants').textContent()).toMatch(/PVA\d{8}/);
    await settle(page);
    await shot(page, 'in-use-ja');
    await page.keyboard.press('Escape');
    await page.close();
    noProblems();
  });

  it('one engineer decommissions a device and records the wipe, but cannot complete it alone', async () => {
    const page = await open(aliceCtx, `/equipment?device=${idleSwitch.id}`);
    await page.getByTestId('to-decommissioning').click();
    await page.getByTestId('transition-reason').fill('リプレース完了');
    await page.getByRole('button', { name: '実行' }).click();
    await page.getByTestId('notice').getByText('「撤去中」にしました。').waitFor();
    await page.getByTestId('history').getByText('リプレース完了').waitFor();

    await choose(page, '方法', '上書き消去');
    await choose(page, '作業者', aliceName);
    await page.getByTestId('performed-on').fill(zonedDate(new Date()));
    await page.getByRole('button', { name: '廃棄・再利用記録を作成' }).click();
    await page.getByText('記録を作成しました。').waitFor();
    await page.locator('input[type=file]').setInputFiles({
      name: 'wipe-sda.log',
      mimeType: 'text/plain',
      buffer: Buffer.from('nwipe: /dev/sda 1 pass, verified\n'),
    });
    await page.getByRole('button', { name: '証跡を添付' }).click();
    await page.getByText('証跡を添付しました。').waitFor();
    await page.getByTestId('evidence-link').getByText('wipe-sda.log').waitFor();
    await page.getByRole('button', { name: '確認して完了' }).click();
    await page
      .getByRole('alert')
      .getByText(/作業者本人は確認・完了できません/)
      .waitFor();
    expect(await page.getByTestId('disposal-status').textContent()).toBe('作業中');
    await settle(page);
    await shot(page, 'disposal-alone-ja');
    await page.close();
    noProblems();
  });

  it('a second engineer verifies and completes it; the device is disposed (English)', async () => {
    const page = await open(bobCtx, '/login');
    await logIn(page, bob);
    await page.goto(new URL(`/equipment?device=${idleSwitch.id}`, platform.urls.mgmt).href);
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('button', { name: 'Verify and complete' }).click();
    await page.getByText('The record was completed.').waitFor();
    // The message shows at once; the card shows the new state when its reload returns.
    await page
      .getByTestId('disposal-status')
      .filter({ hasText: /^Completed$/ })
      .waitFor();
    await page.locator('[data-status="disposed"]').first().waitFor();
    expect(await page.getByTestId('history').textContent()).toContain('Disposed');
    expect(await page.getByTestId(`disposal-${await disposalId()}`).textContent()).toMatch(
      /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} JST/,
    );
    await shot(page, 'disposal-done-en');
    await page.close();
    noProblems();
  });

  it('shows the overdue supplier review and clears it with a new assessment (English)', async () => {
    const page = await open(bobCtx, '/equipment?tab=suppliers');
    await page.getByTestId('suppliers-table').waitFor();
    await page.getByTestId('only-overdue').click();
    const row = page.getByTestId('suppliers-table').locator('tbody tr');
    await row.getByText('Kansai Colo K.K.').waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.locator('[data-review="overdue"]').count()).toBe(1);
    await shot(page, 'suppliers-overdue-en');
    await row.getByRole('link', { name: 'Kansai Colo K.K.' }).click();
    await page.getByTestId('assessments').waitFor();
    await page.getByTestId('assessed-on').fill(zonedDate(new Date()));
    await page.getByTestId('next-review').fill(zonedDate(new Date(Date.now() + 365 * 86_400_000)));
    await page.getByRole('button', { name: 'Record an assessment' }).click();
    await page.getByText('Saved.').waitFor();
    await page.locator('[data-review="ok"]').waitFor();
    await shot(page, 'supplier-en');
    await page.goto(new URL('/equipment', platform.urls.mgmt).href);
    await page.getByTestId('card-overdue-reviews').getByText('0', { exact: true }).waitFor();
    await page.close();
    noProblems();
  });
});

async function disposalId(): Promise<string> {
  return (
    await sys(() =>
      db()
        .selectFrom('ops.disposal')
        .select('id')
        .where('device_id', '=', idleSwitch.id)
        .executeTakeFirstOrThrow(),
    )
  ).id;
}
