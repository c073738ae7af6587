import { loadConfig, type Config } from '../../src/config.ts';
import type { Database } from '../../src/db/client.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { checkById } from '../../src/modules/compliance/checks/index.ts';
import { runCheck } from '../../src/modules/compliance/runner.ts';
import type { CheckResult } from '../../src/modules/compliance/types.ts';
import { TEST_MASTER_KEY_FILE, TEST_SIGNING_KEY_FILE } from '../support/app.ts';

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    PVA_DATA_DIR: '/nonexistent-test-data',
    PVA_LOG_LEVEL: 'silent',
    PVA_MASTER_KEY_FILE: TEST_MASTER_KEY_FILE,
    PVA_SIGNING_KEY_FILE: TEST_SIGNING_KEY_FILE,
    ...env,
  });
}

/** Runs one check by id against the database, as the scheduled run does. */
export async function check(database: Database, id: string, config = testConfig()): Promise<CheckResult> {
  const def = checkById(id);
  if (!def) throw new Error(`no check ${id}`);
  return runCheck(def, config, database);
}

/** Runs `fn` as provider-side system work (seeding across tenants). */
export const sys = <T>(database: Database, fn: () => Promise<T>): Promise<T> =>
  inTransaction(database, systemScope(), fn);

export { db };
