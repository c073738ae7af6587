import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import {
  destroyTenantKey,
  masterKey,
  openSecret,
  sealSecret,
  TenantKeyDestroyedError,
} from '../../src/modules/tenancy/keys.ts';
import { quarantineTenantIsolationIds, allocateIsolationId } from '../../src/modules/network/isolation.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../support/db.ts';
import { createTenant } from '../support/factories.ts';

let t: TestDatabase;
let dir: string;
let config: { masterKeyFile: string };
const sys = <T>(fn: () => Promise<T>) => inTransaction(t.database, systemScope(), fn);

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'pva-keys-'));
  config = { masterKeyFile: join(dir, 'master.key') };
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe(`tenant data keys (${engineName})`, () => {
  it('creates the master key file readable by its owner only', () => {
    const key = masterKey(config);
    expect(key).toHaveLength(32);
    expect(statSync(config.masterKeyFile).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(config.masterKeyFile, 'utf8').trim(), 'base64')).toEqual(key);
  });

  it('seals a secret that opens only for its tenant and purpose, and never stores it in clear', async () => {
    const a = await createTenant(t.database, { services: 0 });
    const b = await createTenant(t.database, { services: 0 });
    const psk = 'correct horse battery staple 7f3a';
    const sealed = await sys(() => sealSecret(config, a.id, 'psk:1', psk));
    expect(sealed.includes(Buffer.from(psk))).toBe(false);
    expect(await sys(() => openSecret(config, a.id, 'psk:1', sealed))).toBe(psk);
    // the same bytes under another purpose or another tenant do not open
    await expect(sys(() => openSecret(config, a.id, 'psk:2', sealed))).rejects.toThrow();
    await expect(sys(() => openSecret(config, b.id, 'psk:1', sealed))).rejects.toThrow();
    // a flipped bit is detected
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 1;
    await expect(sys(() => openSecret(config, a.id, 'psk:1', tampered))).rejects.toThrow();
    // the stored data key is wrapped, not the raw key
    const row = await sys(() =>
      db().selectFrom('ops.tenant_key').selectAll().where('tenant_id', '=', a.id).executeTakeFirstOrThrow(),
    );
    expect(row.wrapped_key).not.toBeNull();
  });

  it('makes every sealed copy unreadable once the tenant key is destroyed', async () => {
    const a = await createTenant(t.database, { services: 0 });
    const sealed = await sys(() => sealSecret(config, a.id, 'psk:x', 'secret-before-erasure'));
    await sys(() => destroyTenantKey(a.id));
    await expect(sys(() => openSecret(config, a.id, 'psk:x', sealed))).rejects.toBeInstanceOf(
      TenantKeyDestroyedError,
    );
    await expect(sys(() => sealSecret(config, a.id, 'psk:y', 'new'))).rejects.toBeInstanceOf(
      TenantKeyDestroyedError,
    );
  });
});

describe(`isolation identifiers (${engineName})`, () => {
  it('reuses a number only after its quarantine, and never one still held', async () => {
    const a = await createTenant(t.database, { services: 0 });
    const b = await createTenant(t.database, { services: 0 });
    const first = await sys(() => allocateIsolationId(a.id, 64512));
    expect(first.routeDistinguisher).toBe(`64512:${first.vni}`);
    expect(first.namespace).toBe(`vn${first.vni}`);
    // erased tenant: quarantined for 90 days, so B gets a fresh number
    expect(await sys(() => quarantineTenantIsolationIds(a.id, 90))).toBe(1);
    const second = await sys(() => allocateIsolationId(b.id, 64512));
    expect(second.vni).not.toBe(first.vni);
    // with no quarantine left, the number is reused for the next tenant
    await sys(() =>
      db()
        .updateTable('ops.isolation_id')
        .set({ quarantine_until: new Date(Date.now() - 1000) })
        .where('vni', '=', first.vni)
        .execute(),
    );
    const third = await sys(() => allocateIsolationId(b.id, 64512));
    expect(third.vni).toBe(first.vni);
    const row = await sys(() =>
      db().selectFrom('ops.isolation_id').selectAll().where('vni', '=', first.vni).executeTakeFirstOrThrow(),
    );
    expect(row).toMatchObject({ tenant_id: b.id, state: 'allocated', quarantine_until: null });
  });
});
