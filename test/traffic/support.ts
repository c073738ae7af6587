import type { Database } from '../../src/db/client.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { addConnection, addPort, createNet, type NetFixture } from '../capacity/support.ts';
import { TEST_MASTER_KEY_FILE } from '../support/app.ts';

export { addConnection, addPort, createNet, type NetFixture };

/** Maps a connection to an interface of the fixture's device (no previous sample). */
export async function mapInterface(
  database: Database,
  net: NetFixture,
  connectionId: string,
  ifName: string,
  namespace: string | null = null,
): Promise<void> {
  await inTransaction(database, systemScope(), () =>
    db()
      .insertInto('ops.traffic_interface')
      .values({ connection_id: connectionId, device_id: net.deviceId, if_name: ifName, namespace })
      .execute(),
  );
}

export const sys = <T>(database: Database, fn: () => Promise<T>): Promise<T> =>
  inTransaction(database, systemScope(), fn);

/** The master key the collectors' SNMP secrets are sealed under in tests. */
export const KEYS = { masterKeyFile: TEST_MASTER_KEY_FILE };
