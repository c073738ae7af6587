import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { db, inTransaction, systemScope } from '../../db/context.ts';
import { masterKey } from '../tenancy/keys.ts';

/**
 * SNMP secrets of the traffic collectors (the v2c community, the v3 authentication and privacy
 * keys) at rest: sealed with AES-256-GCM under a provider key derived from the master key (HKDF,
 * its own purpose), the collector's device id bound in as associated data, so a sealed value
 * copied to another collector does not open. Format: 12-byte IV | 16-byte tag | ciphertext of
 * the JSON object. Written by upsertCollector, opened only by the poller (collect.ts); the API
 * shows only whether each one is set.
 */

export const SECRET_FIELDS = ['community', 'authKey', 'privKey'] as const;
export type SecretField = (typeof SECRET_FIELDS)[number];
export type CollectorSecrets = Partial<Record<SecretField, string>>;
type KeyConfig = Pick<Config, 'masterKeyFile'>;

const derived = new Map<string, Buffer>();

function providerKey(config: KeyConfig): Buffer {
  let k = derived.get(config.masterKeyFile);
  if (!k) {
    k = Buffer.from(
      hkdfSync('sha256', masterKey(config), Buffer.alloc(0), 'pva traffic collector secrets', 32),
    );
    derived.set(config.masterKeyFile, k);
  }
  return k;
}

const aad = (deviceId: string): Buffer => Buffer.from(`traffic-collector:${deviceId}`, 'utf8');

export function sealSecrets(config: KeyConfig, deviceId: string, secrets: CollectorSecrets): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', providerKey(config), iv);
  c.setAAD(aad(deviceId));
  const body = Buffer.concat([c.update(JSON.stringify(secrets), 'utf8'), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]);
}

/** Throws on a wrong master key, another collector's value or any tampering. */
export function openSecrets(config: KeyConfig, deviceId: string, sealed: Uint8Array): CollectorSecrets {
  const b = Buffer.from(sealed);
  const d = createDecipheriv('aes-256-gcm', providerKey(config), b.subarray(0, 12));
  d.setAAD(aad(deviceId));
  d.setAuthTag(b.subarray(12, 28));
  const text = Buffer.concat([d.update(b.subarray(28)), d.final()]).toString('utf8');
  return JSON.parse(text) as CollectorSecrets;
}

/** Settings as given → the part kept in clear and the secrets (non-empty strings only). */
export function splitSecrets(settings: Record<string, unknown>): {
  clear: Record<string, unknown>;
  secrets: CollectorSecrets;
} {
  const clear: Record<string, unknown> = {};
  const secrets: CollectorSecrets = {};
  for (const [k, v] of Object.entries(settings)) {
    if ((SECRET_FIELDS as readonly string[]).includes(k)) {
      if (typeof v === 'string' && v) secrets[k as SecretField] = v;
    } else clear[k] = v;
  }
  return { clear, secrets };
}

/** What the API may say about a collector's secrets. */
export function secretsStatus(
  sealed: Uint8Array | null,
  setFields: readonly SecretField[] | null,
): Record<SecretField, 'set' | 'not set'> {
  const has = (f: SecretField) => (sealed !== null && (setFields ?? []).includes(f) ? 'set' : 'not set');
  return { community: has('community'), authKey: has('authKey'), privKey: has('privKey') };
}

/**
 * Collectors written before secrets were sealed (migration 0023) still hold them in `settings`:
 * seals them and removes them from `settings`. Returns how many were sealed. Idempotent.
 */
export async function sealClearSecrets(config: KeyConfig): Promise<number> {
  const rows = await sql<{ device_id: string; settings: Record<string, unknown> }>`
    SELECT device_id, settings FROM ops.traffic_collector
     WHERE settings ?| array['community', 'authKey', 'privKey'] FOR UPDATE`.execute(db());
  for (const r of rows.rows) {
    const { clear, secrets } = splitSecrets(r.settings);
    await db()
      .updateTable('ops.traffic_collector')
      .set({
        settings: JSON.stringify({ ...clear, secretFields: Object.keys(secrets) }),
        secrets_sealed: sealSecrets(config, r.device_id, secrets),
      })
      .where('device_id', '=', r.device_id)
      .execute();
  }
  return rows.rows.length;
}

const sealedOnce = new WeakMap<Database, Promise<number>>();

/** sealClearSecrets once per process and database (the first collection run after start). */
export function sealClearSecretsOnce(database: Database, config: KeyConfig): Promise<number> {
  let p = sealedOnce.get(database);
  if (!p) {
    p = inTransaction(database, systemScope(), () => sealClearSecrets(config));
    sealedOnce.set(database, p);
    p.catch(() => sealedOnce.delete(database));
  }
  return p;
}
