import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson, signBytes, signingKey, verifyBytes } from '../../src/modules/signing/key.ts';

describe('signing key', () => {
  it('creates a 0600 Ed25519 key once and signs what only its public key verifies', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pva-sign-'));
    const file = join(dir, 'keys', 'signing.key');
    const key = signingKey({ signingKeyFile: file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(key.keyId).toMatch(/^ed25519:[0-9a-f]{16}$/);
    const bytes = Buffer.from(canonicalJson({ b: 1, a: ['x', { d: null, c: 'ü' }] }));
    expect(bytes.toString()).toBe('{"a":["x",{"c":"ü","d":null}],"b":1}');
    const sig = signBytes(key, bytes);
    expect(verifyBytes(key.publicKeySpki, bytes, sig)).toBe(true);
    const changed = Buffer.from(bytes);
    changed[2] = (changed[2] ?? 0) ^ 1;
    expect(verifyBytes(key.publicKeySpki, changed, sig)).toBe(false);
    const other = signingKey({ signingKeyFile: join(dir, 'other.key') });
    expect(verifyBytes(other.publicKeySpki, bytes, sig)).toBe(false);
    expect(verifyBytes('not a key', bytes, sig)).toBe(false);
  });

  it('refuses a key file that is not an Ed25519 private key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pva-sign-'));
    const file = join(dir, 'bad.key');
    writeFileSync(file, 'garbage');
    expect(() => signingKey({ signingKeyFile: file })).toThrow(/Ed25519 private key/);
    expect(readFileSync(file, 'utf8')).toBe('garbage');
  });
});
