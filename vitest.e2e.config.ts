import { defineConfig } from 'vitest/config';

// Browser tests against the real platform: one file at a time in one fork, generous timeouts
// (a cold PGlite start and a browser launch take seconds on a small CI machine).
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    env: { PVA_LOG_LEVEL: 'silent' },
  },
});
