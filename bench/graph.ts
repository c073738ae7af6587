import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startPlatform } from '../src/cli/runtime.ts';
import { loadConfig } from '../src/config.ts';
import { inTransaction, systemScope } from '../src/db/context.ts';
import { totpAt } from '../src/modules/identity/totp.ts';
import { seedSeries } from '../src/modules/traffic/demo.ts';
import { jstMonth } from '../src/modules/traffic/maintenance.ts';
import { computeConnectionMonths } from '../src/modules/traffic/repository.ts';
import { addConnection, addPort, createNet } from '../test/capacity/support.ts';
import { createUser } from '../test/support/auth.ts';

export interface GraphBenchResult {
  medianMs: number;
  samplesMs: number[];
  /** characters of the rendered SVG path of the inbound series (8,640 five-minute points) */
  pathChars: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/**
 * graph_render_ms: a customer's 30-day graph of 5-minute data in Chromium, from the click on the
 * month range to the drawn series (the API request, JSON decoding and the SVG render together),
 * against the real platform on the embedded database. Median of `runs` clicks, each after the
 * day range was shown again so the month is fetched anew.
 */
export async function graphRenderBench(runs = 7): Promise<GraphBenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pva-bench-graph-'));
  const config = loadConfig({
    PVA_PORTAL_ADDR: '127.0.0.1:0',
    PVA_MGMT_ADDR: '127.0.0.1:0',
    PVA_DATA_DIR: dataDir,
    PVA_LOG_LEVEL: 'silent',
  });
  const platform = await startPlatform(config, { role: 'web', demo: false, log: () => {} });
  const browser = await chromium.launch({
    executablePath: process.env.PVA_TEST_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  try {
    const net = await createNet(platform.database, { popCode: 'BNCH', popNameEn: 'Bench' });
    const port = await addPort(platform.database, net, 1000, { name: 'ge-0/0/1' });
    const conn = await addConnection(platform.database, net, port, 200);
    await inTransaction(platform.database, systemScope(), async () => {
      const now = new Date();
      await seedSeries(conn, now, 30, { baseBps: 90e6, growth: 0.6, outRatio: 0.45 });
      await computeConnectionMonths(jstMonth(now));
    });
    const viewer = await createUser(platform.database, net.tenant.id, { role: 'viewer' });
    const ctx = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(new URL('/login', platform.urls.portal).href);
    await page.getByLabel('ログイン ID').fill(viewer.login);
    await page.getByLabel('パスワード', { exact: true }).fill(viewer.password);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.getByLabel('確認コード').fill(totpAt(viewer.totpSecret!, Date.now()));
    await page.getByRole('button', { name: '確認', exact: true }).click();
    await page.getByTestId('home-welcome').waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'トラフィック', exact: true }).click();
    await page.getByTestId('traffic-chart').waitFor();
    // runs in the page; the server's TypeScript has no DOM types, hence the small local one
    type Doc = { querySelectorAll(sel: string): ArrayLike<{ getAttribute(name: string): string | null }> };
    const pathLonger = (op: '>' | '<', n: number) =>
      page.waitForFunction(
        ([o, min]) => {
          const d = (globalThis as unknown as { document: Doc }).document;
          const path = d.querySelectorAll('[data-testid="traffic-chart"] path')[1];
          const len = (path?.getAttribute('d') ?? '').length;
          return o === '>' ? len > min : len < min;
        },
        [op, n] as const,
        { polling: 'raf', timeout: 60_000 },
      );
    const samples: number[] = [];
    let pathChars = 0;
    for (let i = 0; i <= runs; i++) {
      await page.getByTestId('traffic-ranges').getByText('1 日').click();
      await pathLonger('<', 20_000);
      const t0 = performance.now();
      await page.getByTestId('traffic-ranges').getByText('1 か月').click();
      await pathLonger('>', 20_000);
      const ms = performance.now() - t0;
      if (i > 0) samples.push(ms); // the first is a warm-up
      pathChars = ((await page.getByTestId('traffic-chart').locator('path').nth(1).getAttribute('d')) ?? '')
        .length;
    }
    await ctx.close();
    return { medianMs: median(samples), samplesMs: samples, pathChars };
  } finally {
    await browser.close();
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  console.log(await graphRenderBench(process.argv.includes('--quick') ? 3 : 7));
}
