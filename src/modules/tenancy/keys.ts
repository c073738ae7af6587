import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../../config.ts';
import { db } from '../../db/context.ts';

/**
 * Envelope encryption of tenant secrets (IPsec PSKs and the like): each tenant has a random
 * AES-256 data key, stored only wrapped by the master key. Destroying the tenant's key at erasure
 * makes every copy of its sealed secrets unreadable, backups included (DESIGN: security model).
 * Sealed format: 12-byte IV | 16-byte GCM tag | ciphertext; the AAD binds tenant and purpose.
 */

const masterKeys = new Map<string, Buffer>();

/** The master key from its file, created (0600) on first use when it does not exist yet. */
export function masterKey(config: Pick<Config, 'masterKeyFile'>): Buffer {
  const path = config.masterKeyFile;
  const cached = masterKeys.get(path);
  if (cached) return cached;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    mkdirSync(dirname(path), { recursive: true });
    text = randomBytes(32).toString('base64');
    try {
      writeFileSync(path, `${text}\n`, { mode: 0o600, flag: 'wx' });
    } catch (e2) {
      // another process created it first: use theirs
      if ((e2 as NodeJS.ErrnoException).code !== 'EEXIST') throw e2;
      text = readFileSync(path, 'utf8');
    }
    chmodSync(path, 0o600);
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error(`master key file ${path} must hold 32 bytes in base64`);
  masterKeys.set(path, key);
  return key;
}

function seal(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([c.update(plaintext), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]);
}

function open(key: Buffer, sealed: Uint8Array, aad: string): Buffer {
  const b = Buffer.from(sealed);
  const d = createDecipheriv('aes-256-gcm', key, b.subarray(0, 12));
  d.setAAD(Buffer.from(aad, 'utf8'));
  d.setAuthTag(b.subarray(12, 28));
  return Buffer.concat([d.update(b.subarray(28)), d.final()]);
}

export class TenantKeyDestroyedError extends Error {
  constructor(tenantId: string) {
    super(`the data key of tenant ${tenantId} has been destroyed`);
  }
}

/** The tenant's data key, created on first use. Runs inside the ambient transaction. */
async function tenantKey(config: Pick<Config, 'masterKeyFile'>, tenantId: string): Promise<Buffer> {
  const mk = masterKey(config);
  const found = await db()
    .selectFrom('ops.tenant_key')
    .select(['wrapped_key', 'destroyed_at'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (found) {
    if (!found.wrapped_key) throw new TenantKeyDestroyedError(tenantId);
    return open(mk, found.wrapped_key, `tenant-key:${tenantId}`);
  }
  const dataKey = randomBytes(32);
  const inserted = await db()
    .insertInto('ops.tenant_key')
    .values({
      tenant_id: tenantId,
      wrapped_key: seal(mk, dataKey, `tenant-key:${tenantId}`),
      destroyed_at: null,
    })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .returning('tenant_id')
    .executeTakeFirst();
  // a concurrent transaction created it: read theirs
  return inserted ? dataKey : tenantKey(config, tenantId);
}

/** Seals a secret for a tenant; `purpose` (e.g. `psk:<connection id>`) is bound into the ciphertext. */
export async function sealSecret(
  config: Pick<Config, 'masterKeyFile'>,
  tenantId: string,
  purpose: string,
  plaintext: string,
): Promise<Buffer> {
  return seal(await tenantKey(config, tenantId), Buffer.from(plaintext, 'utf8'), `${tenantId}:${purpose}`);
}

/** Opens a sealed secret; throws TenantKeyDestroyedError after erasure, and on any tampering. */
export async function openSecret(
  config: Pick<Config, 'masterKeyFile'>,
  tenantId: string,
  purpose: string,
  sealed: Uint8Array,
): Promise<string> {
  return open(await tenantKey(config, tenantId), sealed, `${tenantId}:${purpose}`).toString('utf8');
}

/** Crypto-shredding at erasure (issue 9): the wrapped key is overwritten; sealed copies become noise. */
export async function destroyTenantKey(tenantId: string): Promise<void> {
  await db()
    .insertInto('ops.tenant_key')
    .values({ tenant_id: tenantId, wrapped_key: null, destroyed_at: new Date() })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ wrapped_key: null, destroyed_at: new Date() }))
    .execute();
}
