import { randomBytes } from 'node:crypto';
import type { Database } from '../../src/db/client.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';

/** Devices for matching tests, inserted directly (the network APIs belong to other work). */
const hex = (n = 3): string => randomBytes(n).toString('hex');
let seq = 0;

export interface DeviceSpec {
  vendor: string;
  model: string;
  os: string;
  hostname?: string;
  status?: 'planned' | 'active' | 'maintenance' | 'decommissioning' | 'reused' | 'disposed';
}

/** A PoP and a management network of their own, then one device per spec; returns ids in order. */
export async function createDevices(database: Database, specs: DeviceSpec[]): Promise<string[]> {
  return inTransaction(database, systemScope(), async () => {
    const n = ++seq;
    const code = `V${hex().toUpperCase()}`;
    const pop = await db()
      .insertInto('ops.pop')
      .values({ code, name_ja: `拠点 ${code}`, name_en: `PoP ${code}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    const second = randomBytes(1)[0]!;
    const third = (n * 7 + randomBytes(1)[0]!) % 256;
    const mgmt = await db()
      .insertInto('ops.mgmt_network')
      .values({ name: `mgmt-${hex()}`, prefix: `10.${second}.${third}.0/24` })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ids: string[] = [];
    for (const [i, s] of specs.entries()) {
      const r = await db()
        .insertInto('ops.device')
        .values({
          pop_id: pop.id,
          hostname: s.hostname ?? `dev-${hex()}`,
          role: 'aggregation',
          vendor: s.vendor,
          model: s.model,
          serial: `SN${hex(4)}`,
          os_version: s.os,
          mgmt_network_id: mgmt.id,
          mgmt_address: `10.${second}.${third}.${i + 2}`,
          underlay_address: null,
          ...(s.status ? { status: s.status } : {}),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(r.id);
    }
    return ids;
  });
}

export async function setOsVersion(database: Database, id: string, os: string): Promise<void> {
  await inTransaction(database, systemScope(), () =>
    db().updateTable('ops.device').set({ os_version: os }).where('id', '=', id).execute(),
  );
}
