import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signCertificate, type CertificateBody } from '../../src/modules/lifecycle/certificate.ts';
import { signingKey } from '../../src/modules/signing/key.ts';
import { TEST_SIGNING_KEY_FILE } from '../support/app.ts';
import { runPva } from '../support/cli.ts';

const dir = mkdtempSync(resolve('.tmp/lifecycle-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const body: CertificateBody = {
  type: 'pva.erasure-certificate',
  version: 1,
  id: '7b0c3f5e-8a51-4f4e-9a55-2f7e0c1d9b10',
  issuer: 'PVA',
  tenant: { id: '1b7f0c9e-3f1a-4c55-8d0e-6a2b9c4d5e6f', code: 'C0001001', name: 'ミナト精機株式会社' },
  contracts: ['K-2024-0001'],
  terminationDate: '2026-03-31',
  deadlineDate: '2026-06-29',
  deadline: '2026-06-30T00:00:00+09:00',
  completedAt: '2026-04-30T01:02:03+09:00',
  erased: { 'customer.connection': 3, 'ops.traffic_5m': 25920 },
  destroyedKeyId: 'tk:0123456789abcdef',
};

describe('pva erasure verify', () => {
  const key = signingKey({ signingKeyFile: TEST_SIGNING_KEY_FILE });
  const file = join(dir, 'cert.json');
  writeFileSync(file, signCertificate(body, key));

  it('accepts a signed certificate offline and prints the key id; pins the published key', async () => {
    const r = await runPva(['erasure', 'verify', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`signed by ${key.keyId}`);
    expect(r.stdout).toContain('C0001001');
    const pinned = await runPva(['erasure', 'verify', file, '--public-key', key.publicKeySpki]);
    expect(pinned.code, pinned.stderr).toBe(0);
    expect(pinned.stdout).toContain('(pinned)');
  });

  it('refuses an altered certificate and one signed by another key than the pinned one', async () => {
    const altered = join(dir, 'altered.json');
    writeFileSync(
      altered,
      signCertificate(body, key).replace('"ops.traffic_5m": 25920', '"ops.traffic_5m": 25919'),
    );
    const r = await runPva(['erasure', 'verify', altered]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/INVALID.*signature does not match/);
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const pem = join(dir, 'other.pem');
    writeFileSync(pem, other);
    const wrong = await runPva(['erasure', 'verify', file, '--public-key', pem]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/not by the pinned key/);
    const junk = await runPva(['erasure', 'verify', file, '--public-key', 'not-a-key']);
    expect(junk.code).toBe(2);
  });
});
