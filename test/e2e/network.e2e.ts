/**
 * The physical network in the management console, in Chromium against the real platform: an
 * operator registers a PoP, a device (a management address outside the management network is
 * refused on the way) and a port, and finds them in the topology. Screens in Japanese and English.
 * Run: npm run build:web && npx vitest run --config vitest.e2e.config.ts test/e2e/network.e2e.ts
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../src/cli/runtime.ts';
import { loadConfig } from '../../src/config.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { totpAt } from '../../src/modules/identity/totp.ts';
import { seedPhysicalDemo } from '../../src/modules/network/demo-physical.ts';
import { createStaffMember, type TestPrincipal } from '../support/auth.ts';
import { createTenant } from '../support/factories.ts';

const SHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-results');
const JST_TIME = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} JST/;

let dataDir: string;
let platform: Platform;
let browser: Browser;
let ctx: BrowserContext;
let staff: TestPrincipal;
let page: Page;
// Script errors and CSP violations (reported as console errors) fail the test.
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'pva-e2e-network-'));
  const config = loadConfig({
    PVA_PORTAL_ADDR: '127.0.0.1:0',
    PVA_MGMT_ADDR: '127.0.0.1:0',
    PVA_DATA_DIR: dataDir,
    PVA_LOG_LEVEL: 'silent',
  });
  platform = await startPlatform(config, { role: 'all', demo: true, log: () => {} });
  // the demo network (a no-op when the demo already seeded it)
  await inTransaction(platform.database, systemScope(), () => seedPhysicalDemo());
  staff = await createStaffMember(platform.database, { role: 'noc' });
  browser = await launchChromium();
  // A browser in New York: the console must still show JST.
  ctx = await browser.newContext({
    ignoreHTTPSErrors: true,
    locale: 'en-US',
    timezoneId: 'America/New_York',
    viewport: { width: 1360, height: 900 },
  });
  page = await ctx.newPage();
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    // a device without a traffic collector answers its GET with 404: expected, the card says so
    if (/\/traffic-collector$/.test(m.location().url) && /status of 404/.test(m.text())) return;
    if (m.type() === 'error') problems.push(m.text());
  });
});

afterAll(async () => {
  await ctx?.close();
  await browser?.close();
  await platform?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const settle = () => page.waitForTimeout(400); // dialogs and option lists finish their transitions

async function choose(scope: Page | Locator, label: string, option: string | RegExp) {
  // a required field's label ends with an asterisk
  await scope.getByLabel(new RegExp(`^${label}( \\*)?$`)).click();
  await page.getByRole('option', { name: option }).first().click();
}

describe('physical network in the console', () => {
  it('an operator sees the demo topology, registers a PoP, a device and a port, and finds them in the topology', async () => {
    await page.goto(new URL('/login', platform.urls.mgmt).href);
    await page.getByLabel('ログイン ID').fill(staff.login);
    await page.getByLabel('パスワード', { exact: true }).fill(staff.password);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.getByLabel('確認コード').fill(totpAt(staff.totpSecret!, Date.now()));
    await page.getByRole('button', { name: '確認', exact: true }).click();
    await page.getByTestId('home-welcome').waitFor();

    await page.getByRole('navigation').getByRole('link', { name: 'ネットワーク設備', exact: true }).click();
    const topo = page.getByTestId('topology');
    await topo.locator('[data-testid="topology-pop"][data-code="TKY1"]').waitFor();
    await topo.locator('[data-testid="topology-node"][data-hostname="pe1.tky1"]').waitFor();
    expect(await topo.getByTestId('topology-link').count()).toBeGreaterThanOrEqual(5);
    await shot('network-topology-demo-ja');

    // a new PoP
    await page.getByRole('tab', { name: 'PoP', exact: true }).click();
    await page.getByRole('button', { name: 'PoP を登録' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('コード').fill('NGY1');
    await dialog.getByLabel('名称（日本語）').fill('名古屋第1');
    await dialog.getByLabel('名称（英語）').fill('Nagoya 1');
    await dialog.getByLabel('所在地').fill('愛知県名古屋市中区栄 1-1-1');
    await dialog.getByRole('button', { name: '登録', exact: true }).click();
    await page.getByText('NGY1 を登録しました。').waitFor();
    const row = page.getByTestId('pops').locator('tr[data-code="NGY1"]');
    await row.getByText('名古屋第1').waitFor();
    expect(await row.textContent()).toMatch(JST_TIME);
    await settle();
    await shot('network-pops-ja');

    // a new device: first with a management address outside the management network
    await page.getByRole('tab', { name: '機器', exact: true }).click();
    await page.getByTestId('devices').locator('tr[data-hostname="pe1.osa1"]').waitFor();
    await page.getByRole('button', { name: '機器を登録' }).click();
    dialog = page.getByRole('dialog');
    await choose(dialog, 'PoP', /^NGY1/);
    await dialog.getByLabel('ホスト名').fill('pe1.ngy1');
    await dialog.getByLabel('ベンダー').fill('Juniper');
    await dialog.getByLabel('機種').fill('MX204');
    await dialog.getByLabel('シリアル番号').fill('JN12NGY1AFC');
    await dialog.getByLabel('OS バージョン').fill('Junos OS 22.4R3');
    await choose(dialog, '管理ネットワーク', /^mgmt-core/);
    await dialog.getByLabel('管理アドレス').fill('192.0.2.51');
    await dialog.getByLabel('アンダーレイアドレス').fill('203.0.113.51');
    await dialog.getByRole('button', { name: '登録', exact: true }).click();
    await dialog
      .getByText(/管理アドレスは管理ネットワーク mgmt-core（10\.255\.0\.0\/24）内のホストアドレス/)
      .waitFor();
    await settle();
    await shot('network-device-refused-ja');
    // the browser logs the refused request (400) itself: that one was expected
    problems.splice(0, problems.length, ...problems.filter((p) => !/status of 400/.test(p)));
    await dialog.getByLabel('管理アドレス').fill('10.255.0.51');
    await dialog.getByRole('button', { name: '登録', exact: true }).click();

    await page.getByTestId('device-hostname').getByText('pe1.ngy1').waitFor();
    await page.getByText('pe1.ngy1 を登録しました。').waitFor();
    await page.getByText('この機器にポートはありません。').waitFor();
    await page
      .getByTestId('traffic-collector')
      .getByText(/トラフィック収集は設定されていません。/)
      .waitFor();
    await page.getByRole('button', { name: 'ポートを追加' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('ポート名').fill('xe-0/0/0');
    await dialog.getByLabel('容量（Mbit/s）').fill('10000');
    await choose(dialog, 'ポートクラス', /^access-10g/);
    await dialog.getByLabel('説明').fill('インターネット接続（IPsec 終端）');
    await dialog.getByRole('button', { name: '登録', exact: true }).click();
    const port = page.getByTestId('ports').locator('tr[data-port="xe-0/0/0"]');
    await port.getByText('10 Gbit/s', { exact: true }).waitFor();
    await port.getByText('0 Mbit/s / 40 Gbit/s').waitFor();
    expect(await page.getByTestId('device-facts').textContent()).toMatch(JST_TIME);
    await settle();
    await shot('network-device-ja');

    // a customer's connection takes 30 Gbit/s of the port; lowering it to 5 Gbit/s (limit 20) needs a reason
    const tenant = await createTenant(platform.database, { services: 1 });
    const portId = (await port.getAttribute('data-port-id'))!;
    await inTransaction(platform.database, systemScope(), () =>
      db()
        .updateTable('customer.connection')
        .set({ port_id: portId, bandwidth_mbps: 30_000 })
        .where('id', '=', tenant.connectionIds[0]!)
        .execute(),
    );
    await page.reload();
    await port.getByText('30 Gbit/s / 40 Gbit/s').waitFor();
    await port.getByRole('button', { name: '編集', exact: true }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('容量（Mbit/s）').fill('5000');
    await dialog.getByRole('button', { name: '保存', exact: true }).click();
    const override = dialog.getByTestId('capacity-override');
    await override.getByText(/契約帯域合計 30000 Mbit\/s が、変更後の上限 20000 Mbit\/s/).waitFor();
    await override.getByLabel('超過を承認する理由').fill('NGY1 の増設（2026 年 12 月）までの暫定措置');
    await settle();
    await shot('network-port-override-ja');
    await override.getByRole('button', { name: '理由を記録して変更' }).click();
    await page.getByText('保存しました。').waitFor();
    await port.getByText('30 Gbit/s / 20 Gbit/s').waitFor();
    await port.getByText('5 Gbit/s', { exact: true }).waitFor();
    problems.splice(0, problems.length, ...problems.filter((p) => !/status of 409/.test(p)));
    const audit = await inTransaction(platform.database, systemScope(), () =>
      db()
        .selectFrom('audit.log')
        .select(['action', 'summary'])
        .where('target_id', '=', portId)
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow(),
    );
    expect(audit).toMatchObject({
      action: 'network.port.update',
      summary: { override: { contractedMbps: 30_000, limitMbps: 20_000 } },
    });

    // the management networks and port classes
    await page.getByRole('link', { name: /機器一覧へ戻る/ }).click();
    await page.getByRole('tab', { name: '管理ネットワーク・ポートクラス', exact: true }).click();
    await page.getByTestId('mgmt-networks').getByText('10.255.0.0/24').waitFor();
    await page.getByTestId('port-classes').getByText('access-10g').waitFor();
    await shot('network-settings-ja');

    // the topology shows the new PoP with its device
    await page.getByRole('tab', { name: 'トポロジー', exact: true }).click();
    await topo.locator('[data-testid="topology-pop"][data-code="NGY1"]').waitFor();
    await topo.locator('[data-testid="topology-node"][data-hostname="pe1.ngy1"]').waitFor();
    await shot('network-topology-ja');

    // English
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('tab', { name: 'Topology', exact: true }).waitFor();
    await page.getByText('Devices grouped by PoP, links as lines. Choose a device to open it.').waitFor();
    await shot('network-topology-en');
    await topo.locator('[data-testid="topology-node"][data-hostname="pe1.ngy1"]').click();
    await page.getByTestId('device-hostname').getByText('pe1.ngy1').waitFor();
    await page.getByText('Management address', { exact: true }).waitFor();
    await page.getByTestId('ports').getByText('Access', { exact: true }).waitFor();
    await shot('network-device-en');
    expect(problems).toEqual([]);
  });
});
