import { createPublicKey } from 'node:crypto';
import { canonicalJson, keyIdOf, signBytes, verifyBytes, type SigningKey } from '../signing/key.ts';

/**
 * The erasure certificate (CLD.8.1.5): what was erased for whom and when, signed with the
 * provider's Ed25519 key over the canonical JSON of `certificate` (keys sorted, no whitespace;
 * docs/signing.md). The file embeds the public key, so anyone can check it offline; pinning the
 * published key (`pva erasure verify --public-key`) proves it was the provider who signed.
 */
export interface CertificateBody {
  type: 'pva.erasure-certificate';
  version: 1;
  id: string;
  issuer: string;
  tenant: { id: string; code: string; name: string };
  contracts: string[];
  terminationDate: string;
  /** day 90 (JST): the erasure had to finish by its end */
  deadlineDate: string;
  deadline: string;
  completedAt: string;
  /** rows per table (kind), plus pseudonymised audit entries and quarantined isolation ids */
  erased: Record<string, number>;
  /** fingerprint of the destroyed tenant data key (`none`: the tenant never had one) */
  destroyedKeyId: string;
}

export interface CertificateFile {
  certificate: CertificateBody;
  signature: { algorithm: 'Ed25519'; keyId: string; publicKey: string; value: string };
}

export function signCertificate(body: CertificateBody, key: SigningKey): string {
  const file: CertificateFile = {
    certificate: body,
    signature: {
      algorithm: 'Ed25519',
      keyId: key.keyId,
      publicKey: key.publicKeySpki,
      value: signBytes(key, Buffer.from(canonicalJson(body), 'utf8')),
    },
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export interface VerifyOutcome {
  ok: boolean;
  keyId: string | null;
  problem: string | null;
  certificate: CertificateBody | null;
}

/** A pinned key as given: SPKI DER in base64, or a PEM public key; returned as SPKI base64. */
export function normalisePublicKey(text: string): string {
  const t = text.trim();
  const key = t.includes('-----BEGIN')
    ? createPublicKey(t)
    : createPublicKey({ key: Buffer.from(t, 'base64'), format: 'der', type: 'spki' });
  return key.export({ type: 'spki', format: 'der' }).toString('base64');
}

/** Checks a certificate file offline; `pinned` (SPKI base64) must then be the signing key. */
export function verifyCertificate(text: string, pinned?: string): VerifyOutcome {
  const bad = (problem: string, keyId: string | null = null): VerifyOutcome => ({
    ok: false,
    keyId,
    problem,
    certificate: null,
  });
  let file: CertificateFile;
  try {
    file = JSON.parse(text) as CertificateFile;
  } catch {
    return bad('not a JSON document');
  }
  const sig = file?.signature;
  if (!file?.certificate || typeof file.certificate !== 'object' || !sig || typeof sig.publicKey !== 'string')
    return bad('not an erasure certificate (certificate and signature expected)');
  if (file.certificate.type !== 'pva.erasure-certificate') return bad('not an erasure certificate');
  if (sig.algorithm !== 'Ed25519') return bad(`unsupported signature algorithm ${String(sig.algorithm)}`);
  let keyId: string;
  try {
    keyId = keyIdOf(Buffer.from(sig.publicKey, 'base64'));
  } catch {
    return bad('the embedded public key is not valid');
  }
  if (sig.keyId !== keyId)
    return bad(`the key id ${sig.keyId} does not match the embedded key (${keyId})`, keyId);
  if (pinned !== undefined && pinned !== sig.publicKey)
    return bad(`signed by ${keyId}, not by the pinned key ${keyIdOf(Buffer.from(pinned, 'base64'))}`, keyId);
  if (!verifyBytes(sig.publicKey, Buffer.from(canonicalJson(file.certificate), 'utf8'), String(sig.value)))
    return bad('the signature does not match the content (altered, or not signed by this key)', keyId);
  return { ok: true, keyId, problem: null, certificate: file.certificate };
}
