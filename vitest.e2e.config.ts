import { defineConfig } from 'vitest/config';

// Browser tests against the real platform, generous timeouts (a cold PGlite start and a browser
// launch take seconds on a small CI machine). A file keeps about one core busy (its platform in
// the fork, Chromium beside it), so two files at a time use a 2-core machine: about 700 s for the
// suite instead of about 900. Each file has its own data directory, ports and browser.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    env: { PVA_LOG_LEVEL: 'silent' },
  },
});
