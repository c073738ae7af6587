import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Most files wait on something real (a database, a child process, an SMTP server, a namespace),
// so two files at a time keep even a 2-core machine busy; vitest's default there would be one.
const workers = Math.max(2, availableParallelism() - 1);

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    // guards against a hang, not timings: generous, since two files share two cores in CI
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: workers,
    globalSetup: ['test/support/global-setup.ts'],
    env: { PVA_LOG_LEVEL: 'silent' },
  },
});
