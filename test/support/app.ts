import { buildApp } from '../../src/app/build.ts';
import type { App } from '../../src/app/types.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from './db.ts';

/** One master key file for the test run (tenant data keys are per test database anyway). */
export const TEST_MASTER_KEY_FILE = resolve('.tmp/test-master.key');
/** One Ed25519 signing key file for the test run (checkpoints, evidence bundles, certificates). */
export const TEST_SIGNING_KEY_FILE = resolve('.tmp/test-signing.key');
export const testDemoConfig = {
  masterKeyFile: TEST_MASTER_KEY_FILE,
  network: { asn: 64512, isolationQuarantineDays: 90 },
  lifecycle: { graceDays: 14, erasureDelayDays: 30, erasureBatch: 5000 },
  mgmtUrl: undefined,
  mgmt: { host: '127.0.0.1', port: 9443 },
};

export interface TestPlatform {
  config: Config;
  db: TestDatabase;
  portal: App;
  mgmt: App;
  close(): Promise<void>;
}

/** Both listeners' apps on one fresh test database, driven with app.inject(). */
export async function createTestPlatform(env: Record<string, string> = {}): Promise<TestPlatform> {
  const config = loadConfig({
    PVA_DATA_DIR: '/nonexistent-test-data',
    PVA_LOG_LEVEL: 'silent',
    PVA_MASTER_KEY_FILE: TEST_MASTER_KEY_FILE,
    PVA_SIGNING_KEY_FILE: TEST_SIGNING_KEY_FILE,
    ...env,
  });
  const db = await createTestDatabase();
  const portal = await buildApp({ config, database: db.database, plane: 'portal', logger: false });
  const mgmt = await buildApp({ config, database: db.database, plane: 'mgmt', logger: false });
  await portal.ready();
  await mgmt.ready();
  return {
    config,
    db,
    portal,
    mgmt,
    async close() {
      await portal.close();
      await mgmt.close();
      await db.close();
    },
  };
}
