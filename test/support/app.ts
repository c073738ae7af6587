import { buildApp } from '../../src/app/build.ts';
import type { App } from '../../src/app/types.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

export interface TestPlatform {
  config: Config;
  db: TestDatabase;
  portal: App;
  mgmt: App;
  close(): Promise<void>;
}

/** Both listeners' apps on one fresh test database, driven with app.inject(). */
export async function createTestPlatform(env: Record<string, string> = {}): Promise<TestPlatform> {
  const config = loadConfig({ PVA_DATA_DIR: '/nonexistent-test-data', PVA_LOG_LEVEL: 'silent', ...env });
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
