import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { db } from '../../db/context.ts';
import type { PrincipalKind } from '../../db/schema.ts';
import { sha256 } from './crypto.ts';
import type { PrincipalRecord } from './principals.ts';

/**
 * WebAuthn passkeys as a second factor (9.4.2). The relying party is the listener's public URL:
 * its host name is the RP ID and its origin the only origin accepted. Challenges live on the
 * session (one at a time) and are taken off it by the first verification, right or wrong.
 */
export const RP_NAME = 'PVA';
/** A principal can hold this many passkeys; more is a sign of something wrong. */
export const MAX_PASSKEYS = 20;

export interface RelyingParty {
  rpID: string;
  origin: string;
}

export function relyingParty(publicUrl: string): RelyingParty {
  const u = new URL(publicUrl);
  return { rpID: u.hostname, origin: u.origin };
}

/** The id the API uses for a passkey: a hash of the credential id (those can be too long for a path). */
export const passkeyRef = (credentialId: string): string => sha256(credentialId);

const TRANSPORTS = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);
const cleanTransports = (t: readonly string[] | undefined): string[] =>
  [...new Set(t ?? [])].filter((x) => TRANSPORTS.has(x)).slice(0, TRANSPORTS.size);

export async function listPasskeys(kind: PrincipalKind, principalId: string) {
  return db()
    .selectFrom('iam.passkey')
    .select(['id', 'name', 'created_at', 'last_used_at', 'transports', 'counter', 'public_key'])
    .where('principal_kind', '=', kind)
    .where('principal_id', '=', principalId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/**
 * Takes the session's challenge off it and returns it: a challenge is good for one verification.
 * The row lock lets only one of two concurrent attempts have it.
 */
export async function takeChallenge(sessionIdHash: string): Promise<string | null> {
  const row = await db()
    .selectFrom('iam.session')
    .select('challenge')
    .where('id_hash', '=', sessionIdHash)
    .forUpdate()
    .executeTakeFirst();
  if (!row?.challenge) return null;
  await db()
    .updateTable('iam.session')
    .set({ challenge: null })
    .where('id_hash', '=', sessionIdHash)
    .execute();
  return row.challenge;
}

const uuidBytes = (id: string): Uint8Array<ArrayBuffer> =>
  new Uint8Array(Buffer.from(id.replace(/-/g, ''), 'hex'));

export async function registrationOptions(
  rp: RelyingParty,
  p: PrincipalRecord,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await listPasskeys(p.kind, p.id);
  return generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: rp.rpID,
    userName: p.login,
    userDisplayName: p.name,
    userID: uuidBytes(p.id),
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({
      id: c.id,
      transports: c.transports,
    })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
}

export type RegisterOutcome =
  | { ok: true; id: string }
  | { ok: false; reason: 'no_challenge' | 'invalid' | 'duplicate' | 'too_many'; error?: string };

/** Verifies an attestation against the challenge taken from the session and stores the credential. */
export async function finishRegistration(
  rp: RelyingParty,
  p: PrincipalRecord,
  challenge: string | null,
  name: string,
  response: RegistrationResponseJSON,
): Promise<RegisterOutcome> {
  if (!challenge) return { ok: false, reason: 'no_challenge' };
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: false,
    });
  } catch (e) {
    return { ok: false, reason: 'invalid', error: String(e) };
  }
  if (!verified.verified) return { ok: false, reason: 'invalid' };
  if ((await listPasskeys(p.kind, p.id)).length >= MAX_PASSKEYS) return { ok: false, reason: 'too_many' };
  const c = verified.registrationInfo.credential;
  // A credential id is stored once: a second registration of it (by anyone) is refused, not merged.
  const r = await db()
    .insertInto('iam.passkey')
    .values({
      id: c.id,
      principal_kind: p.kind,
      principal_id: p.id,
      tenant_id: p.tenantId,
      public_key: Buffer.from(c.publicKey).toString('base64url'),
      counter: c.counter,
      transports: cleanTransports(c.transports ?? response.response.transports),
      name,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!r) return { ok: false, reason: 'duplicate' };
  return { ok: true, id: c.id };
}

export async function authenticationOptions(
  rp: RelyingParty,
  p: PrincipalRecord,
): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
  const mine = await listPasskeys(p.kind, p.id);
  if (mine.length === 0) return null;
  return generateAuthenticationOptions({
    rpID: rp.rpID,
    allowCredentials: mine.map((c) => ({
      id: c.id,
      transports: c.transports,
    })),
    userVerification: 'preferred',
  });
}

/**
 * Verifies an assertion made with one of this principal's passkeys (a credential of anyone else
 * is a failure) and moves its signature counter on.
 */
export async function verifyAssertion(
  rp: RelyingParty,
  p: PrincipalRecord,
  challenge: string | null,
  response: AuthenticationResponseJSON,
): Promise<{ ok: true; id: string } | { ok: false; error?: string }> {
  if (!challenge) return { ok: false };
  const cred = await db()
    .selectFrom('iam.passkey')
    .select(['id', 'public_key', 'counter', 'transports'])
    .where('id', '=', response.id)
    .where('principal_kind', '=', p.kind)
    .where('principal_id', '=', p.id)
    .executeTakeFirst();
  if (!cred) return { ok: false };
  let result;
  try {
    result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: false,
      credential: {
        id: cred.id,
        publicKey: new Uint8Array(Buffer.from(cred.public_key, 'base64url')),
        counter: Number(cred.counter),
        transports: cred.transports,
      },
    });
  } catch (e) {
    return { ok: false, error: String(e) };
  }
  if (!result.verified) return { ok: false };
  // Conditional on the counter read above, so a concurrent use of the same signature loses.
  const u = await db()
    .updateTable('iam.passkey')
    .set({ counter: result.authenticationInfo.newCounter, last_used_at: new Date() })
    .where('id', '=', cred.id)
    .where('counter', '=', cred.counter)
    .executeTakeFirst();
  if (Number(u.numUpdatedRows) !== 1) return { ok: false };
  return { ok: true, id: cred.id };
}

export async function deletePasskey(kind: PrincipalKind, principalId: string, id: string): Promise<void> {
  await db()
    .deleteFrom('iam.passkey')
    .where('id', '=', id)
    .where('principal_kind', '=', kind)
    .where('principal_id', '=', principalId)
    .execute();
}
