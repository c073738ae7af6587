import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign as edSign,
  verify as edVerify,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../../config.ts';

/**
 * The provider's Ed25519 signing key: it signs audit-chain checkpoints, evidence bundles and
 * erasure certificates. The private key lives in a PKCS#8 PEM file (mode 0600, created on
 * first use like the master key); the public key is published on the service information page,
 * so customers can verify what PVA signs with their own code.
 */

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SPKI DER of the public key, base64: the form published and embedded in signed documents */
  publicKeySpki: string;
  /** `ed25519:` + the first 16 hex digits of SHA-256 over the SPKI DER */
  keyId: string;
}

const keys = new Map<string, SigningKey>();

function describe(privateKey: KeyObject): SigningKey {
  const publicKey = createPublicKey(privateKey);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return {
    privateKey,
    publicKey,
    publicKeySpki: spki.toString('base64'),
    keyId: keyIdOf(spki),
  };
}

export function keyIdOf(spkiDer: Buffer): string {
  return `ed25519:${createHash('sha256').update(spkiDer).digest('hex').slice(0, 16)}`;
}

/** The signing key from `PVA_SIGNING_KEY_FILE`, created (0600) when the file does not exist. */
export function signingKey(config: Pick<Config, 'signingKeyFile'>): SigningKey {
  const path = config.signingKeyFile;
  const cached = keys.get(path);
  if (cached) return cached;
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    mkdirSync(dirname(path), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    try {
      writeFileSync(path, pem, { mode: 0o600, flag: 'wx' });
    } catch (e2) {
      // another process created it first: use theirs
      if ((e2 as NodeJS.ErrnoException).code !== 'EEXIST') throw e2;
      pem = readFileSync(path, 'utf8');
    }
    chmodSync(path, 0o600);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new Error(`signing key file ${path} must hold an Ed25519 private key in PKCS#8 PEM`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`signing key file ${path} holds a ${privateKey.asymmetricKeyType} key, not Ed25519`);
  }
  const key = describe(privateKey);
  keys.set(path, key);
  return key;
}

/** Detached Ed25519 signature over the exact bytes, base64. */
export function signBytes(key: SigningKey, bytes: Uint8Array): string {
  return edSign(null, bytes, key.privateKey).toString('base64');
}

/** Checks a detached signature against a published public key (SPKI DER, base64). */
export function verifyBytes(publicKeySpki: string, bytes: Uint8Array, signature: string): boolean {
  try {
    const publicKey = createPublicKey({
      key: Buffer.from(publicKeySpki, 'base64'),
      format: 'der',
      type: 'spki',
    });
    if (publicKey.asymmetricKeyType !== 'ed25519') return false;
    return edVerify(null, bytes, publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * Canonical JSON for signing: keys sorted at every level, no whitespace, numbers and strings as
 * JSON.stringify writes them. Documented in docs/signing.md so a verifier can rebuild the bytes.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
