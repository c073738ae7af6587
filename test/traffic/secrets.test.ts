import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/context.ts';
import { upsertCollector } from '../../src/modules/traffic/collector-repository.ts';
import { openSecrets, sealClearSecrets } from '../../src/modules/traffic/secrets.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../support/db.ts';
import { createNet, KEYS, sys, type NetFixture } from './support.ts';

let t: TestDatabase;
let a: NetFixture;
let b: NetFixture;
beforeAll(async () => {
  t = await createTestDatabase();
  a = await createNet(t.database);
  b = await createNet(t.database);
});
afterAll(() => t?.close());

const row = (deviceId: string) =>
  sys(t.database, () =>
    db()
      .selectFrom('ops.traffic_collector')
      .select(['settings', 'secrets_sealed'])
      .where('device_id', '=', deviceId)
      .executeTakeFirstOrThrow(),
  );

describe(`SNMP secrets of the traffic collectors (${engineName})`, () => {
  it('are stored sealed: no stored byte holds them, and they open for their own collector only', async () => {
    await sys(t.database, () =>
      upsertCollector(
        a.deviceId,
        'snmp',
        { host: '127.0.0.1', version: '3', user: 'pva', authKey: 'auth-key-0123', privKey: 'priv-key-4567' },
        60,
        true,
        KEYS,
      ),
    );
    const r = await row(a.deviceId);
    const everything = Buffer.concat([
      Buffer.from(JSON.stringify(r.settings)),
      Buffer.from(r.secrets_sealed!),
    ]);
    for (const secret of ['auth-key-0123', 'priv-key-4567']) expect(everything.includes(secret)).toBe(false);
    expect(r.settings).toMatchObject({
      host: '127.0.0.1',
      user: 'pva',
      secretFields: ['authKey', 'privKey'],
    });
    expect(openSecrets(KEYS, a.deviceId, r.secrets_sealed!)).toEqual({
      authKey: 'auth-key-0123',
      privKey: 'priv-key-4567',
    });
    // bound to its collector: another device id does not open it
    expect(() => openSecrets(KEYS, b.deviceId, r.secrets_sealed!)).toThrow();
  });

  it('rows written before sealing are sealed and cleared by the first collection run', async () => {
    await sys(t.database, () =>
      sql`INSERT INTO ops.traffic_collector (device_id, kind, settings)
          VALUES (${b.deviceId}, 'snmp', ${JSON.stringify({ port: 1161, community: 'legacy-community' })}::jsonb)`.execute(
        db(),
      ),
    );
    expect(await sys(t.database, () => sealClearSecrets(KEYS))).toBe(1);
    const r = await row(b.deviceId);
    expect(JSON.stringify(r.settings)).not.toContain('legacy-community');
    expect(Buffer.from(r.secrets_sealed!).includes('legacy-community')).toBe(false);
    expect(r.settings).toEqual({ port: 1161, secretFields: ['community'] });
    expect(openSecrets(KEYS, b.deviceId, r.secrets_sealed!)).toEqual({ community: 'legacy-community' });
    expect(await sys(t.database, () => sealClearSecrets(KEYS))).toBe(0);
  });
});
